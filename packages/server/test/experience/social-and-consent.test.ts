// Social sign-in through the Experience API and the web callback, with a real OpenID Connect
// provider (the oidc fake) behind a generic `oidc` connector: a new social user, a returning one,
// sign-up that still needs a verified email, linking to an existing account (after signing in to
// it, or automatically), "create a new account instead", unverified provider emails, connectors
// that are not enabled, the sign-in mode; then consent for third-party applications (allow, deny,
// remembered) and its absence for first-party ones. Each flow ends in a code exchange whose ID
// token claims are checked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '@signet/schemas';
import { startOidcFake, type OidcFake } from '../../src/connectors/oidc/oidc.fake.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import {
  appRedirectUri,
  createApp,
  Flow,
  patchSignInExperience,
  setUpDevOutbox,
  startFlow,
  type Api,
  type App,
  type Step,
  type Tokens,
} from '../support/experience-kit.ts';

const strongPassword = 'Quiet-Lantern-Orbit-42';
const target = 'acme-oidc';
const disabledTarget = 'globex-oidc';
const providerClient = { clientId: 'signet-at-acme', clientSecret: 'acme-client-secret-0123456789' };

/** Social sign-in only ("not applicable" sign-up identifier), username/email + password for existing accounts. */
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
};

/** People at the provider, by `sub`. */
const providerUsers = [
  { sub: 'nova-1', claims: { name: 'Nova Social', email: 'nova@example.com', email_verified: true, picture: 'https://cdn.example.com/nova.png' } },
  { sub: 'rey-1', claims: { name: 'Rey Returning', email: 'rey@example.com', email_verified: true } },
  { sub: 'quiet-1', claims: { name: 'Quiet Person' } },
  { sub: 'jane-1', claims: { name: 'Jane at Acme', email: 'jane@example.com', email_verified: true } },
  { sub: 'june-1', claims: { name: 'June at Acme', email: 'june@example.com', email_verified: true } },
  { sub: 'auto-1', claims: { name: 'Auto at Acme', email: 'auto@example.com', email_verified: true } },
  { sub: 'unverified-1', claims: { name: 'Unverified at Acme', email: 'unverified@example.com', email_verified: false } },
  { sub: 'stranger-1', claims: { name: 'Stranger', email: 'stranger@example.com', email_verified: true } },
  { sub: 'known-1', claims: { name: 'Known at Acme' } },
];

