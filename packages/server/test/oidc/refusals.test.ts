// Attempts to break the authorization server: each must be refused with the RFC 6749 error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { CookieBrowser } from '../support/browser.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';

const redirectUri = 'http://localhost:3000/callback';
const password = 'a long enough password';

const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe.each(databaseKinds)('OIDC refusals on %s', (kind) => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;
  let web: { id: string; secret: string };
  let spa: { id: string };

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  async function token(form: Record<string, string>, auth?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${instance.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth && { authorization: auth }) },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Signs in and returns a fresh authorization code for `clientId`. */
  async function codeFor(clientId: string, challenge: string, extra: Record<string, string> = {}): Promise<string> {
    const browser = new CookieBrowser();
    const query = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256', ...extra });
    await browser.navigate(`${instance.url}/oidc/auth?${query}`, redirectUri);
    const redirectTo = await browser.signInWithPassword(instance.url, { type: 'email', value: 'REFUSE@example.com' }, password);
    const callback = await browser.navigate(redirectTo, redirectUri);
    const code = new URL(callback.url).searchParams.get('code');
    if (!code) throw new Error(`no code in ${callback.url}`);
    return code;
  }

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    web = (await api<{ id: string; secret: string }>('POST', '/api/applications', { name: 'web', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] } })).body;
    spa = (await api<{ id: string }>('POST', '/api/applications', { name: 'spa', type: 'SPA', oidcClientMetadata: { redirectUris: [redirectUri] } })).body;
    expect((await api('POST', '/api/users', { primaryEmail: 'refuse@example.com', password })).status).toBe(201);
  });
  afterAll(() => instance.close());

  it('refuses a wrong client secret (basic and post)', async () => {
    const form = { grant_type: 'authorization_code', code: 'x', redirect_uri: redirectUri, code_verifier: 'x'.repeat(43) };
    const viaBasic = await token(form, basic(web.id, 'wrong-secret'));
    expect(viaBasic).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const viaPost = await token({ ...form, client_id: web.id, client_secret: 'wrong-secret' });
    expect(viaPost).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('accepts client_secret_post as well as client_secret_basic', async () => {
    const pkce = pkcePair();
    const code = await codeFor(web.id, pkce.challenge);
    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier, client_id: web.id, client_secret: web.secret });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.id_token).toBeTruthy();
  });

  it('refuses an unregistered redirect URI at the authorization endpoint, without redirecting', async () => {
    for (const bad of ['http://localhost:3000/callback/', 'http://localhost:3000/callback?x=1', 'http://evil.example/callback', 'http://localhost:3001/callback']) {
      const query = new URLSearchParams({ client_id: web.id, redirect_uri: bad, response_type: 'code', scope: 'openid', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
      const response = await fetch(`${instance.url}/oidc/auth?${query}`, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('redirect_uri did not match any of the client');
    }
  });

  it('refuses a replayed code and revokes what it issued', async () => {
    const pkce = pkcePair();
    const code = await codeFor(web.id, pkce.challenge);
    const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier };
    const first = await token(form, basic(web.id, web.secret));
    expect(first.status).toBe(200);
    const replay = await token(form, basic(web.id, web.secret));
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The access token from the first exchange is revoked too (RFC 6749 §4.1.2).
    const userinfo = await fetch(`${instance.url}/oidc/me`, { headers: { authorization: `Bearer ${first.body.access_token as string}` } });
    expect(userinfo.status).toBe(401);
  });

  it('refuses a PKCE mismatch and a redirect_uri mismatch at the token endpoint', async () => {
    const pkce = pkcePair();
    const code = await codeFor(web.id, pkce.challenge);
    const mismatch = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkcePair().verifier }, basic(web.id, web.secret));
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const pkce2 = pkcePair();
    const code2 = await codeFor(web.id, pkce2.challenge);
    const wrongUri = await token({ grant_type: 'authorization_code', code: code2, redirect_uri: 'http://localhost:3000/other', code_verifier: pkce2.verifier }, basic(web.id, web.secret));
    expect(wrongUri).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('requires PKCE (S256 only) for public clients', async () => {
    const base = { client_id: spa.id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid' };
    const withoutPkce = await new CookieBrowser().navigate(`${instance.url}/oidc/auth?${new URLSearchParams(base)}`, redirectUri);
    expect(new URL(withoutPkce.url).searchParams.get('error')).toBe('invalid_request');
    const plain = await new CookieBrowser().navigate(
      `${instance.url}/oidc/auth?${new URLSearchParams({ ...base, code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' })}`,
      redirectUri,
    );
    expect(new URL(plain.url).searchParams.get('error')).toBe('invalid_request');

    // With PKCE it works, and no secret is needed.
    const pkce = pkcePair();
    const code = await codeFor(spa.id, pkce.challenge);
    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier, client_id: spa.id });
    expect(exchanged.status).toBe(200);
  });

  it('refuses the implicit flow and unknown clients', async () => {
    const implicit = await fetch(
      `${instance.url}/oidc/auth?${new URLSearchParams({ client_id: web.id, redirect_uri: redirectUri, response_type: 'id_token token', scope: 'openid', nonce: 'n' })}`,
      { redirect: 'manual' },
    );
    const location = implicit.headers.get('location') ?? '';
    expect(implicit.status === 400 || /error=unsupported_response_type/.test(location)).toBe(true);
    const unknown = await fetch(`${instance.url}/oidc/auth?${new URLSearchParams({ client_id: 'nope', redirect_uri: redirectUri, response_type: 'code', scope: 'openid' })}`, { redirect: 'manual' });
    expect(unknown.status).toBe(400);
  });

  it('refuses a post_logout_redirect_uri that is not registered exactly', async () => {
    const response = await fetch(`${instance.url}/oidc/session/end?${new URLSearchParams({ client_id: web.id, post_logout_redirect_uri: 'http://evil.example/' })}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('locks password sign-in after repeated failures and rejects cross-site Experience API calls', async () => {
    const browser = new CookieBrowser();
    const query = new URLSearchParams({ client_id: web.id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    await browser.navigate(`${instance.url}/oidc/auth?${query}`, redirectUri);
    expect((await browser.json('PUT', `${instance.url}/api/experience`, { interactionEvent: 'SignIn' })).status).toBe(200);

    const crossSite = await browser.request(`${instance.url}/api/experience`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ interactionEvent: 'SignIn' }),
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { code: string }).code).toBe('request.csrf_rejected');

    const attempt = () => browser.json<{ code: string }>('POST', `${instance.url}/api/experience/verification/password`, { identifier: { type: 'username', value: 'lockme' }, password: 'wrong password' });
    for (let index = 0; index < 10; index += 1) expect((await attempt()).body.code).toBe('session.verification_failed');
    const locked = await attempt();
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('session.too_many_attempts');

    const noInteraction = await new CookieBrowser().json<{ code: string }>('PUT', `${instance.url}/api/experience`, { interactionEvent: 'SignIn' });
    expect(noInteraction).toMatchObject({ status: 400, body: { code: 'session.interaction_not_found' } });
  });

  it('refuses refresh and userinfo with revoked or foreign tokens', async () => {
    const missing = await fetch(`${instance.url}/oidc/me`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(missing.status).toBe(401);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: 'forged' }, basic(web.id, web.secret));
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
