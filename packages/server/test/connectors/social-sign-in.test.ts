// Social sign-in through the callbacks, end to end over HTTP: an OIDC authorization request, the
// Experience API starting a social verification, the provider (a fake over loopback), the callback
// with its state checked, and the app receiving a code it exchanges for tokens. Alipay (Native)
// comes back through `/callback/social/:id` as a native app loads it; OAuth 2.0 through the web
// callback `/callback/:id`.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@signet/schemas';
import { CookieBrowser } from '../support/browser.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { countRows } from '../management/helpers.ts';
import { createAlipayAppKeys, startAlipayFake, type AlipayFake } from '../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';
import { startOAuth2Fake, type OAuth2Fake } from '../../src/connectors/oauth2/oauth2.fake.ts';

const appRedirectUri = 'http://localhost:3000/api/auth/callback/logto';
const alipayAppId = '2021000000000042';

describe.each(databaseKinds)('Social sign-in through the callbacks on %s', (kind) => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;
  let alipay: AlipayFake;
  let oauth: OAuth2Fake;
  let app: { id: string; secret: string };

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    const keys = createAlipayAppKeys();
    alipay = await startAlipayFake({ apps: [{ appId: alipayAppId, publicKeyPem: keys.publicKeyPem }] });
    oauth = await startOAuth2Fake({
      clients: [{ clientId: 'signet', clientSecret: 'oauth-client-secret', redirectUris: [`${instance.url}/callback/acme`] }],
      users: { grace: { id: 4242, profile: { displayName: 'Grace', mail: 'grace@acme.example' } } },
    });
    const alipayConnector = await api('POST', '/api/connectors', {
      connectorId: 'alipay-native',
      id: 'alipay',
      config: { appId: alipayAppId, privateKey: keys.privateKeyPkcs8Pem.replace(/\n/g, '\\n'), signType: 'RSA2', gatewayUrl: alipay.url, alipayPublicKey: alipay.gatewayPublicKeyPem },
    });
    expect(alipayConnector.status).toBe(201);
    const oauthConnector = await api('POST', '/api/connectors', {
      connectorId: 'oauth2',
      id: 'acme',
      metadata: { target: 'acme', name: { en: 'Acme' } },
      config: {
        authorizationEndpoint: oauth.authorizationEndpoint,
        tokenEndpoint: oauth.tokenEndpoint,
        userInfoEndpoint: oauth.userInfoEndpoint,
        clientId: 'signet',
        clientSecret: 'oauth-client-secret',
        tokenEndpointResponseType: 'json',
        enablePkce: true,
        profileMap: { id: 'id', name: 'profile.displayName', email: 'profile.mail' },
      },
    });
    expect(oauthConnector.status).toBe(201);
    // As in the Alipay guide: social sign-in only ("Not applicable" sign-up identifier), both buttons on.
    const signInExperience = await api('PATCH', '/api/sign-in-exp', {
      signUp: { identifiers: [], password: false, verify: false },
      socialSignInConnectorTargets: ['alipay', 'acme'],
    });
    expect(signInExperience.status).toBe(200);
    const created = await api<{ id: string; secret: string }>('POST', '/api/applications', {
      name: 'Bookstore',
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [appRedirectUri] },
    });
    app = created.body;
  });
  afterAll(async () => {
    await instance.close();
    await alipay.close();
    await oauth.close();
  });

  /** An app sends the browser to Signet; it lands on the sign-in page with an interaction. */
  async function startAuthorization(browser: CookieBrowser) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${instance.url}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: app.id,
      redirect_uri: appRedirectUri,
      response_type: 'code',
      scope: 'openid profile',
      state: 'app-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const step = await browser.navigate(url.href, appRedirectUri);
    expect(new URL(step.url).pathname).toBe('/sign-in');
    expect((await browser.json('PUT', `${instance.url}/api/experience`, { interactionEvent: 'SignIn' })).status).toBe(200);
    return verifier;
  }

  async function startSocial(browser: CookieBrowser, connectorId: string) {
    const started = await browser.json<{ verificationId: string; authorizationUri: string }>(
      'POST',
      `${instance.url}/api/experience/verification/social/${connectorId}/authorization-uri`,
    );
    expect(started.status).toBe(200);
    return started.body;
  }

  async function exchange(code: string, verifier: string) {
    const response = await fetch(`${instance.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: appRedirectUri, code_verifier: verifier }),
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as { id_token: string };
    return JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()) as { sub: string; name?: string; picture?: string };
  }

  async function signInWithAlipay(profile: { user_id: string; nick_name: string; avatar: string }) {
    const browser = new CookieBrowser();
    const verifier = await startAuthorization(browser);
    const { authorizationUri } = await startSocial(browser, 'alipay');
    // What the native bridge hands to the app: the Alipay app is woken with this URI.
    const alipayUri = new URL(authorizationUri);
    expect(alipayUri.protocol).toBe('alipay:');
    expect(alipayUri.searchParams.get('app_id')).toBe(alipayAppId);
    const state = alipayUri.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    // The app plays Alipay: an auth code, then it loads the callback in the web view.
    const authCode = alipay.issueAuthCode(profile);
    const callback = `${instance.url}/callback/social/alipay?${new URLSearchParams({ auth_code: authCode, state, app_id: alipayAppId })}`;
    const back = await browser.navigate(callback, appRedirectUri);
    expect(back.url.startsWith(appRedirectUri)).toBe(true);
    const returned = new URL(back.url).searchParams;
    expect(returned.get('state')).toBe('app-state');
    return exchange(returned.get('code')!, verifier);
  }

  it('signs in with Alipay (Native): the first time creates the user with the Alipay identity, then signs in to it', async () => {
    const profile = { user_id: '2088000000000777', nick_name: 'Ada', avatar: 'https://tfs.alipayobjects.com/images/ada.png' };
    const first = await signInWithAlipay(profile);
    expect(first).toMatchObject({ name: 'Ada', picture: profile.avatar });
    const user = (await api<User>('GET', `/api/users/${first.sub}`)).body;
    expect(user.identities.alipay).toMatchObject({ userId: profile.user_id, details: { name: 'Ada', avatar: profile.avatar } });
    const usersBefore = await countRows(instance, 'users');

    const second = await signInWithAlipay(profile);
    expect(second.sub).toBe(first.sub);
    expect(await countRows(instance, 'users')).toBe(usersBefore);
  });

  it('signs in through the web callback with an OAuth 2.0 provider (PKCE), mapping the nested profile', async () => {
    const browser = new CookieBrowser();
    const verifier = await startAuthorization(browser);
    const { authorizationUri } = await startSocial(browser, 'acme');
    const providerUri = new URL(authorizationUri);
    expect(providerUri.searchParams.get('redirect_uri')).toBe(`${instance.url}/callback/acme`);
    expect(providerUri.searchParams.get('code_challenge_method')).toBe('S256');
    const callbackParams = await oauth.authorize(authorizationUri);
    const back = await browser.navigate(`${instance.url}/callback/acme?${new URLSearchParams(callbackParams)}`, appRedirectUri);
    const claims = await exchange(new URL(back.url).searchParams.get('code')!, verifier);
    expect(claims.name).toBe('Grace');
    const user = (await api<User>('GET', `/api/users/${claims.sub}`)).body;
    expect(user.identities.acme).toMatchObject({ userId: '4242' });
    // The provider did not say the email is verified: it is not taken as the user's email.
    expect(user.primaryEmail).toBeNull();

    // Users are linked to "acme" now: renaming keeps the target, moving it is refused.
    const renamed = await api<{ target: string; name: { en: string } }>('PATCH', '/api/connectors/acme', { metadata: { name: { en: 'Acme Corp' } } });
    expect(renamed.body).toMatchObject({ target: 'acme', name: { en: 'Acme Corp' } });
    const moved = await api<{ code: string }>('PATCH', '/api/connectors/acme', { metadata: { target: 'acme2' } });
    expect(moved).toMatchObject({ status: 422, body: { code: 'connector.target_in_use' } });
  });

  it('refuses a callback whose state does not belong to the sign-in, and creates no user', async () => {
    const browser = new CookieBrowser();
    await startAuthorization(browser);
    const { authorizationUri } = await startSocial(browser, 'alipay');
    const state = new URL(authorizationUri).searchParams.get('state')!;
    const users = await countRows(instance, 'users');
    const authCode = alipay.issueAuthCode({ user_id: '2088000000000999', nick_name: 'Mallory', avatar: 'https://example.com/m.png' });

    for (const wrong of [`${state}x`, state.slice(1), '', 'a'.repeat(state.length)]) {
      const response = await browser.request(`${instance.url}/callback/social/alipay?auth_code=${authCode}&state=${encodeURIComponent(wrong)}`);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/sign-in?error=connector.authorization_failed');
    }
    // Another browser (no interaction cookie) cannot use the right state either.
    const stranger = await new CookieBrowser().request(`${instance.url}/callback/social/alipay?auth_code=${authCode}&state=${state}`);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe('/error?code=session.interaction_not_found');
    // The state is also bound to its connector.
    const otherConnector = await browser.request(`${instance.url}/callback/acme?code=x&state=${state}`);
    expect(otherConnector.headers.get('location')).toBe('/sign-in?error=connector.authorization_failed');
    expect(await countRows(instance, 'users')).toBe(users);

    // A provider error goes back to the sign-in page, which explains it in the user's language; no 500.
    const denied = await browser.request(`${instance.url}/callback/social/alipay?auth_code=not-a-code&state=${state}`);
    expect(denied.status).toBe(303);
    expect(denied.headers.get('location')).toBe('/sign-in?error=connector.social_auth_code_invalid');
    // …and that state is spent: the same callback with a good code cannot finish the sign-in now.
    const retried = await browser.request(`${instance.url}/callback/social/alipay?auth_code=${authCode}&state=${state}`);
    expect(retried.headers.get('location')).toBe('/sign-in?error=connector.authorization_failed');
  });

  it('answers unknown connectors and callbacks without a sign-in with clear errors', async () => {
    const browser = new CookieBrowser();
    await startAuthorization(browser);
    const unknown = await browser.json<{ code: string }>('POST', `${instance.url}/api/experience/verification/social/nope/authorization-uri`);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'connector.not_found' } });
    const email = await api<{ id: string }>('POST', '/api/connectors', { connectorId: 'dev-outbox-email', id: 'mail' });
    const notSocial = await browser.json<{ code: string }>('POST', `${instance.url}/api/experience/verification/social/${email.body.id}/authorization-uri`);
    expect(notSocial).toMatchObject({ status: 404, body: { code: 'connector.not_found' } });
    await api('DELETE', `/api/connectors/${email.body.id}`);
    // A form_post answer (Apple) arrives cross-site without cookies: a page of ours posts it again,
    // same-site, and the code never appears in a URL.
    const posted = await browser.request(`${instance.url}/callback/acme`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'code=abc&state=xyz',
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('location')).toBeNull();
    const page = await posted.text();
    expect(page).toContain('<input type="hidden" name="code" value="abc">');
    expect(page).toContain('name="_signet_resubmit" value="1"');
    const resubmitted = await browser.request(`${instance.url}/callback/acme`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'code=abc&state=xyz&_signet_resubmit=1',
    });
    expect(resubmitted.status).toBe(303);
    expect(resubmitted.headers.get('location')).toBe('/sign-in?error=connector.authorization_failed');
    const oversized = await browser.request(`${instance.url}/callback/acme`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `code=${'x'.repeat(20_000)}`,
    });
    expect(oversized.status).toBe(413);
  });
});
