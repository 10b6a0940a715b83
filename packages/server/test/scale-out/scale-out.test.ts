// Scale-out proof: three real Signet processes (the built server) on one PostgreSQL database, behind
// a client-side load balancer that sends every request of every flow to the next instance. Under
// load, one instance is killed (SIGKILL: a crash, nothing flushed). Flows that had a request on it
// may fail once; everything else completes; nothing acknowledged is lost or duplicated (users,
// grants, codes); the survivors keep serving.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createFreshPostgresDatabase, type FreshPostgresDatabase } from '../support/fresh-postgres-database.ts';
import { buildPrivateServer, startServerProcess, type ServerProcess } from './server-processes.ts';

/** The public URL every instance shares, as behind a load balancer. Nothing listens there. */
const endpoint = 'http://signet.test';
const redirectUri = 'http://localhost:3000/callback';
const adminClient = { id: 'scale-out-admin', secret: 'scale-out-admin-secret-0123456789' };
const secretKey = 'scale-out-secret-key-0123456789abcdef0123456789';
const runners = 4;
/** The crash comes once this many flows have completed (so every instance has served some)… */
const completedBeforeCrash = 3;
/** …and the load goes on this long after it. */
const loadAfterCrashMs = 6_000;

class InstanceDown extends Error {}

/** Round-robin over the live instances; an instance that refuses a connection is taken out. */
class Balancer {
  readonly #instances: { server: ServerProcess; alive: boolean; downAt?: number }[];
  #turn = 0;

  constructor(servers: ServerProcess[]) {
    this.#instances = servers.map((server) => ({ server, alive: true }));
  }

  /** When the balancer took `name` out (its first refused request). */
  downAt(name: string): number | undefined {
    return this.#instances.find((instance) => instance.server.name === name)?.downAt;
  }

  get survivors(): ServerProcess[] {
    return this.#instances.filter((instance) => instance.alive).map((instance) => instance.server);
  }

