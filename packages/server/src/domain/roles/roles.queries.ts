import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { applicationsRoles, roles, users, usersRoles, type RoleRow, type UserRow } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';

export async function listRoles(db: Db): Promise<RoleRow[]> {
  return db.select().from(roles).where(eq(roles.tenantId, tenantId)).orderBy(asc(roles.createdAt), asc(roles.id));
}

export async function findRoles(db: Db, ids: string[]): Promise<RoleRow[]> {
  return db.select().from(roles).where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
}

export async function insertRole(db: Db, row: Omit<typeof roles.$inferInsert, 'tenantId'>, ignoreExisting = false): Promise<void> {
  const insert = db.insert(roles).values({ ...row, tenantId });
  await (ignoreExisting ? insert.onConflictDoNothing() : insert);
}

export async function deleteRole(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id))).returning({ id: roles.id });
  return deleted.length > 0;
}

export async function rolesOfApplication(db: Db, applicationId: string): Promise<RoleRow[]> {
  const rows = await db
    .select({ role: roles })
    .from(applicationsRoles)
    .innerJoin(roles, and(eq(roles.tenantId, applicationsRoles.tenantId), eq(roles.id, applicationsRoles.roleId)))
    .where(and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.applicationId, applicationId)));
  return rows.map((row) => row.role);
}

export async function rolesOfUser(db: Db, userId: string): Promise<RoleRow[]> {
  const rows = await db
    .select({ role: roles })
    .from(usersRoles)
    .innerJoin(roles, and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId)))
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId)));
  return rows.map((row) => row.role);
}

export async function assignApplicationRoles(db: Db, applicationId: string, roleIds: string[]): Promise<void> {
  await db
    .insert(applicationsRoles)
    .values(roleIds.map((roleId) => ({ tenantId, applicationId, roleId })))
    .onConflictDoNothing();
}

export async function assignUserRoles(db: Db, userId: string, roleIds: string[]): Promise<void> {
  await db
    .insert(usersRoles)
    .values(roleIds.map((roleId) => ({ tenantId, userId, roleId })))
    .onConflictDoNothing();
}

export async function removeApplicationRole(db: Db, applicationId: string, roleId: string): Promise<boolean> {
  const deleted = await db
    .delete(applicationsRoles)
    .where(and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.applicationId, applicationId), eq(applicationsRoles.roleId, roleId)))
    .returning({ roleId: applicationsRoles.roleId });
  return deleted.length > 0;
}

export async function removeUserRole(db: Db, userId: string, roleId: string): Promise<boolean> {
  const deleted = await db
    .delete(usersRoles)
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId), eq(usersRoles.roleId, roleId)))
    .returning({ roleId: usersRoles.roleId });
  return deleted.length > 0;
}

export async function anyUserHasRole(db: Db, roleId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: usersRoles.userId })
    .from(usersRoles)
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, roleId)))
    .limit(1);
  return rows.length > 0;
}

/** Users holding a role, the most recently assigned first. */
export async function usersOfRole(db: Db, roleId: string, limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
  const where = and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, roleId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ user: users })
      .from(usersRoles)
      .innerJoin(users, and(eq(users.tenantId, usersRoles.tenantId), eq(users.id, usersRoles.userId)))
      .where(where)
      .orderBy(desc(usersRoles.createdAt), asc(usersRoles.userId))
      .limit(limit)
      .offset(offset),
    db.select({ value: count() }).from(usersRoles).where(where),
  ]);
  return { rows: rows.map((row) => row.user), total: total?.value ?? 0 };
}

/** The ids among `ids` that name existing users. */
export async function existingUserIds(db: Db, ids: string[]): Promise<Set<string>> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  return new Set(rows.map((row) => row.id));
}

export async function assignRoleToUsers(db: Db, roleId: string, userIds: string[]): Promise<void> {
  await db
    .insert(usersRoles)
    .values(userIds.map((userId) => ({ tenantId, userId, roleId })))
    .onConflictDoNothing();
}