describe.each(databaseKinds)('Social sign-in, linking and consent on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let app: App;
  let fake: OidcFake;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    await setUpDevOutbox(api);
    fake = await startOidcFake({
      clients: [
        {
          clientId: providerClient.clientId,
          auth: { method: 'client_secret_post', clientSecret: providerClient.clientSecret },
          redirectUris: [`${instance.url}/callback/${target}`, `${instance.url}/callback/${disabledTarget}`],
        },
      ],
      users: providerUsers,
    });
    for (const [id, name] of [[target, 'Acme'], [disabledTarget, 'Globex']] as const) {
      const created = await api('POST', '/api/connectors', {
        connectorId: 'oidc',
        id,
        metadata: { target: id, name: { en: name } },
        config: { issuer: fake.issuer, ...providerClient },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    app = await createApp(api);
  });
  afterAll(async () => {
    await instance.close();
    await fake.close();
  });
  beforeEach(() => patchSignInExperience(api, baseline));

  async function userCount(): Promise<number> {
    const listed = await api<User[]>('GET', '/api/users?page_size=1');
    expect(listed.status).toBe(200);
    return Number(listed.headers.get('total-number'));
  }

  async function getUser(id: string): Promise<User> {
    const found = await api<User>('GET', `/api/users/${id}`);
    expect(found.status).toBe(200);
    return found.body;
  }

  async function createUser(body: Record<string, unknown>): Promise<string> {
    const created = await api<{ id: string }>('POST', '/api/users', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  /**
   * Starts the social sign-in, lets `sub` sign in at the provider, and sends the browser to the
   * callback; returns where it landed (the app, a sign-in page, or an error page).
   */
  async function viaProvider(flow: Flow, sub: string, connectorId = target): Promise<{ landed: { url: string; response?: Response }; verificationId: string }> {
    const started = await flow.ok<{ verificationId: string; authorizationUri: string }>('POST', `/verification/social/${connectorId}/authorization-uri`);
    const authorization = new URL(started.authorizationUri);
    expect(authorization.origin).toBe(fake.url);
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${instance.url}/callback/${connectorId}`);
    const callbackParams = await fake.authorize(started.authorizationUri, { sub });
    expect(callbackParams.state).toBe(authorization.searchParams.get('state'));
    const landed = await flow.browser.navigate(`${instance.url}/callback/${connectorId}?${new URLSearchParams(callbackParams)}`, appRedirectUri);
    return { landed, verificationId: started.verificationId };
  }

  /** A social sign-in that goes straight through to the app: its tokens. */
  async function socialSignIn(sub: string, flowApp = app): Promise<Tokens> {
    const flow = await startFlow(instance, flowApp, 'SignIn');
    const { landed } = await viaProvider(flow, sub);
    expect(landed.url.startsWith(appRedirectUri), `landed at ${landed.url} (${landed.response?.status})`).toBe(true);
    return flow.exchange(new URL(landed.url));
  }

  it('creates a new user on the first social sign-in, with the provider profile and the identity', async () => {
    const before = await userCount();
    const tokens = await socialSignIn('nova-1');
    expect(tokens.idToken).toMatchObject({
      name: 'Nova Social',
      email: 'nova@example.com',
      email_verified: true,
      picture: 'https://cdn.example.com/nova.png',
      username: null,
      phone_number: null,
    });
    expect(await userCount()).toBe(before + 1);
    const user = await getUser(tokens.idToken.sub!);
    expect(user).toMatchObject({ primaryEmail: 'nova@example.com', name: 'Nova Social', hasPassword: false });
    expect(user.identities[target]).toMatchObject({ userId: 'nova-1', details: { name: 'Nova Social', email: 'nova@example.com' } });
  });

  it('signs a returning social user in to the same user, without creating another', async () => {
    const first = await socialSignIn('rey-1');
    const after = await userCount();
    const again = await socialSignIn('rey-1');
    expect(again.idToken).toMatchObject({ sub: first.idToken.sub, name: 'Rey Returning', email: 'rey@example.com' });
    expect(await userCount()).toBe(after);
  });

  it('asks a new social user for a verified email when sign-up requires one and the provider gives none', async () => {
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: false, verify: true },
      signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
    });
    const before = await userCount();
    const flow = await startFlow(instance, app, 'SignIn');
    const { landed } = await viaProvider(flow, 'quiet-1');
    expect(landed.url).toBe(`${instance.url}/register`);
    expect(await flow.ok('GET', '')).toEqual({ next: 'profile', interactionEvent: 'Register', missingProfile: ['email'] });
    // No user yet, and no password asked for: the provider signs this account in.
    expect(await userCount()).toBe(before);
    await flow.refused('POST', '/submit', undefined, 422, 'session.missing_profile');
    await flow.refused('POST', '/profile', { type: 'password', value: strongPassword }, 422, 'session.method_not_enabled');

    const verificationId = await flow.verifyByCode(api, { type: 'email', value: 'quiet@example.com' }, 'Register');
    expect(await flow.ok('POST', '/profile', { type: 'email', verificationId })).toEqual({ next: 'submit', interactionEvent: 'Register' });
    const tokens = await flow.submitAndExchange();
    expect(tokens.idToken).toMatchObject({ name: 'Quiet Person', email: 'quiet@example.com', email_verified: true });
    expect((await getUser(tokens.idToken.sub!)).identities[target]).toMatchObject({ userId: 'quiet-1' });
    // The next time, the provider alone signs in.
    expect((await socialSignIn('quiet-1')).idToken.sub).toBe(tokens.idToken.sub);
  });

  it('offers to link a social account to the existing account with its verified email, after signing in to it', async () => {
    const janeId = await createUser({ primaryEmail: 'jane@example.com', password: strongPassword, name: 'Jane Doe' });
    const before = await userCount();
    const flow = await startFlow(instance, app, 'SignIn');
    const { landed, verificationId: socialVerificationId } = await viaProvider(flow, 'jane-1');
    expect(landed.url).toBe(`${instance.url}/sign-in`);
    const step = await flow.ok('GET', '');
    expect(step).toEqual({
      next: 'link-social',
      interactionEvent: 'SignIn',
      socialVerificationId,
      connectorId: target,
      relatedUser: { type: 'email', value: 'j***@example.com' },
    } satisfies Step & { connectorId: string });
    // Nothing is linked or created before the user proves the account is theirs.
    expect((await getUser(janeId)).identities).toEqual({});
    expect(await userCount()).toBe(before);
    await flow.refused('POST', '/submit', undefined, 400, 'session.identifier_not_verified');

    const verificationId = await flow.password({ type: 'email', value: 'jane@example.com' }, strongPassword);
    expect(await flow.ok('POST', '/identification', { verificationId, linkSocialVerificationId: socialVerificationId })).toEqual({ next: 'submit', interactionEvent: 'SignIn' });
    const tokens = await flow.submitAndExchange();
    expect(tokens.idToken).toMatchObject({ sub: janeId, name: 'Jane Doe', email: 'jane@example.com' });
    expect((await getUser(janeId)).identities[target]).toMatchObject({ userId: 'jane-1' });
    expect(await userCount()).toBe(before);

    // From now on the provider signs Jane in directly.
    expect((await socialSignIn('jane-1')).idToken.sub).toBe(janeId);
  });

  it('creates a new account instead of linking, without the email that belongs to someone else', async () => {
    const juneId = await createUser({ primaryEmail: 'june@example.com', password: strongPassword });
    const before = await userCount();
    const flow = await startFlow(instance, app, 'SignIn');
    const { landed, verificationId: socialVerificationId } = await viaProvider(flow, 'june-1');
    expect(landed.url).toBe(`${instance.url}/sign-in`);
    expect(await flow.ok('GET', '')).toMatchObject({ next: 'link-social', relatedUser: { type: 'email', value: 'j***@example.com' } });

    expect(await flow.ok('PUT', '/interaction-event', { interactionEvent: 'Register' })).toEqual({ next: 'identify', interactionEvent: 'Register' });
    expect(await flow.ok('POST', '/identification', { verificationId: socialVerificationId })).toEqual({ next: 'submit', interactionEvent: 'Register' });
    const tokens = await flow.submitAndExchange();
    expect(tokens.idToken.sub).not.toBe(juneId);
    expect(tokens.idToken).toMatchObject({ name: 'June at Acme', email: null, email_verified: false });
    const created = await getUser(tokens.idToken.sub!);
    expect(created).toMatchObject({ primaryEmail: null, identities: { [target]: { userId: 'june-1' } } });
    expect((await getUser(juneId)).identities).toEqual({});
    expect(await userCount()).toBe(before + 1);

    // The social account now belongs to the new user.
    expect((await socialSignIn('june-1')).idToken.sub).toBe(tokens.idToken.sub);
  });

  it('links automatically when turned on, but never on an unverified provider email', async () => {
    await patchSignInExperience(api, { socialSignIn: { automaticAccountLinking: true } });
    const autoId = await createUser({ primaryEmail: 'auto@example.com', password: strongPassword, name: 'Auto Existing' });
    const unverifiedOwner = await createUser({ primaryEmail: 'unverified@example.com', password: strongPassword });
    const before = await userCount();

    const linked = await socialSignIn('auto-1');
    expect(linked.idToken).toMatchObject({ sub: autoId, name: 'Auto Existing', email: 'auto@example.com' });
    expect((await getUser(autoId)).identities[target]).toMatchObject({ userId: 'auto-1' });
    expect(await userCount()).toBe(before);

    const stranger = await socialSignIn('unverified-1');
    expect(stranger.idToken.sub).not.toBe(unverifiedOwner);
    expect(stranger.idToken).toMatchObject({ name: 'Unverified at Acme', email: null, email_verified: false });
    expect(await getUser(stranger.idToken.sub!)).toMatchObject({ primaryEmail: null, identities: { [target]: { userId: 'unverified-1' } } });
    expect((await getUser(unverifiedOwner)).identities).toEqual({});
    expect(await userCount()).toBe(before + 1);
  });

  it('refuses a connector that is set up but not enabled, and new social users when sign-up is off', async () => {
    const knownId = await createUser({ username: 'known_user', password: strongPassword });
    expect((await api('PUT', `/api/users/${knownId}/identities/${target}`, { socialUserId: 'known-1' })).status).toBe(200);

    const flow = await startFlow(instance, app, 'SignIn');
    await flow.refused('POST', `/verification/social/${disabledTarget}/authorization-uri`, undefined, 422, 'session.method_not_enabled');

    await patchSignInExperience(api, { signInMode: 'SignIn' });
    const before = await userCount();
    const started = await flow.ok<{ authorizationUri: string }>('POST', `/verification/social/${target}/authorization-uri`);
    const callbackParams = await fake.authorize(started.authorizationUri, { sub: 'stranger-1' });
    const refused = await flow.browser.request(`${instance.url}/callback/${target}?${new URLSearchParams(callbackParams)}`);
    // Back to the sign-in page, which explains the refusal in the user's language.
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/sign-in?error=session.register_disabled');
    expect(await userCount()).toBe(before);

    // A social account already linked (here by an administrator) still signs in.
    const { landed } = await viaProvider(flow, 'known-1');
    expect(landed.url.startsWith(appRedirectUri), landed.url).toBe(true);
    const tokens = await flow.exchange(new URL(landed.url));
    expect(tokens.idToken).toMatchObject({ sub: knownId, username: 'known_user' });
  });

  describe('consent', () => {
    const consentScope = { scope: 'openid profile email' };
    let partner: App;
    beforeAll(async () => {
      partner = await createApp(api, { name: 'Partner Portal', isThirdParty: true });
    });

    /** Signs `username` in to the partner app; returns the flow, now at the consent page. */
    async function signInToPartner(username: string): Promise<Flow> {
      const flow = await startFlow(instance, partner, 'SignIn', consentScope);
      await flow.refused('GET', '/consent', undefined, 400, 'session.consent_not_required');
      await flow.ok('POST', '/identification', { verificationId: await flow.password({ type: 'username', value: username }, strongPassword) });
      const { redirectTo } = await flow.ok<{ redirectTo: string }>('POST', '/submit');
      const landed = await flow.browser.navigate(redirectTo, appRedirectUri);
      expect(new URL(landed.url).pathname).toBe('/consent');
      return flow;
    }

    it('asks before sharing with a third-party app, then remembers the grant', async () => {
      const userId = await createUser({ username: 'consenting', password: strongPassword, name: 'Con Senting', primaryEmail: 'consent@example.com' });
      const flow = await signInToPartner('consenting');
      const details = await flow.ok<{ application: unknown; user: unknown; scopes: string[]; resourceScopes: unknown[] }>('GET', '/consent');
      expect(details).toEqual({
        application: { id: partner.id, name: 'Partner Portal' },
        user: { id: userId, name: 'Con Senting', username: 'consenting', primaryEmail: 'consent@example.com' },
        scopes: expect.arrayContaining(['openid', 'profile', 'email']),
        resourceScopes: [],
      });
      expect(details.scopes).not.toContain('phone');
      // The interaction still waits for the decision: no other step applies now.
      await flow.refused('GET', '', undefined, 400, 'session.invalid_event');

      const { redirectTo } = await flow.ok<{ redirectTo: string }>('POST', '/consent', { decision: 'allow' });
      const tokens = await flow.finishAt(redirectTo);
      expect(tokens.idToken).toMatchObject({ sub: userId, aud: partner.id, name: 'Con Senting', username: 'consenting', email: 'consent@example.com', email_verified: true });
      expect(tokens.idToken).not.toHaveProperty('phone_number');

      // The same browser, the same app, the same scopes: single sign-on, no consent page.
      const again = new Flow(instance, partner);
      for (const [name, value] of flow.browser.cookies) again.browser.cookies.set(name, value);
      const landed = await again.authorize(consentScope);
      expect(landed.href.startsWith(appRedirectUri), landed.href).toBe(true);
      expect((await again.exchange(landed)).idToken).toMatchObject({ sub: userId, email: 'consent@example.com' });

      // Asking for more: consent again, for what is new only; the grant then covers both.
      const wider = new Flow(instance, partner);
      for (const [name, value] of flow.browser.cookies) wider.browser.cookies.set(name, value);
      expect((await wider.authorize({ scope: 'openid profile email phone' })).pathname).toBe('/consent');
      expect((await wider.ok<{ scopes: string[] }>('GET', '/consent')).scopes).toEqual(['phone']);
      const { redirectTo: widened } = await wider.ok<{ redirectTo: string }>('POST', '/consent', { decision: 'allow' });
      expect((await wider.finishAt(widened)).idToken).toMatchObject({ sub: userId, email: 'consent@example.com', phone_number: null, phone_number_verified: false });
    });

    it('sends access_denied to the app when the user denies', async () => {
      await createUser({ username: 'refusing', password: strongPassword });
      const flow = await signInToPartner('refusing');
      const { redirectTo } = await flow.ok<{ redirectTo: string }>('POST', '/consent', { decision: 'deny' });
      const landed = await flow.browser.navigate(redirectTo, appRedirectUri);
      expect(landed.url.startsWith(appRedirectUri), landed.url).toBe(true);
      const callback = new URL(landed.url).searchParams;
      expect(callback.get('error')).toBe('access_denied');
      expect(callback.get('state')).toBe('app-state');
      expect(callback.get('code')).toBeNull();
      // The decision is not remembered: the next authorization asks again, and allowing works.
      const again = new Flow(instance, partner);
      for (const [name, value] of flow.browser.cookies) again.browser.cookies.set(name, value);
      expect((await again.authorize(consentScope)).pathname).toBe('/consent');
      const { redirectTo: allowed } = await again.ok<{ redirectTo: string }>('POST', '/consent', { decision: 'allow' });
      expect((await again.finishAt(allowed)).idToken).toMatchObject({ aud: partner.id, username: 'refusing' });
    });

    it('never shows consent to a first-party app', async () => {
      const userId = await createUser({ username: 'first_party', password: strongPassword, primaryEmail: 'first@example.com' });
      const flow = await startFlow(instance, app, 'SignIn');
      await flow.refused('GET', '/consent', undefined, 400, 'session.consent_not_required');
      await flow.refused('POST', '/consent', { decision: 'allow' }, 400, 'session.consent_not_required');
      await flow.ok('POST', '/identification', { verificationId: await flow.password({ type: 'username', value: 'first_party' }, strongPassword) });
      const { redirectTo } = await flow.ok<{ redirectTo: string }>('POST', '/submit');
      const landed = await flow.browser.navigate(redirectTo, appRedirectUri);
      expect(landed.url.startsWith(appRedirectUri), landed.url).toBe(true);
      expect((await flow.exchange(new URL(landed.url))).idToken).toMatchObject({ sub: userId, email: 'first@example.com', aud: app.id });
      // With the interaction finished, there is nothing to consent to.
      await flow.refused('GET', '/consent', undefined, 400, 'session.interaction_not_found');
    });
  });
});
