// Console administrators in real Chromium: invite a second admin (a new account with a generated
// password shown once) who then signs in to the Console; make an existing user an admin; take the role
// away; and the lock-out protection: removing or suspending the last admin is refused with a clear
// message, also after switching the Console to Spanish in the top bar.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/chromium.ts';
import { consoleAdmin, screenshot, signInToConsole, startSignetWithAdmin } from '../support/console-kit.ts';
import type { Api } from '../support/experience-kit.ts';
import { apiClient, managementToken, type TestSignet } from '../support/test-signet.ts';

type ApiUser = { id: string; username: string | null; isSuspended: boolean };

describe('Console admins (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let browser: TestBrowser;
  let page: Page;
  let others: TestBrowser[] = [];
  let signedIn = false;

  async function adminUsernames(): Promise<string[]> {
    const listed = await api<ApiUser[]>('GET', '/api/roles/admin/users');
    expect(listed.status).toBe(200);
    return listed.body.map((user) => user.username!).sort();
  }

  /** The admins page of the first admin's browser (signed in on first use, inside a test). */
  async function openAdmins(): Promise<void> {
    if (!signedIn) {
      await signInToConsole(page, instance, '/console/admins');
      signedIn = true;
    } else {
      await page.goto(`${instance.url}/console/admins`);
    }
    await page.getByRole('button', { name: 'Add admin' }).waitFor();
  }

  const row = (target: Page, name: string) => target.getByRole('row').filter({ has: target.getByRole('link', { name, exact: true }) });

  beforeAll(async () => {
    instance = await startSignetWithAdmin('pglite');
    api = apiClient(instance.url, await managementToken(instance.url));
    browser = await launchChromium();
    page = browser.page;
  });
  afterEach(async () => {
    await Promise.all(others.map((other) => other.close()));
    others = [];
  });
  afterAll(async () => {
    await browser?.close();
    await instance?.close();
  });

  it('invites a second admin, who signs in to the Console', async () => {
    await openAdmins();
    // The signed-in admin is marked.
    await expect.poll(() => row(page, consoleAdmin.username).getByText('You', { exact: true }).count()).toBe(1);

    await page.getByRole('button', { name: 'Add admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add admin' });
    await dialog.getByLabel('A new person (create their account)').check();
    await dialog.locator('input[name=username]').fill('second_admin');
    await dialog.locator('input[name=primaryEmail]').fill('second-admin@example.com');
    await dialog.locator('input[name=name]').fill('Second Admin');
    await dialog.getByRole('button', { name: 'Create and make admin' }).click();
    const invited = page.getByRole('dialog', { name: 'Administrator invited' });
    const password = (await invited.getByTestId('generated-password').textContent())!;
    expect(password).toMatch(/^\S{16,}$/);
    expect(await invited.getByText(`${instance.url}/console`).count()).toBe(1);
    await invited.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(page, 'Second Admin').count()).toBe(1);
    expect(await adminUsernames()).toEqual([consoleAdmin.username, 'second_admin']);
    await screenshot(page, 'admins');

    // The new admin signs in with what was shown, and is "You" in their own Console.
    const second = await launchChromium();
    others.push(second);
    await signInToConsole(second.page, instance, '/console/admins', { username: 'second_admin', password });
    await expect.poll(() => second.page.getByText('Signed in as second_admin').count()).toBe(1);
    await expect.poll(() => row(second.page, 'Second Admin').getByText('You', { exact: true }).count()).toBe(1);
    expect(await row(second.page, consoleAdmin.username).getByText('You', { exact: true }).count()).toBe(0);
  });

  it('makes an existing user an admin by search', async () => {
    const created = await api<ApiUser>('POST', '/api/users', { username: 'existing_user', name: 'Existing User' });
    expect(created.status).toBe(201);
    await api('POST', '/api/users', { username: 'bystander', name: 'Bystander' });
    await openAdmins();
    await page.getByRole('button', { name: 'Add admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add admin' });
    // Current admins cannot be picked twice.
    await expect.poll(() => dialog.getByRole('radio', { name: /Second Admin/ }).isDisabled()).toBe(true);
    await dialog.getByRole('searchbox', { name: 'Find a user' }).fill('existing');
    await expect.poll(() => dialog.getByRole('radio', { name: /Bystander/ }).count()).toBe(0);
    await dialog.getByRole('radio', { name: /Existing User/ }).check();
    await dialog.getByRole('button', { name: 'Make admin' }).click();
    await expect.poll(() => row(page, 'Existing User').count()).toBe(1);
    expect(await adminUsernames()).toEqual([consoleAdmin.username, 'existing_user', 'second_admin']);
  });

  it('removes admins but never the last one (in English and in Spanish)', async () => {
    await openAdmins();
    for (const name of ['Existing User', 'Second Admin']) {
      await row(page, name).getByRole('button', { name: `Remove ${name} from the admins` }).click();
      await page.getByRole('dialog', { name: `Remove ${name} from the admins?` }).getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => row(page, name).count()).toBe(0);
    }
    expect(await adminUsernames()).toEqual([consoleAdmin.username]);

    // The last admin: the server refuses, the dialog says why, nothing changes.
    await row(page, consoleAdmin.username).getByRole('button', { name: `Remove ${consoleAdmin.username} from the admins` }).click();
    const confirm = page.getByRole('dialog', { name: `Remove ${consoleAdmin.username} from the admins?` });
    expect(await confirm.getByText('This is you').count()).toBe(1);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => confirm.getByRole('alert').textContent()).toBe('This is the last Console administrator. Add another admin first.');
    await screenshot(page, 'admins-last-admin-refused');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await adminUsernames()).toEqual([consoleAdmin.username]);

    // Suspending the last admin from the user's page is refused too: in Spanish, chosen in the top bar.
    const [admin] = (await api<ApiUser[]>('GET', '/api/roles/admin/users')).body;
    await page.goto(`${instance.url}/console/users/${admin!.id}`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await page.getByRole('button', { name: 'Suspender' }).click();
    const suspend = page.getByRole('dialog', { name: `¿Suspender a ${consoleAdmin.username}?` });
    await suspend.getByRole('button', { name: 'Suspender' }).click();
    await expect.poll(() => suspend.getByRole('alert').textContent()).toBe('Es el último administrador de la consola. Añade otro administrador primero.');
    expect((await api<ApiUser>('GET', `/api/users/${admin!.id}`)).body.isSuspended).toBe(false);
    await screenshot(page, 'admins-last-admin-refused-es');
  });
});
