// Every sign-in journey through the Experience API, without a browser, each ending in a real
// authorization code flow whose ID token claims are checked: username + password sign-up and
// sign-in, passwordless email sign-up and sign-in, an email user with a password, forgot password,
// SMS codes, "no account yet: create one", "already registered: sign in", single sign-on and logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { createApp, Flow, latestCode, patchSignInExperience, setUpDevOutbox, skipResendDelay, startFlow, type Api, type App } from '../support/experience-kit.ts';

const strongPassword = 'Quiet-Lantern-Orbit-42';

describe.each(databaseKinds)('Experience API journeys on %s', (kind) => {
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

  it('registers with username + password (policy enforced), then signs in with them', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['username'], password: true, verify: false },
      signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
    });
    const flow = await startFlow(instance, app, 'Register');
    expect(await flow.ok('POST', '/profile', { type: 'username', value: 'ada_lovelace' })).toEqual({ next: 'profile', interactionEvent: 'Register', missingProfile: ['password'] });
    const weak = await flow.refused('POST', '/profile', { type: 'password', value: 'password' }, 422, 'user.password_policy_violation');
    expect(weak.data?.violations).toEqual([{ code: 'password.pwned' }]);
    const containsName = await flow.refused('POST', '/profile', { type: 'password', value: 'ada_lovelace-rules-9' }, 422, 'user.password_policy_violation');
    expect(containsName.data?.violations).toEqual([{ code: 'password.contains_user_info' }]);
    expect(await flow.ok('POST', '/profile', { type: 'password', value: strongPassword })).toEqual({ next: 'submit', interactionEvent: 'Register' });
    const registered = await flow.submitAndExchange();
    expect(registered.idToken).toMatchObject({ username: 'ada_lovelace', email: null });

    const again = await startFlow(instance, app, 'SignIn');
    await again.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'ada_lovelace' }, password: 'wrong-password' }, 422, 'session.verification_failed');
    const verificationId = await again.password({ type: 'username', value: 'ADA_LOVELACE' }, strongPassword);
    expect(await again.ok('POST', '/identification', { verificationId })).toEqual({ next: 'submit', interactionEvent: 'SignIn' });
    const signedIn = await again.submitAndExchange();
    expect(signedIn.idToken.sub).toBe(registered.idToken.sub);

    // The username is taken now, for anyone else.
    const other = await startFlow(instance, app, 'Register');
    await other.refused('POST', '/profile', { type: 'username', value: 'Ada_Lovelace' }, 422, 'user.username_already_in_use');
  });

  it('registers passwordless by email code, then signs in with a new code', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: false, verify: true },
      signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
    });
    const email = 'grace@example.com';
    const flow = await startFlow(instance, app, 'Register');
    const verificationId = await flow.sendCode({ type: 'email', value: email }, 'Register');
    const code = await latestCode(api, email, 'Register');
    const wrong = code === '000000' ? '111111' : '000000';
    const mismatch = await flow.refused('POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: email }, verificationId, code: wrong }, 422, 'verification_code.mismatch');
    expect(mismatch.data).toEqual({ attemptsLeft: 4 });
    await flow.ok('POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: email }, verificationId, code });
    // Single use: the same code does not verify twice.
    await flow.refused('POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: email }, verificationId, code }, 422, 'verification_code.expired');
    expect(await flow.ok('POST', '/identification', { verificationId })).toEqual({ next: 'submit', interactionEvent: 'Register' });
    const registered = await flow.submitAndExchange();
    expect(registered.idToken).toMatchObject({ email, email_verified: true });

    await skipResendDelay(instance);
    const again = await startFlow(instance, app, 'SignIn');
    const signInVerification = await again.verifyByCode(api, { type: 'email', value: 'Grace@Example.com' }, 'SignIn');
    await again.ok('POST', '/identification', { verificationId: signInVerification });
    expect((await again.submitAndExchange()).idToken.sub).toBe(registered.idToken.sub);
  });

  it('signs in an email user with a password, and requires the method to be enabled', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: { methods: [{ identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true }] },
    });
    const created = await api<{ id: string }>('POST', '/api/users', { primaryEmail: 'hopper@example.com', password: strongPassword, name: 'Grace Hopper' });
    expect(created.status).toBe(201);
    const flow = await startFlow(instance, app, 'SignIn');
    await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'hopper' }, password: strongPassword }, 422, 'session.method_not_enabled');
    const verificationId = await flow.password({ type: 'email', value: 'hopper@example.com' }, strongPassword);
    await flow.ok('POST', '/identification', { verificationId });
    const tokens = await flow.submitAndExchange();
    expect(tokens.idToken).toMatchObject({ sub: created.body.id, name: 'Grace Hopper', email: 'hopper@example.com', email_verified: true });
  });

  it('recovers a forgotten password by email code: policy checked, old password gone, signed in', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: { methods: [{ identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true }] },
    });
    const created = await api<{ id: string }>('POST', '/api/users', { primaryEmail: 'forgetful@example.com', password: strongPassword });
    const flow = await startFlow(instance, app, 'ForgotPassword');
    await flow.refused('PUT', '/profile/password', { password: 'Another-Strong-Pass-7' }, 400, 'session.identifier_not_verified');
    const verificationId = await flow.verifyByCode(api, { type: 'email', value: 'forgetful@example.com' }, 'ForgotPassword');
    expect(await flow.ok('POST', '/identification', { verificationId })).toEqual({ next: 'reset-password', interactionEvent: 'ForgotPassword' });
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');
    const short = await flow.refused('PUT', '/profile/password', { password: 'Ab1!' }, 422, 'user.password_policy_violation');
    expect(short.data?.violations).toEqual([{ code: 'password.too_short', min: 8 }]);
    expect(await flow.ok('PUT', '/profile/password', { password: 'Another-Strong-Pass-7' })).toEqual({ next: 'submit', interactionEvent: 'ForgotPassword' });
    expect((await flow.submitAndExchange()).idToken.sub).toBe(created.body.id);

    const again = await startFlow(instance, app, 'SignIn');
    await again.refused('POST', '/verification/password', { identifier: { type: 'email', value: 'forgetful@example.com' }, password: strongPassword }, 422, 'session.verification_failed');
    await again.password({ type: 'email', value: 'forgetful@example.com' }, 'Another-Strong-Pass-7');

    // An address without an account: the code is sent all the same (nothing to learn), then refused.
    const stranger = await startFlow(instance, app, 'ForgotPassword');
    const strangerVerification = await stranger.verifyByCode(api, { type: 'email', value: 'nobody@example.com' }, 'ForgotPassword');
    await stranger.refused('POST', '/identification', { verificationId: strangerVerification }, 422, 'session.account_not_found');
  });

  it('offers to create the account after a code for an unknown email, and to sign in for a known one', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: false, verify: true },
      signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
    });
    const flow = await startFlow(instance, app, 'SignIn');
    const verificationId = await flow.verifyByCode(api, { type: 'email', value: 'newcomer@example.com' }, 'SignIn');
    const missing = await flow.refused('POST', '/identification', { verificationId }, 422, 'session.account_not_found');
    expect(missing.data).toEqual({ identifierType: 'email' });
    expect(await flow.ok('PUT', '/interaction-event', { interactionEvent: 'Register' })).toEqual({ next: 'identify', interactionEvent: 'Register' });
    expect(await flow.ok('POST', '/identification', { verificationId })).toEqual({ next: 'submit', interactionEvent: 'Register' });
    const registered = await flow.submitAndExchange();
    expect(registered.idToken.email).toBe('newcomer@example.com');

    await skipResendDelay(instance);
    const twice = await startFlow(instance, app, 'Register');
    const again = await twice.verifyByCode(api, { type: 'email', value: 'newcomer@example.com' }, 'Register');
    await twice.refused('POST', '/identification', { verificationId: again }, 422, 'user.email_already_in_use');
    await twice.ok('PUT', '/interaction-event', { interactionEvent: 'SignIn' });
    expect(await twice.ok('POST', '/identification', { verificationId: again })).toEqual({ next: 'submit', interactionEvent: 'SignIn' });
    expect((await twice.submitAndExchange()).idToken.sub).toBe(registered.idToken.sub);
  });

  it('registers by SMS code with a password, email-or-phone sign-up', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email', 'phone'], password: true, verify: true },
      signIn: {
        methods: [
          { identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: false },
          { identifier: 'phone', password: true, verificationCode: true, isPasswordPrimary: false },
        ],
      },
    });
    const flow = await startFlow(instance, app, 'Register');
    const verificationId = await flow.verifyByCode(api, { type: 'phone', value: '+1 (415) 555-0100' }, 'Register');
    expect(await flow.ok('POST', '/identification', { verificationId })).toEqual({ next: 'profile', interactionEvent: 'Register', missingProfile: ['password'] });
    await flow.refused('POST', '/submit', undefined, 422, 'session.missing_profile');
    await flow.ok('POST', '/profile', { type: 'password', value: strongPassword });
    const tokens = await flow.submitAndExchange();
    expect(tokens.idToken).toMatchObject({ phone_number: '14155550100', phone_number_verified: true, email: null });

    const again = await startFlow(instance, app, 'SignIn');
    const passwordVerification = await again.password({ type: 'phone', value: '+14155550100' }, strongPassword);
    await again.ok('POST', '/identification', { verificationId: passwordVerification });
    expect((await again.submitAndExchange()).idToken.sub).toBe(tokens.idToken.sub);
  });

  it('signs in to a second app without asking (SSO), until RP-initiated logout ends it', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['username'], password: true, verify: false },
      signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
    });
    await api('POST', '/api/users', { username: 'sso_user', password: strongPassword });
    const first = await startFlow(instance, app, 'SignIn');
    await first.ok('POST', '/identification', { verificationId: await first.password({ type: 'username', value: 'sso_user' }, strongPassword) });
    const firstTokens = await first.submitAndExchange();

    const secondApp = await createApp(api, { name: 'Second app' });
    const second = new Flow(instance, secondApp);
    // The same browser: its Signet session cookie comes along.
    for (const [name, value] of first.browser.cookies) second.browser.cookies.set(name, value);
    const landed = await second.authorize();
    expect(landed.href.startsWith('http://localhost:3000/')).toBe(true);
    const secondTokens = await second.exchange(landed);
    expect(secondTokens.idToken.sub).toBe(firstTokens.idToken.sub);
    expect(secondTokens.idToken.aud).toBe(secondApp.id);

    const logout = new URL(`${instance.url}/oidc/session/end`);
    logout.search = new URLSearchParams({ client_id: secondApp.id, post_logout_redirect_uri: 'http://localhost:3000/' }).toString();
    const confirmation = await second.browser.navigate(logout.href, 'http://localhost:3000/');
    const form = await confirmation.response!.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
    expect(xsrf).toBeTruthy();
    const confirmed = await second.browser.request(`${instance.url}/oidc/session/end/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    });
    expect(confirmed.status).toBe(303);
    const afterLogout = new Flow(instance, app);
    for (const [name, value] of second.browser.cookies) afterLogout.browser.cookies.set(name, value);
    expect((await afterLogout.authorize()).pathname).toBe('/sign-in');
  });
});
