// The Console's sign-in experience pages in real Chromium, following the guides' steps: email sign-up
// with a verification code (Aliyun Direct Mail guide) and a social connector in social sign-in (Alipay
// guide), each watched in the live preview (the real sign-in pages in an iframe, fed the unsaved
// draft), reviewed in the "what will change" dialog and checked through the Management API. Also
// branding with dark mode and the mobile preview, the tabs sharing one draft, the unsaved-changes
// guard, and a save the server refuses (the draft stays, the reason shows next to its field).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import type { SignInExperience } from '@signet/schemas';
import { createAlipayAppKeys } from '../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';
import { launchChromium, type TestBrowser } from '../support/chromium.ts';
import { screenshot, signInToConsole, startSignetWithAdmin } from '../support/console-kit.ts';
import { apiClient, managementToken, type TestSignet } from '../support/test-signet.ts';
import type { Api } from '../support/experience-kit.ts';
import { en } from '../../../experience/src/i18n/en.ts';
import { fr } from '../../../experience/src/i18n/fr.ts';

const area = '/console/sign-in-experience';

/** `#C2185B` → `rgb(194, 24, 91)`, as getComputedStyle reports colours. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)).join(', ')})`;

const preview = (page: Page): FrameLocator => page.frameLocator('iframe[name="sign-in-preview"]');

async function identifierField(frame: FrameLocator): Promise<{ label: string | null; type: string | null }> {
  const input = frame.locator('input[name=identifier]');
  await input.waitFor();
  return { label: await frame.locator('label[for=field-identifier]').textContent(), type: await input.getAttribute('type') };
}

/** The rows of the "what will change" dialog, as text cells. */
async function diffRows(page: Page): Promise<string[][]> {
  const dialog = page.getByRole('dialog', { name: 'Review your changes' });
  await dialog.waitFor();
  return dialog.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

async function applyChanges(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: 'Review your changes' }).getByRole('button', { name: 'Apply changes' }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
}

