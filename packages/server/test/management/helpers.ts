// Helpers shared by the Management API integration tests: raw HTTP requests (any body, any content
// type), checks of the error contract, token requests, and whole-database reads used to prove that
// secrets are stored encrypted and that a refused request wrote nothing.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { TestSignet } from '../support/test-signet.ts';

export type RawResponse<T = unknown> = { status: number; headers: Headers; text: string; json: T };

export type RawRequest = {
  method: string;
  path: string;
  /** An object is sent as JSON; a string is sent as-is. */
  body?: unknown;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  token?: string | undefined;
  headers?: Record<string, string>;
};

/** One HTTP request with full control over body and headers; parses JSON answers when it can. */
export async function send<T = unknown>(baseUrl: string, request: RawRequest): Promise<RawResponse<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    ...(request.body !== undefined && { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/**
 * The `/api/*` error contract: the expected 4xx status and stable `code`, a human `message`, a JSON
 * body, and never anything that looks like a stack trace or a file path.
 */
export function expectApiError(response: RawResponse, status: number, code: string, context = ''): void {
  const body = response.json as { code?: unknown; message?: unknown } | undefined;
  expect({ context, status: response.status, code: body?.code }).toEqual({ context, status, code });
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  expect(typeof body?.message).toBe('string');
  expect((body?.message as string).length).toBeGreaterThan(0);
  expect(response.text).not.toMatch(/\s+at \S+ \(|node_modules|\.ts:\d+|"stack"/);
}

/** Fails when any key anywhere in `value` mentions a password (only `hasPassword` is allowed) or a hash leaks. */
export function expectNoPasswordMaterial(value: unknown): void {
  const offending: string[] = [];
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (/password|hash/i.test(key) && key !== 'hasPassword') offending.push(`${path}.${key}`);
        visit(item, `${path}.${key}`);
      }
    }
  };
  visit(value, '$');
  expect(offending).toEqual([]);
  expect(JSON.stringify(value) ?? '').not.toContain('$argon2');
}

export type TokenResponse = { access_token?: string; token_type?: string; scope?: string; expires_in?: number; error?: string; error_description?: string };

/** client_credentials at /oidc/token, authenticating with client_secret_basic or client_secret_post. */
export async function clientCredentialsToken(
  baseUrl: string,
  client: { id: string; secret: string },
  options: { auth: 'basic' | 'post'; resource?: string | undefined; scope?: string },
): Promise<RawResponse<TokenResponse>> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', scope: options.scope ?? 'all' });
  if (options.resource !== undefined) form.set('resource', options.resource);
  const headers: Record<string, string> = {};
  if (options.auth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;
  } else {
    form.set('client_id', client.id);
    form.set('client_secret', client.secret);
  }
  return send<TokenResponse>(baseUrl, {
    method: 'POST',
    path: '/oidc/token',
    body: form.toString(),
    contentType: 'application/x-www-form-urlencoded',
    headers,
  });
}

/** Every table Signet created (all non-system schemas). */
async function userTables(instance: TestSignet): Promise<{ schema: string; table: string }[]> {
  return queryRows<{ schema: string; table: string }>(
    instance.database.db,
    sql`select schemaname as schema, tablename as "table" from pg_tables
        where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
}

/** Every row of every table as JSON text, like a data-only dump of the whole database. */
export async function dumpDatabase(instance: TestSignet): Promise<Map<string, string[]>> {
  const dump = new Map<string, string[]>();
  for (const { schema, table } of await userTables(instance)) {
    const rows = await queryRows<{ row: string }>(
      instance.database.db,
      sql`select row_to_json(t)::text as row from ${sql.identifier(schema)}.${sql.identifier(table)} t`,
    );
    dump.set(`${schema}.${table}`, rows.map((row) => row.row));
  }
  return dump;
}

/**
 * Row count and a digest of every row of every table. Two equal fingerprints mean nothing was
 * inserted, updated (not even an `updated_at`) or deleted in between.
 */
export async function databaseFingerprint(instance: TestSignet): Promise<Record<string, string>> {
  const tables = await userTables(instance);
  const parts = tables.map(
    ({ schema, table }) =>
      sql`select ${`${schema}.${table}`}::text as name, count(*)::text || ':' || coalesce(md5(string_agg(row_to_json(t)::text, '|' order by row_to_json(t)::text)), '') as digest
          from ${sql.identifier(schema)}.${sql.identifier(table)} t`,
  );
  const rows = await queryRows<{ name: string; digest: string }>(instance.database.db, sql.join(parts, sql` union all `));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** Number of rows of one public table, optionally filtered by a raw SQL condition. */
export async function countRows(instance: TestSignet, table: string, where = sql`true`): Promise<number> {
  const [row] = await queryRows<{ n: number }>(instance.database.db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`);
  return row!.n;
}
