import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { logs, type LogRow } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';

export type LogFilter = { userId?: string | undefined; applicationId?: string | undefined; key?: LogRow['key'] | undefined };

export async function insertLog(db: Db, row: Omit<typeof logs.$inferInsert, 'tenantId'>): Promise<void> {
  await db.insert(logs).values({ ...row, tenantId });
}

export async function findLog(db: Db, id: string): Promise<LogRow | undefined> {
  const [row] = await db.select().from(logs).where(and(eq(logs.tenantId, tenantId), eq(logs.id, id)));
  return row;
}

export async function listLogs(db: Db, filter: LogFilter, limit: number, offset: number): Promise<{ rows: LogRow[]; total: number }> {
  const where = and(
    eq(logs.tenantId, tenantId),
    filter.userId === undefined ? undefined : eq(logs.userId, filter.userId),
    filter.applicationId === undefined ? undefined : eq(logs.applicationId, filter.applicationId),
    filter.key === undefined ? undefined : eq(logs.key, filter.key),
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(logs).where(where).orderBy(desc(logs.createdAt), desc(logs.id)).limit(limit).offset(offset),
    db.select({ value: count() }).from(logs).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** Deletes history older than `retentionDays` in every tenant; returns how many rows went. */
export async function deleteOldLogs(db: Db, retentionDays: number): Promise<number> {
  const removed = await db
    .delete(logs)
    .where(lt(logs.createdAt, sql`now() - make_interval(days => ${retentionDays})`))
    .returning({ id: logs.id });
  return removed.length;
}
