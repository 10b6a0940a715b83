// The Console's first run and its own sign-in, in real Chromium: a fresh Signet with no admin offers to
// create one (then that path is closed), the Console signs in through Signet's sign-in page with
// username or email + password whatever the end users' sign-in experience says, a non-admin gets no
// way in, and signing out ends the session.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/chromium.ts';
import { apiClient, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { patchSignInExperience, setUpDevOutbox, type Api } from '../support/experience-kit.ts';
import { screenshot } from '../support/console-kit.ts';

const admin = { username: 'first_admin', email: 'first.admin@example.com', password: 'Quiet-Lantern-Orbit-42' };

describe('Console first run and sign-in (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let browser: TestBrowser | undefined;

  beforeAll(async () => {
    // No SIGNET_ADMIN_USERNAME: the first visit must offer to create the admin.
    instance = await startTestSignet({ kind: 'pglite' });
    api = apiClient(instance.url, await managementToken(instance.url));
  });
  afterAll(() => instance.close());
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  async function signIn(identifier: string, password: string) {
    const { page } = browser!;
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.locator('input[name=identifier]').fill(identifier);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
  }

  it('creates the first admin on the first visit, then signs in to the Console', async () => {
    browser = await launchChromium();
    const { page } = browser;
    await page.goto(`${instance.url}/console`);
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Signet' }).count()).toBe(1);
    await screenshot(page, 'first-run-setup');
    await page.locator('input[name=username]').fill(admin.username);
    await page.locator('input[name=primaryEmail]').fill(admin.email);
    await page.locator('input[name=password]').fill(admin.password);
    await page.locator('input[name=confirmPassword]').fill('something else');
    await page.getByRole('button', { name: 'Create account and sign in' }).click();
    await expect.poll(() => page.getByText('The passwords do not match.').count()).toBe(1);
    await page.locator('input[name=confirmPassword]').fill(admin.password);
    await page.getByRole('button', { name: 'Create account and sign in' }).click();
    await signIn(admin.username, admin.password);
    await page.waitForURL((url) => url.pathname === '/console/get-started');
    await expect.poll(() => page.getByText(`Signed in as ${admin.username}`).count()).toBe(1);

    // The path is closed now, for the page and for scripts.
    const status = (await (await fetch(`${instance.url}/api/console/setup`)).json()) as { needsAdmin: boolean };
    expect(status.needsAdmin).toBe(false);
    const again = await fetch(`${instance.url}/api/console/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: instance.url },
      body: JSON.stringify({ username: 'intruder', password: admin.password }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('console.admin_already_exists');
  });

  it('offers username or email + password to admins even when end users sign in by email code only', async () => {
    await setUpDevOutbox(api);
    await patchSignInExperience(api, {
      signInMode: 'Register',
      signUp: { identifiers: ['email'], password: false, verify: true },
      signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
    });
    browser = await launchChromium();
    const { page } = browser;
    await page.goto(`${instance.url}/console/applications`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    // Password on the first screen, and no way to register, for the Console's own sign-in.
    await page.locator('input[name=password]').waitFor();
    expect(await page.getByRole('link', { name: 'Create account' }).count()).toBe(0);
    await signIn(admin.email, admin.password);
    await page.waitForURL((url) => url.pathname === '/console/applications');
    await expect.poll(() => page.getByText(`Signed in as ${admin.username}`).count()).toBe(1);

    // Signing out ends the Signet session: the next visit asks for the password again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The end-session page submits itself, Signet comes back to /console, which starts a new sign-in.
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.locator('input[name=password]').waitFor();
  });

  it('lets no non-admin in', async () => {
    const created = await api('POST', '/api/users', { username: 'just_a_user', password: admin.password });
    expect(created.status).toBe(201);
    browser = await launchChromium();
    const { page } = browser;
    await page.goto(`${instance.url}/console/users`);
    await signIn('just_a_user', admin.password);
    // The Console's sign-in refuses the account like a wrong password (it does not tell strangers
    // which accounts are admins); the browser never gets back to the Console with a code.
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('The sign-in could not be completed');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.evaluate(() => sessionStorage.getItem('signet.console.refresh-token'))).toBeNull();
  });
});
