// Refresh tokens for first-party apps without prompt=consent, and what must NOT get one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { CookieBrowser } from '../support/browser.ts';
import { apiClient, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';

const redirectUri = 'http://localhost:3000/callback';
const password = 'offline access password';

describe('offline_access', () => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;

  async function app(body: Record<string, unknown>) {
    return (await api<{ id: string; secret: string }>('POST', '/api/applications', { name: 'app', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] }, ...body })).body;
  }

  /** Signs in and exchanges the code; returns the token response (or where the flow stopped). */
  async function flow(appId: string, secret: string, params: Record<string, string>) {
    const verifier = client.randomPKCECodeVerifier();
    const query = new URLSearchParams({ client_id: appId, redirect_uri: redirectUri, response_type: 'code', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params });
    const browser = new CookieBrowser();
    await browser.navigate(`${instance.url}/oidc/auth?${query}`, redirectUri);
    const after = await browser.navigate(await browser.signInWithPassword(instance.url, { type: 'username', value: 'offline' }, password), redirectUri);
    const code = new URL(after.url, instance.url).searchParams.get('code');
    if (!code) return { stoppedAt: new URL(after.url, instance.url).pathname };
    const response = await fetch(`${instance.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${appId}:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
    });
    return { tokens: (await response.json()) as { refresh_token?: string; access_token?: string } };
  }

  beforeAll(async () => {
    instance = await startTestSignet({ kind: 'pglite' });
    api = apiClient(instance.url, await managementToken(instance.url));
    await api('POST', '/api/users', { username: 'offline', password });
  });
  afterAll(() => instance.close());

  it('gives a first-party app a refresh token without prompt=consent', async () => {
    const first = await app({});
    const result = await flow(first.id, first.secret, { scope: 'openid offline_access' });
    expect(result.tokens?.refresh_token).toBeTruthy();
  });

  it('does not when the app turned alwaysIssueRefreshToken off (then prompt=consent is needed, per OIDC Core)', async () => {
    const strict = await app({ customClientMetadata: { alwaysIssueRefreshToken: false } });
    const result = await flow(strict.id, strict.secret, { scope: 'openid offline_access' });
    expect(result.tokens?.access_token).toBeTruthy();
    expect(result.tokens?.refresh_token).toBeUndefined();
  });

  it('ignores a client trying to smuggle the internal marker parameter', async () => {
    const first = await app({});
    const result = await flow(first.id, first.secret, { scope: 'openid', signet_offline_access: 'true' });
    expect(result.tokens?.access_token).toBeTruthy();
    expect(result.tokens?.refresh_token).toBeUndefined();
  });

  it('sends third-party apps to the consent step instead of granting silently', async () => {
    const thirdParty = await app({ isThirdParty: true });
    const result = await flow(thirdParty.id, thirdParty.secret, { scope: 'openid offline_access' });
    expect(result.stoppedAt).toBe('/consent');
  });
});
