// Connectors in the Console, in real Chromium, following the guides click by click: Connectors >
// "Email and SMS connectors" > "Set up" > Aliyun Direct Mail (README beside the form, a masked
// secret, the templates JSON editor, "Test" against the Direct Mail fake, a save the server refuses,
// "Save and Done", then editing), the dev outbox viewer with an SMS connector, removing a connector,
// "Change" of the email connector, and Social connectors > "Add social connector" > Alipay (Native)
// with a real key pair for the Alipay gateway fake. Results are checked through the Management API
// and at the fakes.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ConnectorResponse, OutboxMessage } from '@signet/schemas';
import { startAliyunDirectMailFake, type AliyunDirectMailFake } from '../../src/connectors/aliyun-direct-mail/aliyun-direct-mail.fake.ts';
import { createAlipayAppKeys, startAlipayFake, type AlipayFake } from '../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';
import { launchChromium, type TestBrowser } from '../support/chromium.ts';
import { apiClient, managementToken, type TestSignet } from '../support/test-signet.ts';
import { screenshot, signInToConsole, startSignetWithAdmin } from '../support/console-kit.ts';

type Api = ReturnType<typeof apiClient>;

const sender = 'no-reply@mail.example.com';
const alipayAppId = '2021000000000042';

const template = (usageType: string, subject: string) => ({ usageType, subject, content: `<p>${subject}: <b>{{code}}</b></p>` });
const fullTemplates = [template('Register', 'Welcome'), template('SignIn', 'Sign in'), template('ForgotPassword', 'Reset'), template('Generic', 'Your code')];

/**
 * Aliyun's signature (RPC, version 1.0) written out from the spec, independently of the connector:
 * RFC 3986 encoding, pairs sorted by key, `POST&%2F&` + encoded query, HMAC-SHA1 with `secret&`.
 */
