// One query layer, two drivers: node-postgres for DATABASE_URL, PGlite (PostgreSQL in WASM) for the
// embedded default. Both are exposed as the same drizzle PgDatabase, so services and queries never
// know which one they run on. Each driver is loaded only when it is used: loading the other one
// would only add to the cold start and the memory.
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema.ts';
import type { NoticeListener } from '../cache/invalidation.ts';
import { createPgNoticeListener } from '../cache/pg-listener.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /**
   * A connection of its own for LISTEN (cache invalidation across instances). PostgreSQL only:
   * the embedded database belongs to one process, which needs no notices from others.
   */
  openNoticeListener?: () => NoticeListener;
  close(): Promise<void>;
};

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir: string | undefined }; // undefined → in memory (tests)

const pgliteSharedBuffersMb = 16;
const pgliteFirstMaintenanceMs = 10_000;
const pgliteMaintenanceMs = 5 * 60_000;

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const [{ default: pg }, { drizzle: drizzleNodePostgres }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
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
      openNoticeListener: () => createPgNoticeListener(pg, target.url),
      close: () => pool.end(),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const client = await PGlite.create({
    ...(target.dataDir && { dataDir: target.dataDir }),
    // Deviation from PGlite's default (PostgreSQL's 128 MB): its WebAssembly memory never shrinks,
    // so a large buffer pool becomes resident RSS for good (~380 MB idle measured). Signet's rows
    // are small and the data files stay in the OS page cache anyway; 16 MB keeps the embedded
    // server near 200 MB with no measurable loss on the benchmarks (see bench/README.md).
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${pgliteSharedBuffersMb}MB`],
  });
  // PGlite runs PostgreSQL without autovacuum and without table statistics, so the planner never
  // learns how tables grew: measured, a token lookup picked a prefix index and scanned all 11,500
  // access tokens (10 ms, userinfo down from ~600 to ~200 req/s) until an ANALYZE. This does the
  // autovacuum's job on a timer: soon after start, then every few minutes. It holds the database
  // for a moment (~0.25 s per 10,000 tokens measured), which is why it is not more frequent.
  let maintenance: NodeJS.Timeout | undefined;
  let closed = false;
  const maintain = () => {
    client
      .exec('vacuum (analyze)')
      .catch(() => {}) // the next round tries again
      .finally(() => {
        if (!closed) maintenance = setTimeout(maintain, pgliteMaintenanceMs).unref();
      });
  };
  maintenance = setTimeout(maintain, pgliteFirstMaintenanceMs).unref();
  return {
    kind: 'pglite',
    db: drizzlePglite(client, { schema }) as unknown as Db,
    close: async () => {
      closed = true;
      clearTimeout(maintenance);
      await client.close();
    },
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