describe('Console: sign-in experience with live preview (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let browser: TestBrowser | undefined;
  /** Connector instance ids (the preview's buttons carry them). */
  let githubId: string;
  let alipayId: string;

  const saved = async () => (await api<SignInExperience>('GET', '/api/sign-in-exp')).body;

  beforeAll(async () => {
    instance = await startSignetWithAdmin('pglite');
    api = apiClient(instance.url, await managementToken(instance.url));
    // Email sign-up needs an email connector (Connectors > Email and SMS).
    const mail = await api('POST', '/api/connectors', { connectorId: 'dev-outbox-email', config: {} });
    expect(mail.status, JSON.stringify(mail.body)).toBe(201);
    const github = await api<{ id: string }>('POST', '/api/connectors', { connectorId: 'github-universal', config: { clientId: 'github-client', clientSecret: 'github-client-secret' } });
    expect(github.status, JSON.stringify(github.body)).toBe(201);
    githubId = github.body.id;
    const keys = createAlipayAppKeys();
    const alipay = await api<{ id: string }>('POST', '/api/connectors', {
      connectorId: 'alipay-native',
      config: { appId: '2021000000000077', privateKey: keys.privateKeyPkcs8Pem.replace(/\n/g, '\\n'), signType: 'RSA2' },
    });
    expect(alipay.status, JSON.stringify(alipay.body)).toBe(201);
    alipayId = alipay.body.id;
  });
  afterAll(() => instance?.close());
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  it('enables email sign-up and sign-in with a verification code, watched in the live preview (Aliyun guide)', { timeout: 90_000 }, async () => {
    browser = await launchChromium();
    const { page } = browser;
    await signInToConsole(page, instance, `${area}/sign-up-and-sign-in`);
    const frame = preview(page);
    // The default: username or email with a password, on one form.
    await expect.poll(() => identifierField(frame)).toEqual({ label: en['field.username_email'], type: 'text' });
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);

    await page.getByLabel('Sign-up identifier').selectOption({ label: 'Email address' });
    const verify = page.getByRole('switch', { name: 'Verify at sign-up' });
    expect(await verify.isChecked()).toBe(true);
    expect(await verify.isDisabled()).toBe(true);
    await page.getByRole('switch', { name: 'Create your password' }).uncheck();
    const email = page.getByRole('group', { name: 'Email address' });
    // Users who sign up without a password sign in with a code: it was turned on for them.
    expect(await email.getByRole('checkbox', { name: 'Verification code' }).isChecked()).toBe(true);
    await email.getByRole('checkbox', { name: 'Password' }).uncheck();
    await page.getByRole('button', { name: 'Remove Username' }).click();

    // The preview follows the draft: one email field, a code first.
    await expect.poll(() => identifierField(frame)).toEqual({ label: en['field.email'], type: 'email' });
    expect(await frame.locator('button[type=submit]').textContent()).toBe(en['action.continue']);
    expect(await frame.locator('input[name=password]').count()).toBe(0);
    await page.getByLabel('Page', { exact: true }).selectOption('register');
    await expect.poll(() => frame.locator('input[name=email]').count()).toBe(1);
    await screenshot(page, 'sign-in-experience-sign-up-and-sign-in');

    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await diffRows(page)).toEqual([
      ['Sign-in identifiers', 'Username (Password)', 'Removed'],
      ['Sign-in identifiers › Email address › Password', 'On', 'Off'],
      ['Sign-in identifiers › Email address › Verification code', 'Off', 'On'],
      ['Sign-up identifier', 'Username', 'Email address'],
      ['Create your password', 'On', 'Off'],
      ['Verify at sign-up', 'Off', 'On'],
    ]);
    await screenshot(page, 'sign-in-experience-diff');
    await applyChanges(page);

    const experience = await saved();
    expect(experience.signUp).toEqual({ identifiers: ['email'], password: false, verify: true });
    expect(experience.signIn.methods).toEqual([{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }]);
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
  });

  it('puts social connectors in social sign-in, in order by keyboard and by drag, with their buttons in the preview (Alipay guide)', { timeout: 90_000 }, async () => {
    browser = await launchChromium();
    const { page } = browser;
    await signInToConsole(page, instance, `${area}/sign-up-and-sign-in`);
    const frame = preview(page);
    await frame.locator('input[name=identifier]').waitFor();

    const picker = page.locator('select[name=add-social-connector]');
    // Options name the connector and how it reaches users.
    await picker.selectOption({ label: 'Alipay (Native)' });
    await page.getByRole('button', { name: 'Add social connector' }).click();
    await picker.selectOption({ label: 'GitHub (Universal)' });
    await page.getByRole('button', { name: 'Add social connector' }).click();
    const order = () => page.getByRole('list', { name: 'Social connectors' }).locator('li').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.sortableKey));
    expect(await order()).toEqual(['alipay', 'github']);

    // A browser shows the Universal GitHub connector; Alipay (Native) only shows inside mobile apps.
    const githubButton = frame.locator(`button[data-connector-id="${githubId}"]`);
    await githubButton.waitFor();
    expect(await githubButton.textContent()).toContain(en['social.continue_with'].replace('{name}', 'GitHub'));
    expect(await frame.locator(`button[data-connector-id="${alipayId}"]`).count()).toBe(0);
    await page.getByText('Hidden here: Alipay.').waitFor();

    // Keyboard: the move is announced and the focus stays on the moved row.
    await page.getByRole('button', { name: 'Move GitHub up' }).focus();
    await page.keyboard.press('Enter');
    expect(await order()).toEqual(['github', 'alipay']);
    await page.getByText('GitHub moved to position 1 of 2.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move GitHub down');
    // Drag and drop: Alipay back on top.
    await page.locator('[data-drag-handle=alipay]').dragTo(page.locator('li[data-sortable-key=github]'));
    expect(await order()).toEqual(['alipay', 'github']);

    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await diffRows(page)).toEqual([
      ['Social sign-in', '—', 'Added Alipay'],
      ['Social sign-in', '—', 'Added GitHub'],
    ]);
    await applyChanges(page);
    expect((await saved()).socialSignInConnectorTargets).toEqual(['alipay', 'github']);
  });

  it('previews branding in dark mode and at mobile width; the tabs share one draft and leaving asks first', { timeout: 90_000 }, async () => {
    browser = await launchChromium();
    const { page } = browser;
    await signInToConsole(page, instance, `${area}/branding`);
    const frame = preview(page);
    const submit = frame.locator('button[type=submit]');
    await submit.waitFor();
    const before = await saved();
    expect(await submit.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(rgb(before.color.primaryColor));

    await page.getByLabel('Brand color', { exact: true }).fill('#C2185B');
    await expect.poll(() => submit.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(rgb('#C2185B'));
    // Dark needs dark mode on.
    const dark = page.getByRole('group', { name: 'Appearance' }).getByRole('button', { name: 'Dark' });
    expect(await dark.isDisabled()).toBe(true);
    await page.getByRole('switch', { name: 'Enable dark mode' }).check();
    await page.getByLabel('Brand color (dark mode)', { exact: true }).fill('#FFB300');
    await dark.click();
    await expect.poll(() => frame.locator('html').getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => submit.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(rgb('#FFB300'));
    await page.getByRole('group', { name: 'Device' }).getByRole('button', { name: 'Mobile' }).click();
    await expect.poll(() => page.locator('iframe[name="sign-in-preview"]').evaluate((element) => element.getBoundingClientRect().width)).toBe(375);
    await screenshot(page, 'sign-in-experience-branding-mobile-dark');

    // An invalid color is named next to its field; the preview keeps the saved one meanwhile.
    await page.getByLabel('Brand color', { exact: true }).fill('#C2185');
    await page.getByText('Enter a hex color, such as #5B4DF5.').waitFor();
    await page.getByLabel('Brand color', { exact: true }).fill('#C2185B');

    // Other tabs keep the draft: no "leave" question between them.
    const openTab = async (tab: string, name: string) => {
      await page.getByRole('navigation', { name: 'Sign-in experience sections' }).getByRole('link', { name: tab }).click();
      await page.waitForURL((url) => url.pathname === `${area}/${name}`);
      expect(await page.getByRole('dialog').count()).toBe(0);
    };
    for (const [tab, name] of [
      ['Terms and privacy', 'terms'],
      ['Password policy', 'password-policy'],
      ['Languages', 'languages'],
    ] as const) {
      await openTab(tab, name);
      await screenshot(page, `sign-in-experience-${name}`);
    }
    await page.getByLabel('Default language').selectOption('fr');
    // The preview speaks the default language (the previous tests left an email-code sign-in).
    await expect.poll(() => frame.locator('button[type=submit]').textContent()).toBe(fr['action.continue']);
    await openTab('Branding', 'branding');
    expect(await page.getByLabel('Brand color', { exact: true }).inputValue()).toBe('#C2185B');
    await screenshot(page, 'sign-in-experience-branding');

    // Leaving the area with unsaved changes asks first.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Stay on this page' }).click();
    expect(new URL(page.url()).pathname).toBe(`${area}/branding`);

    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await diffRows(page)).toEqual([
      ['Brand color', before.color.primaryColor, '#C2185B'],
      ['Enable dark mode', 'Off', 'On'],
      ['Brand color (dark mode)', before.color.darkPrimaryColor, '#FFB300'],
      ['Default language', 'English', 'Français'],
    ]);
    await applyChanges(page);
    const after = await saved();
    expect(after.color).toEqual({ primaryColor: '#C2185B', isDarkModeEnabled: true, darkPrimaryColor: '#FFB300' });
    expect(after.languageInfo.fallbackLanguage).toBe('fr');
    // At tablet width the preview moves under the form.
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'sign-in-experience-tablet');
  });

  it('keeps the draft and shows the reason next to the field when the server refuses a save', { timeout: 90_000 }, async () => {
    browser = await launchChromium();
    const { page } = browser;
    await signInToConsole(page, instance, `${area}/sign-up-and-sign-in`);
    const before = await saved();

    // Phone sign-up adds the phone sign-in method; removing it again is what the server refuses:
    // users who sign up with a phone number could never sign in.
    await page.getByLabel('Sign-up identifier').selectOption({ label: 'Phone number' });
    await page.getByRole('button', { name: 'Remove Phone number' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await diffRows(page);
    await page.getByRole('dialog', { name: 'Review your changes' }).getByRole('button', { name: 'Apply changes' }).click();

    const reason = 'Users who sign up with their Phone number need a way to sign in with it: add “Phone number” to the sign-in identifiers.';
    await page.getByText(reason).waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('The changes were not saved.');
    expect(await page.getByLabel('Sign-up identifier').inputValue()).toBe('phone');
    expect(await page.getByRole('button', { name: 'Save changes' }).isEnabled()).toBe(true);
    expect(await saved()).toEqual(before);
    await screenshot(page, 'sign-in-experience-refused-save');

    // Following the advice saves.
    await page.locator('select[name=add-sign-in-identifier]').selectOption({ label: 'Phone number' });
    await page.getByRole('button', { name: 'Add sign-in identifier' }).click();
    expect(await page.getByText(reason).count()).toBe(0);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await diffRows(page);
    await applyChanges(page);
    const after = await saved();
    expect(after.signUp.identifiers).toEqual(['phone']);
    expect(after.signIn.methods.map((method) => method.identifier)).toEqual(['email', 'phone']);
  });
});
