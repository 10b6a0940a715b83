import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { oidcModelInstances, users, type UserRow } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';

const byId = (id: string) => and(eq(users.tenantId, tenantId), eq(users.id, id));

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(byId(id));
  return row;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.username}) = lower(${username})`));
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.primaryEmail}) = lower(${email})`));
  return row;
}

export async function findUserByPhone(db: Db, phone: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.primaryPhone, phone)));
  return row;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

export async function listUsers(db: Db, search: string | undefined, limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: SQL[] = [eq(users.tenantId, tenantId)];
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    conditions.push(
      or(
        ilike(users.id, pattern),
        ilike(users.username, pattern),
        ilike(users.primaryEmail, pattern),
        ilike(users.primaryPhone, pattern),
        ilike(users.name, pattern),
      )!,
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(users).where(where).orderBy(desc(users.createdAt), desc(users.id)).limit(limit).offset(offset),
    db.select({ value: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function insertUser(db: Db, row: Omit<typeof users.$inferInsert, 'tenantId'>): Promise<UserRow> {
  const [inserted] = await db.insert(users).values({ ...row, tenantId }).returning();
  return inserted!;
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<Omit<typeof users.$inferInsert, 'tenantId' | 'id'>>,
): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set({ ...patch, updatedAt: sql`now()` }).where(byId(id)).returning();
  return row;
}

export async function deleteUser(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(users).where(byId(id)).returning({ id: users.id });
  return deleted.length > 0;
}

/** Ends every session, grant and token of a user (on suspension or deletion). */
export async function revokeUserAuthorizations(db: Db, userId: string): Promise<void> {
  await db
    .delete(oidcModelInstances)
    .where(and(eq(oidcModelInstances.tenantId, tenantId), sql`${oidcModelInstances.payload}->>'accountId' = ${userId}`));
}

/** The user (other than `exceptUserId`) already linked to this social identity, if any. */
export async function findUserByIdentity(db: Db, target: string, socialUserId: string, exceptUserId?: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`${users.identities} -> ${target} ->> 'userId' = ${socialUserId}`, exceptUserId === undefined ? undefined : sql`${users.id} <> ${exceptUserId}`))
    .limit(1);
  return row?.id;
}
