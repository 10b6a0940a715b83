// A real, certified relying-party library (openid-client v6) runs the whole flow against Signet:
// discovery → authorization code + PKCE → password sign-in through the Experience API → token
// exchange → ID token verified against JWKS → userinfo → refresh with rotation and reuse
// detection → end session. Runs on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { CookieBrowser } from '../support/browser.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';

const redirectUri = 'http://localhost:3000/api/auth/callback/logto';
const postLogoutRedirectUri = 'http://localhost:3000/';
const password = 'correct horse battery staple';

type App = { id: string; secret: string };

describe.each(databaseKinds)('OpenID Connect relying party on %s', (kind) => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;
  let user: { id: string };

  async function createApp(extra: Record<string, unknown> = {}): Promise<App> {
    const created = await api<App>('POST', '/api/applications', {
      name: 'Bookstore',
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [redirectUri], postLogoutRedirectUris: [postLogoutRedirectUri], ...extra },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function discover(app: App, alg: 'ES384' | 'RS256') {
    return client.discovery(
      new URL(`${instance.url}/oidc`),
      app.id,
      { id_token_signed_response_alg: alg },
      client.ClientSecretBasic(app.secret),
      { execute: [client.allowInsecureRequests] },
    );
  }

  /** Runs authorize → sign-in → callback and returns the callback URL with the code. */
  async function authorize(config: client.Configuration, browser: CookieBrowser, scope: string, extra: Record<string, string> = {}) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      state,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...extra,
    });
    let step = await browser.navigate(url.href, redirectUri);
    if (!step.url.startsWith(redirectUri)) {
      expect(new URL(step.url).pathname).toBe('/sign-in');
      const redirectTo = await browser.signInWithPassword(instance.url, { type: 'username', value: 'Reader' }, password);
      step = await browser.navigate(redirectTo, redirectUri);
    }
    expect(step.url.startsWith(redirectUri)).toBe(true);
    return { callbackUrl: new URL(step.url), codeVerifier, state };
  }

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    const created = await api<{ id: string }>('POST', '/api/users', {
      username: 'reader',
      primaryEmail: 'reader@example.com',
      password,
      name: 'Ada Reader',
      avatar: 'https://example.com/ada.png',
    });
    expect(created.status).toBe(201);
    user = created.body;
  });
  afterAll(() => instance.close());

  it('runs the whole flow with an ES384 ID token, userinfo, refresh rotation and end session', async () => {
    const app = await createApp();
    const config = await discover(app, 'ES384');
    expect(config.serverMetadata().issuer).toBe(`${instance.url}/oidc`);
    expect(config.serverMetadata().id_token_signing_alg_values_supported).toContain('ES384');

    const browser = new CookieBrowser();
    // Auth.js's Logto provider sends exactly this scope and never prompt=consent.
    const { callbackUrl, codeVerifier, state } = await authorize(config, browser, 'offline_access openid email profile');
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: codeVerifier, expectedState: state });

    // The ID token verifies against the published JWKS with ES384.
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('ES384');
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, { issuer: `${instance.url}/oidc`, audience: app.id, algorithms: ['ES384'] });
    // What Auth.js's profile mapping reads: sub, name ?? username, email, picture.
    expect(payload).toMatchObject({ sub: user.id, name: 'Ada Reader', username: 'reader', email: 'reader@example.com', email_verified: true, picture: 'https://example.com/ada.png' });
    expect(payload).not.toHaveProperty('phone_number');

    // A first-party app gets a refresh token for offline_access without prompt=consent.
    expect(tokens.refresh_token).toBeTruthy();

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, user.id);
    expect(userinfo).toMatchObject({ sub: user.id, name: 'Ada Reader', email: 'reader@example.com', picture: 'https://example.com/ada.png' });
    expect(typeof userinfo.updated_at).toBe('number');

    // Refresh rotates: a new refresh token each time.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await client.fetchUserInfo(config, refreshed.access_token, user.id)).sub).toBe(user.id);

    // Reusing the old refresh token fails and revokes the whole grant, including the new token.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(config, refreshed.access_token, user.id)).rejects.toBeTruthy();

    // SSO: a second authorization for the same app needs no sign-in.
    const again = await authorize(config, browser, 'openid profile');
    expect(again.callbackUrl.searchParams.get('code')).toBeTruthy();

    // RP-initiated logout with the exact registered post_logout_redirect_uri.
    const endSession = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: postLogoutRedirectUri, state: 'bye' });
    const page = await browser.navigate(endSession.href, postLogoutRedirectUri);
    // The confirmation page posts its own form (with oidc-provider's CSRF token) to confirm.
    const html = await page.response!.text();
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await browser.request(new URL(action, instance.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    const after = await browser.navigate(new URL(confirmed.headers.get('location')!, instance.url).href, postLogoutRedirectUri);
    expect(after.url).toBe(`${postLogoutRedirectUri}?state=bye`);

    // The session is gone: the next authorization asks to sign in again.
    const codeVerifier2 = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(codeVerifier2), code_challenge_method: 'S256' });
    const fresh = await browser.navigate(url.href, redirectUri);
    expect(new URL(fresh.url).pathname).toBe('/sign-in');
  });

  it('signs ID tokens with RS256 for an application set to it', async () => {
    const app = await createApp({ idTokenSignedResponseAlg: 'RS256' });
    const config = await discover(app, 'RS256');
    const { callbackUrl, codeVerifier } = await authorize(config, new CookieBrowser(), 'openid email');
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: codeVerifier, expectedState: client.skipStateCheck });
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('RS256');
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, { issuer: `${instance.url}/oidc`, audience: app.id, algorithms: ['RS256'] });
    expect(payload).toMatchObject({ sub: user.id, email: 'reader@example.com' });
    expect(payload).not.toHaveProperty('name');
    // No offline_access → no refresh token.
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('introspects and revokes tokens for the client that holds them', async () => {
    const app = await createApp();
    const config = await discover(app, 'ES384');
    const { callbackUrl, codeVerifier } = await authorize(config, new CookieBrowser(), 'openid offline_access');
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: codeVerifier, expectedState: client.skipStateCheck });

    const active = await client.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({ active: true, sub: user.id, client_id: app.id });
    expect((await client.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(true);

    // Another client learns nothing about this client's tokens.
    const other = await createApp();
    const otherConfig = await discover(other, 'ES384');
    expect((await client.tokenIntrospection(otherConfig, tokens.access_token)).active).toBe(false);

    await client.tokenRevocation(config, tokens.refresh_token!);
    expect((await client.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(false);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await client.tokenRevocation(config, tokens.access_token);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('publishes ES384 and RS256 keys in JWKS, without private members', async () => {
    const jwks = (await (await fetch(`${instance.url}/oidc/jwks`)).json()) as { keys: Record<string, unknown>[] };
    const algs = jwks.keys.map((key) => key.alg);
    expect(algs).toEqual(expect.arrayContaining(['ES384', 'RS256']));
    for (const key of jwks.keys) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member);
  });
});
