// The two guides in ../shared/seeds, end to end, as a user follows them: the example Next.js app
// (Auth.js v5 or Next Auth v4, production build) signs in with a Signet whose application was created
// by `signet create-app` (the env lines it prints are the app's env), in real Chromium:
//   - Aliyun Direct Mail (the French guide): "Sign in" → Signet's page → email → a code sent through
//     the aliyun-direct-mail connector to its fake provider (which checks the request signature) →
//     back in the app with the email in the session; sign out; sign in again with a new code; the same
//     with the page in French.
//   - Alipay (Native) (the Spanish guide): the app in a web view that carries the native bridge → "Continue
//     with Alipay" → the bridge gets callbackUri and alipay://?app_id=… → the test plays the Alipay app
//     (an auth code from the fake gateway) and loads the callback → signed in with the Alipay identity;
//     the same in Spanish.
//   - v5: the refresh token the app keeps works at /oidc/token.
// Each database kind (PGlite, PostgreSQL) gets its own Signet and its own Next.js server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { User } from '@signet/schemas';
import { startAliyunDirectMailFake, type AliyunDirectMailFake } from '../../../src/connectors/aliyun-direct-mail/aliyun-direct-mail.fake.ts';
import { createAlipayAppKeys, startAlipayFake, type AlipayFake } from '../../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';
import { runCli } from '../../../src/cli/run.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, testAdminClient, type DatabaseKind, type TestSignet } from '../../support/test-signet.ts';
import { patchSignInExperience, skipResendDelay, type Api } from '../../support/experience-kit.ts';
import { launchChromium, type TestBrowser } from '../../support/chromium.ts';
import { en } from '../../../../experience/src/i18n/en.ts';
import { es } from '../../../../experience/src/i18n/es.ts';
import { fr } from '../../../../experience/src/i18n/fr.ts';
import { buildNextApp, freeLocalhostPort, startNextApp, type NextServer, type NextVariant } from './next-app.ts';

type Dictionary = typeof en;

const appName = 'Bookstore';
const sender = { accountName: 'no-reply@mail.bookstore.example', fromAlias: 'Bookstore' };
const alipayAppId = '2021000000000066';
/** One template per usage type, as the guide asks; the subject tells the tests which one was used. */
const templates = [
  { usageType: 'Register', subject: 'Bookstore: your sign-up code', content: '<p>Your sign-up code is {{code}}.</p>' },
  { usageType: 'SignIn', subject: 'Bookstore: your sign-in code', content: '<p>Your sign-in code is {{code}}.</p>' },
  { usageType: 'ForgotPassword', subject: 'Bookstore: reset your password', content: '<p>Your code is {{code}}.</p>' },
  { usageType: 'Generic', subject: 'Bookstore: your code', content: '<p>Your code is {{code}}.</p>' },
];
const subjectOf = (usageType: string) => templates.find((template) => template.usageType === usageType)!.subject;

/** The French guide's sign-in experience: email sign-up (verified by code), email sign-in by code. */
const emailPasswordless = {
  signUp: { identifiers: ['email'], password: false, verify: true },
  signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
};
/** The Spanish guide's: "Not applicable" as the sign-up identifier, Alipay under social sign-in. */
const alipaySocial = {
  signUp: { identifiers: [], password: false, verify: false },
  socialSignInConnectorTargets: ['alipay'],
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
};

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

/** `KEY=value` lines → object. */
const parseEnvLines = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

type BridgeMessage = { callbackUri?: string; redirectTo?: string };

