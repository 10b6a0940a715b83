// Both guides' Console steps, click by click, on a fresh Signet, in real Chromium — then a real OIDC
// sign-in through the experience the admin configured:
//   1. Get started > "View all" > "Auth.js (Next Auth)" > name > "Create application" > congratulations
//      page > application details: the redirect URI the guides give, "Save changes".
//   2. (Aliyun Direct Mail guide) Connectors > "Email and SMS connectors" > "Set up" > Aliyun Direct Mail
//      > the config > "Test" (the code arrives at the Direct Mail fake, which checks Aliyun's signature)
//      > "Save and Done".
//   3. Sign-in experience > "Sign-up and sign-in": sign-up with "Email address", "Verify at sign-up",
//      no password; sign-in by email with a verification code; the live preview follows; "Save changes".
//   4. (Alipay guide) Connectors > "Social connectors" > "Add social connector" > Alipay (Native) >
//      "Save and Done"; Sign-in experience > social sign-in > Alipay; "Save changes".
//   5. The application's user signs up by email: the code goes through Aliyun Direct Mail, the app gets
//      an authorization code and exchanges it; the ID token (ES384, checked against JWKS) has the email.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAliyunDirectMailFake, type AliyunDirectMailFake } from '../../src/connectors/aliyun-direct-mail/aliyun-direct-mail.fake.ts';
import { createAlipayAppKeys, startAlipayFake, type AlipayFake } from '../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';
import { interceptApp, launchChromium, type TestBrowser } from '../support/chromium.ts';
import { screenshot, signInToConsole, startSignetWithAdmin } from '../support/console-kit.ts';
import { appRedirectUri, Flow, type Api } from '../support/experience-kit.ts';
import { apiClient, managementToken, type TestSignet } from '../support/test-signet.ts';

const sender = 'no-reply@mail.bookstore.example';
const alipayAppId = '2021000000000123';

type ApiApplication = { id: string; name: string; secret: string; oidcClientMetadata: { redirectUris: string[]; postLogoutRedirectUris: string[] } };

