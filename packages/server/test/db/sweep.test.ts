import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { sweepExpired } from '../../src/oidc/adapter.ts';
import { experienceSessions, oidcModelInstances, rateLimitCounters } from '../../src/db/schema.ts';

describe('sweeping expired rows', () => {
  it('deletes expired OIDC, experience and rate-limit rows and keeps live ones', async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
    try {
      const { db } = handle;
      await migrate(db);
      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 60_000);
      await db.insert(oidcModelInstances).values([
        { modelName: 'AccessToken', id: 'old', payload: {}, expiresAt: past },
        { modelName: 'AccessToken', id: 'live', payload: {}, expiresAt: future },
      ]);
      await db.insert(experienceSessions).values([
        { interactionUid: 'old', state: {}, expiresAt: past },
        { interactionUid: 'live', state: {}, expiresAt: future },
      ]);
      await db.insert(rateLimitCounters).values([
        { key: 'old', count: 3, windowEndsAt: past },
        { key: 'live', count: 3, windowEndsAt: future },
      ]);
      expect(await sweepExpired(db)).toBe(3);
      const left = await queryRows<{ id: string }>(db, sql`
        select id from oidc_model_instances union all select interaction_uid from experience_sessions union all select key from rate_limit_counters`);
      expect(left.map((row) => row.id)).toEqual(['live', 'live', 'live']);
    } finally {
      await handle.close();
    }
  });
});
