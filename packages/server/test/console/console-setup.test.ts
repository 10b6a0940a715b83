// First run: `GET /api/console/setup` says whether the first admin is still to be created, and
// `POST /api/console/setup` creates it — public, but only until an admin exists (409 forever
// after), atomic (user + admin role, exactly one of two parallel calls wins), checked against the
// password policy, guarded against cross-site requests and rate limited per client address.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Role, User } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { countRows, databaseFingerprint, expectApiError, expectNoPasswordMaterial, send } from '../management/helpers.ts';
import { accessTokenClaims, consoleTokens, strongPassword } from './console-flow.ts';

const setup = (instance: TestSignet, body?: unknown, headers: Record<string, string> = {}) =>
  send<User & { code?: string }>(instance.url, { method: body === undefined ? 'GET' : 'POST', path: '/api/console/setup', ...(body !== undefined && { body }), headers });

describe.each(databaseKinds)('First-run admin creation on %s', (kind) => {
  let instance: TestSignet;

  beforeEach(async () => {
    instance = await startTestSignet({ kind });
  });
  afterEach(() => instance.close());

  it('creates the first admin once, without a token; then the door stays shut', async () => {
    expect((await setup(instance)).json).toEqual({ needsAdmin: true });

    const created = await setup(instance, { username: 'ada', password: strongPassword, primaryEmail: 'ada@example.com' });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ username: 'ada', primaryEmail: 'ada@example.com', hasPassword: true, isSuspended: false });
    expectNoPasswordMaterial(created.json);
    expect((await setup(instance)).json).toEqual({ needsAdmin: false });

    const api = apiClient(instance.url, await managementToken(instance.url));
    const roles = await api<Role[]>('GET', `/api/users/${created.json.id}/roles`);
    expect(roles.body.map((role) => role.id)).toEqual(['admin']);

    // The new admin signs in to the Console.
    const tokens = await consoleTokens(instance, { type: 'username', value: 'ada' }, strongPassword);
    expect(accessTokenClaims(tokens.access_token!)).toMatchObject({ sub: created.json.id, scope: 'all' });

    const before = await databaseFingerprint(instance);
    for (const body of [{ username: 'mallory', password: strongPassword }, { username: 'ada', password: strongPassword }]) {
      expectApiError(await setup(instance, body), 409, 'console.admin_already_exists');
    }
    // Shut for callers with a Management API token too.
    expectApiError(await send(instance.url, { method: 'POST', path: '/api/console/setup', token: await managementToken(instance.url), body: { username: 'eve', password: strongPassword } }), 409, 'console.admin_already_exists');
    expect(await databaseFingerprint(instance)).toEqual(before);
  });

  it('lets exactly one of two parallel calls create an admin', async () => {
    const [first, second] = await Promise.all([
      setup(instance, { username: 'ada', password: strongPassword }),
      setup(instance, { username: 'grace', password: strongPassword }),
    ]);
    expect([first.status, second.status].toSorted()).toEqual([201, 409]);
    const loser = first.status === 409 ? first : second;
    expectApiError(loser, 409, 'console.admin_already_exists');
    expect(await countRows(instance, 'users')).toBe(1);
    expect(await countRows(instance, 'users_roles', sql`role_id = 'admin'`)).toBe(1);
  });

  it('checks the password against the sign-in experience policy, with the usual error shape, writing nothing', async () => {
    const api = apiClient(instance.url, await managementToken(instance.url));
    const patched = await api('PATCH', '/api/sign-in-exp', {
      passwordPolicy: { length: { min: 12, max: 64 }, characterTypes: { required: 3 }, rejects: { pwned: true, repetitionAndSequence: true, userInfo: true, words: [] } },
    });
    expect(patched.status).toBe(200);
    const before = await countRows(instance, 'users');
    for (const password of ['Short-1a', 'alllowercaseletters', 'ada-Password-123']) {
      const refused = await setup(instance, { username: 'ada', password });
      expectApiError(refused, 422, 'user.password_policy_violation', password);
      expect((refused.json as unknown as { data: { violations: unknown[] } }).data.violations.length).toBeGreaterThan(0);
    }
    expect(await countRows(instance, 'users')).toBe(before);
    expect((await setup(instance)).json).toEqual({ needsAdmin: true });
  });

  it('refuses bad input, a taken username and cross-site requests', async () => {
    const api = apiClient(instance.url, await managementToken(instance.url));
    expect((await api('POST', '/api/users', { username: 'taken', password: strongPassword })).status).toBe(201);
    const before = await databaseFingerprint(instance);
    expectApiError(await setup(instance, { username: 'ada' }), 400, 'guard.invalid_input');
    expectApiError(await setup(instance, { username: 'ada', password: strongPassword, isAdmin: true }), 400, 'guard.invalid_input');
    expectApiError(await setup(instance, { username: 'not a username', password: strongPassword }), 400, 'guard.invalid_input');
    expectApiError(await setup(instance, { username: 'ada', password: strongPassword }, { origin: 'https://evil.example.com' }), 403, 'request.csrf_rejected');
    expectApiError(await setup(instance, { username: 'ada', password: strongPassword }, { 'sec-fetch-site': 'cross-site' }), 403, 'request.csrf_rejected');
    expect(await databaseFingerprint(instance)).toEqual(before);

    expectApiError(await setup(instance, { username: 'TAKEN', password: strongPassword }), 422, 'user.username_already_in_use');
    expect((await setup(instance)).json).toEqual({ needsAdmin: true });
    // Same-origin requests from the Console page pass the guard.
    expect((await setup(instance, { username: 'ada', password: strongPassword }, { origin: instance.url, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
  });

  it('is rate limited per client address', async () => {
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expectApiError(await setup(instance, { username: 'ada', password: 'password' }), 422, 'user.password_policy_violation', `attempt ${attempt}`);
    }
    const limited = await setup(instance, { username: 'ada', password: strongPassword });
    expectApiError(limited, 429, 'request.rate_limited');
    expect((limited.json as unknown as { data: { retryAfterSeconds: number } }).data.retryAfterSeconds).toBeGreaterThan(0);
    expect(await countRows(instance, 'users')).toBe(0);
  });
});

describe('First-run admin creation with a bootstrap admin', () => {
  it('is closed from the start when SIGNET_ADMIN_USERNAME / PASSWORD created the admin', async () => {
    const instance = await startTestSignet({ kind: 'pglite', env: { SIGNET_ADMIN_USERNAME: 'root_admin', SIGNET_ADMIN_PASSWORD: strongPassword } });
    try {
      expect((await setup(instance)).json).toEqual({ needsAdmin: false });
      expectApiError(await setup(instance, { username: 'ada', password: strongPassword }), 409, 'console.admin_already_exists');
      const tokens = await consoleTokens(instance, { type: 'username', value: 'root_admin' }, strongPassword);
      expect(accessTokenClaims(tokens.access_token!).scope).toBe('all');
    } finally {
      await instance.close();
    }
  });
});
