// One query layer, two drivers: node-postgres for DATABASE_URL, PGlite (PostgreSQL in WASM) for the
// embedded default. Both are exposed as the same drizzle PgDatabase, so services and queries never
// know which one they run on.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  close(): Promise<void>;
};

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir: string | undefined }; // undefined → in memory (tests)

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.maxConnections ?? 20,
      // Fail fast instead of queueing forever when the database is unreachable.
      connectionTimeoutMillis: 10_000,
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    await pool.query('select 1');
    return {
      kind: 'postgres',
      db: drizzleNodePostgres(pool, { schema }) as unknown as Db,
      close: () => pool.end(),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = await PGlite.create(target.dataDir ? { dataDir: target.dataDir } : {});
  return {
    kind: 'pglite',
    db: drizzlePglite(client, { schema }) as unknown as Db,
    close: () => client.close(),
  };
}

/** Runs `work` in one transaction: everything it writes lands, or nothing does. */
export function transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Db));
}

const uniqueViolation = '23505';

/** The name of the unique constraint or index a failed insert/update hit, if that is why it failed. */
export function uniqueViolationOf(error: unknown): string | undefined {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const candidate = current as { code?: unknown; constraint?: unknown };
    if (candidate.code === uniqueViolation) {
      return typeof candidate.constraint === 'string' ? candidate.constraint : 'unknown';
    }
  }
  return undefined;
}

/** Rows of a raw SQL statement; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
