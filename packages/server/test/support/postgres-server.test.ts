import pg from 'pg';
import { describe, expect, inject, test } from 'vitest';
import { createFreshPostgresDatabase } from './fresh-postgres-database.ts';

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('test PostgreSQL server', () => {
  test('provides a real server, fresh databases are usable and dropped afterwards', async () => {
    const adminUrl = inject('postgresUrl');
    expect(adminUrl).toMatch(/^postgres(ql)?:\/\//);

    const db = await createFreshPostgresDatabase(adminUrl);
    const name = new URL(db.url).pathname.slice(1);
    expect(name).toMatch(/^signet_test_[0-9a-f]+$/);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const version = await client.query<{ version: string }>('select version()');
      expect(version.rows[0]?.version).toMatch(/^PostgreSQL \d+/);

      const current = await client.query<{ db: string }>('select current_database() as db');
      expect(current.rows[0]?.db).toBe(name);

      await client.query('create table widget (id serial primary key, label text not null)');
      await client.query('insert into widget (label) values ($1), ($2)', ['a', 'b']);
      const rows = await client.query<{ label: string }>('select label from widget order by id');
      expect(rows.rows.map((row) => row.label)).toEqual(['a', 'b']);
    } finally {
      // Left open on purpose until here: drop() must also terminate open sessions.
      client.on('error', () => {});
      await db.drop();
      await client.end().catch(() => {});
    }

    const remaining = await query<{ datname: string }>(adminUrl, 'select datname from pg_database where datname = $1', [
      name,
    ]);
    expect(remaining).toEqual([]);

    // Dropping twice is harmless.
    await db.drop();
  });
});
