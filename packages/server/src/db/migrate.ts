// Forward-only migrations, applied at start. All pending migrations run in one transaction that
// first takes a PostgreSQL advisory lock, so instances starting at once apply them exactly once:
// the others wait for the lock, then find nothing left to do.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows, transaction, type Db } from './client.ts';

/** Arbitrary constant shared by every Signet instance: "signet" in ASCII. */
const migrationLockKey = 0x7369676e6574;

type Journal = { entries: { idx: number; tag: string }[] };

/** Finds the migrations folder from either the source tree or the built bundle. */
function findMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('Cannot find the migrations folder of @signet/server');
}

export type Migration = { id: string; statements: string[] };

export function loadMigrations(dir = findMigrationsDir()): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries
    .toSorted((a, b) => a.idx - b.idx)
    .map(({ tag }) => ({
      id: tag,
      statements: readFileSync(join(dir, `${tag}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .filter(Boolean),
    }));
}

/** Applies pending migrations; returns the ids it applied (empty when the schema was current). */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  return transaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${migrationLockKey})`);
    await tx.execute(sql`create table if not exists signet_migrations (
      id text primary key,
      applied_at timestamptz not null default now()
    )`);
    const applied = await queryRows<{ id: string }>(tx, sql`select id from signet_migrations`);
    const done = new Set(applied.map((row) => row.id));
    const pending = migrations.filter((migration) => !done.has(migration.id));
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into signet_migrations (id) values (${migration.id})`);
    }
    return pending.map((migration) => migration.id);
  });
}
