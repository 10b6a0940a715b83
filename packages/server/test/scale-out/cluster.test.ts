// SIGNET_WORKERS: one machine, several server processes sharing the port (node:cluster). The
// built server as a user runs it; the workers are instances like any other.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFreshPostgresDatabase, type FreshPostgresDatabase } from '../support/fresh-postgres-database.ts';
import { buildPrivateServer, startServerProcess, type ServerProcess } from './server-processes.ts';

const secretKey = 'cluster-secret-key-0123456789abcdef0123456789';
const adminClient = { id: 'cluster-admin', secret: 'cluster-admin-secret-0123456789' };

/** Pids of the node processes under `timeout`: the primary and its workers. */
function processTree(pid: number): number[] {
  const children = (of: number) => {
    try {
      return readFileSync(`/proc/${of}/task/${of}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const visit = (current: number) => {
    for (const child of children(current)) {
      all.push(child);
      visit(child);
    }
  };
  visit(pid);
  return all;
}

describe('SIGNET_WORKERS=2 on PostgreSQL', () => {
  let database: FreshPostgresDatabase;
  let build: { main: string; remove: () => void };
  let server: ServerProcess;

  beforeAll(async () => {
    [database, build] = await Promise.all([createFreshPostgresDatabase(inject('postgresUrl')), buildPrivateServer()]);
    server = await startServerProcess({
      name: 'cluster',
      main: build.main,
      lifetimeSeconds: 120,
      env: {
        DATABASE_URL: database.url,
        SIGNET_SECRET_KEY: secretKey,
        SIGNET_WORKERS: '2',
        SIGNET_ADMIN_CLIENT_ID: adminClient.id,
        SIGNET_ADMIN_CLIENT_SECRET: adminClient.secret,
        LOG_LEVEL: 'info',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    build?.remove();
    await database?.drop();
  });

  it('runs a primary and two workers that all answer on the one port', async () => {
    // Both workers log that they are ready (they race to migrate and bootstrap; exactly one wins each).
    for (let attempt = 0; attempt < 200 && (server.output().match(/"msg":"Signet is ready"/g) ?? []).length < 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ready = (server.output().match(/"msg":"Signet is ready"/g) ?? []).length;
    expect(ready, server.output()).toBe(2);
    expect(server.output()).toContain('(2 worker processes)');
    // timeout → node (primary) → 2 workers.
    expect(processTree(server.pid).length).toBe(3);

    const token = await fetch(`${server.url}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${adminClient.id}:${adminClient.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      // ENDPOINT is left to its default, http://localhost:<PORT>.
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `http://localhost:${new URL(server.url).port}/api`, scope: 'all' }),
    });
    expect(token.status).toBe(200);
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await fetch(`${server.url}/oidc/jwks`)).status));
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('stops every process on SIGTERM, with exit code 0', async () => {
    const tree = processTree(server.pid);
    await server.stop();
    expect(await server.exited).toBe(0);
    for (const pid of tree) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('refuses SIGNET_WORKERS above 1 without DATABASE_URL, naming the variable', async () => {
    const run = promisify(execFile)(process.execPath, [build.main], { env: { PATH: process.env.PATH, SIGNET_WORKERS: '2', SIGNET_DATA_DIR: '/nonexistent' } });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/SIGNET_WORKERS: needs DATABASE_URL/) });
  });
});
