// The sign-in pages in real Chromium, part B: social sign-in through the generic OIDC connector
// (the browser goes to the provider fake and back; a new user, a returning one, linking to an
// existing email account), Alipay (Native) through a simulated native bridge (the test plays the
// app and the Alipay app), the page's language (ui_locales, Accept-Language, the configured
// fallback), branding (dark mode, logo, custom CSS that cannot run script) and the Console's preview
// in an iframe. Every journey ends with a real authorization code exchange whose ID token is checked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExperienceSettings, User } from '@signet/schemas';
import { startOidcFake, type OidcFake } from '../../src/connectors/oidc/oidc.fake.ts';
import { createAlipayAppKeys, startAlipayFake, type AlipayFake } from '../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';
import { apiClient, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { createApp, Flow, patchSignInExperience, type Api, type App, type Tokens } from '../support/experience-kit.ts';
import { interceptApp, launchChromium, type TestBrowser } from '../support/chromium.ts';
import { en } from '../../../experience/src/i18n/en.ts';
import { es } from '../../../experience/src/i18n/es.ts';
import { fr } from '../../../experience/src/i18n/fr.ts';
import { zhCN } from '../../../experience/src/i18n/zh-CN.ts';

type Dictionary = typeof en;

const strongPassword = 'Quiet-Lantern-Orbit-42';
const target = 'acme-oidc';
const providerClient = { clientId: 'signet-at-acme', clientSecret: 'acme-client-secret-0123456789' };
const alipayAppId = '2021000000000077';
const appName = 'Bookstore';

/** People at the OIDC provider, by `sub`. */
const providerUsers = [
  { sub: 'nova-1', claims: { name: 'Nova Social', email: 'nova@example.com', email_verified: true, picture: 'https://cdn.example.com/nova.png' } },
  { sub: 'rey-1', claims: { name: 'Rey Returning', email: 'rey@example.com', email_verified: true } },
  { sub: 'jane-1', claims: { name: 'Jane at Acme', email: 'jane@example.com', email_verified: true } },
  { sub: 'sol-1', claims: { name: 'Sol Social', email: 'sol@example.com', email_verified: true } },
];

/** Username/email + password for existing accounts; new accounts only through social sign-in. */
const baseline = {
  signUp: { identifiers: [], password: false, verify: false },
  signIn: {
    methods: [
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
      { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
    ],
  },
  socialSignInConnectorTargets: [target],
  socialSignIn: { automaticAccountLinking: false },
  signInMode: 'SignInAndRegister',
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
  color: { primaryColor: '#5B4DF5', isDarkModeEnabled: false, darkPrimaryColor: '#8B80FF' },
  branding: {},
  customCss: null,
};

/** `{name}` placeholders, as the pages fill them. */
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/** `#RRGGBB` → the `rgb(r, g, b)` that getComputedStyle answers. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)).join(', ')})`;

/** A 1×1 transparent PNG, for the logos. */
const pixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

type BridgeMessage = { callbackUri?: string; redirectTo?: string };
type Chromium = TestBrowser & { app: { next(): Promise<URL> } };

describe('Social sign-in, the native bridge, languages and branding in Chromium', () => {
  let instance: TestSignet;
  let api: Api;
  let app: App;
  let oidc: OidcFake;
  let alipay: AlipayFake;
  const open = new Set<TestBrowser>();

  beforeAll(async () => {
    instance = await startTestSignet({ kind: 'pglite' });
    api = apiClient(instance.url, await managementToken(instance.url));
    oidc = await startOidcFake({
      clients: [{ clientId: providerClient.clientId, auth: { method: 'client_secret_post', clientSecret: providerClient.clientSecret }, redirectUris: [`${instance.url}/callback/${target}`] }],
      users: providerUsers,
    });
    const acme = await api('POST', '/api/connectors', { connectorId: 'oidc', id: target, metadata: { target, name: { en: 'Acme' } }, config: { issuer: oidc.issuer, ...providerClient } });
    expect(acme.status, JSON.stringify(acme.body)).toBe(201);

    const keys = createAlipayAppKeys();
    alipay = await startAlipayFake({ apps: [{ appId: alipayAppId, publicKeyPem: keys.publicKeyPem }] });
    const alipayConnector = await api('POST', '/api/connectors', {
      connectorId: 'alipay-native',
      id: 'alipay',
      config: { appId: alipayAppId, privateKey: keys.privateKeyPkcs8Pem.replace(/\n/g, '\\n'), signType: 'RSA2', gatewayUrl: alipay.url, alipayPublicKey: alipay.gatewayPublicKeyPem },
    });
    expect(alipayConnector.status, JSON.stringify(alipayConnector.body)).toBe(201);

    app = await createApp(api, { name: appName });
    await createUser({ username: 'lena_lang', primaryEmail: 'lena@example.com', password: strongPassword, name: 'Lena Lang' });
  });
  afterAll(async () => {
    for (const browser of open) await browser.close();
    await instance?.close();
    await oidc?.close();
    await alipay?.close();
  });
  beforeEach(async () => {
    await patchSignInExperience(api, baseline);
    oidc.reset();
  });

  async function createUser(body: Record<string, unknown>): Promise<string> {
    const created = await api<{ id: string }>('POST', '/api/users', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  async function getUser(id: string): Promise<User> {
    const found = await api<User>('GET', `/api/users/${id}`);
    expect(found.status).toBe(200);
    return found.body;
  }

  async function userCount(): Promise<number> {
    const listed = await api<User[]>('GET', '/api/users?page_size=1');
    expect(listed.status).toBe(200);
    return Number(listed.headers.get('total-number'));
  }

  /** A fresh Chromium (new profile: no session) whose app origin is answered; closed after `use`. */
  async function withChromium<T>(options: Parameters<typeof launchChromium>[0], use: (browser: Chromium) => Promise<T>): Promise<T> {
    const browser = await launchChromium(options);
    open.add(browser);
    try {
      const appSide = await interceptApp(browser.context);
      return await use({ ...browser, app: appSide });
    } finally {
      open.delete(browser);
      await browser.close();
    }
  }

  /** Opens the app's authorization request; the browser lands on the sign-in page. */
  async function openSignIn(page: Page, flow: Flow, params: Record<string, string> = {}): Promise<void> {
    await page.goto(flow.authorizationUrl(params).href);
    await page.waitForURL((url) => url.pathname === '/sign-in');
  }

  async function heading(page: Page, name: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  }

  /** Waits for the browser to reach the app, and exchanges the code there. */
  async function backInApp(browser: Chromium, flow: Flow): Promise<Tokens> {
    const callback = await browser.app.next();
    return flow.exchange(callback);
  }

  async function signInWithPassword(page: Page, identifier: string, password: string): Promise<void> {
    await page.locator('input[name=identifier]').fill(identifier);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
  }

  async function bridgeMessages(page: Page): Promise<BridgeMessage[]> {
    return page.evaluate(() => (window as unknown as { __bridgeMessages?: BridgeMessage[] }).__bridgeMessages ?? []);
  }

  describe('social sign-in through the OIDC provider', () => {
    /** Clicks "Continue with Acme" with `sub` signing in at the provider; the browser goes there and back. */
    async function continueWithAcme(page: Page, sub: string): Promise<void> {
      oidc.knobs.authorizeAs = sub;
      await page.getByRole('button', { name: 'Continue with Acme', exact: true }).click();
    }

    it('creates a new user with the name and email from the provider', { timeout: 60_000 }, async () => {
      const before = await userCount();
      const tokens = await withChromium({}, async (browser) => {
        const flow = new Flow(instance, app);
        await openSignIn(browser.page, flow);
        await heading(browser.page, fill(en['sign_in.heading_app'], { app: appName }));
        expect(await browser.page.locator(`button[data-connector-id="${target}"]`).textContent()).toBe('Continue with Acme');
        await continueWithAcme(browser.page, 'nova-1');
        return backInApp(browser, flow);
      });
      // The browser really went to the provider's authorization endpoint, with the callback URI.
      expect(oidc.received.authorize).toHaveLength(1);
      expect(oidc.received.authorize[0]).toMatchObject({ client_id: providerClient.clientId, redirect_uri: `${instance.url}/callback/${target}` });
      expect(tokens.idToken).toMatchObject({ name: 'Nova Social', email: 'nova@example.com', email_verified: true, picture: 'https://cdn.example.com/nova.png', username: null });
      expect(await userCount()).toBe(before + 1);
      expect((await getUser(tokens.idToken.sub!)).identities[target]).toMatchObject({ userId: 'nova-1', details: { email: 'nova@example.com' } });
    });

    it('signs a returning social user in to the same user', { timeout: 60_000 }, async () => {
      const signIn = () =>
        withChromium({}, async (browser) => {
          const flow = new Flow(instance, app);
          await openSignIn(browser.page, flow);
          await continueWithAcme(browser.page, 'rey-1');
          return backInApp(browser, flow);
        });
      const first = await signIn();
      const after = await userCount();
      const again = await signIn();
      expect(again.idToken).toMatchObject({ sub: first.idToken.sub, name: 'Rey Returning', email: 'rey@example.com' });
      expect(await userCount()).toBe(after);
    });

    // The connector was named `{ en: 'Acme' }` by the admin: Spanish users read "Continuar con Acme", not the generic "OIDC".
    it('names a connector the admin renamed in English by that name in other languages too', { timeout: 60_000 }, async () => {
      const tokens = await withChromium({}, async (browser) => {
        const flow = new Flow(instance, app);
        await openSignIn(browser.page, flow, { ui_locales: 'es' });
        await heading(browser.page, fill(es['sign_in.heading_app'], { app: appName }));
        const label = fill(es['social.continue_with'], { name: 'Acme' });
        expect(await browser.page.locator(`button[data-connector-id="${target}"]`).textContent()).toBe(label);
        oidc.knobs.authorizeAs = 'sol-1';
        await browser.page.getByRole('button', { name: label, exact: true }).click();
        return backInApp(browser, flow);
      });
      expect(tokens.idToken).toMatchObject({ name: 'Sol Social', email: 'sol@example.com' });
    });

    it('links the social account to the existing email account after signing in to it on the link screen', { timeout: 60_000 }, async () => {
      const janeId = await createUser({ primaryEmail: 'jane@example.com', password: strongPassword, name: 'Jane Doe' });
      const before = await userCount();
      const tokens = await withChromium({}, async (browser) => {
        const { page } = browser;
        const flow = new Flow(instance, app);
        await openSignIn(page, flow);
        await continueWithAcme(page, 'jane-1');
        // Back from the provider on the sign-in page, with the link screen and the masked email.
        await heading(page, fill(en['link_social.heading'], { connector: 'Acme' }));
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        expect(await page.title()).toBe(en['title.link_social']);
        await page.getByText(fill(en['link_social.description'], { user: 'j***@example.com', connector: 'Acme' }), { exact: true }).waitFor();
        expect(await page.getByText('jane@example.com').count()).toBe(0);
        expect((await getUser(janeId)).identities).toEqual({});

        await page.getByRole('button', { name: en['action.sign_in_to_link'], exact: true }).click();
        // Only the password sign-in to the existing account; no social buttons, no sign-up.
        await page.locator('input[name=identifier]').waitFor();
        expect(await page.locator('button[data-connector-id]').count()).toBe(0);
        await signInWithPassword(page, 'jane@example.com', strongPassword);
        return backInApp(browser, flow);
      });
      expect(tokens.idToken).toMatchObject({ sub: janeId, name: 'Jane Doe', email: 'jane@example.com' });
      expect((await getUser(janeId)).identities[target]).toMatchObject({ userId: 'jane-1' });
      expect(await userCount()).toBe(before);
    });
  });

  describe('Alipay (Native) through the native bridge', () => {
    beforeEach(() => patchSignInExperience(api, { signUp: { identifiers: [], password: false, verify: false }, socialSignInConnectorTargets: ['alipay'] }));

    /** The app's web view: the SDK injects the bridge before the page runs. */
    async function injectBridge(browser: TestBrowser): Promise<void> {
      await browser.context.addInitScript(() => {
        const scope = window as unknown as Record<string, unknown> & { __bridgeMessages?: unknown[] };
        scope.logtoNativeSdk = {
          platform: 'ios',
          callbackLink: 'myapp://callback',
          getPostMessage: () => (data: unknown) => {
            scope.__bridgeMessages = [...(scope.__bridgeMessages ?? []), data];
          },
          supportedConnector: { universal: false, nativeTargets: ['alipay'] },
        };
      });
    }

    /**
     * In the web view: clicks the Alipay button, checks what the bridge got, plays the Alipay app
     * (an auth code for `profile`) and loads the callback in the page; returns the tokens.
     */
    async function signInThroughBridge(browser: Chromium, flow: Flow, buttonName: string, profile: { user_id: string; nick_name: string; avatar: string }): Promise<Tokens> {
      const { page } = browser;
      await page.getByRole('button', { name: buttonName, exact: true }).click();
      await expect.poll(() => bridgeMessages(page).then((messages) => messages.length)).toBe(1);
      const [message] = await bridgeMessages(page);
      expect(Object.keys(message!).sort()).toEqual(['callbackUri', 'redirectTo']);
      expect(message!.callbackUri).toBe(`${instance.url}/callback/social/alipay`);
      const alipayUri = new URL(message!.redirectTo!);
      expect(alipayUri.protocol).toBe('alipay:');
      expect(alipayUri.searchParams.get('app_id')).toBe(alipayAppId);
      const state = alipayUri.searchParams.get('state');
      expect(state?.length).toBeGreaterThanOrEqual(32);
      // The page stays where it is: the app opens Alipay.
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      const authCode = alipay.issueAuthCode(profile);
      const callback = `${message!.callbackUri}?${new URLSearchParams({ auth_code: authCode, state: state! })}`;
      // The app loads the callback in the web view. (Not page.goto: Playwright does not route the
      // redirects of a browser-initiated navigation, so the app's origin would not be answered.)
      await page.evaluate((url) => window.location.assign(url), callback);
      return backInApp(browser, flow);
    }

    it('shows the Alipay button only in the app, hands the sign-in to the app, and signs in (also in Spanish)', { timeout: 60_000 }, async () => {
      const profile = { user_id: '2088000000000321', nick_name: 'Ada', avatar: 'https://tfs.alipayobjects.com/images/ada.png' };

      // A plain browser: Alipay (Native) cannot work there, so there is no button.
      await withChromium({}, async (browser) => {
        await openSignIn(browser.page, new Flow(instance, app));
        await heading(browser.page, fill(en['sign_in.heading_app'], { app: appName }));
        await browser.page.locator('button[type=submit]').waitFor();
        expect(await browser.page.locator('button[data-connector-id]').count()).toBe(0);
        expect(await browser.page.getByRole('button', { name: /Alipay/ }).count()).toBe(0);
      });

      const first = await withChromium({}, async (browser) => {
        await injectBridge(browser);
        const flow = new Flow(instance, app);
        await openSignIn(browser.page, flow);
        await heading(browser.page, fill(en['sign_in.heading_app'], { app: appName }));
        expect(await browser.page.locator('button[data-connector-id]').count()).toBe(1);
        expect(await browser.page.locator('button[data-connector-id="alipay"]').textContent()).toBe('Continue with Alipay');
        return signInThroughBridge(browser, flow, 'Continue with Alipay', profile);
      });
      expect(first.idToken).toMatchObject({ name: 'Ada', picture: profile.avatar });
      const user = await getUser(first.idToken.sub!);
      expect(user.identities.alipay).toMatchObject({ userId: profile.user_id, details: { name: 'Ada', avatar: profile.avatar } });
      const usersAfter = await userCount();

      // The same in Spanish: the button and the headings are Spanish; the returning user signs in.
      const again = await withChromium({}, async (browser) => {
        await injectBridge(browser);
        const flow = new Flow(instance, app);
        await openSignIn(browser.page, flow, { ui_locales: 'es' });
        await heading(browser.page, fill(es['sign_in.heading_app'], { app: appName }));
        expect(await browser.page.evaluate(() => document.documentElement.lang)).toBe('es');
        expect(await browser.page.title()).toBe(es['title.sign_in']);
        const label = fill(es['social.continue_with'], { name: 'Alipay' });
        expect(label).toBe('Continuar con Alipay');
        expect(await browser.page.locator('button[data-connector-id="alipay"]').textContent()).toBe(label);
        return signInThroughBridge(browser, flow, label, profile);
      });
      expect(again.idToken).toMatchObject({ sub: first.idToken.sub, name: 'Ada', picture: profile.avatar });
      expect(await userCount()).toBe(usersAfter);
    });
  });

  describe('languages', () => {
    /** Asserts the sign-in page is in `dictionary` (`lang`, title, heading, label, button), then signs Lena in. */
    async function signInPageIn(browser: Chromium, flow: Flow, lang: string, dictionary: Dictionary, params: Record<string, string> = {}): Promise<Tokens> {
      const { page } = browser;
      await openSignIn(page, flow, params);
      await heading(page, fill(dictionary['sign_in.heading_app'], { app: appName }));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await expect.poll(() => page.title()).toBe(dictionary['title.sign_in']);
      expect(await page.locator('label[for=field-identifier]').textContent()).toBe(dictionary['field.username_email']);
      expect(await page.getByLabel(dictionary['field.username_email'], { exact: true }).getAttribute('name')).toBe('identifier');
      expect(await page.locator('label[for=field-password]').textContent()).toBe(dictionary['field.password']);
      expect(await page.locator('button[type=submit]').textContent()).toBe(dictionary['action.sign_in']);
      await signInWithPassword(page, 'lena_lang', strongPassword);
      return backInApp(browser, flow);
    }

    const expectLena = (tokens: Tokens) => expect(tokens.idToken).toMatchObject({ username: 'lena_lang', email: 'lena@example.com', name: 'Lena Lang' });

    it('speaks Spanish when the app asks with ui_locales, errors included', { timeout: 60_000 }, async () => {
      const tokens = await withChromium({}, async (browser) => {
        const { page } = browser;
        const flow = new Flow(instance, app);
        await openSignIn(page, flow, { ui_locales: 'es' });
        await heading(page, fill(es['sign_in.heading_app'], { app: appName }));
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
        await signInWithPassword(page, 'lena_lang', 'Wrong-Password-123');
        const alert = page.getByRole('alert');
        await expect.poll(() => alert.textContent()).toBe(es['error.session.verification_failed']);
        expect(await page.locator('input[name=password]').getAttribute('aria-invalid')).toBe('true');
        // Then the whole page checks out in Spanish, and the right password signs in.
        return signInPageIn(browser, flow, 'es', es, { ui_locales: 'es' });
      });
      expectLena(tokens);
    });

    it('speaks French when the app asks with ui_locales', { timeout: 60_000 }, async () => {
      expectLena(await withChromium({}, (browser) => signInPageIn(browser, new Flow(instance, app), 'fr', fr, { ui_locales: 'fr' })));
    });

    it("speaks the browser's language (Accept-Language) without ui_locales", { timeout: 60_000 }, async () => {
      expectLena(await withChromium({ locale: 'fr-FR' }, (browser) => signInPageIn(browser, new Flow(instance, app), 'fr', fr)));
    });

    it("speaks the configured fallback when detection is off, whatever the browser's language", { timeout: 60_000 }, async () => {
      await patchSignInExperience(api, { languageInfo: { autoDetect: false, fallbackLanguage: 'es' } });
      expectLena(await withChromium({ locale: 'fr-FR' }, (browser) => signInPageIn(browser, new Flow(instance, app), 'es', es)));
    });

    it('speaks Simplified Chinese when the app asks for zh-CN', { timeout: 60_000 }, async () => {
      expectLena(await withChromium({}, (browser) => signInPageIn(browser, new Flow(instance, app), 'zh-CN', zhCN, { ui_locales: 'zh-CN' })));
    });
  });

  it('uses the dark primary colour and logo in dark mode, and applies custom CSS without running script', { timeout: 60_000 }, async () => {
    const color = { primaryColor: '#0A7B38', isDarkModeEnabled: true, darkPrimaryColor: '#FFB000' };
    const branding = { logoUrl: 'http://127.0.0.1/brand/logo-light.png', darkLogoUrl: 'http://127.0.0.1/brand/logo-dark.png' };
    const customCss = 'body { outline: 3px solid rgb(1, 2, 3) }</style><script>window.__pwned = 1</script>';
    await patchSignInExperience(api, { color, branding, customCss });

    const tokens = await withChromium({ colorScheme: 'dark' }, async (browser) => {
      const { page } = browser;
      const logoRequests: string[] = [];
      await browser.context.route('http://127.0.0.1/brand/**', async (route) => {
        logoRequests.push(route.request().url());
        await route.fulfill({ status: 200, contentType: 'image/png', body: pixelPng });
      });
      const flow = new Flow(instance, app);
      await openSignIn(page, flow);
      await heading(page, fill(en['sign_in.heading_app'], { app: appName }));
      const submit = page.locator('button[type=submit]');
      const look = () =>
        page.evaluate(() => {
          const button = document.querySelector('button[type=submit]')!;
          const logo = document.querySelector<HTMLImageElement>('img.logo');
          return {
            theme: document.documentElement.dataset.theme,
            primary: getComputedStyle(document.documentElement).getPropertyValue('--primary').trim(),
            buttonBackground: getComputedStyle(button).backgroundColor,
            logo: logo?.getAttribute('src'),
            logoLoaded: Boolean(logo?.complete && logo.naturalWidth > 0),
          };
        });
      await submit.waitFor();
      await expect.poll(look).toEqual({ theme: 'dark', primary: color.darkPrimaryColor, buttonBackground: rgb(color.darkPrimaryColor), logo: branding.darkLogoUrl, logoLoaded: true });
      expect(logoRequests).toEqual([branding.darkLogoUrl]);

      // The admin's CSS applies, and what looked like a script in it stayed text.
      const body = await page.evaluate(() => {
        const style = getComputedStyle(document.body);
        return { outline: `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`, pwned: (window as unknown as { __pwned?: unknown }).__pwned };
      });
      expect(body).toEqual({ outline: '3px solid rgb(1, 2, 3)', pwned: undefined });
      expect(await page.locator('script:not([src])').count()).toBe(0);

      // The user turns the system back to light: the light colour and logo.
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(look).toEqual({ theme: 'light', primary: color.primaryColor, buttonBackground: rgb(color.primaryColor), logo: branding.logoUrl, logoLoaded: true });

      await signInWithPassword(page, 'lena@example.com', strongPassword);
      return backInApp(browser, flow);
    });
    expect(tokens.idToken).toMatchObject({ username: 'lena_lang', email: 'lena@example.com' });
  });

  it('previews an unsaved configuration in an iframe of the Console without calling the Experience API', { timeout: 60_000 }, async () => {
    const response = await fetch(`${instance.url}/api/experience/settings`);
    expect(response.status).toBe(200);
    const saved = (await response.json()) as ExperienceSettings;
    const previewColor = '#C2185B';
    const settings: ExperienceSettings = {
      ...saved,
      signInExperience: {
        ...saved.signInExperience,
        signUp: { identifiers: ['email'], password: false, verify: true },
        color: { ...saved.signInExperience.color, primaryColor: previewColor },
      },
    };

    const tokens = await withChromium({}, async (browser) => {
      const { page, context } = browser;
      const requests: { method: string; url: URL }[] = [];
      context.on('request', (request) => requests.push({ method: request.method(), url: new URL(request.url()) }));
      await page.route(`${instance.url}/preview-host`, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: `<!doctype html><title>Console</title>
<script>
  window.previewReady = new Promise((resolve) => addEventListener('message', (event) => {
    if (event.origin === location.origin && event.data && event.data.type === 'signet:preview-ready') resolve(true);
  }));
</script>
<iframe id="preview" src="/sign-in?preview=1" width="600" height="900"></iframe>`,
        }),
      );
      await page.goto(`${instance.url}/preview-host`);
      expect(await page.evaluate(() => (window as unknown as { previewReady: Promise<boolean> }).previewReady)).toBe(true);
      await page.evaluate(
        (message) => (document.getElementById('preview') as HTMLIFrameElement).contentWindow!.postMessage(message, location.origin),
        { type: 'signet:preview', settings, page: 'register' },
      );

      const frame = page.frameLocator('#preview');
      await frame.getByRole('heading', { level: 1, name: en['register.heading'], exact: true }).waitFor();
      const email = frame.locator('input[name=email]');
      await email.waitFor();
      expect(await frame.locator(`label[for=field-email]`).textContent()).toBe(en['field.email']);
      const previewSubmit = frame.locator('button[type=submit]');
      expect(await previewSubmit.textContent()).toBe(en['action.send_code']);
      expect(await previewSubmit.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(rgb(previewColor));
      // The preview's forms do nothing: no code is sent.
      await email.fill('preview@example.com');
      await previewSubmit.click();
      expect(await frame.getByRole('alert').textContent()).toBe('');

      const experienceCalls = requests.filter((request) => request.url.origin === instance.url && request.url.pathname.startsWith('/api/'));
      expect(experienceCalls).toEqual([]);

      // Nothing was saved: a real sign-in shows the saved configuration and completes.
      const flow = new Flow(instance, app);
      await openSignIn(page, flow);
      await heading(page, fill(en['sign_in.heading_app'], { app: appName }));
      expect(await page.locator('button[type=submit]').evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(rgb(saved.signInExperience.color.primaryColor));
      await signInWithPassword(page, 'lena_lang', strongPassword);
      return backInApp(browser, flow);
    });
    expect(tokens.idToken).toMatchObject({ username: 'lena_lang', email: 'lena@example.com' });
  });
});
