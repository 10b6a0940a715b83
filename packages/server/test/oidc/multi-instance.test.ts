// Two Signet instances on one PostgreSQL database, behind a simulated load balancer that sends
// each request to the other instance. Proves the server keeps no state in process memory.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { sql } from 'drizzle-orm';
import { CookieBrowser } from '../support/browser.ts';
import { apiClient, createTestDatabase, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { queryRows } from '../../src/db/client.ts';

// The public URL both instances share, as behind a load balancer. Nothing listens there: every
// request is rewritten to one of the instances.
const endpoint = 'http://signet.test';
const redirectUri = 'http://localhost:3000/api/auth/callback/logto';
const password = 'shared database password';

describe('two instances on one PostgreSQL database', () => {
  let database: { url: string | undefined; drop: () => Promise<void> };
  let a: TestSignet;
  let b: TestSignet;
  let turn = 0;
  /** Round-robin: each call goes to the other instance. */
  const balance = (url: string) => url.replace(endpoint, [a, b][turn++ % 2]!.url);
  const on = (instance: TestSignet) => (url: string) => url.replace(endpoint, instance.url);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Both start at once on an empty database: migrations, key generation and bootstrap race.
    [a, b] = await Promise.all(
      [0, 1].map(() => startTestSignet({ kind: 'postgres', databaseUrl: database.url, endpoint, keyPollIntervalMs: 100 })),
    ) as [TestSignet, TestSignet];
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database.drop();
  });

  it('applied migrations, generated keys and bootstrapped exactly once', async () => {
    const migrations = await queryRows<{ id: string }>(a.database.db, sql`select id from signet_migrations`);
    const journal = JSON.parse(readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] };
    expect(migrations.map((row) => row.id)).toEqual(journal.entries.map((entry) => entry.tag));
    const keys = await queryRows<{ alg: string; n: number }>(a.database.db, sql`select alg, count(*)::int as n from oidc_signing_keys group by alg order by alg`);
    expect(keys).toEqual([{ alg: 'ES256', n: 1 }, { alg: 'ES384', n: 1 }, { alg: 'RS256', n: 1 }]);
    const apps = await queryRows<{ n: number }>(a.database.db, sql`select count(*)::int as n from applications`);
    expect(apps[0]!.n).toBe(1);
    const cookieKeys = await queryRows<{ n: number }>(a.database.db, sql`select count(*)::int as n from system_secrets where name = 'oidc-cookie-keys'`);
    expect(cookieKeys[0]!.n).toBe(1);
  });

  it('finishes a flow whose every request lands on a different instance', async () => {
    const token = await managementToken(a.url, endpoint);
    const apiB = apiClient(b.url, token); // a token from A is valid on B
    const apiA = apiClient(a.url, token);
    const app = (await apiB<{ id: string; secret: string }>('POST', '/api/applications', { name: 'lb', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] } })).body;
    const user = (await apiA<{ id: string }>('POST', '/api/users', { username: 'roamer', password })).body;

    const fetchBalanced: client.CustomFetch = (url, options) => fetch(balance(url), options as RequestInit);
    const config = await client.discovery(new URL(`${endpoint}/oidc`), app.id, { id_token_signed_response_alg: 'ES384' }, client.ClientSecretBasic(app.secret), {
      execute: [client.allowInsecureRequests],
      [client.customFetch]: fetchBalanced,
    });
    config[client.customFetch] = fetchBalanced;

    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid offline_access profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new CookieBrowser();
    const toSignIn = await browser.navigate(url.href, redirectUri, on(a)); // authorization request on A
    expect(new URL(toSignIn.url).pathname).toBe('/sign-in');
    const redirectTo = await browser.signInWithPassword(b.url, { type: 'username', value: 'roamer' }, password); // sign-in on B
    const callback = await browser.navigate(redirectTo, redirectUri, on(a)); // resume on A

    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), { pkceCodeVerifier: verifier, expectedState: client.skipStateCheck });
    const jwks = createRemoteJWKSet(new URL(`${b.url}/oidc/jwks`));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, { issuer: `${endpoint}/oidc`, audience: app.id });
    expect(payload.sub).toBe(user.id);
    expect((await client.fetchUserInfo(config, tokens.access_token, user.id)).username).toBe('roamer');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('applies application changes on every instance (through the cache invalidation bus, within a second)', async () => {
    const token = await managementToken(a.url, endpoint);
    const app = (await apiClient(a.url, token)<{ id: string }>('POST', '/api/applications', { name: 'edit', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] } })).body;
    const authorizeOnB = async (uri: string) => {
      const query = new URLSearchParams({ client_id: app.id, redirect_uri: uri, response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
      return (await fetch(`${b.url}/oidc/auth?${query}`, { redirect: 'manual' })).status;
    };
    expect(await authorizeOnB(redirectUri)).toBe(303);
    const patched = await apiClient(a.url, token)('PATCH', `/api/applications/${app.id}`, { oidcClientMetadata: { redirectUris: ['https://new.example.com/cb'] } });
    expect(patched.status).toBe(200);
    // B cached the client; the notice from A drops it (see cache-invalidation.test.ts for the rest).
    const deadline = Date.now() + 1000;
    while ((await authorizeOnB(redirectUri)) !== 400) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await authorizeOnB('https://new.example.com/cb')).toBe(303);
  });

  it('rotates signing keys on one instance and the other follows, keeping old keys published', async () => {
    const token = await managementToken(a.url, endpoint);
    const before = (await (await fetch(`${b.url}/oidc/jwks`)).json()) as { keys: { kid: string; alg: string }[] };
    const oldEs384 = before.keys.find((key) => key.alg === 'ES384')!.kid;

    const rotated = await apiClient(a.url, token)<{ id: string; alg: string; status: string }[]>('POST', '/api/configs/oidc/private-keys/rotate', { algorithms: ['ES384'] });
    expect(rotated.status).toBe(200);
    const newEs384 = rotated.body.find((key) => key.alg === 'ES384' && key.status === 'active')!.id;
    expect(newEs384).not.toBe(oldEs384);
    expect(rotated.body.find((key) => key.id === oldEs384)?.status).toBe('retired');

    // B notices within its poll interval.
    let kids: string[] = [];
    for (let attempt = 0; attempt < 50 && !kids.includes(newEs384); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      kids = ((await (await fetch(`${b.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
    }
    expect(kids).toContain(newEs384);
    expect(kids).toContain(oldEs384); // still published until tokens it signed expire

    // B now signs ID tokens with the new key.
    const app = (await apiClient(b.url, token)<{ id: string; secret: string }>('POST', '/api/applications', { name: 'rot', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] } })).body;
    const verifier = client.randomPKCECodeVerifier();
    const query = new URLSearchParams({ client_id: app.id, redirect_uri: redirectUri, response_type: 'code', scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new CookieBrowser();
    await browser.navigate(`${b.url}/oidc/auth?${query}`, redirectUri);
    const callback = await browser.navigate(await browser.signInWithPassword(b.url, { type: 'username', value: 'roamer' }, password), redirectUri, on(b));
    const response = await fetch(`${b.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: new URL(callback.url).searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier }),
    });
    const { id_token: idToken } = (await response.json()) as { id_token: string };
    expect(decodeProtectedHeader(idToken).kid).toBe(newEs384);
  });
});
