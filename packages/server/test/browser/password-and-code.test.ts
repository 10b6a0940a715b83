// The password and code journeys of the sign-in pages in real Chromium: a person types into the
// pages Signet serves, the browser follows the redirects back to the app (answered by the test), and
// the app exchanges the code for tokens whose ID token claims are checked. Passwordless email
// sign-up and sign-in, username + password, an email user created by an admin, forgot password,
// single sign-on to a second app, consent for a third-party app, the error messages as the user reads
// them (English and French), keyboard only, a small screen, and the first page's size and speed.
import { sql } from 'drizzle-orm';
import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { interceptApp, launchChromium, type TestBrowser } from '../support/chromium.ts';
import { createApp, Flow, latestCode, patchSignInExperience, setUpDevOutbox, skipResendDelay, type Api, type App, type Tokens } from '../support/experience-kit.ts';
import { apiClient, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';

const strongPassword = 'Quiet-Lantern-Orbit-42';
const newStrongPassword = 'Another-Strong-Pass-7';

/** Sign-up and sign-in with a username and a password (one form: identifier + password). */
const usernamePassword = {
  signUp: { identifiers: ['username'], password: true, verify: false },
  signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
};
/** Passwordless: sign-up and sign-in by email code only. */
const emailCodeOnly = {
  signUp: { identifiers: ['email'], password: false, verify: true },
  signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
};
/** Email + password first (a code as the alternative), sign-up by email with a password. */
const emailPassword = {
  signUp: { identifiers: ['email'], password: true, verify: true },
  signIn: { methods: [{ identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true }] },
};
/** Identifier first: an email gets a code, a username is asked its password on the next screen. */
const identifierFirst = {
  signUp: { identifiers: ['email'], password: false, verify: true },
  signIn: {
    methods: [
      { identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: false },
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
    ],
  },
};

/** A browser at the app's side: the page, and the callbacks it reaches at the app. */
type Visit = TestBrowser & { callbacks: { next(): Promise<URL> } };

describe('Password and code journeys in Chromium (pglite)', () => {
  let instance: TestSignet;
  let api: Api;
  let app: App;
  let opened: TestBrowser[] = [];

  beforeAll(async () => {
    instance = await startTestSignet({ kind: 'pglite' });
    api = apiClient(instance.url, await managementToken(instance.url));
    await setUpDevOutbox(api);
    app = await createApp(api);
  });
  afterAll(() => instance.close());

  beforeEach(async () => {
    // Every request comes from 127.0.0.1: fresh per-address counters for every test.
    await instance.database.db.execute(sql`delete from rate_limit_counters`);
  });
  afterEach(async () => {
    await Promise.all(opened.map((browser) => browser.close()));
    opened = [];
  });

  /** A fresh Chromium (closed after the test) whose app callbacks are recorded. */
  async function openBrowser(options: Parameters<typeof launchChromium>[0] = {}, closeAfterTest = true): Promise<Visit> {
    const browser = await launchChromium(options);
    if (closeAfterTest) opened.push(browser);
    return { ...browser, callbacks: await interceptApp(browser.context) };
  }

  /** The app sends the browser to Signet: a new authorization request opened in the page. */
  async function authorize(visit: Visit, params: Record<string, string> = {}, toApp: App = app): Promise<Flow> {
    const flow = new Flow(instance, toApp);
    await visit.page.goto(flow.authorizationUrl(params).href);
    return flow;
  }

  /** Waits for the browser to reach the app, and exchanges the code the app got. */
  async function backInApp(visit: Visit, flow: Flow): Promise<Tokens> {
    const callback = await visit.callbacks.next();
    expect(callback.pathname).toBe('/api/auth/callback/logto');
    // The page has arrived at the app (no navigation of Signet's still under way).
    await visit.page.waitForURL((url) => url.origin === 'http://localhost:3000');
    return flow.exchange(callback);
  }

  async function createUser(body: Record<string, unknown>): Promise<string> {
    const created = await api<{ id: string }>('POST', '/api/users', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  const input = (page: Page, name: string) => page.locator(`input[name="${name}"]`);
  const submitButton = (page: Page) => page.locator('button[type="submit"]');
  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  /** Waits for the heading of the screen to read `text`. */
  async function expectHeading(page: Page, text: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  }

  /** The screen's one error region must read exactly `text` (message, then each detail on its line). */
  async function expectAlert(page: Page, text: string): Promise<void> {
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 5000 }).toBe(text);
  }

  /** Clicks the form's submit button and waits for the Experience API's answer to `POST path`. */
  async function submitAndWait(page: Page, path: string): Promise<Response> {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => new URL(candidate.url()).pathname === `/api/experience${path}` && candidate.request().method() !== 'GET'),
      submitButton(page).click(),
    ]);
    return response;
  }

  /** On the code screen: reads the newest code sent to `to` and enters it. */
  async function enterCode(page: Page, to: string, usageType: string): Promise<void> {
    await input(page, 'code').waitFor();
    await input(page, 'code').fill(await latestCode(api, to, usageType));
    await submitButton(page).click();
  }

  /** A wrong code (never the right one by chance). */
  async function wrongCode(to: string, usageType: string): Promise<string> {
    return (await latestCode(api, to, usageType)) === '000000' ? '111111' : '000000';
  }

  /** Makes every code sent to `email` in a sign-in in progress expire (in the stored state). */
  async function expireCodesSentTo(email: string): Promise<void> {
    const updated = await queryRows(
      instance.database.db,
      sql`update experience_sessions set state = jsonb_set(state, '{verifications}', (
            select jsonb_agg(case when item->'code'->'identifier'->>'value' = ${email}
                               then jsonb_set(item, '{code,expiresAt}', to_jsonb(${Date.now() - 1000}::bigint))
                               else item end order by position)
            from jsonb_array_elements(state->'verifications') with ordinality as entry(item, position)))
          where exists (select 1 from jsonb_array_elements(state->'verifications') as item where item->'code'->'identifier'->>'value' = ${email})
          returning interaction_uid`,
    );
    expect(updated).toHaveLength(1);
  }

  it('signs up passwordless with an email code, then signs in with a new code', { timeout: 60_000 }, async () => {
    await patchSignInExperience(api, emailCodeOnly);
    const visit = await openBrowser();
    const { page } = visit;
    const email = 'grace@example.com';

    const flow = await authorize(visit);
    await expectHeading(page, 'Sign in to Bookstore');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Create account' }).click();
    await expectHeading(page, 'Create your Bookstore account');
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(await page.title()).toBe('Create account');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText(`We sent a 6-digit code to ${email}. Enter it below.`, { exact: true }).waitFor();
    await enterCode(page, email, 'Register');
    const registered = await backInApp(visit, flow);
    expect(registered.idToken).toMatchObject({ email, email_verified: true });

    // A new visit (no Signet session) signs in with a new code.
    await visit.context.clearCookies();
    await skipResendDelay(instance);
    const again = await authorize(visit);
    await expectHeading(page, 'Sign in to Bookstore');
    // Typed in other letters: the same account. The page and the message keep what was typed.
    await input(page, 'identifier').fill('Grace@Example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a 6-digit code to Grace@Example.com. Enter it below.', { exact: true }).waitFor();
    await enterCode(page, 'Grace@Example.com', 'SignIn');
    const signedIn = await backInApp(visit, again);
    expect(signedIn.idToken).toMatchObject({ sub: registered.idToken.sub, email, email_verified: true });
  });

  it('signs up with a username and a password, then signs in with them', { timeout: 60_000 }, async () => {
    await patchSignInExperience(api, usernamePassword);
    const visit = await openBrowser();
    const { page } = visit;

    const flow = await authorize(visit);
    await page.getByRole('link', { name: 'Create account' }).click();
    await expectHeading(page, 'Create your Bookstore account');
    await input(page, 'username').fill('ada_lovelace');
    await input(page, 'newPassword').fill(strongPassword);
    await input(page, 'confirmPassword').fill(strongPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    const registered = await backInApp(visit, flow);
    expect(registered.idToken).toMatchObject({ username: 'ada_lovelace', email: null });

    await visit.context.clearCookies();
    const again = await authorize(visit);
    await expectHeading(page, 'Sign in to Bookstore');
    await page.getByLabel('Username', { exact: true }).fill('ada_lovelace');
    await page.getByLabel('Password', { exact: true }).fill(strongPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const signedIn = await backInApp(visit, again);
    expect(signedIn.idToken).toMatchObject({ sub: registered.idToken.sub, username: 'ada_lovelace' });
  });

  describe('an email user created by an admin, in one browser', () => {
    let visit: Visit;
    let userId: string;
    let firstSignIn: Tokens | undefined;

    beforeAll(async () => {
      visit = await openBrowser({}, false);
    });
    afterAll(() => visit.close());

    it('signs in with the email and the password', { timeout: 60_000 }, async () => {
      await patchSignInExperience(api, emailPassword);
      userId = await createUser({ primaryEmail: 'hopper@example.com', password: strongPassword, name: 'Grace Hopper' });
      const { page } = visit;
      const flow = await authorize(visit);
      await expectHeading(page, 'Sign in to Bookstore');
      await page.getByLabel('Email', { exact: true }).fill('hopper@example.com');
      await page.getByLabel('Password', { exact: true }).fill(strongPassword);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      firstSignIn = await backInApp(visit, flow);
      expect(firstSignIn.idToken).toMatchObject({ sub: userId, aud: app.id, name: 'Grace Hopper', email: 'hopper@example.com', email_verified: true });
    });

    it('signs in to a second app by SSO, without showing the sign-in page', { timeout: 60_000 }, async () => {
      expect(firstSignIn, 'needs the sign-in of the test before').toBeDefined();
      const secondApp = await createApp(api, { name: 'Second app' });
      const { page } = visit;
      const pagesShown: string[] = [];
      page.on('request', (request) => {
        if (request.isNavigationRequest()) pagesShown.push(new URL(request.url()).pathname);
      });
      // The second app, where the browser is now, sends it to Signet (a navigation the page starts:
      // Playwright routes the redirect back to the app only then, not after a page.goto).
      expect(new URL(page.url()).origin).toBe('http://localhost:3000');
      const flow = new Flow(instance, secondApp);
      await page.evaluate((href) => window.location.assign(href), flow.authorizationUrl().href);
      const tokens = await backInApp(visit, flow);
      expect(tokens.idToken).toMatchObject({ sub: userId, aud: secondApp.id, email: 'hopper@example.com' });
      expect(new URL(page.url()).origin).toBe('http://localhost:3000');
      expect(pagesShown.filter((path) => ['/sign-in', '/register', '/consent'].includes(path))).toEqual([]);
      expect(await heading(page).textContent()).toBe('Back in the app');
    });
  });

  it('resets a forgotten password by email code: policy message, old password refused, signed in', { timeout: 60_000 }, async () => {
    await patchSignInExperience(api, { ...emailPassword, signIn: { methods: [{ identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true }] } });
    const email = 'forgetful@example.com';
    const userId = await createUser({ primaryEmail: email, password: strongPassword });
    const visit = await openBrowser();
    const { page } = visit;

    const flow = await authorize(visit);
    await expectHeading(page, 'Sign in to Bookstore');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expectHeading(page, 'Reset your password');
    expect(new URL(page.url()).pathname).toBe('/forgot-password');
    await page.getByText('We will send a verification code to your email.', { exact: true }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await enterCode(page, email, 'ForgotPassword');
    await expectHeading(page, 'Set a new password');
    // Long enough for the page, refused by the server (a leaked password): the translated reasons.
    await input(page, 'newPassword').fill('password');
    await input(page, 'confirmPassword').fill('password');
    await submitAndWait(page, '/profile/password');
    await expectAlert(page, 'The password does not meet the requirements:\nThis password is too common or has appeared in a data breach.');
    expect(await input(page, 'newPassword').getAttribute('aria-invalid')).toBe('true');
    await input(page, 'newPassword').fill(newStrongPassword);
    await input(page, 'confirmPassword').fill(newStrongPassword);
    await page.getByRole('button', { name: 'Save password' }).click();
    expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, email });

    // A new visit: the old password is refused, the new one signs in.
    await visit.context.clearCookies();
    const again = await authorize(visit);
    await expectHeading(page, 'Sign in to Bookstore');
    await input(page, 'identifier').fill(email);
    await input(page, 'password').fill(strongPassword);
    await submitAndWait(page, '/verification/password');
    await expectAlert(page, 'The account or password is incorrect.');
    await input(page, 'password').fill(newStrongPassword);
    await submitButton(page).click();
    expect((await backInApp(visit, again)).idToken).toMatchObject({ sub: userId, email, email_verified: true });
  });

  describe('consent for a third-party app', () => {
    let partner: App;
    const scope = { scope: 'openid profile email' };
    beforeAll(async () => {
      partner = await createApp(api, { name: 'Partner Portal', isThirdParty: true });
    });
    beforeEach(() => patchSignInExperience(api, usernamePassword));

    /** Signs `username` in to the partner app in the page; the browser ends at the consent page. */
    async function signInToPartner(visit: Visit, username: string): Promise<Flow> {
      const { page } = visit;
      const flow = await authorize(visit, scope, partner);
      await expectHeading(page, 'Sign in to Partner Portal');
      await input(page, 'identifier').fill(username);
      await input(page, 'password').fill(strongPassword);
      await submitButton(page).click();
      await expectHeading(page, 'Partner Portal wants to access your account');
      expect(new URL(page.url()).pathname).toBe('/consent');
      expect(await page.title()).toBe('Authorize');
      return flow;
    }

    it('shows the app and the scopes; Allow sends the user to the app with tokens', { timeout: 60_000 }, async () => {
      const userId = await createUser({ username: 'consenting', password: strongPassword, name: 'Con Senting', primaryEmail: 'consent@example.com' });
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await signInToPartner(visit, 'consenting');
      await page.getByText('Signed in as Con Senting', { exact: true }).waitFor();
      await page.getByText('Partner Portal will be able to:', { exact: true }).waitFor();
      const scopes = await page.locator('ul.scopes > li').allTextContents();
      expect(scopes.sort()).toEqual(['Know who you are', 'See your email address', 'See your name, username and profile picture']);
      await page.getByRole('button', { name: 'Allow' }).click();
      const tokens = await backInApp(visit, flow);
      expect(tokens.idToken).toMatchObject({ sub: userId, aud: partner.id, name: 'Con Senting', username: 'consenting', email: 'consent@example.com' });
      expect(tokens.idToken).not.toHaveProperty('phone_number');
      expect(tokens.accessToken).toBeTruthy();
    });

    it('Deny sends access_denied to the app', { timeout: 60_000 }, async () => {
      await createUser({ username: 'refusing', password: strongPassword });
      const visit = await openBrowser();
      await signInToPartner(visit, 'refusing');
      await visit.page.getByRole('button', { name: 'Deny' }).click();
      const callback = (await visit.callbacks.next()).searchParams;
      expect(callback.get('error')).toBe('access_denied');
      expect(callback.get('state')).toBe('app-state');
      expect(callback.get('code')).toBeNull();
    });
  });

  describe('error messages, as the user reads them', () => {
    beforeEach(() => patchSignInExperience(api, identifierFirst));

    /** On the sign-in page: types the email and asks for a code. */
    async function askCode(page: Page, email: string): Promise<void> {
      await input(page, 'identifier').fill(email);
      await submitAndWait(page, '/verification/verification-code');
      await input(page, 'code').waitFor();
    }

    it('a wrong code, with the attempts left', { timeout: 60_000 }, async () => {
      const email = 'typo@example.com';
      const userId = await createUser({ primaryEmail: email });
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await authorize(visit);
      await askCode(page, email);
      await input(page, 'code').fill(await wrongCode(email, 'SignIn'));
      await submitAndWait(page, '/verification/verification-code/verify');
      await expectAlert(page, 'The code is incorrect. Attempts left: 4.');
      expect(await input(page, 'code').getAttribute('aria-invalid')).toBe('true');
      expect(await input(page, 'code').getAttribute('aria-describedby')).toBe('form-error');
      await enterCode(page, email, 'SignIn');
      expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, email });
    });

    it('an expired code; a new code then works', { timeout: 60_000 }, async () => {
      const email = 'late@example.com';
      const userId = await createUser({ primaryEmail: email });
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await authorize(visit);
      await askCode(page, email);
      await expireCodesSentTo(email);
      await input(page, 'code').fill(await latestCode(api, email, 'SignIn'));
      await submitAndWait(page, '/verification/verification-code/verify');
      await expectAlert(page, 'The code has expired. Send a new one.');

      await skipResendDelay(instance);
      await page.getByRole('button', { name: 'Back' }).click();
      await askCode(page, email);
      await enterCode(page, email, 'SignIn');
      expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, email });
    });

    it('too many wrong codes: 5 tries, then even the right one is refused', { timeout: 60_000 }, async () => {
      const email = 'fumbler@example.com';
      const userId = await createUser({ primaryEmail: email });
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await authorize(visit);
      await askCode(page, email);
      const wrong = await wrongCode(email, 'SignIn');
      for (const attemptsLeft of [4, 3, 2, 1, 0]) {
        await input(page, 'code').fill(wrong);
        await submitAndWait(page, '/verification/verification-code/verify');
        await expectAlert(page, `The code is incorrect. Attempts left: ${attemptsLeft}.`);
      }
      await input(page, 'code').fill(await latestCode(api, email, 'SignIn'));
      await submitAndWait(page, '/verification/verification-code/verify');
      await expectAlert(page, 'Too many incorrect codes. Send a new one.');

      await skipResendDelay(instance);
      await page.getByRole('button', { name: 'Back' }).click();
      await askCode(page, email);
      await enterCode(page, email, 'SignIn');
      expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, email });
    });

    it('a locked-out password: 10 wrong, then the right one is refused with the minutes to wait', { timeout: 60_000 }, async () => {
      await createUser({ username: 'locked_out', password: strongPassword });
      const otherId = await createUser({ username: 'still_fine', password: strongPassword, name: 'Still Fine' });
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await authorize(visit);
      await input(page, 'identifier').fill('locked_out');
      await submitButton(page).click();
      await page.getByText('Signing in as locked_out').waitFor();
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        await input(page, 'password').fill(`Wrong-Guess-${attempt}`);
        await submitAndWait(page, '/verification/password');
        await expectAlert(page, 'The account or password is incorrect.');
      }
      await input(page, 'password').fill(strongPassword);
      const locked = await submitAndWait(page, '/verification/password');
      expect(locked.status()).toBe(429);
      const { data } = (await locked.json()) as { data: { retryAfterSeconds: number } };
      const minutes = Math.ceil(data.retryAfterSeconds / 60);
      expect(minutes).toBeGreaterThanOrEqual(1);
      expect(minutes).toBeLessThanOrEqual(15);
      await expectAlert(page, `Too many attempts. Try again in ${minutes} min.`);

      // Someone else is not locked out.
      await page.getByRole('button', { name: 'Change' }).click();
      await input(page, 'identifier').fill('still_fine');
      await submitButton(page).click();
      await input(page, 'password').fill(strongPassword);
      await submitButton(page).click();
      expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: otherId, username: 'still_fine', name: 'Still Fine' });
    });

    it('a password the policy refuses at registration', { timeout: 60_000 }, async () => {
      await patchSignInExperience(api, usernamePassword);
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await authorize(visit);
      await page.getByRole('link', { name: 'Create account' }).click();
      await expectHeading(page, 'Create your Bookstore account');
      await input(page, 'username').fill('policy_tester');
      // Too short: the page itself says so, before any request.
      await input(page, 'newPassword').fill('Ab1!');
      await input(page, 'confirmPassword').fill('Ab1!');
      await submitButton(page).click();
      await expectAlert(page, 'The password does not meet the requirements:\nUse at least 8 characters.');
      // Contains the username: the server says so.
      await input(page, 'newPassword').fill('policy_tester-rules-9');
      await input(page, 'confirmPassword').fill('policy_tester-rules-9');
      await submitAndWait(page, '/profile');
      await expectAlert(page, 'The password does not meet the requirements:\nDo not use your name, username, email or phone number.');
      expect(await input(page, 'newPassword').getAttribute('aria-invalid')).toBe('true');
      await input(page, 'newPassword').fill(strongPassword);
      await input(page, 'confirmPassword').fill(strongPassword);
      await submitButton(page).click();
      expect((await backInApp(visit, flow)).idToken).toMatchObject({ username: 'policy_tester' });
    });

    it('a wrong code in French (ui_locales=fr)', { timeout: 60_000 }, async () => {
      const email = 'francoise@example.com';
      const userId = await createUser({ primaryEmail: email });
      const visit = await openBrowser();
      const { page } = visit;
      const flow = await authorize(visit, { ui_locales: 'fr' });
      await expectHeading(page, 'Connectez-vous à Bookstore');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      expect(await page.title()).toBe('Connexion');
      await page.getByLabel('Nom d’utilisateur ou e-mail', { exact: true }).waitFor();
      await askCode(page, email);
      await page.getByText(`Nous avons envoyé un code à 6 chiffres à ${email}. Saisissez-le ci-dessous.`, { exact: true }).waitFor();
      await input(page, 'code').fill(await wrongCode(email, 'SignIn'));
      await submitAndWait(page, '/verification/verification-code/verify');
      await expectAlert(page, 'Le code est incorrect. Tentatives restantes : 4.');
      await input(page, 'code').fill(await latestCode(api, email, 'SignIn'));
      await page.getByRole('button', { name: 'Continuer' }).click();
      expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, email });
    });
  });

  it('signs in with the keyboard only, focus starting on the first field', { timeout: 60_000 }, async () => {
    await patchSignInExperience(api, usernamePassword);
    const userId = await createUser({ username: 'keyboard_user', password: strongPassword });
    const visit = await openBrowser();
    const { page } = visit;
    const flow = await authorize(visit);
    await input(page, 'identifier').waitFor();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? null);
    await expect.poll(focused).toBe('identifier');
    await page.keyboard.type('keyboard_user');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('password');
    await page.keyboard.type(strongPassword);
    await page.keyboard.press('Enter');
    expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, username: 'keyboard_user' });
  });

  it('fits a 360×740 screen: no horizontal scroll, the submit button visible', { timeout: 60_000 }, async () => {
    await patchSignInExperience(api, emailPassword);
    const userId = await createUser({ primaryEmail: 'small.screen.user.with.a.long.address@example.com', password: strongPassword });
    const visit = await openBrowser({ viewport: { width: 360, height: 740 } });
    const { page } = visit;
    const flow = await authorize(visit);
    await input(page, 'identifier').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const button = submitButton(page);
    expect(await button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(box!.y + box!.height).toBeLessThanOrEqual(740);
    await input(page, 'identifier').fill('small.screen.user.with.a.long.address@example.com');
    await input(page, 'password').fill(strongPassword);
    await button.click();
    expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId });
  });

  it('loads the first page small and fast', { timeout: 60_000 }, async () => {
    await patchSignInExperience(api, usernamePassword);
    const userId = await createUser({ username: 'measured', password: strongPassword });
    const visit = await openBrowser();
    const { page } = visit;
    const transfers: Promise<{ type: string; url: string; bytes: number }>[] = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (['document', 'script', 'stylesheet'].includes(type)) {
        transfers.push(response.request().sizes().then((sizes) => ({ type, url: response.url(), bytes: sizes.responseBodySize })));
      }
    });
    const flow = new Flow(instance, app);
    const started = performance.now();
    await page.goto(flow.authorizationUrl().href);
    await input(page, 'identifier').waitFor({ state: 'visible' });
    const visibleMs = Math.round(performance.now() - started);
    await page.waitForLoadState('networkidle');
    const loaded = await Promise.all(transfers);
    const total = loaded.reduce((sum, item) => sum + item.bytes, 0);
    const byType = (type: string) => loaded.filter((item) => item.type === type).reduce((sum, item) => sum + item.bytes, 0);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    // eslint-disable-next-line no-console
    console.log(
      `[browser] first sign-in page load: ${kb(total)} transferred in ${loaded.length} responses ` +
        `(document ${kb(byType('document'))}, scripts ${kb(byType('script'))}, CSS ${kb(byType('stylesheet'))}); identifier input visible after ${visibleMs} ms`,
    );
    expect(loaded.some((item) => item.type === 'script')).toBe(true);
    expect(loaded.some((item) => item.type === 'stylesheet')).toBe(true);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(150 * 1024);
    expect(visibleMs).toBeLessThan(5000);

    await input(page, 'identifier').fill('measured');
    await input(page, 'password').fill(strongPassword);
    await submitButton(page).click();
    expect((await backInApp(visit, flow)).idToken).toMatchObject({ sub: userId, username: 'measured' });
  });
});
