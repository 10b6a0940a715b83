// The migrations are generated from db/schema.ts; this fails when someone edits one without the other.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('migrations', () => {
  it('match the typed schema (drizzle-kit finds nothing to generate)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'signet-drift-'));
    try {
      cpSync(join(root, 'packages/server/migrations'), join(scratch, 'migrations'), { recursive: true });
      // drizzle-kit wants paths relative to its working directory.
      const schema = relative(scratch, join(root, 'packages/server/src/db/schema.ts'));
      writeFileSync(join(scratch, 'drizzle.config.mjs'), `export default { dialect: 'postgresql', schema: ${JSON.stringify(schema)}, out: './migrations' };`);
      const before = readdirSync(join(scratch, 'migrations')).length;
      const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', 'drizzle.config.mjs'], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
      // drizzle-kit exits 0 even on errors: require its positive answer.
      expect(output).toContain('No schema changes');
      expect(readdirSync(join(scratch, 'migrations')).length).toBe(before);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);

  it('is idempotent and puts tenant_id on every table', async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
    try {
      expect(await migrate(handle.db)).toEqual(loadMigrations().map((migration) => migration.id));
      expect(await migrate(handle.db)).toEqual([]);
      const missing = await queryRows<{ table_name: string }>(handle.db, sql`
        select t.table_name from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name <> 'signet_migrations'
          and not exists (select 1 from information_schema.columns c where c.table_name = t.table_name and c.column_name = 'tenant_id')`);
      expect(missing).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
