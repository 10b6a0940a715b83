import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sql } from 'drizzle-orm';
import { connectors, outboxMessages, users, type ConnectorRow, type OutboxMessageRow } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';

const byId = (id: string) => and(eq(connectors.tenantId, tenantId), eq(connectors.id, id));

export async function findConnector(db: Db, id: string): Promise<ConnectorRow | undefined> {
  const [row] = await db.select().from(connectors).where(byId(id));
  return row;
}

export function listConnectors(db: Db): Promise<ConnectorRow[]> {
  return db.select().from(connectors).where(eq(connectors.tenantId, tenantId)).orderBy(asc(connectors.createdAt), asc(connectors.id));
}

export async function findConnectorOfType(db: Db, type: 'Email' | 'Sms'): Promise<ConnectorRow | undefined> {
  const [row] = await db.select().from(connectors).where(and(eq(connectors.tenantId, tenantId), eq(connectors.type, type)));
  return row;
}

export async function findSocialConnector(db: Db, target: string, platform: ConnectorRow['platform']): Promise<ConnectorRow | undefined> {
  const rows = await db.select().from(connectors).where(and(eq(connectors.tenantId, tenantId), eq(connectors.type, 'Social'), eq(connectors.target, target)));
  return rows.find((row) => row.platform === platform);
}

export async function insertConnector(db: Db, row: Omit<typeof connectors.$inferInsert, 'tenantId'>): Promise<ConnectorRow> {
  const [inserted] = await db.insert(connectors).values({ ...row, tenantId }).returning();
  return inserted!;
}

export async function updateConnector(
  db: Db,
  id: string,
  patch: Partial<Omit<typeof connectors.$inferInsert, 'tenantId' | 'id'>>,
): Promise<ConnectorRow | undefined> {
  const [row] = await db.update(connectors).set({ ...patch, updatedAt: new Date() }).where(byId(id)).returning();
  return row;
}

export async function deleteConnector(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(connectors).where(byId(id)).returning({ id: connectors.id });
  return deleted.length > 0;
}

export async function insertOutboxMessage(db: Db, row: Omit<typeof outboxMessages.$inferInsert, 'tenantId'>): Promise<void> {
  await db.insert(outboxMessages).values({ ...row, tenantId });
}

export async function listOutboxMessages(
  db: Db,
  filter: { recipient?: string; channel?: 'Email' | 'Sms' },
  limit: number,
  offset: number,
): Promise<{ rows: OutboxMessageRow[]; total: number }> {
  const where = and(
    eq(outboxMessages.tenantId, tenantId),
    filter.recipient === undefined ? undefined : eq(outboxMessages.recipient, filter.recipient),
    filter.channel === undefined ? undefined : eq(outboxMessages.channel, filter.channel),
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(outboxMessages).where(where).orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id)).limit(limit).offset(offset),
    db.select({ value: count() }).from(outboxMessages).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function clearOutbox(db: Db): Promise<void> {
  await db.delete(outboxMessages).where(eq(outboxMessages.tenantId, tenantId));
}

/** Whether any user has a social identity under this target. */
export async function hasLinkedUsers(db: Db, target: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), sql`${users.identities} -> ${target} is not null`)).limit(1);
  return rows.length > 0;
}
