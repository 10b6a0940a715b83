// Fixed-window counters in the database, so limits hold across every instance.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { rateLimitCounters } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';

export type Counter = { count: number; retryAfterSeconds: number };

export function createRateLimits(db: Db) {
  return {
    /** Adds one to `key`'s window (starting a new window when the last one ended). */
    async hit(key: string, windowSeconds: number): Promise<Counter> {
      const rows = await queryRows<{ count: number; retry_after: number }>(db, sql`
        insert into ${rateLimitCounters} (tenant_id, key, count, window_ends_at)
        values (${tenantId}, ${key}, 1, now() + make_interval(secs => ${windowSeconds}))
        on conflict (tenant_id, key) do update set
          count = case when ${rateLimitCounters.windowEndsAt} <= now() then 1 else ${rateLimitCounters.count} + 1 end,
          window_ends_at = case when ${rateLimitCounters.windowEndsAt} <= now() then excluded.window_ends_at else ${rateLimitCounters.windowEndsAt} end
        returning count, ceil(extract(epoch from window_ends_at - now()))::int as retry_after`);
      const row = rows[0]!;
      return { count: Number(row.count), retryAfterSeconds: Math.max(1, Number(row.retry_after)) };
    },

    async peek(key: string): Promise<Counter> {
      const rows = await queryRows<{ count: number; retry_after: number }>(db, sql`
        select count, ceil(extract(epoch from window_ends_at - now()))::int as retry_after
        from ${rateLimitCounters}
        where tenant_id = ${tenantId} and key = ${key} and window_ends_at > now()`);
      const row = rows[0];
      return row ? { count: Number(row.count), retryAfterSeconds: Math.max(1, Number(row.retry_after)) } : { count: 0, retryAfterSeconds: 0 };
    },

    /** Gives one back (an attempt that turned out fine), never below zero. */
    async release(key: string): Promise<void> {
      await db
        .update(rateLimitCounters)
        .set({ count: sql`greatest(${rateLimitCounters.count} - 1, 0)` })
        .where(and(eq(rateLimitCounters.tenantId, tenantId), eq(rateLimitCounters.key, key)));
    },

    async reset(key: string): Promise<void> {
      await db.delete(rateLimitCounters).where(and(eq(rateLimitCounters.tenantId, tenantId), eq(rateLimitCounters.key, key)));
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
