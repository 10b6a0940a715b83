// The Console's Get started and Applications pages in real Chromium against a real Signet, click by
// click as the guides describe: Get started > "View all" > filter by type > "Auth.js (Next Auth)" >
// name > "Create application" > the congratulations page with this app's issuer, App ID and App secret
// filled into the guide (v5 and v4) > the details page: add a redirect URI and "Save changes"; a save
// the server refuses (the input stays, the message sits next to that URI); the unsaved-changes guard;
// rotating the secret; deleting. Also a machine-to-machine app with Management API access, and the
// gallery in Spanish.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/chromium.ts';
import { screenshot, signInToConsole, startSignetWithAdmin } from '../support/console-kit.ts';
import { apiClient, managementToken, type TestSignet } from '../support/test-signet.ts';

type ApiApplication = {
  id: string;
  name: string;
  type: string;
  secret: string;
  oidcClientMetadata: { redirectUris: string[]; postLogoutRedirectUris: string[]; idTokenSignedResponseAlg: string };
  customClientMetadata: Record<string, unknown>;
};

const authjsRedirectUri = 'http://localhost:3000/api/auth/callback/logto';

/** The text of the messages an input points to with aria-describedby (hint and error). */
function describedBy(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

describe('Console get started and applications (pglite)', () => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;
  let browser: TestBrowser;
  let page: Page;
  let bookstore: ApiApplication;

  const getApplication = async (id: string) => (await api<ApiApplication>('GET', `/api/applications/${id}?includeSecret=true`)).body;
  const detailsPath = () => `/console/applications/${bookstore.id}`;

  beforeAll(async () => {
    instance = await startSignetWithAdmin('pglite');
    api = apiClient(instance.url, await managementToken(instance.url));
    browser = await launchChromium();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await instance?.close();
  });

  it('creates the Auth.js application from Get started and shows the congratulations page with its values', async () => {
    // Signing in polls for the Console's frame, which vitest allows inside a test only.
    await signInToConsole(page, instance, '/console/get-started');
    await expect.poll(() => page.getByRole('heading', { name: 'Get started', level: 1 }).count()).toBe(1);
    await screenshot(page, 'get-started');

    await page.getByRole('button', { name: 'View all' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create application' });
    const cards = dialog.locator('[data-framework]');
    await expect.poll(() => cards.count()).toBe(15);
    await screenshot(page, 'create-application-modal');

    // The quick filters narrow the cards to one type.
    await dialog.getByRole('checkbox', { name: 'Single page app' }).check();
    await expect.poll(() => cards.count()).toBe(3);
    expect(await dialog.getByRole('button', { name: 'Auth.js (Next Auth)', exact: true }).count()).toBe(0);
    await dialog.getByRole('checkbox', { name: 'Single page app' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Traditional web' }).check();
    await expect.poll(() => cards.count()).toBe(8);

    await dialog.getByRole('button', { name: 'Auth.js (Next Auth)', exact: true }).click();
    const nameDialog = page.getByRole('dialog', { name: 'New application: Auth.js (Next Auth)' });
    await expect.poll(() => nameDialog.getByText(authjsRedirectUri).count()).toBe(1);
    await nameDialog.getByLabel('Application name').fill('Bookstore');
    await nameDialog.getByRole('button', { name: 'Create application' }).click();
    await page.waitForURL((url) => /^\/console\/applications\/[^/]+\/guide$/.test(url.pathname));

    const list = await api<ApiApplication[]>('GET', '/api/applications');
    const created = list.body.find((application) => application.name === 'Bookstore');
    expect(created).toBeDefined();
    bookstore = await getApplication(created!.id);
    expect(bookstore.type).toBe('Traditional');
    expect(bookstore.oidcClientMetadata.redirectUris).toEqual([authjsRedirectUri]);
    expect(page.url()).toContain(`/console/applications/${bookstore.id}/guide`);

    const issuer = `${instance.url}/oidc`;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Congratulations');
    expect(await page.getByTestId('issuer').textContent()).toBe(issuer);
    expect(await page.getByTestId('app-id').textContent()).toBe(bookstore.id);
    // The secret is masked until shown, then is the one the API holds.
    expect(await page.getByTestId('app-secret').textContent()).not.toContain(bookstore.secret);
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByTestId('app-secret').textContent()).toBe(bookstore.secret);

    // Auth.js v5: the pinned install line and the env lines with this app's values.
    const guide = page.locator('.guide');
    const v5 = await guide.textContent();
    expect(v5).toContain('npm i next-auth@5.0.0-beta.32');
    expect(v5).toContain(`AUTH_LOGTO_ISSUER=${issuer}`);
    expect(v5).toContain(`AUTH_LOGTO_ID=${bookstore.id}`);
    expect(v5).toContain(`AUTH_LOGTO_SECRET=${bookstore.secret}`);
    expect(v5).toMatch(/AUTH_SECRET=\S{40,}/);
    expect(v5).toContain("import Logto from 'next-auth/providers/logto';");
    expect(v5).toContain("export { auth as middleware } from '@/auth';");
    expect(v5).toContain(authjsRedirectUri);
    await screenshot(page, 'application-congratulations');

    // Next Auth v4: the custom provider pointed at the discovery document, with ES384.
    await page.getByRole('tab', { name: 'Next Auth v4' }).click();
    await expect.poll(() => guide.textContent()).toContain('npm i next-auth@4.24.15');
    const v4 = (await guide.textContent())!;
    expect(v4).toContain(`wellKnown: '${issuer}/.well-known/openid-configuration'`);
    expect(v4).toContain(`clientId: '${bookstore.id}'`);
    expect(v4).toContain("id_token_signed_response_alg: 'ES384'");
    expect(v4).toContain("checks: ['pkce', 'state']");
    expect(v4).toContain('idToken: true');
    expect(v4).toContain("scope: 'openid offline_access profile email'");
    expect(v4).toContain('name: profile.name ?? profile.username');
  });

  it('adds a redirect URI on the details page and saves it', async () => {
    await page.getByRole('link', { name: 'Go to application details' }).click();
    await page.waitForURL((url) => url.pathname === detailsPath());
    expect(await page.getByTestId('issuer').textContent()).toBe(`${instance.url}/oidc`);
    expect(await page.getByTestId('discovery-url').textContent()).toBe(`${instance.url}/oidc/.well-known/openid-configuration`);
    expect(await page.getByTestId('app-id').textContent()).toBe(bookstore.id);
    expect(await page.locator('input[name="redirectUris.0"]').inputValue()).toBe(authjsRedirectUri);
    const save = page.getByRole('button', { name: 'Save changes' });
    expect(await save.isDisabled()).toBe(true);

    const fieldset = page.getByRole('group', { name: 'Redirect URIs', exact: true });
    await fieldset.getByRole('button', { name: 'Add another' }).click();
    await page.locator('input[name="redirectUris.1"]').fill('https://bookstore.example.com/api/auth/callback/logto');
    await page.locator('input[name="corsAllowedOrigins.0"]').fill('https://bookstore.example.com');
    await page.locator('select[name="idTokenSignedResponseAlg"]').selectOption('RS256');
    await screenshot(page, 'application-details');
    await save.click();

    await expect.poll(async () => (await getApplication(bookstore.id)).oidcClientMetadata.redirectUris).toEqual([
      authjsRedirectUri,
      'https://bookstore.example.com/api/auth/callback/logto',
    ]);
    const saved = await getApplication(bookstore.id);
    expect(saved.oidcClientMetadata.idTokenSignedResponseAlg).toBe('RS256');
    expect(saved.customClientMetadata.corsAllowedOrigins).toEqual(['https://bookstore.example.com']);
    await expect.poll(() => save.isDisabled()).toBe(true);
  });

  it('keeps what was typed when the server refuses a redirect URI, and shows why next to it', async () => {
    // Client-side checks first: not a URL at all, and a CORS origin with a path.
    await page.locator('input[name="redirectUris.1"]').fill('not a url');
    await page.locator('input[name="corsAllowedOrigins.0"]').fill('https://bookstore.example.com/shop');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => describedBy(page, 'input[name="redirectUris.1"]')).toContain('Enter a full URL');
    expect(await describedBy(page, 'input[name="corsAllowedOrigins.0"]')).toContain('https://bookstore.example.com');

    // A URL the Console lets through but the server's redirect-URI policy refuses (a fragment).
    await page.locator('input[name="corsAllowedOrigins.0"]').fill('https://bookstore.example.com');
    await page.locator('input[name="redirectUris.1"]').fill('https://app.example.com/cb#x');
    await page.locator('input[name="name"]').fill('Bookstore (edited)');
    const refused = page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().includes(`/api/applications/${bookstore.id}`));
    await page.getByRole('button', { name: 'Save changes' }).click();
    const answer = await refused;
    expect(answer.status()).toBe(422);
    expect(((await answer.json()) as { code: string }).code).toBe('application.invalid_redirect_uri');

    await expect.poll(() => describedBy(page, 'input[name="redirectUris.1"]')).toContain('Redirect URIs cannot contain a fragment');
    expect(await page.locator('input[name="redirectUris.1"]').inputValue()).toBe('https://app.example.com/cb#x');
    expect(await page.locator('input[name="name"]').inputValue()).toBe('Bookstore (edited)');
    expect(await page.getByRole('alert').filter({ hasText: 'Not saved: check the highlighted fields.' }).count()).toBe(1);
    const unchanged = await getApplication(bookstore.id);
    expect(unchanged.name).toBe('Bookstore');
    expect(unchanged.oidcClientMetadata.redirectUris).not.toContain('https://app.example.com/cb#x');

    // Fixing the named URI and saving again works.
    await page.locator('input[name="redirectUris.1"]').fill('https://app.example.com/cb');
    expect(await describedBy(page, 'input[name="redirectUris.1"]')).not.toContain('fragment');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await getApplication(bookstore.id)).name).toBe('Bookstore (edited)');
    expect((await getApplication(bookstore.id)).oidcClientMetadata.redirectUris).toEqual([authjsRedirectUri, 'https://app.example.com/cb']);
  });

  it('asks before leaving with unsaved changes', async () => {
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await page.locator('input[name="name"]').fill('Unsaved name');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applications' }).click();
    const guard = page.getByRole('dialog', { name: 'Leave without saving?' });
    await guard.getByRole('button', { name: 'Stay on this page' }).click();
    expect(new URL(page.url()).pathname).toBe(detailsPath());
    expect(await page.locator('input[name="name"]').inputValue()).toBe('Unsaved name');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applications' }).click();
    await guard.getByRole('button', { name: 'Leave and discard' }).click();
    await page.waitForURL((url) => url.pathname === '/console/applications');
    expect((await getApplication(bookstore.id)).name).toBe('Bookstore (edited)');
    // The list shows the application with its type.
    const row = page.getByRole('row').filter({ hasText: 'Bookstore (edited)' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Traditional web');
  });

  it('rotates the App secret after a confirmation', async () => {
    const before = (await getApplication(bookstore.id)).secret;
    await page.getByRole('link', { name: 'Bookstore (edited)' }).click();
    await page.waitForURL((url) => url.pathname === detailsPath());
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the App secret?' });
    await dialog.locator('select[name="gracePeriodSeconds"]').selectOption('3600');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await expect.poll(async () => (await getApplication(bookstore.id)).secret).not.toBe(before);
    const after = (await getApplication(bookstore.id)).secret;
    await expect.poll(() => page.getByTestId('app-secret').textContent()).toBe(after);
  });

  it('deletes the application once its name is typed', async () => {
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this application?' });
    const confirm = dialog.getByRole('button', { name: 'Delete application' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.locator('input[name="confirmName"]').fill('Bookstore');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.locator('input[name="confirmName"]').fill('Bookstore (edited)');
    await confirm.click();
    await page.waitForURL((url) => url.pathname === '/console/applications');
    expect((await api('GET', `/api/applications/${bookstore.id}`)).status).toBe(404);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Bookstore' }).count()).toBe(0);
  });

  it('creates a machine-to-machine application and grants it Management API access', async () => {
    await page.getByRole('button', { name: 'Create application' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create application' });
    await dialog.getByRole('checkbox', { name: 'Machine-to-machine' }).check();
    await dialog.getByRole('button', { name: 'Machine-to-machine', exact: true }).click();
    const nameDialog = page.getByRole('dialog', { name: 'New application: Machine-to-machine' });
    await nameDialog.getByLabel('Application name').fill('Nightly sync');
    await nameDialog.getByRole('button', { name: 'Create application' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/guide'));
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!);
    const application = await getApplication(id);
    expect(application.type).toBe('MachineToMachine');
    expect(application.oidcClientMetadata.redirectUris).toEqual([]);
    expect(await page.locator('.guide').textContent()).toContain(`-u '${id}:${application.secret}'`);

    await page.getByRole('link', { name: 'Go to application details' }).click();
    await page.waitForURL((url) => url.pathname === `/console/applications/${id}`);
    expect(await page.getByRole('group', { name: 'Redirect URIs', exact: true }).count()).toBe(0);
    const grant = page.getByRole('switch', { name: 'Grant Management API access' });
    await expect.poll(() => grant.isEnabled()).toBe(true);
    expect(await grant.isChecked()).toBe(false);
    await grant.click();
    await expect.poll(() => grant.isChecked()).toBe(true);
    await expect.poll(async () => (await api<{ id: string }[]>('GET', `/api/applications/${id}/roles`)).body.map((role) => role.id)).toEqual(['management-api-access']);
    await screenshot(page, 'application-details-m2m');
    // Tablet width: one column, nothing cut off.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await screenshot(page, 'application-details-m2m-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows the gallery in Spanish', async () => {
    await page.locator('select[name="console-language"]').selectOption('es');
    await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Primeros pasos' }).click();
    await page.getByRole('button', { name: 'Ver todo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Crear aplicación' });
    await dialog.getByRole('checkbox', { name: 'Aplicación web tradicional' }).check();
    expect(await dialog.getByRole('heading', { name: 'Aplicación web tradicional' }).count()).toBe(1);
    expect(await dialog.getByRole('heading', { name: 'Aplicación nativa' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Auth.js (Next Auth)', exact: true }).click();
    expect(await page.getByRole('dialog', { name: 'Nueva aplicación: Auth.js (Next Auth)' }).getByLabel('Nombre de la aplicación').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.locator('select[name="console-language"]').selectOption('en');
  });
});