function aliyunSignature(params: Record<string, string>, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = Object.entries(params)
    .filter(([key]) => key !== 'Signature')
    .map(([key, value]) => [encode(key), encode(value)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return createHmac('sha1', `${secret}&`).update(`POST&%2F&${encode(query)}`).digest('base64');
}

describe('Connectors in the Console (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let browser: TestBrowser;
  let page: Page;
  let directMail: AliyunDirectMailFake;
  let alipay: AlipayFake;
  const alipayKeys = createAlipayAppKeys();

  beforeAll(async () => {
    [instance, directMail] = await Promise.all([startSignetWithAdmin('pglite'), startAliyunDirectMailFake({ verifiedSenders: [sender] })]);
    alipay = await startAlipayFake({ apps: [{ appId: alipayAppId, publicKeyPem: alipayKeys.publicKeyPem }] });
    api = apiClient(instance.url, await managementToken(instance.url));
    browser = await launchChromium();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([instance?.close(), directMail?.close(), alipay?.close()]);
  });

  const connectors = async () => (await api<ConnectorResponse[]>('GET', '/api/connectors')).body;
  const dialog = (name: string | RegExp): Locator => page.getByRole('dialog', { name });
  const slot = (name: 'Email connector' | 'SMS connector'): Locator => page.getByRole('region', { name, exact: true });

  it('sets up Aliyun Direct Mail from "Email and SMS connectors": README, masked secret, JSON templates, Test, a refused save, Save and Done', { timeout: 90_000 }, async () => {
    await signInToConsole(page, instance, '/console/get-started');
    // Console > Connectors: the social tab comes first, then "Email and SMS connectors".
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connectors' }).click();
    await page.waitForURL((url) => url.pathname === '/console/connectors/social');
    await page.getByRole('button', { name: 'Add social connector' }).waitFor();
    await screenshot(page, 'connectors-social-tab-empty');
    await page.getByRole('link', { name: 'Email and SMS connectors' }).click();
    await page.waitForURL((url) => url.pathname === '/console/connectors/passwordless');
    await slot('Email connector').getByText('No email connector is set up').waitFor();
    await screenshot(page, 'connectors-passwordless-tab-empty');

    // "Set up" → the factory picker (logo, name, description) → Aliyun Direct Mail.
    await slot('Email connector').getByRole('button', { name: /^Set up/ }).click();
    const picker = dialog('Set up an email connector');
    await picker.waitFor();
    const card = picker.getByRole('button', { name: /^Aliyun Direct Mail/ });
    expect(await card.textContent()).toContain('Sends verification emails through Alibaba Cloud Direct Mail.');
    expect(await card.locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    // Only email connectors are offered for the email slot.
    expect(await picker.getByRole('button', { name: /^Alipay/ }).count()).toBe(0);
    await screenshot(page, 'connectors-factory-picker-email');
    await card.click();

    const form = dialog(/Aliyun Direct Mail/);
    await form.getByRole('region', { name: 'Guide: Aliyun Direct Mail' }).getByRole('heading', { name: 'Aliyun Direct Mail' }).waitFor();
    expect(await form.getByRole('region', { name: 'Guide: Aliyun Direct Mail' }).textContent()).toContain('SingleSendMail');
    await form.getByRole('group', { name: 'Parameter configuration' }).waitFor();

    await form.locator('[name=accessKeyId]').fill(directMail.accessKeyId);
    const secret = form.locator('[name=accessKeySecret]');
    expect(await secret.getAttribute('type')).toBe('password');
    await secret.fill('a-wrong-secret');
    await form.locator('[name=accountName]').fill(sender);
    await form.locator('[name=fromAlias]').fill('Bookstore');
    await form.locator('[name=endpoint]').fill(directMail.url);
    expect(await form.locator('select[name=regionId]').inputValue()).toBe('cn-hangzhou');

    // The templates JSON editor: starts from the example; broken JSON is named at once and blocks saving.
    const templates = form.locator('textarea[name=templates]');
    expect(JSON.parse(await templates.inputValue())).toHaveLength(4);
    const saveAndDone = form.getByRole('button', { name: 'Save and Done' });
    await templates.fill('[{ "usageType": "Register", "subject": "Welcome" "content": "{{code}}" }]');
    await form.getByText(/^This is not valid JSON: /).waitFor();
    expect(await templates.getAttribute('aria-invalid')).toBe('true');
    expect(await saveAndDone.isDisabled()).toBe(true);

    // Valid JSON the server refuses (no ForgotPassword template): the message sits by the field and nothing typed is lost.
    await templates.fill(JSON.stringify(fullTemplates.filter((entry) => entry.usageType !== 'ForgotPassword'), null, 2));
    expect(await form.getByText(/^This is not valid JSON/).count()).toBe(0);
    expect(await saveAndDone.isDisabled()).toBe(false);
    await saveAndDone.click();
    await form.getByRole('alert').getByText('The connector settings are not valid.').waitFor();
    await form.getByText(/missing: ForgotPassword/).waitFor();
    expect(await form.locator('[name=accessKeyId]').inputValue()).toBe(directMail.accessKeyId);
    expect(await form.locator('[name=endpoint]').inputValue()).toBe(directMail.url);
    expect(await templates.inputValue()).not.toContain('ForgotPassword');
    expect(await connectors()).toEqual([]);

    await templates.fill(JSON.stringify(fullTemplates, null, 2));
    expect(await form.getByText(/missing: ForgotPassword/).count()).toBe(0);
    await screenshot(page, 'connectors-config-form-aliyun-direct-mail');

    // "Test" with the unsaved config: the provider's refusal of a wrong secret is shown in its own words.
    await form.locator('input[name=email]').fill('ada@example.com');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    const refusal = form.getByRole('alert').filter({ hasText: 'The provider refused the request.' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('SignatureDoesNotMatch');
    expect(directMail.mails).toHaveLength(0);

    // The right secret: the fake gets a correctly signed SingleSendMail with the Generic template and a code.
    await secret.fill(directMail.accessKeySecret);
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await form.getByRole('status').getByText('A test code was sent to ada@example.com.', { exact: false }).waitFor();
    expect(directMail.mails).toHaveLength(1);
    const mail = directMail.mails[0]!;
    expect(mail).toMatchObject({ accountName: sender, fromAlias: 'Bookstore', toAddress: 'ada@example.com', subject: 'Your code' });
    expect(mail.htmlBody).toMatch(/^<p>Your code: <b>\d{6}<\/b><\/p>$/);
    const request = directMail.requests.find((entry) => entry.outcome === 'accepted')!;
    expect(request.params.Action).toBe('SingleSendMail');
    expect(request.params.Signature).toBe(aliyunSignature(request.params, directMail.accessKeySecret));
    expect(await connectors()).toEqual([]);

    // "Save and Done": the connector's page, with the next step (sign-in experience) linked.
    await saveAndDone.click();
    await page.waitForURL((url) => /^\/console\/connectors\/passwordless\/[^/]+$/.test(url.pathname) && url.searchParams.get('created') === '1');
    const banner = page.getByRole('status').filter({ hasText: 'Aliyun Direct Mail is saved.' });
    await banner.waitFor();
    expect(await banner.getByRole('link').getAttribute('href')).toBe('/console/sign-in-experience/sign-up-and-sign-in');

    const saved = await connectors();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      connectorId: 'aliyun-direct-mail',
      type: 'Email',
      config: { accessKeyId: directMail.accessKeyId, accessKeySecret: '********', accountName: sender, fromAlias: 'Bookstore', endpoint: directMail.url, templates: fullTemplates },
    });
    expect(JSON.stringify(saved)).not.toContain(directMail.accessKeySecret);
    expect(page.url()).toContain(`/console/connectors/passwordless/${saved[0]!.id}`);
  });

  it('edits the saved connector: the secret reads back masked, is kept on save, and Test uses the stored one', { timeout: 60_000 }, async () => {
    expect(await page.locator('[name=accessKeySecret]').inputValue()).toBe('********');
    await page.getByText('A secret is stored.', { exact: false }).waitFor();
    const save = page.getByRole('button', { name: 'Save changes' });
    expect(await save.isDisabled()).toBe(true);
    await page.locator('[name=fromAlias]').fill('Bookstore Team');
    expect(await save.isDisabled()).toBe(false);
    await screenshot(page, 'connectors-details-aliyun-direct-mail');
    await save.click();
    await page.getByText('Saved', { exact: true }).waitFor();
    const [connector] = await connectors();
    expect(connector!.config).toMatchObject({ fromAlias: 'Bookstore Team', accessKeySecret: '********' });

    await page.locator('input[name=email]').fill('grace@example.com');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('A test code was sent to grace@example.com.', { exact: false }).waitFor();
    const mail = directMail.mails.at(-1)!;
    expect(mail).toMatchObject({ toAddress: 'grace@example.com', fromAlias: 'Bookstore Team' });
    const request = directMail.requests.filter((entry) => entry.outcome === 'accepted').at(-1)!;
    expect(request.params.Signature).toBe(aliyunSignature(request.params, directMail.accessKeySecret));
  });

  it('shows the dev outbox: an SMS connector set up and tested, the message listed newest first; then removes the connector', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: '← Connectors' }).click();
    await page.waitForURL((url) => url.pathname === '/console/connectors/passwordless');
    await slot('Email connector').getByRole('link', { name: 'Aliyun Direct Mail' }).waitFor();
    await slot('SMS connector').getByRole('button', { name: /^Set up/ }).click();
    await dialog('Set up an SMS connector').getByRole('button', { name: /^Dev outbox \(SMS\)/ }).click();
    const form = dialog(/Dev outbox \(SMS\)/);
    expect(JSON.parse(await form.locator('textarea[name=templates]').inputValue())).toHaveLength(4);
    await form.locator('input[name=phone]').fill('+1 555 010 0199');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await form.getByText('A test code was sent to +1 555 010 0199.', { exact: false }).waitFor();
    await form.getByRole('button', { name: 'Save and Done' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/console/connectors/passwordless/'));

    const messages = (await api<OutboxMessage[]>('GET', '/api/dev-outbox/messages')).body;
    expect(messages).toHaveLength(1);
    const code = messages[0]!.payload.code!;
    expect(code).toMatch(/^\d{6}$/);

    await page.getByRole('link', { name: '← Connectors' }).click();
    const outbox = page.getByRole('region', { name: 'Dev outbox' });
    const row = outbox.locator('tbody tr').first();
    await row.waitFor();
    expect(await outbox.locator('tbody tr').count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain(messages[0]!.to);
    expect(text).toContain('Generic');
    expect(await row.locator('code').textContent()).toBe(code);
    await row.getByText('Show', { exact: true }).click();
    expect(await row.locator('pre').textContent()).toContain(code);
    await screenshot(page, 'connectors-passwordless-tab-outbox');
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'connectors-passwordless-tab-tablet');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Remove, with a confirmation that says what stops working.
    await slot('SMS connector').getByRole('link', { name: 'Dev outbox (SMS)' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = dialog('Remove Dev outbox (SMS)?');
    expect(await confirm.textContent()).toContain('Signet stops sending verification codes by text message');
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/console/connectors/passwordless');
    await slot('SMS connector').getByText('No SMS connector is set up').waitFor();
    expect((await connectors()).map((connector) => connector.connectorId)).toEqual(['aliyun-direct-mail']);
  });

  it('adds Alipay (Native) from "Social connectors": masked multi-line key, RSA2, a refused key, Save and Done', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Social connectors' }).click();
    await page.getByRole('button', { name: 'Add social connector' }).click();
    const picker = dialog('Add social connector');
    const card = picker.getByRole('button', { name: /^Alipay \(Native\)/ });
    expect(await card.textContent()).toContain('Native');
    // Only social connectors here.
    expect(await picker.getByRole('button', { name: /^Aliyun Direct Mail/ }).count()).toBe(0);
    await screenshot(page, 'connectors-factory-picker-social');
    await card.click();

    const form = dialog(/Alipay \(Native\)/);
    await form.getByRole('region', { name: 'Guide: Alipay (Native)' }).waitFor();
    expect(await form.locator('[name=signType]').evaluate((element) => element.tagName)).toBe('SELECT');
    expect(await form.locator('select[name=signType]').inputValue()).toBe('RSA2');
    await form.locator('select[name=signType]').selectOption('RSA');
    await form.locator('select[name=signType]').selectOption('RSA2');
    await form.locator('[name=appId]').fill(alipayAppId);
    const privateKey = form.locator('textarea[name=privateKey]');
    // Multi-line and masked on screen until "Show".
    expect(await privateKey.evaluate((element) => getComputedStyle(element).getPropertyValue('-webkit-text-security'))).toBe('disc');
    await privateKey.fill('not a private key');
    await form.locator('[name=gatewayUrl]').fill(alipay.url);
    await form.locator('[name=id]').fill('alipay');
    await form.getByText(`${instance.url}/callback/alipay`, { exact: false }).waitFor();

    // The server refuses the key: the message is next to the field, and what was typed stays.
    await form.getByRole('button', { name: 'Save and Done' }).click();
    await form.getByRole('alert').getByText('The connector settings are not valid.').waitFor();
    expect(await privateKey.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('[name=appId]').inputValue()).toBe(alipayAppId);
    expect(await form.locator('[name=gatewayUrl]').inputValue()).toBe(alipay.url);

    // As the guide says: the PEM with its header and footer, line breaks written as '\n'.
    await privateKey.fill(alipayKeys.privateKeyPkcs8Pem.trim().replace(/\n/g, '\\n'));
    expect(await privateKey.getAttribute('aria-invalid')).toBeNull();
    await form.getByRole('button', { name: 'Show: App private key' }).click();
    expect(await privateKey.evaluate((element) => getComputedStyle(element).getPropertyValue('-webkit-text-security'))).toBe('none');
    await form.getByRole('button', { name: 'Hide: App private key' }).click();
    await screenshot(page, 'connectors-config-form-alipay-native');
    await form.getByRole('button', { name: 'Save and Done' }).click();

    await page.waitForURL((url) => url.pathname === '/console/connectors/social/alipay');
    const banner = page.getByRole('status').filter({ hasText: 'Alipay (Native) is saved.' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('add it to “Social sign-in”');
    expect(await banner.getByRole('link').getAttribute('href')).toBe('/console/sign-in-experience/sign-up-and-sign-in');
    expect(await page.getByTestId('connector-callback-uri').textContent()).toBe(`${instance.url}/callback/alipay`);

    const alipayConnector = (await connectors()).find((connector) => connector.connectorId === 'alipay-native');
    expect(alipayConnector).toMatchObject({ id: 'alipay', type: 'Social', platform: 'Native', target: 'alipay', config: { appId: alipayAppId, privateKey: '********', signType: 'RSA2', gatewayUrl: alipay.url } });

    // The social list: name, logo, platform; Alipay (Native) cannot be added twice.
    await page.getByRole('link', { name: '← Connectors' }).click();
    const row = page.locator('tr[data-connector-id=alipay]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Alipay (Native)');
    expect(await row.textContent()).toContain('Native');
    expect(await row.locator('img').count()).toBe(1);
    await screenshot(page, 'connectors-social-tab');
    await page.getByRole('button', { name: 'Add social connector' }).click();
    expect(await dialog('Add social connector').getByRole('button', { name: /^Alipay \(Native\)/ }).isDisabled()).toBe(true);
    await dialog('Add social connector').getByRole('button', { name: 'Close' }).click();
  });

  it('changes the email connector: the new one is saved and only then replaces the old one', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Email and SMS connectors' }).click();
    await slot('Email connector').getByRole('button', { name: /^Change/ }).click();
    const picker = dialog('Set up an email connector');
    await picker.getByText('The connector you choose replaces Aliyun Direct Mail when you save it.').waitFor();
    await picker.getByRole('button', { name: /^Dev outbox \(email\)/ }).click();
    const form = dialog(/Dev outbox \(email\)/);
    // A broken template: refused, and the old connector is still in use.
    await form.locator('textarea[name=templates]').fill('[]');
    await form.getByRole('button', { name: 'Save and Done' }).click();
    await form.getByRole('alert').getByText('The connector settings are not valid.').waitFor();
    expect((await connectors()).map((connector) => connector.connectorId)).toEqual(expect.arrayContaining(['aliyun-direct-mail']));
    await form.locator('textarea[name=templates]').fill(JSON.stringify(fullTemplates));
    await form.getByRole('button', { name: 'Save and Done' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/console/connectors/passwordless/'));
    const types = (await connectors()).filter((connector) => connector.type === 'Email').map((connector) => connector.connectorId);
    expect(types).toEqual(['dev-outbox-email']);
  });

  it('speaks Spanish: the tabs, the slots, the setup dialog and its buttons', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: '← Connectors' }).click();
    await page.locator('select[name=console-language]').selectOption('es');
    try {
      await page.getByRole('link', { name: 'Conectores de correo electrónico y SMS' }).waitFor();
      expect(await page.getByRole('link', { name: 'Conectores sociales' }).count()).toBe(1);
      await page.getByRole('region', { name: 'Conector de SMS', exact: true }).getByRole('button', { name: /^Configurar/ }).click();
      await page.getByRole('dialog', { name: 'Configurar un conector de SMS' }).getByRole('button', { name: /^Buzón de desarrollo \(SMS\)/ }).click();
      const form = page.getByRole('dialog', { name: /Buzón de desarrollo \(SMS\)/ });
      await form.getByRole('group', { name: 'Configuración de parámetros' }).waitFor();
      expect(await form.getByRole('button', { name: 'Guardar y listo' }).count()).toBe(1);
      expect(await form.getByRole('button', { name: 'Enviar', exact: true }).count()).toBe(1);
      await form.locator('textarea[name=templates]').fill('{');
      await form.getByText(/^Esto no es JSON válido: /).waitFor();
      await screenshot(page, 'connectors-setup-spanish');
      await form.getByRole('button', { name: 'Cancelar' }).click();
      // Something was typed: leaving asks first.
      const discard = page.getByRole('dialog', { name: '¿Descartar esta configuración?' });
      await discard.getByRole('button', { name: 'Descartar' }).click();
      await discard.waitFor({ state: 'hidden' });
    } finally {
      await page.locator('select[name=console-language]').selectOption('en');
    }
  });
});
