// Every instance caches what each request reads (clients, their Management API scopes, the sign-in
// experience, discovery and keys). A change made on one instance must reach the other through the
// invalidation bus (PostgreSQL NOTIFY), within a second, never waiting for a cache's time limit or
// the key poll: both are set far beyond the bounds asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestDatabase, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';

const endpoint = 'http://signet.test';
const redirectUri = 'http://localhost:3000/callback';
const withinMs = 1000;

/** Polls `check` until it holds; returns how long that took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const startedAt = Date.now();
  for (;;) {
    if (await check()) return Date.now() - startedAt;
    if (Date.now() - startedAt > ms) throw new Error(`still not true after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('cache invalidation between two instances on one PostgreSQL', () => {
  let database: { url: string | undefined; drop: () => Promise<void> };
  let a: TestSignet;
  let b: TestSignet;
  let apiA: ReturnType<typeof apiClient>;

  const clientCredentials = (on: TestSignet, id: string, secret: string) =>
    fetch(`${on.url}/oidc/token`, {
      method: 'POST',
      headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${endpoint}/api`, scope: 'all' }),
    });

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    a = await startTestSignet({ kind: 'postgres', databaseUrl: database.url, endpoint, keyPollIntervalMs: 600_000 });
    b = await startTestSignet({ kind: 'postgres', databaseUrl: database.url, endpoint, keyPollIntervalMs: 600_000 });
    apiA = apiClient(a.url, await managementToken(a.url, endpoint));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database.drop();
  });

  it('an application changed on A: B uses the new redirect URIs', async () => {
    const app = (await apiA<{ id: string }>('POST', '/api/applications', { name: 'edit', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] } })).body;
    const authorizeOnB = async (uri: string) => {
      const query = new URLSearchParams({ client_id: app.id, redirect_uri: uri, response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
      return (await fetch(`${b.url}/oidc/auth?${query}`, { redirect: 'manual' })).status;
    };
    expect(await authorizeOnB(redirectUri)).toBe(303); // B has it cached now
    expect((await apiA('PATCH', `/api/applications/${app.id}`, { oidcClientMetadata: { redirectUris: ['https://new.example.com/cb'] } })).status).toBe(200);
    expect(await within(withinMs, async () => (await authorizeOnB(redirectUri)) === 400)).toBeLessThan(withinMs);
    expect(await authorizeOnB('https://new.example.com/cb')).toBe(303);
  });

  it('a secret rotated on A without grace: B refuses the old secret', async () => {
    const app = (await apiA<{ id: string; secret: string }>('POST', '/api/applications', { name: 'm2m', type: 'MachineToMachine' })).body;
    expect((await apiA('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-access'] })).status).toBe(201);
    expect((await clientCredentials(b, app.id, app.secret)).status).toBe(200);
    const rotated = (await apiA<{ secret: string }>('POST', `/api/applications/${app.id}/secret/rotate`, { gracePeriodSeconds: 0 })).body;
    await within(withinMs, async () => (await clientCredentials(b, app.id, app.secret)).status === 401);
    expect((await clientCredentials(b, app.id, rotated.secret)).status).toBe(200);
  });

  it('a Management API role taken from an application on A: B stops issuing it tokens, and gives them again once restored', async () => {
    const app = (await apiA<{ id: string; secret: string }>('POST', '/api/applications', { name: 'scoped', type: 'MachineToMachine' })).body;
    expect((await apiA('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-access'] })).status).toBe(201);
    expect((await clientCredentials(b, app.id, app.secret)).status).toBe(200); // scopes cached on B
    expect((await apiA('DELETE', `/api/applications/${app.id}/roles/management-api-access`)).status).toBe(204);
    await within(withinMs, async () => (await clientCredentials(b, app.id, app.secret)).status === 400);
    expect((await apiA('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-access'] })).status).toBe(201);
    await within(withinMs, async () => (await clientCredentials(b, app.id, app.secret)).status === 200);
  });

  it('an application deleted on A: B no longer knows the client', async () => {
    const app = (await apiA<{ id: string; secret: string }>('POST', '/api/applications', { name: 'doomed', type: 'MachineToMachine' })).body;
    expect((await apiA('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-access'] })).status).toBe(201);
    expect((await clientCredentials(b, app.id, app.secret)).status).toBe(200);
    expect((await apiA('DELETE', `/api/applications/${app.id}`)).status).toBe(204);
    await within(withinMs, async () => (await clientCredentials(b, app.id, app.secret)).status === 401);
  });

  it('the sign-in experience changed on A: B reads the new one', async () => {
    const apiB = apiClient(b.url, await managementToken(b.url, endpoint));
    expect((await apiB<{ termsOfUseUrl: string | null }>('GET', '/api/sign-in-exp')).body.termsOfUseUrl).toBeNull();
    expect((await apiA('PATCH', '/api/sign-in-exp', { termsOfUseUrl: 'https://example.com/terms' })).status).toBe(200);
    await within(withinMs, async () => (await apiB<{ termsOfUseUrl: string | null }>('GET', '/api/sign-in-exp')).body.termsOfUseUrl === 'https://example.com/terms');
  });

  it('keys rotated on A: B publishes and signs with them long before its key poll', async () => {
    const kidsOn = async (on: TestSignet) => ((await (await fetch(`${on.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
    const before = await kidsOn(b); // discovery and JWKS are cached on B now
    const rotated = await apiA<{ id: string; alg: string; status: string }[]>('POST', '/api/configs/oidc/private-keys/rotate', { algorithms: ['ES256'] });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.find((key) => key.alg === 'ES256' && key.status === 'active')!.id;
    expect(before).not.toContain(fresh);
    await within(withinMs, async () => (await kidsOn(b)).includes(fresh));
  });
});