export function describeGuides(variant: NextVariant): void {
  beforeAll(() => buildNextApp(variant), 600_000);

  describe.each(databaseKinds)(`Auth.js ${variant} example on %s`, (kind: DatabaseKind) => {
    let instance: TestSignet;
    let api: Api;
    let mail: AliyunDirectMailFake;
    let alipay: AlipayFake;
    let next: NextServer;
    let appId: string;
    let appSecret: string;
    const browsers = new Set<TestBrowser>();

    beforeAll(async () => {
      // The fakes first: their RSA key generation blocks the event loop, which must not happen between
      // two requests on one keep-alive connection (the server could close it under the second one).
      const keys = createAlipayAppKeys();
      alipay = await startAlipayFake({ apps: [{ appId: alipayAppId, publicKeyPem: keys.publicKeyPem }] });
      mail = await startAliyunDirectMailFake({ verifiedSenders: [sender.accountName] });

      instance = await startTestSignet({ kind });
      api = apiClient(instance.url, await managementToken(instance.url));

      // The French guide's connector, talking to the fake Aliyun endpoint.
      const mailConnector = await api('POST', '/api/connectors', {
        connectorId: 'aliyun-direct-mail',
        config: { accessKeyId: mail.accessKeyId, accessKeySecret: mail.accessKeySecret, ...sender, endpoint: mail.url, templates },
      });
      expect(mailConnector.status, JSON.stringify(mailConnector.body)).toBe(201);

      // The Spanish guide's connector: appId, privateKey with `\n` escapes as pasted, RSA2.
      const alipayConnector = await api('POST', '/api/connectors', {
        connectorId: 'alipay-native',
        id: 'alipay',
        config: { appId: alipayAppId, privateKey: keys.privateKeyPkcs8Pem.replace(/\n/g, '\\n'), signType: 'RSA2', gatewayUrl: alipay.url, alipayPublicKey: alipay.gatewayPublicKeyPem },
      });
      expect(alipayConnector.status, JSON.stringify(alipayConnector.body)).toBe(201);

      // The app, as the README says: `npm run signet -- create-app`, then its lines are the app's env.
      const port = await freeLocalhostPort();
      let stdout = '';
      let stderr = '';
      const code = await runCli(
        ['create-app', '--framework', `authjs-${variant}`, '--name', appName, '--base-url', `http://localhost:${port}`],
        { SIGNET_ENDPOINT: instance.url, SIGNET_ADMIN_CLIENT_ID: testAdminClient.id, SIGNET_ADMIN_CLIENT_SECRET: testAdminClient.secret },
        { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
      );
      expect(code, stderr).toBe(0);
      const env = parseEnvLines(stdout);
      appId = env.AUTH_LOGTO_ID!;
      appSecret = env.AUTH_LOGTO_SECRET!;
      next = await startNextApp(variant, port, { ...env, EXAMPLE_EXPOSE_REFRESH_TOKEN: 'true' });
    }, 120_000);

    afterAll(async () => {
      for (const browser of browsers) await browser.close();
      await next?.close();
      await instance?.close();
      await mail?.close();
      await alipay?.close();
    });

    /** A fresh browser (no session anywhere), closed after `use`; failures carry the app's log. */
    async function withBrowser<T>(options: Parameters<typeof launchChromium>[0], use: (browser: TestBrowser) => Promise<T>): Promise<T> {
      const browser = await launchChromium(options);
      browsers.add(browser);
      try {
        return await use(browser);
      } catch (error) {
        (error as Error).message += `\n--- Next.js (${variant}) output ---\n${next.output().slice(-4000)}`;
        throw error;
      } finally {
        browsers.delete(browser);
        await browser.close();
      }
    }

    async function findUsers(search: string): Promise<User[]> {
      const found = await api<User[]>('GET', `/api/users?search=${encodeURIComponent(search)}`);
      expect(found.status).toBe(200);
      return found.body;
    }

    /** The app's home page, signed out: "Sign in" takes the browser to Signet's sign-in page. */
    async function signInFromApp(page: Page, dictionary: Dictionary): Promise<void> {
      await page.goto(next.url);
      await page.getByText('You are not signed in.').waitFor();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((url) => url.origin === instance.url && url.pathname === '/sign-in');
      await page.getByRole('heading', { level: 1, name: fill(dictionary['sign_in.heading_app'], { app: appName }), exact: true }).waitFor();
    }

    /** Back on the app's home page with a session; returns what it shows. */
    async function sessionShown(page: Page): Promise<{ email: string; name: string; image: string | null }> {
      await page.waitForURL((url) => url.origin === next.url && url.pathname === '/');
      await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
      return {
        email: (await page.getByTestId('user-email').textContent()) ?? '',
        name: (await page.getByTestId('user-name').textContent()) ?? '',
        image: (await page.getByTestId('user-image').count()) > 0 ? await page.getByTestId('user-image').getAttribute('src') : null,
      };
    }

    async function signOutOfApp(page: Page): Promise<void> {
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await page.goto(next.url);
      await page.getByText('You are not signed in.').waitFor();
    }

    /** The code in the newest mail the fake Aliyun endpoint accepted for `to` with `usageType`'s template. */
    async function codeMailed(to: string, usageType: string, mailsBefore: number): Promise<string> {
      await expect.poll(() => mail.mails.slice(mailsBefore).filter((item) => item.toAddress === to).length, { timeout: 10_000 }).toBe(1);
      const delivered = mail.mails.slice(mailsBefore).find((item) => item.toAddress === to)!;
      expect(delivered).toMatchObject({ accountName: sender.accountName, fromAlias: sender.fromAlias, subject: subjectOf(usageType), addressType: '1', replyToAddress: 'false' });
      const code = /\b(\d{6})\b/.exec(delivered.htmlBody ?? '')?.[1];
      expect(code, delivered.htmlBody).toBeDefined();
      return code!;
    }

    async function enterCode(page: Page, dictionary: Dictionary, to: string, usageType: string, mailsBefore: number): Promise<void> {
      await page.getByText(fill(dictionary['code.sent'], { target: to }), { exact: true }).waitFor();
      await page.locator('input[name="code"]').fill(await codeMailed(to, usageType, mailsBefore));
      await page.locator('button[type="submit"]').click();
    }

    /** On Signet's sign-in page: "Create account" → email → "Send code" → the mailed code. */
    async function registerWithEmail(page: Page, dictionary: Dictionary, email: string): Promise<void> {
      await page.getByRole('link', { name: dictionary['link.create_account'], exact: true }).click();
      await page.getByRole('heading', { level: 1, name: fill(dictionary['register.heading_app'], { app: appName }), exact: true }).waitFor();
      await page.getByLabel(dictionary['field.email'], { exact: true }).fill(email);
      const mailsBefore = mail.mails.length;
      await page.getByRole('button', { name: dictionary['action.send_code'], exact: true }).click();
      await enterCode(page, dictionary, email, 'Register', mailsBefore);
    }

    /** On Signet's sign-in page: email → "Continue" → the mailed code. */
    async function signInWithEmail(page: Page, dictionary: Dictionary, email: string): Promise<void> {
      await page.locator('input[name="identifier"]').fill(email);
      const mailsBefore = mail.mails.length;
      await page.getByRole('button', { name: dictionary['action.continue'], exact: true }).click();
      await enterCode(page, dictionary, email, 'SignIn', mailsBefore);
    }

    describe('Aliyun Direct Mail guide (passwordless email)', () => {
      beforeAll(() => patchSignInExperience(api, emailPasswordless));

      it('signs up with a mailed code, signs out, signs in again with a new code', { timeout: 120_000 }, async () => {
        const email = `reader-${kind}-${variant}@example.com`;
        await withBrowser({}, async ({ page, context }) => {
          await signInFromApp(page, en);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
          await registerWithEmail(page, en, email);
          expect((await sessionShown(page)).email).toBe(email);
          const [user] = await findUsers(email);
          expect(user).toMatchObject({ primaryEmail: email });

          if (variant === 'v5') {
            // The refresh token Auth.js kept works at Signet's token endpoint, for this app and user.
            const kept = await page.request.get(`${next.url}/api/test/refresh-token`);
            expect(kept.status()).toBe(200);
            const { refreshToken } = (await kept.json()) as { refreshToken: string | null };
            expect(refreshToken).toBeTruthy();
            const refreshed = await fetch(`${instance.url}/oidc/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${appId}:${appSecret}`).toString('base64')}` },
              body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken! }),
            });
            const tokens = (await refreshed.json()) as { access_token?: string; id_token?: string; refresh_token?: string; scope?: string };
            expect(refreshed.status, JSON.stringify(tokens)).toBe(200);
            expect(tokens.access_token).toBeTruthy();
            // Rotated: a new refresh token replaces the one used.
            expect(tokens.refresh_token).toBeTruthy();
            expect(tokens.refresh_token).not.toBe(refreshToken);
            const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${instance.url}/oidc/jwks`)), {
              issuer: `${instance.url}/oidc`,
              audience: appId,
            });
            expect(protectedHeader.alg).toBe('ES384');
            expect(payload).toMatchObject({ sub: user!.id, email });
          } else {
            // Only the v5 example exposes it (and only for these tests).
            expect((await page.request.get(`${next.url}/api/test/refresh-token`)).status()).toBe(404);
          }

          await signOutOfApp(page);
          // A later visit: Signet's own session has ended too (as after closing the browser), so
          // signing in asks for a new code.
          await context.clearCookies({ domain: new URL(instance.url).hostname });
          await skipResendDelay(instance);
          await signInFromApp(page, en);
          await signInWithEmail(page, en, email);
          expect((await sessionShown(page)).email).toBe(email);
        });
        expect(await findUsers(email)).toHaveLength(1);
      });

      it('does the same with the page in French (the browser speaks French)', { timeout: 120_000 }, async () => {
        const email = `lectrice-${kind}-${variant}@example.fr`;
        await withBrowser({ locale: 'fr-FR' }, async ({ page, context }) => {
          await signInFromApp(page, fr);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
          expect(await page.title()).toBe(fr['title.sign_in']);
          await registerWithEmail(page, fr, email);
          expect((await sessionShown(page)).email).toBe(email);

          await signOutOfApp(page);
          await context.clearCookies({ domain: new URL(instance.url).hostname });
          await skipResendDelay(instance);
          await signInFromApp(page, fr);
          await signInWithEmail(page, fr, email);
          expect((await sessionShown(page)).email).toBe(email);
        });
        expect(await findUsers(email)).toHaveLength(1);
      });
    });

    describe('Alipay (Native) guide, in the native app', () => {
      beforeAll(() => patchSignInExperience(api, alipaySocial));

      /** The app's web view: its SDK injects the bridge before any page runs (the app's and Signet's). */
      async function injectBridge(browser: TestBrowser): Promise<void> {
        await browser.context.addInitScript(() => {
          const scope = window as unknown as Record<string, unknown> & { __bridgeMessages?: unknown[] };
          scope.logtoNativeSdk = {
            platform: 'android',
            callbackLink: 'io.signet.bookstore://callback',
            getPostMessage: () => (data: unknown) => {
              scope.__bridgeMessages = [...(scope.__bridgeMessages ?? []), data];
            },
            supportedConnector: { universal: false, nativeTargets: ['alipay'] },
          };
        });
      }

      /** Clicks "Continue with Alipay", checks what the bridge got, plays the Alipay app and loads the callback. */
      async function continueWithAlipay(page: Page, dictionary: Dictionary, profile: { user_id: string; nick_name: string; avatar: string }): Promise<void> {
        const label = fill(dictionary['social.continue_with'], { name: 'Alipay' });
        await page.getByRole('button', { name: label, exact: true }).click();
        const messages = () => page.evaluate(() => (window as unknown as { __bridgeMessages?: BridgeMessage[] }).__bridgeMessages ?? []);
        await expect.poll(async () => (await messages()).length).toBe(1);
        const [message] = await messages();
        expect(message!.callbackUri).toBe(`${instance.url}/callback/social/alipay`);
        const alipayUri = new URL(message!.redirectTo!);
        expect(alipayUri.protocol).toBe('alipay:');
        expect(alipayUri.searchParams.get('app_id')).toBe(alipayAppId);
        const state = alipayUri.searchParams.get('state');
        expect(state).toBeTruthy();
        // The Alipay app hands back an auth code; the native app loads the callback in the web view.
        const authCode = alipay.issueAuthCode(profile);
        const callback = `${message!.callbackUri}?${new URLSearchParams({ auth_code: authCode, state: state! })}`;
        await page.evaluate((url) => window.location.assign(url), callback);
      }

      it('signs in with Alipay through the bridge, then again in Spanish as the same user', { timeout: 120_000 }, async () => {
        const profile = { user_id: `2088${kind === 'pglite' ? '1' : '2'}${variant === 'v5' ? '5' : '4'}0000000123`, nick_name: 'Ada', avatar: 'https://tfs.alipayobjects.com/images/partner/ada.png' };
        const before = alipay.requests.length;

        const first = await withBrowser({}, async (browser) => {
          await injectBridge(browser);
          await signInFromApp(browser.page, en);
          expect(await browser.page.locator('button[data-connector-id="alipay"]').textContent()).toBe('Continue with Alipay');
          await continueWithAlipay(browser.page, en, profile);
          return sessionShown(browser.page);
        });
        expect(first).toEqual({ email: '', name: 'Ada', image: profile.avatar });
        // Signet really asked the (fake) gateway, with signed requests.
        const calls = alipay.requests.slice(before);
        expect(calls.map((call) => call.method)).toEqual(['alipay.system.oauth.token', 'alipay.user.info.share']);
        expect(calls.every((call) => call.signatureValid)).toBe(true);

        const users = (await findUsers('Ada')).filter((user) => user.identities.alipay?.userId === profile.user_id);
        expect(users).toHaveLength(1);
        expect(users[0]!.identities.alipay).toMatchObject({ userId: profile.user_id, details: { name: 'Ada', avatar: profile.avatar } });

        const again = await withBrowser({ locale: 'es-ES' }, async (browser) => {
          await injectBridge(browser);
          await signInFromApp(browser.page, es);
          expect(await browser.page.evaluate(() => document.documentElement.lang)).toBe('es');
          expect(await browser.page.locator('button[data-connector-id="alipay"]').textContent()).toBe('Continuar con Alipay');
          await continueWithAlipay(browser.page, es, profile);
          return sessionShown(browser.page);
        });
        expect(again).toEqual(first);
        expect((await findUsers('Ada')).filter((user) => user.identities.alipay?.userId === profile.user_id)).toHaveLength(1);
      });
    });
  });
}
