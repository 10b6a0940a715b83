/**
 * Creates a throwaway database on the test PostgreSQL server (see ./postgres-server.ts),
 * so every test file / test gets an empty, isolated database:
 *
 *   const db = await createFreshPostgresDatabase(inject('postgresUrl'));
 *   // ... use db.url ...
 *   await db.drop();
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface FreshPostgresDatabase {
  /** Connection URL of the new database (same server, user and options as the admin URL). */
  url: string;
  /** Disconnects every session of the database and drops it. Safe to call more than once. */
  drop: () => Promise<void>;
}

async function withAdminClient<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {}); // errors surface through the awaited calls below
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createFreshPostgresDatabase(adminUrl: string): Promise<FreshPostgresDatabase> {
  const name = `signet_test_${randomBytes(8).toString('hex')}`;
  // Only [a-z0-9_] in the name, so quoting it is enough (CREATE/DROP DATABASE take no parameters).
  const quoted = `"${name}"`;

  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoted}`));

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;

  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    await withAdminClient(adminUrl, async (client) => {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    });
    dropped = true;
  };

  return { url: url.toString(), drop };
}