  /** Sends `url` (on the public endpoint) to the next live instance. */
  async fetch(url: string, init: RequestInit = {}): Promise<{ response: Response; instance: string }> {
    const live = this.#instances.filter((instance) => instance.alive);
    const instance = live[this.#turn++ % live.length]!;
    try {
      // As a reverse proxy does: the instances build their absolute URLs (redirects) from the public
      // host it forwards, never from their own address.
      const headers = { ...(init.headers as Record<string, string>), 'x-forwarded-host': new URL(endpoint).host, 'x-forwarded-proto': 'http' };
      const response = await fetch(url.replace(endpoint, instance.server.url), { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
      return { response, instance: instance.server.name };
    } catch (error) {
      // A health check would notice as well; the balancer learns it from the refused request.
      if (instance.alive) instance.downAt = Date.now();
      instance.alive = false;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new InstanceDown(`${instance.server.name}: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''} on ${init.method ?? 'GET'} ${new URL(url).pathname}`);
    }
  }
}

type Completed = { runner: number; code: string; verifier: string; refreshToken: string; userId: string; instances: Set<string>; startedAt: number; endedAt: number };
type Failed = { runner: number; error: unknown; at: number };

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const form = 'application/x-www-form-urlencoded';

/** One complete sign-in, every request to whichever instance is next: authorize → Experience API → code → tokens → userinfo → refresh. */
async function signInFlow(balancer: Balancer, app: { id: string; secret: string }, user: { id: string; username: string; password: string }) {
  const cookies = new Map<string, string>();
  const instances = new Set<string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const { response, instance } = await balancer.fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    instances.add(instance);
    const location = response.headers.get('location');
    if (location && /^https?:\/\/127\.0\.0\.1/.test(location)) throw new Error(`a redirect to an instance's own address: ${location}`);
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(header)) cookies.delete(pair.slice(0, at));
      else cookies.set(pair.slice(0, at), value);
    }
    return response;
  };
  const json = async <T>(response: Response, what: string): Promise<T> => {
    const text = await response.text();
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  const experience = async <T>(method: string, path: string, body: unknown) =>
    json<T>(await send(`${endpoint}/api/experience${path}`, { method, headers: { 'content-type': 'application/json', origin: endpoint }, body: JSON.stringify(body) }), `${method} ${path}`);

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const authorize = new URL(`${endpoint}/oidc/auth`);
  authorize.search = new URLSearchParams({
    client_id: app.id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid offline_access profile',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  }).toString();
  const toSignIn = await send(authorize.href);
  if (toSignIn.status !== 303) throw new Error(`authorize: HTTP ${toSignIn.status}`);
  await experience('PUT', '', { interactionEvent: 'SignIn' });
  const { verificationId } = await experience<{ verificationId: string }>('POST', '/verification/password', { identifier: { type: 'username', value: user.username }, password: user.password });
  await experience('POST', '/identification', { verificationId });
  const { redirectTo } = await experience<{ redirectTo: string }>('POST', '/submit', {});

  let location = new URL(redirectTo, endpoint).href;
  for (let hop = 0; !location.startsWith(redirectUri); hop += 1) {
    if (hop > 10) throw new Error('too many redirects');
    const response = await send(location);
    const next = response.headers.get('location');
    if (!next) throw new Error(`GET ${new URL(location).pathname}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    location = new URL(next, location).href;
  }
  const callback = new URL(location);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.search}`);

  const tokenRequest = (body: Record<string, string>) =>
    send(`${endpoint}/oidc/token`, { method: 'POST', headers: { authorization: basic(app.id, app.secret), 'content-type': form }, body: new URLSearchParams(body).toString() });
  const tokens = await json<{ access_token: string; refresh_token: string; id_token: string }>(
    await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
    'code exchange',
  );
  const me = await json<{ sub: string }>(await send(`${endpoint}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } }), 'userinfo');
  if (me.sub !== user.id) throw new Error(`userinfo: sub ${me.sub}, expected ${user.id}`);
  const refreshed = await json<{ refresh_token: string }>(await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 'refresh');
  if (refreshed.refresh_token === tokens.refresh_token) throw new Error('refresh token not rotated');
  return { code, verifier, refreshToken: refreshed.refresh_token, instances };
}

describe('three instances on one PostgreSQL, one killed under load', () => {
  let database: FreshPostgresDatabase;
  let build: { main: string; remove: () => void };
  let servers: ServerProcess[] = [];
  let balancer: Balancer;
  let app: { id: string; secret: string };
  let crashedAt = 0;
  const completed: Completed[] = [];
  const failed: Failed[] = [];
  const acknowledgedUsers: string[] = [];
  const attemptedUsers: string[] = [];
  const userFailures: unknown[] = [];

  beforeAll(async () => {
    [database, build] = await Promise.all([createFreshPostgresDatabase(inject('postgresUrl')), buildPrivateServer()]);
    const env = {
      DATABASE_URL: database.url,
      SIGNET_SECRET_KEY: secretKey,
      ENDPOINT: endpoint,
      SIGNET_TRUST_PROXY: 'true',
      SIGNET_ADMIN_CLIENT_ID: adminClient.id,
      SIGNET_ADMIN_CLIENT_SECRET: adminClient.secret,
    };
    // All three start at once on the empty database: migrations, keys and bootstrap race.
    servers = await Promise.all(['a', 'b', 'c'].map((name) => startServerProcess({ name, main: build.main, env, lifetimeSeconds: 240 })));
    balancer = new Balancer(servers);

    const token = (
      await (
        await balancer.fetch(`${endpoint}/oidc/token`, {
          method: 'POST',
          headers: { authorization: basic(adminClient.id, adminClient.secret), 'content-type': form },
          body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${endpoint}/api`, scope: 'all' }).toString(),
        })
      ).response.json()
    ) as { access_token: string };
    const api = async <T>(method: string, path: string, body: unknown) => {
      const { response } = await balancer.fetch(`${endpoint}${path}`, {
        method,
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
      return JSON.parse(text) as T;
    };
    app = await api<{ id: string; secret: string }>('POST', '/api/applications', { name: 'scale-out', type: 'Traditional', oidcClientMetadata: { redirectUris: [redirectUri] } });
    // One user per runner, so per-account limits never interfere.
    const users = await Promise.all(
      Array.from({ length: runners }, async (_, index) => {
        const user = { username: `runner_${index}`, password: `Runner-${randomBytes(9).toString('hex')}-1` };
        return { ...user, id: (await api<{ id: string }>('POST', '/api/users', user)).id };
      }),
    );

    const giveUpAt = Date.now() + 60_000;
    let until = giveUpAt;
    const crash = (async () => {
      while (completed.length < completedBeforeCrash && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 20));
      servers[2]!.crash();
      crashedAt = Date.now();
      until = crashedAt + loadAfterCrashMs;
    })();
    const flows = Array.from({ length: runners }, async (_, runner) => {
      while (Date.now() < until) {
        const startedAt = Date.now();
        try {
          const flow = await signInFlow(balancer, app, users[runner]!);
          completed.push({ runner, ...flow, userId: users[runner]!.id, startedAt, endedAt: Date.now() });
        } catch (error) {
          failed.push({ runner, error, at: Date.now() });
        }
      }
    });
    // Management API writes through the balancer at the same time: users created one after another.
    const creations = (async () => {
      for (let index = 0; Date.now() < until; index += 1) {
        const username = `created_${index}`;
        attemptedUsers.push(username);
        try {
          await api('POST', '/api/users', { username, password: `Created-${randomBytes(9).toString('hex')}-1` });
          acknowledgedUsers.push(username);
        } catch (error) {
          userFailures.push(error);
        }
      }
    })();
    await Promise.all([crash, ...flows, creations]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    build?.remove();
    await database?.drop();
  });

