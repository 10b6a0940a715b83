// Starts a real Signet in-process on a loopback port, against PGlite (in memory) or a fresh
// database on the test PostgreSQL server. Nothing is mocked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { pino } from 'pino';
import { parseEnv } from '../../src/env.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { createSignet, type Signet } from '../../src/app.ts';
import { createFreshPostgresDatabase } from './fresh-postgres-database.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

export const testAdminClient = { id: 'test-admin-client', secret: 'test-admin-client-secret-0123456789' };
export const testSecretKey = 'test-secret-key-0123456789abcdef0123456789';

export type TestSignet = {
  url: string;
  signet: Signet;
  database: DatabaseHandle;
  /** The database URL (postgres) other instances can share. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
};

/** A database for one test file; `drop` removes it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  if (kind === 'pglite') return { url: undefined, drop: async () => {} };
  const fresh = await createFreshPostgresDatabase(inject('postgresUrl'));
  return { url: fresh.url, drop: fresh.drop };
}

export async function startTestSignet(options: {
  kind: DatabaseKind;
  /** Share an existing PostgreSQL database (several instances). */
  databaseUrl?: string | undefined;
  /** Public endpoint; defaults to this instance's own loopback URL. */
  endpoint?: string;
  env?: Record<string, string>;
  keyPollIntervalMs?: number;
}): Promise<TestSignet> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const env = parseEnv({
    ENDPOINT: options.endpoint ?? url,
    SIGNET_ADMIN_CLIENT_ID: testAdminClient.id,
    SIGNET_ADMIN_CLIENT_SECRET: testAdminClient.secret,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  let ownedDatabase: { url: string | undefined; drop: () => Promise<void> } | undefined;
  let databaseUrl = options.databaseUrl;
  if (options.kind === 'postgres' && !databaseUrl) {
    ownedDatabase = await createTestDatabase('postgres');
    databaseUrl = ownedDatabase.url;
  }
  const database = await openDatabase(
    options.kind === 'postgres' ? { kind: 'postgres', url: databaseUrl!, maxConnections: 10 } : { kind: 'pglite', dataDir: undefined },
  );
  const signet = await createSignet({
    env,
    database,
    secretKey: testSecretKey,
    logger: pino({ level: (process.env.SIGNET_TEST_LOG as 'error' | undefined) ?? 'silent' }),
    sweepIntervalMs: 0,
    ...(options.keyPollIntervalMs !== undefined && { keyPollIntervalMs: options.keyPollIntervalMs }),
  });
  server.on('request', signet.koa.callback());

  return {
    url,
    signet,
    database,
    databaseUrl,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await signet.close();
      await database.close();
      await ownedDatabase?.drop();
    },
  };
}

/** A Management API access token from client_credentials with the bootstrap client. */
export async function managementToken(baseUrl: string, endpoint = baseUrl): Promise<string> {
  const response = await fetch(`${baseUrl}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${testAdminClient.id}:${testAdminClient.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${endpoint}/api`, scope: 'all' }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Small JSON client for the Management API. */
export function apiClient(baseUrl: string, token: string) {
  return async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };
}
