// The Console's users and dashboard pages in real Chromium against a real Signet: create a user with a
// generated password shown once, search, edit and save, a save the server refuses (the input stays, the
// translated message sits next to the field), reset the password, suspend, delete; the sign-in history
// of real sign-ins through the Experience API; the dashboard's totals and chart; the pages in Spanish.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/chromium.ts';
import { screenshot, signInToConsole, startSignetWithAdmin } from '../support/console-kit.ts';
import { createApp, startFlow, type Api, type App } from '../support/experience-kit.ts';
import { apiClient, managementToken, type TestSignet } from '../support/test-signet.ts';

type ApiUser = { id: string; username: string | null; name: string | null; primaryEmail: string | null; isSuspended: boolean };

const strongPassword = 'Velvet-Harbor-Comet-58';

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

describe('Console users and dashboard (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let app: App;
  let browser: TestBrowser;
  let page: Page;

  async function createUser(body: Record<string, unknown>): Promise<ApiUser> {
    const created = await api<ApiUser>('POST', '/api/users', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  let signedIn = false;
  /** Opens a Console path, signing in first if this browser has not yet (inside a test: the kit polls with expect). */
  async function open(path: string): Promise<void> {
    if (!signedIn) {
      await signInToConsole(page, instance, path);
      signedIn = true;
    } else {
      await page.goto(`${instance.url}${path}`);
    }
  }

  async function checkPassword(userId: string, password: string): Promise<number> {
    return (await api('POST', `/api/users/${userId}/password/verify`, { password })).status;
  }

  beforeAll(async () => {
    instance = await startSignetWithAdmin('pglite');
    api = apiClient(instance.url, await managementToken(instance.url));
    app = await createApp(api);
    await createUser({ username: 'grace_hopper', primaryEmail: 'grace@example.com', name: 'Grace Hopper', password: strongPassword });
    browser = await launchChromium();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await instance?.close();
  });

  it('creates a user with a password shown once, finds it by search, and saves an edited name', async () => {
    await open('/console/users');
    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.locator('input[name=username]').fill('ada_lovelace');
    await dialog.locator('input[name=primaryEmail]').fill('ada@example.com');
    await dialog.locator('input[name=name]').fill('Ada');
    await dialog.getByRole('button', { name: 'Create user' }).click();

    const done = page.getByRole('dialog', { name: 'User created' });
    const password = (await done.getByTestId('generated-password').textContent())!;
    expect(password).toMatch(/^\S{16,}$/);
    expect(await done.getByText('It will not be shown again').count()).toBe(1);
    const [created] = (await api<ApiUser[]>('GET', '/api/users?search=ada_lovelace')).body;
    expect(created).toMatchObject({ username: 'ada_lovelace', primaryEmail: 'ada@example.com', name: 'Ada' });
    // The password shown is the one Signet stored (as a hash).
    expect(await checkPassword(created!.id, password)).toBe(204);
    await done.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // Search narrows the list, kept in the URL.
    await expect.poll(() => page.getByRole('link', { name: 'Grace Hopper' }).count()).toBe(1);
    await page.getByRole('searchbox').fill('lovelace');
    await page.waitForURL((url) => url.searchParams.get('search') === 'lovelace');
    await expect.poll(() => page.getByRole('link', { name: 'Grace Hopper' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Ada' }).count()).toBe(1);
    expect(await page.getByText('1 in total').count()).toBe(1);
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => page.getByRole('link', { name: 'Grace Hopper' }).count()).toBe(1);
    await screenshot(page, 'users-list');

    // Details: the password is never shown again.
    await page.getByRole('link', { name: 'Ada' }).click();
    await page.waitForURL((url) => url.pathname === `/console/users/${created!.id}`);
    await page.locator('input[name=name]').waitFor();
    expect(await page.getByText(password).count()).toBe(0);
    expect(await page.getByTestId('user-id').textContent()).toBe(created!.id);

    await page.locator('input[name=name]').fill('Ada King');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    expect((await api<ApiUser>('GET', `/api/users/${created!.id}`)).body.name).toBe('Ada King');
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Ada King');
    await screenshot(page, 'user-details');
  });

  it('keeps the input and shows the message next to the field when the server refuses a save', async () => {
    const user = await createUser({ username: 'refused_user', primaryEmail: 'refused@example.com', name: 'Refused' });
    await open(`/console/users/${user.id}`);
    await page.locator('input[name=username]').waitFor();

    await page.locator('input[name=name]').fill('Renamed');
    await page.locator('input[name=username]').fill('grace_hopper');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => describedBy(page, 'input[name=username]')).toContain('This username is already taken.');
    expect(await page.locator('input[name=username]').inputValue()).toBe('grace_hopper');
    expect(await page.locator('input[name=name]').inputValue()).toBe('Renamed');
    expect(await page.locator('input[name=username]').getAttribute('aria-invalid')).toBe('true');
    expect((await api<ApiUser>('GET', `/api/users/${user.id}`)).body).toMatchObject({ username: 'refused_user', name: 'Refused' });

    // An email another user has: the message moves to the email field.
    await page.locator('input[name=username]').fill('refused_user');
    await page.locator('input[name=primaryEmail]').fill('grace@example.com');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => describedBy(page, 'input[name=primaryEmail]')).toContain('This email address already belongs to another user.');
    expect(await describedBy(page, 'input[name=username]')).not.toContain('already');
    expect(await page.locator('input[name=primaryEmail]').inputValue()).toBe('grace@example.com');

    // Invalid custom data is caught before saving.
    await page.locator('textarea[name=customData]').fill('{"plan": ');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => describedBy(page, 'textarea[name=customData]')).toContain('This is not valid JSON');

    // Leaving with unsaved changes asks first.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.getByRole('button', { name: 'Stay on this page' }).click();
    expect(new URL(page.url()).pathname).toBe(`/console/users/${user.id}`);

    // Fixed, everything saves: profile and custom data.
    await page.locator('input[name=primaryEmail]').fill('renamed@example.com');
    await page.locator('textarea[name=customData]').fill('{"plan": "pro"}');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await api<ApiUser & { customData: unknown }>('GET', `/api/users/${user.id}`)).body).toMatchObject({
      name: 'Renamed',
      primaryEmail: 'renamed@example.com',
      customData: { plan: 'pro' },
    });
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
  });

  it('resets the password (generated, then typed), suspends, reinstates and deletes a user', async () => {
    const user = await createUser({ username: 'temp_user', name: 'Temp', password: strongPassword });
    await open(`/console/users/${user.id}`);
    await page.locator('input[name=name]').waitFor();

    await page.getByRole('button', { name: 'Reset password' }).click();
    let dialog = page.getByRole('dialog', { name: 'Reset password' });
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    const generated = (await page.getByRole('dialog', { name: 'Password reset' }).getByTestId('generated-password').textContent())!;
    expect(await checkPassword(user.id, generated)).toBe(204);
    expect(await checkPassword(user.id, strongPassword)).not.toBe(204);
    await page.getByRole('dialog', { name: 'Password reset' }).getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Reset password' }).click();
    dialog = page.getByRole('dialog', { name: 'Reset password' });
    await dialog.getByLabel('Type a password').check();
    await dialog.locator('input[name=password]').fill('short');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect.poll(() => describedBy(page, 'dialog input[name=password]')).toContain('Use 8 to 256 characters.');
    await dialog.locator('input[name=password]').fill(strongPassword);
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Password updated' }).count()).toBe(1);
    expect(await checkPassword(user.id, strongPassword)).toBe(204);

    await page.getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('dialog', { name: 'Suspend Temp?' }).getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(async () => (await api<ApiUser>('GET', `/api/users/${user.id}`)).body.isSuspended).toBe(true);
    await expect.poll(() => page.locator('h1').getByText('Suspended').count()).toBe(1);
    await page.getByRole('button', { name: 'Reinstate' }).click();
    await page.getByRole('dialog', { name: 'Reinstate Temp?' }).getByRole('button', { name: 'Reinstate' }).click();
    await expect.poll(async () => (await api<ApiUser>('GET', `/api/users/${user.id}`)).body.isSuspended).toBe(false);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete Temp?' }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => url.pathname === '/console/users');
    expect((await api('GET', `/api/users/${user.id}`)).status).toBe(404);
  });

  it('assigns and removes roles, and unlinks a social identity', async () => {
    const user = await createUser({ username: 'roles_user', name: 'Roles User' });
    const role = await api<{ id: string }>('POST', '/api/roles', { name: 'Support', description: 'Answers customers' });
    expect(role.status).toBe(201);
    const linked = await api('PUT', `/api/users/${user.id}/identities/github`, { socialUserId: 'gh-4242', socialIdentity: { name: 'Octo Roles', email: 'octo@example.com' } });
    expect(linked.status).toBe(200);

    await open(`/console/users/${user.id}?tab=roles`);
    await expect.poll(() => page.getByText('This user has no roles.').count()).toBe(1);
    await page.getByRole('button', { name: 'Assign roles' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign roles' });
    await dialog.getByLabel('Support').check();
    await dialog.getByRole('button', { name: 'Assign roles' }).click();
    const roles = page.getByRole('table', { name: 'Roles' });
    await expect.poll(() => roles.getByRole('cell', { name: 'Answers customers' }).count()).toBe(1);
    expect((await api<{ name: string }[]>('GET', `/api/users/${user.id}/roles`)).body.map((held) => held.name)).toEqual(['Support']);
    await page.getByRole('button', { name: 'Remove the role Support' }).click();
    await page.getByRole('dialog', { name: 'Remove the role Support?' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByText('This user has no roles.').count()).toBe(1);
    expect((await api<unknown[]>('GET', `/api/users/${user.id}/roles`)).body).toEqual([]);

    await page.getByRole('link', { name: 'Profile' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Octo Roles · octo@example.com' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Unlink github' }).click();
    await page.getByRole('dialog', { name: 'Unlink github?' }).getByRole('button', { name: 'Unlink' }).click();
    await expect.poll(() => page.getByText('No social account is linked.').count()).toBe(1);
    expect((await api<{ identities: object }>('GET', `/api/users/${user.id}`)).body.identities).toEqual({});
  });

  it('shows real sign-ins in the sign-in history', async () => {
    const user = await createUser({ username: 'history_user', password: strongPassword });
    const flow = await startFlow(instance, app, 'SignIn');
    const verificationId = await flow.password({ type: 'username', value: 'history_user' }, strongPassword);
    await flow.ok('POST', '/identification', { verificationId });
    await flow.submitAndExchange();
    const failed = await startFlow(instance, app, 'SignIn');
    await failed.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'history_user' }, password: 'Wrong-Password-123' }, 422, 'session.verification_failed');

    await open(`/console/users/${user.id}?tab=history`);
    const history = page.getByRole('table', { name: 'Sign-in history' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    const rows = await history.locator('tbody tr').allInnerTexts();
    // Newest first: the failed attempt, then the sign-in through the Bookstore app.
    expect(rows[0]).toContain('Failed');
    expect(rows[1]).toContain('Sign-in');
    expect(rows[1]).toContain('Bookstore');
    expect(rows[1]).toContain('Success');
    expect(rows[1]).toContain('127.0.0.1');
    await screenshot(page, 'user-sign-in-history');
  });

  it('shows the totals and a chart of the last 7 and 30 days on the dashboard', async () => {
    const total = (await api<{ totalUserCount: number }>('GET', '/api/dashboard/users/total')).body.totalUserCount;
    await open('/console/dashboard');
    await expect.poll(() => page.getByTestId('total-users').textContent()).toBe(String(total));
    // Everyone was created today.
    expect(await page.getByTestId('new-users-today').textContent()).toBe(String(total));
    expect(await page.getByTestId('new-users-7-days').textContent()).toBe(String(total));
    const chart = page.getByTestId('activity-chart');
    await expect.poll(() => chart.locator('rect').count()).toBe(7 * 2);
    expect(await chart.getAttribute('aria-label')).toMatch(/^Over the last 7 days: \d+ new users and \d+ sign-ins\.$/);
    expect(await page.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'dashboard-7-days');

    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await expect.poll(() => chart.locator('rect').count()).toBe(30 * 2);
    expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Show the numbers as a table').click();
    const table = page.getByRole('table', { name: 'New users, sign-ins and active users per day' });
    expect(await table.locator('tbody tr').count()).toBe(30);
    // Today's row (the last one) holds today's new users.
    expect(await table.locator('tbody tr').last().locator('td').first().textContent()).toBe(String(total));
    await screenshot(page, 'dashboard-30-days');
  });

  it('fits a 768 px tablet: no page scrolls sideways', async () => {
    const user = await createUser({ username: 'tablet_user', primaryEmail: 'tablet@example.com', name: 'Tablet User', primaryPhone: '+14155550100' });
    await page.setViewportSize({ width: 768, height: 1024 });
    try {
      for (const [path, ready, name] of [
        ['/console/users', 'Create user', 'users-list-tablet'],
        [`/console/users/${user.id}`, 'Save changes', 'user-details-tablet'],
        ['/console/dashboard', 'Last 30 days', 'dashboard-tablet'],
        ['/console/admins', 'Add admin', 'admins-tablet'],
      ] as const) {
        await open(path);
        await page.getByRole('button', { name: ready }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(768);
        await screenshot(page, name);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('shows the users page and its errors in Spanish', async () => {
    const spanish = await launchChromium({ locale: 'es-ES' });
    try {
      const { page: es } = spanish;
      await signInToConsole(es, instance, '/console/users');
      await expect.poll(() => es.getByRole('heading', { name: 'Usuarios', level: 1 }).count()).toBe(1);
      expect(await es.getByRole('columnheader', { name: 'Último inicio de sesión' }).count()).toBe(1);
      await es.getByRole('button', { name: 'Crear usuario' }).click();
      const dialog = es.getByRole('dialog', { name: 'Crear usuario' });
      await dialog.locator('input[name=username]').fill('grace_hopper');
      await dialog.getByRole('button', { name: 'Crear usuario' }).click();
      await expect.poll(() => describedBy(es, 'dialog input[name=username]')).toContain('Este nombre de usuario ya está en uso.');
      expect(await dialog.locator('input[name=username]').inputValue()).toBe('grace_hopper');
      await screenshot(es, 'users-create-error-es');
    } finally {
      await spanish.close();
    }
  });
});