  it('kept completing sign-ins on every instance before the crash and on the survivors after it', () => {
    const before = completed.filter((flow) => flow.endedAt < crashedAt);
    // Started once the balancer had taken the crashed instance out (its first refused request).
    const downAt = balancer.downAt('c');
    expect(downAt).toBeGreaterThanOrEqual(crashedAt);
    const after = completed.filter((flow) => flow.startedAt > downAt!);
    expect(before.length, JSON.stringify(failed.map((one) => String(one.error)))).toBeGreaterThanOrEqual(1);
    // Flows before the crash used all three instances (that is what makes the crash interesting).
    expect(new Set(before.flatMap((flow) => [...flow.instances]))).toEqual(new Set(['a', 'b', 'c']));
    expect(after.length, JSON.stringify(failed.map((one) => String(one.error)))).toBeGreaterThanOrEqual(2);
    expect(after.every((flow) => !flow.instances.has('c'))).toBe(true);
    expect(balancer.survivors.map((server) => server.name)).toEqual(['a', 'b']);
  });

  it('failed only flows that had a request on the killed instance, each runner at most once', () => {
    for (const failure of failed) {
      expect(failure.error, String(failure.error)).toBeInstanceOf(InstanceDown);
      expect((failure.error as Error).message).toMatch(/^c: /);
    }
    for (let runner = 0; runner < runners; runner += 1) {
      expect(failed.filter((failure) => failure.runner === runner).length).toBeLessThanOrEqual(1);
    }
    expect(userFailures.length).toBeLessThanOrEqual(1);
    for (const failure of userFailures) {
      expect(failure, String(failure)).toBeInstanceOf(InstanceDown);
      expect((failure as Error).message).toMatch(/^c: /);
    }
  });

  it('lost and duplicated no user: every acknowledged creation is stored exactly once', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ username: string; n: number }>(
        `select username, count(*)::int as n from users where username like 'created\\_%' group by username`,
      );
      const stored = new Map(rows.map((row) => [row.username, row.n]));
      expect(acknowledgedUsers.length).toBeGreaterThan(0);
      for (const username of acknowledgedUsers) expect(stored.get(username), username).toBe(1);
      // An attempt whose answer was lost in the crash may or may not have landed, never twice.
      for (const [username, count] of stored) {
        expect(attemptedUsers).toContain(username);
        expect(count).toBe(1);
      }
    } finally {
      await client.end();
    }
  });

  it('lost no grant: every completed flow refreshes its tokens on the survivors', async () => {
    expect(completed.length).toBeGreaterThan(0);
    for (const flow of completed) {
      const { response } = await balancer.fetch(`${endpoint}/oidc/token`, {
        method: 'POST',
        headers: { authorization: basic(app.id, app.secret), 'content-type': form },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: flow.refreshToken }).toString(),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      expect(response.status, JSON.stringify(body)).toBe(200);
      expect(body.access_token).toBeTypeOf('string');
    }
  });

  it('redeemed every code once: a replay on any survivor is refused', async () => {
    for (const flow of completed.slice(0, 10)) {
      const { response } = await balancer.fetch(`${endpoint}/oidc/token`, {
        method: 'POST',
        headers: { authorization: basic(app.id, app.secret), 'content-type': form },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: flow.code, redirect_uri: redirectUri, code_verifier: flow.verifier }).toString(),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
    }
  });

  it('keeps the survivors serving discovery and keys, and the killed one is gone', async () => {
    for (const server of servers.slice(0, 2)) {
      expect((await fetch(`${server.url}/oidc/.well-known/openid-configuration`)).status).toBe(200);
      expect((await fetch(`${server.url}/oidc/jwks`)).status).toBe(200);
    }
    await expect(fetch(`${servers[2]!.url}/api/status`)).rejects.toThrow();
  });
});
