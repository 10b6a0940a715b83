// Every way the Experience API says no, each with its exact status, code and data: expired, wrong
// and raced codes, resend delays and hourly caps, password lockout, the sign-in mode, methods that
// are not enabled, steps out of order, suspended users, missing interactions, cross-site requests,
// malformed input, and the settings the sign-in pages render from (locale negotiation, the app,
// the social buttons). Where the flow can go on after a refusal, it does, to a real code flow whose
// ID token claims are checked.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExperienceSettings } from '@signet/schemas';
import { queryRows } from '../../src/db/client.ts';
import { CookieBrowser } from '../support/browser.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import {
  createApp,
  Flow,
  latestCode,
  patchSignInExperience,
  setUpDevOutbox,
  skipResendDelay,
  startFlow,
  type Api,
  type ApiErrorBody,
  type App,
} from '../support/experience-kit.ts';

const strongPassword = 'Quiet-Lantern-Orbit-42';

/** What every test starts from: username or email with a password, email codes, sign-up by email code. */
const baseline = {
  signUp: { identifiers: ['email'], password: false, verify: true },
  signIn: {
    methods: [
      { identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: false },
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
    ],
  },
  signInMode: 'SignInAndRegister',
  socialSignInConnectorTargets: [],
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
};

/** A different code than `code` (a wrong guess that cannot be right by chance). */
const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe.each(databaseKinds)('Experience API refusals on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let app: App;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    await setUpDevOutbox(api);
    app = await createApp(api);
  });
  afterAll(() => instance.close());

  beforeEach(async () => {
    // All requests come from 127.0.0.1: start every test with fresh per-address counters.
    await instance.database.db.execute(sql`delete from rate_limit_counters`);
    await patchSignInExperience(api, baseline);
  });

  /** Makes a sent code's expiry lie in the past, in the stored state of its sign-in. */
  async function expireCode(verificationId: string): Promise<void> {
    const updated = await queryRows(
      instance.database.db,
      sql`update experience_sessions set state = jsonb_set(state, '{verifications}', (
            select jsonb_agg(case when item->>'id' = ${verificationId}
                               then jsonb_set(item, '{code,expiresAt}', to_jsonb(${Date.now() - 1000}::bigint))
                               else item end order by position)
            from jsonb_array_elements(state->'verifications') with ordinality as entry(item, position)))
          where state->'verifications' @> ${JSON.stringify([{ id: verificationId }])}::jsonb
          returning interaction_uid`,
    );
    expect(updated).toHaveLength(1);
  }

  /** The interaction's verify call for a code. */
  const verifyBody = (value: string, verificationId: string, code: string) => ({ identifier: { type: 'email', value }, verificationId, code });

  async function createUser(body: Record<string, unknown>): Promise<string> {
    const created = await api<{ id: string }>('POST', '/api/users', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  describe('verification codes', () => {
    it('refuses the right code once it has expired; a new code then works', async () => {
      const email = 'expired@example.com';
      const flow = await startFlow(instance, app, 'Register');
      const verificationId = await flow.sendCode({ type: 'email', value: email }, 'Register');
      const code = await latestCode(api, email, 'Register');
      await expireCode(verificationId);
      const expired = await flow.refused('POST', '/verification/verification-code/verify', verifyBody(email, verificationId, code), 422, 'verification_code.expired');
      expect(expired.data).toBeUndefined();
      await flow.refused('POST', '/identification', { verificationId }, 400, 'session.identifier_not_verified');

      await skipResendDelay(instance);
      const fresh = await flow.verifyByCode(api, { type: 'email', value: email }, 'Register');
      expect(fresh).not.toBe(verificationId);
      expect(await flow.ok('POST', '/identification', { verificationId: fresh })).toEqual({ next: 'submit', interactionEvent: 'Register' });
      expect((await flow.submitAndExchange()).idToken).toMatchObject({ email, email_verified: true });
    });

    it('allows 5 wrong codes, then refuses even the right one; a new code works', async () => {
      const email = 'fumbler@example.com';
      const userId = await createUser({ primaryEmail: email });
      const flow = await startFlow(instance, app, 'SignIn');
      const verificationId = await flow.sendCode({ type: 'email', value: email }, 'SignIn');
      const code = await latestCode(api, email, 'SignIn');
      for (const attemptsLeft of [4, 3, 2, 1, 0]) {
        const mismatch = await flow.refused('POST', '/verification/verification-code/verify', verifyBody(email, verificationId, wrongCode(code)), 422, 'verification_code.mismatch');
        expect(mismatch.data).toEqual({ attemptsLeft });
      }
      await flow.refused('POST', '/verification/verification-code/verify', verifyBody(email, verificationId, code), 422, 'verification_code.attempts_exceeded');
      await flow.refused('POST', '/identification', { verificationId }, 400, 'session.identifier_not_verified');

      await skipResendDelay(instance);
      const fresh = await flow.verifyByCode(api, { type: 'email', value: email }, 'SignIn');
      await flow.ok('POST', '/identification', { verificationId: fresh });
      expect((await flow.submitAndExchange()).idToken).toMatchObject({ sub: userId, email, email_verified: true });
    });

    it('counts every one of 10 concurrent wrong codes: 5 mismatches, 5 refusals, never a success', async () => {
      const email = 'racer@example.com';
      const flow = await startFlow(instance, app, 'Register');
      const verificationId = await flow.sendCode({ type: 'email', value: email }, 'Register');
      const code = await latestCode(api, email, 'Register');
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => flow.call<ApiErrorBody>('POST', '/verification/verification-code/verify', verifyBody(email, verificationId, wrongCode(code)))),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(422));
      const mismatches = answers.filter((answer) => answer.body.code === 'verification_code.mismatch');
      const exceeded = answers.filter((answer) => answer.body.code === 'verification_code.attempts_exceeded');
      expect({ mismatches: mismatches.length, exceeded: exceeded.length }).toEqual({ mismatches: 5, exceeded: 5 });
      // Each mismatch saw a different count: no two requests spent the same try.
      expect(mismatches.map((answer) => answer.body.data?.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
      await flow.refused('POST', '/verification/verification-code/verify', verifyBody(email, verificationId, code), 422, 'verification_code.attempts_exceeded');

      await skipResendDelay(instance);
      const fresh = await flow.verifyByCode(api, { type: 'email', value: email }, 'Register');
      await flow.ok('POST', '/identification', { verificationId: fresh });
      expect((await flow.submitAndExchange()).idToken.email).toBe(email);
    });

    it('refuses a resend within 60 s; a newer code replaces the older one', async () => {
      const email = 'resend@example.com';
      const flow = await startFlow(instance, app, 'Register');
      const older = await flow.sendCode({ type: 'email', value: email }, 'Register');
      const olderCode = await latestCode(api, email, 'Register');
      // The same address in other letters is the same recipient.
      const tooSoon = await flow.refused(
        'POST',
        '/verification/verification-code',
        { identifier: { type: 'email', value: 'Resend@Example.com' }, interactionEvent: 'Register' },
        429,
        'verification_code.resend_too_soon',
      );
      const retryAfter = tooSoon.data?.retryAfterSeconds as number;
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);

      await skipResendDelay(instance);
      const newer = await flow.sendCode({ type: 'email', value: email }, 'Register');
      const newerCode = await latestCode(api, email, 'Register');
      await flow.refused('POST', '/verification/verification-code/verify', verifyBody(email, older, olderCode), 400, 'session.verification_not_found');
      await flow.refused('POST', '/identification', { verificationId: older }, 400, 'session.verification_not_found');
      await flow.ok('POST', '/verification/verification-code/verify', verifyBody(email, newer, newerCode));
      await flow.ok('POST', '/identification', { verificationId: newer });
      expect((await flow.submitAndExchange()).idToken).toMatchObject({ email, email_verified: true });
    });

    it('sends at most 10 codes an hour to one address; other addresses still get theirs', async () => {
      const email = 'bombed@example.com';
      const flow = await startFlow(instance, app, 'Register');
      for (let sent = 0; sent < 10; sent += 1) {
        await skipResendDelay(instance);
        await flow.sendCode({ type: 'email', value: email }, 'Register');
      }
      await skipResendDelay(instance);
      const capped = await flow.refused('POST', '/verification/verification-code', { identifier: { type: 'email', value: email }, interactionEvent: 'Register' }, 429, 'verification_code.send_limit_exceeded');
      expect(capped.data?.retryAfterSeconds).toBeGreaterThan(3500);
      expect(capped.message).toMatch(/Try again in (59|60) minute\(s\)/);

      const other = 'spared@example.com';
      const verificationId = await flow.verifyByCode(api, { type: 'email', value: other }, 'Register');
      await flow.ok('POST', '/identification', { verificationId });
      expect((await flow.submitAndExchange()).idToken.email).toBe(other);
    });

    it('sends at most 30 codes an hour from one client address, whatever the recipients', async () => {
      const flow = await startFlow(instance, app, 'Register');
      for (let sent = 1; sent <= 30; sent += 1) {
        await flow.sendCode({ type: 'email', value: `sprayed-${sent}@example.com` }, 'Register');
      }
      const capped = await flow.refused(
        'POST',
        '/verification/verification-code',
        { identifier: { type: 'email', value: 'sprayed-31@example.com' }, interactionEvent: 'Register' },
        429,
        'verification_code.send_limit_exceeded',
      );
      expect(capped.data?.retryAfterSeconds).toBeGreaterThan(3500);
      // Codes already sent stay good: the last one registers.
      const lastEmail = 'sprayed-30@example.com';
      const code = await latestCode(api, lastEmail, 'Register');
      const state = await sessionVerifications();
      const last = state.find((item) => item.email === lastEmail);
      expect(last).toBeDefined();
      await flow.ok('POST', '/verification/verification-code/verify', verifyBody(lastEmail, last!.id, code));
      await flow.ok('POST', '/identification', { verificationId: last!.id });
      expect((await flow.submitAndExchange()).idToken.email).toBe(lastEmail);
    });
  });

  /** The code verifications stored in every sign-in in progress (id and address). */
  async function sessionVerifications(): Promise<{ id: string; email: string }[]> {
    return queryRows<{ id: string; email: string }>(
      instance.database.db,
      sql`select item->>'id' as id, item->'code'->'identifier'->>'value' as email
          from experience_sessions, jsonb_array_elements(state->'verifications') as item
          where item->>'type' = 'VerificationCode'`,
    );
  }

  it('locks an identifier after 10 wrong passwords, even for the right one; others are not locked', async () => {
    await createUser({ username: 'locked_out', password: strongPassword });
    const otherId = await createUser({ username: 'still_fine', password: strongPassword, name: 'Still Fine' });
    const flow = await startFlow(instance, app, 'SignIn');
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'locked_out' }, password: `Wrong-Guess-${attempt}` }, 422, 'session.verification_failed');
    }
    for (const value of ['locked_out', 'LOCKED_OUT']) {
      const locked = await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value }, password: strongPassword }, 429, 'session.too_many_attempts');
      const retryAfter = locked.data?.retryAfterSeconds as number;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(locked.message).toContain(`Try again in ${Math.ceil(retryAfter / 60)} minute(s)`);
    }

    const verificationId = await flow.password({ type: 'username', value: 'still_fine' }, strongPassword);
    await flow.ok('POST', '/identification', { verificationId });
    expect((await flow.submitAndExchange()).idToken).toMatchObject({ sub: otherId, username: 'still_fine', name: 'Still Fine' });
  });

  // Each try is counted before the slow check: concurrent guesses cannot all slip under the limit.
  it('checks at most 10 passwords for one identifier, even sent concurrently', async () => {
    await createUser({ username: 'raced_password', password: strongPassword });
    const flow = await startFlow(instance, app, 'SignIn');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, attempt) =>
        flow.call<ApiErrorBody>('POST', '/verification/password', { identifier: { type: 'username', value: 'raced_password' }, password: `Wrong-Guess-${attempt}` }),
      ),
    );
    const checked = answers.filter((answer) => answer.body.code === 'session.verification_failed').length;
    const locked = answers.filter((answer) => answer.status === 429 && answer.body.code === 'session.too_many_attempts').length;
    expect({ checked, locked }).toEqual({ checked: 10, locked: 40 });
    await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'raced_password' }, password: strongPassword }, 429, 'session.too_many_attempts');
  });

  // A recovery code only recovers: it never signs in, least of all where code sign-in is off.
  it('does not sign in with a recovery code when code sign-in is off', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['username'], password: true, verify: false },
      signIn: {
        methods: [
          { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
          { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
        ],
      },
    });
    const email = 'recovery-bypass@example.com';
    const userId = await createUser({ primaryEmail: email, password: strongPassword });
    const flow = await startFlow(instance, app, 'ForgotPassword');
    const verificationId = await flow.verifyByCode(api, { type: 'email', value: email }, 'ForgotPassword');
    expect(await flow.ok('POST', '/identification', { verificationId })).toEqual({ next: 'reset-password', interactionEvent: 'ForgotPassword' });
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');
    await flow.ok('PUT', '/interaction-event', { interactionEvent: 'SignIn' });
    await flow.refused('POST', '/identification', { verificationId }, 422, 'session.method_not_enabled');

    await flow.ok('POST', '/identification', { verificationId: await flow.password({ type: 'email', value: email }, strongPassword) });
    expect((await flow.submitAndExchange()).idToken).toMatchObject({ sub: userId, email });
  });

  // "Already registered? Sign in" with the registration code only where code sign-in is on.
  it('does not sign in with a registration code when code sign-in is off', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: { methods: [{ identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true }] },
    });
    const email = 'register-bypass@example.com';
    const userId = await createUser({ primaryEmail: email, password: strongPassword });
    const flow = await startFlow(instance, app, 'Register');
    const verificationId = await flow.verifyByCode(api, { type: 'email', value: email }, 'Register');
    await flow.refused('POST', '/identification', { verificationId }, 422, 'user.email_already_in_use');
    await flow.ok('PUT', '/interaction-event', { interactionEvent: 'SignIn' });
    await flow.refused('POST', '/identification', { verificationId }, 422, 'session.method_not_enabled');

    await flow.ok('POST', '/identification', { verificationId: await flow.password({ type: 'email', value: email }, strongPassword) });
    expect((await flow.submitAndExchange()).idToken).toMatchObject({ sub: userId, email });
  });

  it('enforces the sign-in mode on starting and on switching the event', async () => {
    const userId = await createUser({ username: 'mode_user', password: strongPassword });
    try {
      await patchSignInExperience(api, { signInMode: 'SignIn' });
      const fresh = new Flow(instance, app);
      expect((await fresh.authorize()).pathname).toBe('/sign-in');
      await fresh.refused('PUT', '', { interactionEvent: 'Register' }, 403, 'session.register_disabled');
      const signIn = await startFlow(instance, app, 'SignIn');
      await signIn.refused('PUT', '/interaction-event', { interactionEvent: 'Register' }, 403, 'session.register_disabled');
      expect(await signIn.ok('GET', '')).toEqual({ next: 'identify', interactionEvent: 'SignIn' });
      await signIn.ok('POST', '/identification', { verificationId: await signIn.password({ type: 'username', value: 'mode_user' }, strongPassword) });
      expect((await signIn.submitAndExchange()).idToken.sub).toBe(userId);

      await patchSignInExperience(api, { signInMode: 'Register' });
      const registerOnly = new Flow(instance, app);
      await registerOnly.authorize();
      await registerOnly.refused('PUT', '', { interactionEvent: 'SignIn' }, 403, 'session.sign_in_disabled');
      await registerOnly.ok('PUT', '', { interactionEvent: 'Register' });
      await registerOnly.refused('PUT', '/interaction-event', { interactionEvent: 'SignIn' }, 403, 'session.sign_in_disabled');
      await registerOnly.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'mode_user' }, password: strongPassword }, 400, 'session.invalid_event');
      const verificationId = await registerOnly.verifyByCode(api, { type: 'email', value: 'register-only@example.com' }, 'Register');
      await registerOnly.ok('POST', '/identification', { verificationId });
      expect((await registerOnly.submitAndExchange()).idToken.email).toBe('register-only@example.com');
    } finally {
      await patchSignInExperience(api, { signInMode: 'SignInAndRegister' });
    }
  });

  it('refuses methods the sign-in experience does not enable', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['username'], password: true, verify: false },
      signIn: {
        methods: [
          { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
          { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
        ],
      },
    });
    const emailUser = await createUser({ primaryEmail: 'methodical@example.com', primaryPhone: '+14155550123', password: strongPassword });
    const signIn = await startFlow(instance, app, 'SignIn');
    await signIn.refused('POST', '/verification/verification-code', { identifier: { type: 'email', value: 'methodical@example.com' }, interactionEvent: 'SignIn' }, 422, 'session.method_not_enabled');
    await signIn.refused('POST', '/verification/password', { identifier: { type: 'phone', value: '+14155550123' }, password: strongPassword }, 422, 'session.method_not_enabled');
    const register = await startFlow(instance, app, 'Register');
    await register.refused('POST', '/verification/verification-code', { identifier: { type: 'email', value: 'methodical@example.com' }, interactionEvent: 'Register' }, 422, 'session.method_not_enabled');
    // The email + password method is on: that sign-in goes through.
    await signIn.ok('POST', '/identification', { verificationId: await signIn.password({ type: 'email', value: 'methodical@example.com' }, strongPassword) });
    expect((await signIn.submitAndExchange()).idToken).toMatchObject({ sub: emailUser, email: 'methodical@example.com' });

    await patchSignInExperience(api, baseline);
    const emailSignUp = await startFlow(instance, app, 'Register');
    await emailSignUp.refused('POST', '/profile', { type: 'username', value: 'not_asked_for' }, 422, 'session.method_not_enabled');
    await emailSignUp.refused('POST', '/profile', { type: 'password', value: strongPassword }, 422, 'session.method_not_enabled');
    const verificationId = await emailSignUp.verifyByCode(api, { type: 'email', value: 'emailonly@example.com' }, 'Register');
    await emailSignUp.refused('POST', '/profile', { type: 'phone', verificationId }, 422, 'session.method_not_enabled');
    expect(await emailSignUp.ok('POST', '/profile', { type: 'email', verificationId })).toEqual({ next: 'submit', interactionEvent: 'Register' });
    expect((await emailSignUp.submitAndExchange()).idToken).toMatchObject({ email: 'emailonly@example.com', username: null });
  });

  it('refuses steps that do not belong to the current event', async () => {
    const userId = await createUser({ username: 'event_user', password: strongPassword });
    const register = await startFlow(instance, app, 'Register');
    await register.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'event_user' }, password: strongPassword }, 400, 'session.invalid_event');

    const signIn = await startFlow(instance, app, 'SignIn');
    await signIn.refused('POST', '/profile', { type: 'username', value: 'someone_new' }, 400, 'session.invalid_event');
    await signIn.refused('PUT', '/profile/password', { password: 'Another-Strong-Pass-7' }, 400, 'session.identifier_not_verified');
    expect(await signIn.ok('GET', '')).toEqual({ next: 'identify', interactionEvent: 'SignIn' });
    await signIn.ok('POST', '/identification', { verificationId: await signIn.password({ type: 'username', value: 'event_user' }, strongPassword) });
    expect((await signIn.submitAndExchange()).idToken).toMatchObject({ sub: userId, username: 'event_user' });
  });

  it('refuses to submit or identify without a verified verification', async () => {
    const email = 'unverified-id@example.com';
    const userId = await createUser({ primaryEmail: email });
    const flow = await startFlow(instance, app, 'SignIn');
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');
    await flow.refused('POST', '/identification', { verificationId: randomUUID() }, 400, 'session.verification_not_found');
    await flow.refused('POST', '/identification', {}, 400, 'session.verification_not_found');
    const verificationId = await flow.sendCode({ type: 'email', value: email }, 'SignIn');
    await flow.refused('POST', '/identification', { verificationId }, 400, 'session.identifier_not_verified');
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');
    // A verification id from another sign-in is unknown here.
    const other = await startFlow(instance, app, 'SignIn');
    await other.refused('POST', '/identification', { verificationId }, 400, 'session.verification_not_found');

    await flow.ok('POST', '/verification/verification-code/verify', verifyBody(email, verificationId, await latestCode(api, email, 'SignIn')));
    await flow.ok('POST', '/identification', { verificationId });
    expect((await flow.submitAndExchange()).idToken).toMatchObject({ sub: userId, email });
  });

  it('refuses a suspended user at identification, and lets them in once reinstated', async () => {
    const userId = await createUser({ username: 'suspended_sam', password: strongPassword });
    const suspended = await api<{ isSuspended: boolean }>('PATCH', `/api/users/${userId}/is-suspended`, { isSuspended: true });
    expect(suspended).toMatchObject({ status: 200, body: { isSuspended: true } });
    const flow = await startFlow(instance, app, 'SignIn');
    const verificationId = await flow.password({ type: 'username', value: 'suspended_sam' }, strongPassword);
    await flow.refused('POST', '/identification', { verificationId }, 403, 'session.account_suspended');
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');

    expect((await api('PATCH', `/api/users/${userId}/is-suspended`, { isSuspended: false })).status).toBe(200);
    await flow.ok('POST', '/identification', { verificationId });
    expect((await flow.submitAndExchange()).idToken.sub).toBe(userId);
  });

  it('refuses calls without an interaction, and calls before the sign-in started', async () => {
    const stranger = new CookieBrowser();
    const experience = `${instance.url}/api/experience`;
    const calls: [string, string, unknown][] = [
      ['PUT', '', { interactionEvent: 'SignIn' }],
      ['GET', '', undefined],
      ['PUT', '/interaction-event', { interactionEvent: 'Register' }],
      ['POST', '/verification/password', { identifier: { type: 'username', value: 'nobody' }, password: strongPassword }],
      ['POST', '/verification/verification-code', { identifier: { type: 'email', value: 'nobody@example.com' }, interactionEvent: 'SignIn' }],
      ['POST', '/identification', { verificationId: randomUUID() }],
      ['POST', '/submit', undefined],
      ['GET', '/consent', undefined],
    ];
    for (const [method, path, body] of calls) {
      const answer = await stranger.json<ApiErrorBody>(method, `${experience}${path}`, body);
      expect({ call: `${method} ${path}`, status: answer.status, code: answer.body.code }).toEqual({ call: `${method} ${path}`, status: 400, code: 'session.interaction_not_found' });
    }

    // A browser that has the app's authorization but lost the interaction cookie.
    const userId = await createUser({ username: 'cookie_user', password: strongPassword });
    const flow = new Flow(instance, app);
    await flow.authorize();
    const withoutInteraction = new CookieBrowser();
    for (const [name, value] of flow.browser.cookies) if (!name.startsWith('_interaction')) withoutInteraction.cookies.set(name, value);
    expect((await withoutInteraction.json<ApiErrorBody>('PUT', experience, { interactionEvent: 'SignIn' })).body.code).toBe('session.interaction_not_found');

    await flow.refused('GET', '', undefined, 400, 'session.invalid_event');
    await flow.refused('POST', '/identification', { verificationId: randomUUID() }, 400, 'session.invalid_event');
    await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'cookie_user' }, password: strongPassword }, 400, 'session.invalid_event');
    await flow.refused('POST', '/submit', undefined, 400, 'session.invalid_event');
    await flow.ok('PUT', '', { interactionEvent: 'SignIn' });
    await flow.ok('POST', '/identification', { verificationId: await flow.password({ type: 'username', value: 'cookie_user' }, strongPassword) });
    expect((await flow.submitAndExchange()).idToken.sub).toBe(userId);
  });

  it('rejects cross-site requests (Origin, Sec-Fetch-Site) and changes nothing', async () => {
    const userId = await createUser({ username: 'csrf_target', password: strongPassword });
    const flow = await startFlow(instance, app, 'SignIn');
    const verificationId = await flow.password({ type: 'username', value: 'csrf_target' }, strongPassword);
    const forged = async (path: string, method: string, body: unknown, headers: Record<string, string>) => {
      const response = await flow.browser.request(`${instance.url}/api/experience${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ApiErrorBody };
    };
    const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }];
    for (const headers of crossSite) {
      for (const [method, path, body] of [
        ['PUT', '/interaction-event', { interactionEvent: 'Register' }],
        ['PUT', '', { interactionEvent: 'Register' }],
        ['POST', '/identification', { verificationId }],
      ] as const) {
        const answer = await forged(path, method, body, headers);
        expect({ status: answer.status, code: answer.body.code }, `${method} ${path} ${JSON.stringify(headers)}`).toEqual({ status: 403, code: 'request.csrf_rejected' });
      }
    }
    // Nothing moved: still signing in, nobody identified.
    expect(await flow.ok('GET', '')).toEqual({ next: 'identify', interactionEvent: 'SignIn' });
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');

    // The same requests from the sign-in page itself pass.
    const sameOrigin = await forged('/identification', 'POST', { verificationId }, { origin: instance.url, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin).toEqual({ status: 200, body: { next: 'submit', interactionEvent: 'SignIn' } });
    expect((await flow.submitAndExchange()).idToken.sub).toBe(userId);
  });

  it('answers malformed input with guard.invalid_input, never a 500', async () => {
    const flow = await startFlow(instance, app, 'Register');
    const invalid: [string, string, unknown][] = [
      ['POST', '/verification/verification-code', { identifier: { type: 'email', value: 'not-an-email' }, interactionEvent: 'Register' }],
      ['POST', '/verification/verification-code', { identifier: { type: 'email', value: 'two@@example.com' }, interactionEvent: 'Register' }],
      ['POST', '/verification/verification-code', { identifier: { type: 'phone', value: '+1 415 CALL-NOW' }, interactionEvent: 'Register' }],
      ['POST', '/verification/verification-code', { identifier: { type: 'phone', value: '12345' }, interactionEvent: 'Register' }],
      ['POST', '/verification/verification-code', { identifier: { type: 'username', value: 'ada' }, interactionEvent: 'Register' }],
      ['POST', '/verification/verification-code', { identifier: { type: 'email', value: 'ok@example.com' }, interactionEvent: 'Bogus' }],
      ['POST', '/verification/verification-code', { identifier: { type: 'email', value: 'ok@example.com' } }],
      ['POST', '/profile', { type: 'username', value: 'ada lovelace' }],
      ['POST', '/profile', { type: 'username', value: '1st_user' }],
      ['POST', '/profile', { type: 'nickname', value: 'ada' }],
      ['POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: 'ok@example.com' }, verificationId: randomUUID(), code: '12345' }],
      ['POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: 'ok@example.com' }, verificationId: randomUUID(), code: '12345a' }],
      ['POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: 'ok@example.com' }, verificationId: randomUUID(), code: 123456 }],
      ['POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: 'ok@example.com' }, verificationId: 'x'.repeat(65), code: '123456' }],
      ['PUT', '', { interactionEvent: 'Register', extra: true }],
      ['PUT', '/interaction-event', { interactionEvent: 'SignIn', admin: true }],
      ['POST', '/identification', { verificationId: randomUUID(), userId: 'someone' }],
      ['POST', '/verification/password', { identifier: { type: 'username', value: 'ada' }, password: strongPassword, remember: true }],
      ['POST', '/verification/password', { identifier: { type: 'username', value: '' }, password: strongPassword }],
      ['POST', '/verification/password', { identifier: { type: 'username', value: 'ada', extra: 1 }, password: strongPassword }],
      ['POST', '/profile', { type: 'email', verificationId: randomUUID(), value: 'smuggled@example.com' }],
      ['POST', '/consent', { decision: 'maybe' }],
    ];
    for (const [method, path, body] of invalid) {
      const answer = await flow.call<ApiErrorBody>(method, path, body);
      expect({ call: `${method} ${path} ${JSON.stringify(body)}`, status: answer.status, code: answer.body?.code }).toEqual({
        call: `${method} ${path} ${JSON.stringify(body)}`,
        status: 400,
        code: 'guard.invalid_input',
      });
    }
    // None of it counted against the address or changed the flow.
    expect(await flow.ok('GET', '')).toEqual({ next: 'identify', interactionEvent: 'Register' });
    const verificationId = await flow.verifyByCode(api, { type: 'email', value: 'well-formed@example.com' }, 'Register');
    await flow.ok('POST', '/identification', { verificationId });
    expect((await flow.submitAndExchange()).idToken.email).toBe('well-formed@example.com');
  });

  describe('settings', () => {
    async function settingsOf(browser: CookieBrowser, acceptLanguage?: string): Promise<ExperienceSettings> {
      const response = await browser.request(`${instance.url}/api/experience/settings`, acceptLanguage === undefined ? {} : { headers: { 'accept-language': acceptLanguage } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return (await response.json()) as ExperienceSettings;
    }

    it('negotiates the locale: ui_locales, then Accept-Language (if auto-detected), then the fallback', async () => {
      const userId = await createUser({ username: 'polyglot', password: strongPassword });
      const plain = new Flow(instance, app);
      await plain.authorize();
      const cases: [string | undefined, string][] = [
        [undefined, 'en'],
        ['es-MX,es;q=0.9', 'es'],
        ['zh-TW', 'zh-CN'],
        ['zh-Hant-HK, en;q=0.5', 'zh-CN'],
        ['de', 'en'],
        ['de-CH, fr;q=0.8, en;q=0.9', 'en'],
        ['de, fr;q=0.8, es;q=0', 'fr'],
        ['FR-ca', 'fr'],
        ['*', 'en'],
      ];
      for (const [acceptLanguage, locale] of cases) {
        expect({ acceptLanguage, locale: (await settingsOf(plain.browser, acceptLanguage)).locale }).toEqual({ acceptLanguage, locale });
      }

      const french = await startFlow(instance, app, 'SignIn', { ui_locales: 'fr' });
      expect((await settingsOf(french.browser, 'es-MX,es;q=0.9')).locale).toBe('fr');
      const unknownFirst = new Flow(instance, app);
      await unknownFirst.authorize({ ui_locales: 'de zh-HK' });
      expect((await settingsOf(unknownFirst.browser, 'es')).locale).toBe('zh-CN');

      await patchSignInExperience(api, { languageInfo: { autoDetect: true, fallbackLanguage: 'es' } });
      expect((await settingsOf(plain.browser, 'de')).locale).toBe('es');
      await patchSignInExperience(api, { languageInfo: { autoDetect: false, fallbackLanguage: 'zh-CN' } });
      expect((await settingsOf(plain.browser, 'es-MX,es;q=0.9')).locale).toBe('zh-CN');
      expect((await settingsOf(plain.browser)).locale).toBe('zh-CN');
      expect((await settingsOf(french.browser, 'es-MX,es;q=0.9')).locale).toBe('fr');
      expect((await settingsOf(new CookieBrowser(), 'es')).locale).toBe('zh-CN');

      // The French sign-in finishes as usual.
      await french.ok('POST', '/identification', { verificationId: await french.password({ type: 'username', value: 'polyglot' }, strongPassword) });
      expect((await french.submitAndExchange()).idToken).toMatchObject({ sub: userId, username: 'polyglot' });
    });

    it('names the application during an interaction (null without one) and lists social buttons in target order', async () => {
      const partner = await createApp(api, { name: 'Partner Portal', isThirdParty: true });
      const userId = await createUser({ username: 'settings_user', password: strongPassword });
      for (const target of ['acme-oidc', 'globex-oidc']) {
        const created = await api('POST', '/api/connectors', {
          connectorId: 'oidc',
          id: target,
          metadata: { target, name: { en: target === 'acme-oidc' ? 'Acme' : 'Globex' } },
          config: { issuer: 'https://id.example.com', clientId: 'signet', clientSecret: 'oidc-client-secret' },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
      }
      try {
        const outside = await settingsOf(new CookieBrowser());
        expect(outside.application).toBeNull();
        expect(outside.socialConnectors).toEqual([]);
        expect(outside.messaging).toEqual({ email: true, sms: true });
        expect(outside.signInExperience).toMatchObject({ signInMode: 'SignInAndRegister', signUp: { identifiers: ['email'] } });
        expect(outside.signInExperience).not.toHaveProperty('tenantId');

        const flow = await startFlow(instance, app, 'SignIn');
        expect((await settingsOf(flow.browser)).application).toEqual({ id: app.id, name: 'Bookstore', isThirdParty: false });
        const partnerFlow = new Flow(instance, partner);
        expect((await partnerFlow.authorize()).pathname).toBe('/sign-in');
        expect((await settingsOf(partnerFlow.browser)).application).toEqual({ id: partner.id, name: 'Partner Portal', isThirdParty: true });

        await patchSignInExperience(api, { socialSignInConnectorTargets: ['globex-oidc', 'acme-oidc'] });
        const ordered = await settingsOf(flow.browser);
        expect(ordered.socialConnectors.map(({ id, target, platform, name }) => ({ id, target, platform, name: name.en }))).toEqual([
          { id: 'globex-oidc', target: 'globex-oidc', platform: 'Universal', name: 'Globex' },
          { id: 'acme-oidc', target: 'acme-oidc', platform: 'Universal', name: 'Acme' },
        ]);
        // Nothing secret reaches the sign-in pages.
        expect(JSON.stringify(ordered)).not.toContain('oidc-client-secret');
        await patchSignInExperience(api, { socialSignInConnectorTargets: ['acme-oidc'] });
        expect((await settingsOf(flow.browser)).socialConnectors.map((connector) => connector.id)).toEqual(['acme-oidc']);
        await patchSignInExperience(api, { socialSignInConnectorTargets: ['acme-oidc', 'globex-oidc'] });
        expect((await settingsOf(flow.browser)).socialConnectors.map((connector) => connector.id)).toEqual(['acme-oidc', 'globex-oidc']);

        await flow.ok('POST', '/identification', { verificationId: await flow.password({ type: 'username', value: 'settings_user' }, strongPassword) });
        const tokens = await flow.submitAndExchange();
        expect(tokens.idToken).toMatchObject({ sub: userId, aud: app.id });
        // After the sign-in, the interaction is gone.
        expect((await settingsOf(flow.browser)).application).toBeNull();
      } finally {
        await patchSignInExperience(api, { socialSignInConnectorTargets: [] });
        for (const target of ['acme-oidc', 'globex-oidc']) await api('DELETE', `/api/connectors/${target}`);
      }
    });
  });
});
