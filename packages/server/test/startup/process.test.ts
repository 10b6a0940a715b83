// The built server as a user runs it: `node packages/server/dist/main.js`, embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const main = join(root, 'packages/server/dist/main.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function run(env: Record<string, string>): Run {
  // `timeout` guarantees the server stops itself even if this test process dies.
  const child = spawn('timeout', ['120', process.execPath, main], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForDiscovery(url: string, run: Run): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.output()}`);
    try {
      if ((await fetch(`${url}/oidc/.well-known/openid-configuration`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start: ${run.output()}`);
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

describe('the built server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-process-'));
  const bootstrap = {
    SIGNET_ADMIN_USERNAME: 'admin',
    SIGNET_ADMIN_PASSWORD: 'admin password 123',
    SIGNET_ADMIN_CLIENT_ID: 'process-test-client',
    SIGNET_ADMIN_CLIENT_SECRET: 'process-test-client-secret',
  };

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a bad variable with one message naming it and a non-zero exit', async () => {
    const bad = run({ PORT: 'abc', SIGNET_DATA_DIR: dataDir });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/PORT: /);
    expect(bad.output()).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('keeps users, keys and the secret key across restarts, and bootstraps idempotently', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), HOST: '127.0.0.1', ENDPOINT: url, SIGNET_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...bootstrap };

    const first = run(env);
    await waitForDiscovery(url, first);
    expect(first.output()).toContain(`Signet is running at ${url}`);
    const jwksBefore = await (await fetch(`${url}/oidc/jwks`)).json();
    const tokenResponse = await fetch(`${url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${url}/api`, scope: 'all', client_id: bootstrap.SIGNET_ADMIN_CLIENT_ID, client_secret: bootstrap.SIGNET_ADMIN_CLIENT_SECRET }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    expect(await stop(first)).toBe(0);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const second = run(env);
    await waitForDiscovery(url, second);
    // Same keys: the token issued before the restart still works.
    expect(await (await fetch(`${url}/oidc/jwks`)).json()).toEqual(jwksBefore);
    const users = (await (await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as { username: string }[];
    expect(users.map((user) => user.username)).toEqual(['admin']);
    const apps = (await (await fetch(`${url}/api/applications`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string }[];
    expect(apps.map((app) => app.id)).toEqual([bootstrap.SIGNET_ADMIN_CLIENT_ID]);
    expect(await stop(second)).toBe(0);
  });

  it('refuses to start with a secret key that does not match the data', async () => {
    const port = await freePort();
    const wrong = run({ PORT: String(port), HOST: '127.0.0.1', SIGNET_DATA_DIR: dataDir, SIGNET_SECRET_KEY: 'a-different-secret-key-0123456789abcdef' });
    expect(await wrong.exited).toBe(2);
    expect(wrong.output()).toMatch(/SIGNET_SECRET_KEY does not match/);
  });

  it('requires SIGNET_SECRET_KEY with DATABASE_URL', async () => {
    const missing = run({ DATABASE_URL: 'postgres://127.0.0.1:1/none', SIGNET_DATA_DIR: dataDir });
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toMatch(/SIGNET_SECRET_KEY: required with DATABASE_URL/);
  });
});