describe('The guides, in the Console (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let directMail: AliyunDirectMailFake;
  let alipay: AlipayFake;
  let adminBrowser: TestBrowser;
  let page: Page;
  let application: ApiApplication;
  const alipayKeys = createAlipayAppKeys();

  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  const codeIn = (html: string | undefined) => /\b(\d{6})\b/.exec(html ?? '')?.[1];

  beforeAll(async () => {
    [instance, directMail] = await Promise.all([startSignetWithAdmin('pglite'), startAliyunDirectMailFake({ verifiedSenders: [sender] })]);
    alipay = await startAlipayFake({ apps: [{ appId: alipayAppId, publicKeyPem: alipayKeys.publicKeyPem }] });
    api = apiClient(instance.url, await managementToken(instance.url));
    adminBrowser = await launchChromium();
    page = adminBrowser.page;
  });
  afterAll(async () => {
    await adminBrowser?.close();
    await Promise.all([instance?.close(), directMail?.close(), alipay?.close()]);
  });

  it('1. creates the Auth.js application from Get started and sets its redirect URI', { timeout: 90_000 }, async () => {
    await signInToConsole(page, instance, '/console/get-started');
    await page.getByRole('button', { name: 'View all' }).click();
    const gallery = dialog('Create application');
    await gallery.getByRole('checkbox', { name: 'Traditional web' }).check();
    await gallery.getByRole('button', { name: 'Auth.js (Next Auth)', exact: true }).click();
    const naming = dialog('New application: Auth.js (Next Auth)');
    await naming.getByLabel('Application name').fill('Bookstore');
    await naming.getByRole('button', { name: 'Create application' }).click();
    await page.waitForURL((url) => /^\/console\/applications\/[^/]+\/guide$/.test(url.pathname));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Congratulations');
    const appId = (await page.getByTestId('app-id').textContent())!;
    expect(await page.locator('.guide').textContent()).toContain(`AUTH_LOGTO_ISSUER=${instance.url}/oidc`);

    // Application details: the guides' redirect URI and a post sign-out redirect URI, typed in.
    await page.getByRole('link', { name: 'Go to application details' }).click();
    await page.waitForURL((url) => url.pathname === `/console/applications/${appId}`);
    await page.locator('input[name="redirectUris.0"]').fill('');
    await page.locator('input[name="redirectUris.0"]').fill(appRedirectUri);
    await page.locator('input[name="postLogoutRedirectUris.0"]').fill('http://localhost:3000');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);

    application = (await api<ApiApplication>('GET', `/api/applications/${appId}?includeSecret=true`)).body;
    expect(application.name).toBe('Bookstore');
    expect(application.oidcClientMetadata.redirectUris).toEqual([appRedirectUri]);
    expect(application.oidcClientMetadata.postLogoutRedirectUris).toEqual(['http://localhost:3000']);
    await screenshot(page, 'guides-1-application');
  });

  it('2. adds Aliyun Direct Mail, tests it (the code arrives) and saves it', { timeout: 90_000 }, async () => {
    await nav('Connectors').click();
    await page.getByRole('link', { name: 'Email and SMS connectors' }).click();
    await page.getByRole('region', { name: 'Email connector', exact: true }).getByRole('button', { name: /^Set up/ }).click();
    await dialog('Set up an email connector').getByRole('button', { name: /^Aliyun Direct Mail/ }).click();
    const form = dialog(/Aliyun Direct Mail/);
    await form.locator('[name=accessKeyId]').fill(directMail.accessKeyId);
    await form.locator('[name=accessKeySecret]').fill(directMail.accessKeySecret);
    await form.locator('[name=accountName]').fill(sender);
    await form.locator('[name=fromAlias]').fill('Bookstore');
    await form.locator('[name=endpoint]').fill(directMail.url);
    // The templates editor starts from the guide's shape: Register, SignIn, ForgotPassword, Generic with {{code}}.
    const templates = JSON.parse(await form.locator('textarea[name=templates]').inputValue()) as { usageType: string; content: string }[];
    expect(templates.map((template) => template.usageType).sort()).toEqual(['ForgotPassword', 'Generic', 'Register', 'SignIn']);
    expect(templates.every((template) => template.content.includes('{{code}}'))).toBe(true);

    await form.locator('input[name=email]').fill('admin@bookstore.example');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await form.getByText('A test code was sent to admin@bookstore.example.', { exact: false }).waitFor();
    const testMail = directMail.mails.at(-1)!;
    expect(testMail).toMatchObject({ toAddress: 'admin@bookstore.example', accountName: sender, fromAlias: 'Bookstore' });
    expect(codeIn(testMail.htmlBody)).toMatch(/^\d{6}$/);

    await form.getByRole('button', { name: 'Save and Done' }).click();
    await page.waitForURL((url) => /^\/console\/connectors\/passwordless\/[^/]+$/.test(url.pathname));
    const connectors = (await api<{ connectorId: string; config: Record<string, unknown> }[]>('GET', '/api/connectors')).body;
    expect(connectors.map((connector) => connector.connectorId)).toEqual(['aliyun-direct-mail']);
    expect(connectors[0]!.config.accessKeySecret).toBe('********');
    await screenshot(page, 'guides-2-aliyun-direct-mail');
  });

  it('3. enables email sign-up and sign-in with a verification code, seen in the live preview', { timeout: 90_000 }, async () => {
    await nav('Sign-in experience').click();
    await page.getByRole('link', { name: 'Sign-up and sign-in' }).click();
    await page.waitForURL((url) => url.pathname === '/console/sign-in-experience/sign-up-and-sign-in');
    const preview = page.frameLocator('iframe[name="sign-in-preview"]');
    await expect.poll(() => preview.locator('input[name=identifier]').getAttribute('type')).toBe('text');
    expect(await preview.locator('input[name=password]').count()).toBe(1);

    await page.getByLabel('Sign-up identifier').selectOption({ label: 'Email address' });
    expect(await page.getByRole('switch', { name: 'Verify at sign-up' }).isChecked()).toBe(true);
    await page.getByRole('switch', { name: 'Create your password' }).uncheck();
    const email = page.getByRole('group', { name: 'Email address' });
    await email.getByRole('checkbox', { name: 'Password' }).uncheck();
    expect(await email.getByRole('checkbox', { name: 'Verification code' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Remove Username' }).click();

    // The live preview shows the unsaved draft: an email field, no password.
    await expect.poll(() => preview.locator('input[name=identifier]').getAttribute('type')).toBe('email');
    expect(await preview.locator('input[name=password]').count()).toBe(0);
    await screenshot(page, 'guides-3-sign-in-experience-preview');

    await page.getByRole('button', { name: 'Save changes' }).click();
    const review = dialog('Review your changes');
    expect(await review.textContent()).toContain('Sign-up identifier');
    await review.getByRole('button', { name: 'Apply changes' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    const experience = (await api<{ signUp: unknown; signIn: { methods: unknown[] } }>('GET', '/api/sign-in-exp')).body;
    expect(experience.signUp).toEqual({ identifiers: ['email'], password: false, verify: true });
    expect(experience.signIn.methods).toEqual([{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }]);
  });

  it('4. adds Alipay (Native) and puts it in social sign-in', { timeout: 90_000 }, async () => {
    await nav('Connectors').click();
    await page.getByRole('link', { name: 'Social connectors' }).click();
    await page.getByRole('button', { name: 'Add social connector' }).click();
    await dialog('Add social connector').getByRole('button', { name: /^Alipay \(Native\)/ }).click();
    const form = dialog(/Alipay \(Native\)/);
    await form.locator('[name=appId]').fill(alipayAppId);
    // The guide pastes the PEM with its line breaks written as \n on one line.
    await form.locator('[name=privateKey]').fill(alipayKeys.privateKeyPkcs8Pem.trim().replace(/\n/g, '\\n'));
    expect(await form.locator('select[name=signType]').inputValue()).toBe('RSA2');
    await form.locator('[name=gatewayUrl]').fill(alipay.url);
    await form.getByRole('button', { name: 'Save and Done' }).click();
    await page.waitForURL((url) => /^\/console\/connectors\/social\/[^/]+$/.test(url.pathname));

    await nav('Sign-in experience').click();
    await page.getByRole('link', { name: 'Sign-up and sign-in' }).click();
    await page.locator('select[name=add-social-connector]').selectOption({ label: 'Alipay (Native)' });
    await page.getByRole('button', { name: 'Add social connector' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await dialog('Review your changes').getByRole('button', { name: 'Apply changes' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    expect((await api<{ socialSignInConnectorTargets: string[] }>('GET', '/api/sign-in-exp')).body.socialSignInConnectorTargets).toEqual(['alipay']);
    await screenshot(page, 'guides-4-social-sign-in');
  });

  it('5. a user of the Auth.js app signs up by email through the configured experience', { timeout: 90_000 }, async () => {
    const visitor = await launchChromium();
    try {
      const callbacks = await interceptApp(visitor.context);
      const flow = new Flow(instance, { id: application.id, secret: application.secret });
      await visitor.page.goto(flow.authorizationUrl().href);
      await visitor.page.waitForURL((url) => url.pathname === '/sign-in');
      const userEmail = 'reader@bookstore.example';
      await visitor.page.getByRole('link', { name: 'Create account' }).click();
      await visitor.page.getByLabel('Email', { exact: true }).fill(userEmail);
      const mailsBefore = directMail.mails.length;
      await visitor.page.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(() => directMail.mails.length).toBe(mailsBefore + 1);
      const mail = directMail.mails.at(-1)!;
      expect(mail.toAddress).toBe(userEmail);
      await visitor.page.locator('input[name=code]').fill(codeIn(mail.htmlBody)!);
      await visitor.page.locator('button[type=submit]').click();

      const callback = await callbacks.next();
      expect(callback.pathname).toBe('/api/auth/callback/logto');
      await visitor.page.waitForURL((url) => url.origin === 'http://localhost:3000');
      const tokens = await flow.exchange(callback);
      expect(tokens.idToken).toMatchObject({ email: userEmail, email_verified: true, aud: application.id });
      expect(tokens.refreshToken).toBeTruthy();
    } finally {
      await visitor.close();
    }
  });
});
