// Console administrators are the users holding the built-in admin role. Signet never lets the last
// active (non-suspended) one go: every change that could remove an admin — taking the role away,
// suspending, deleting — and the first-run creation of an admin run under one advisory lock per
// tenant, and check the outcome inside their transaction. Two concurrent removals of the last two
// admins are therefore serialized, and the second one sees the first one's result and is refused.
import { sql } from 'drizzle-orm';
import { queryRows, transaction, type Db } from '../../db/client.ts';
import { ApiError } from '../../http/api-error.ts';
import { tenantId } from '../../tenant.ts';

export const adminRoleId = 'admin';

/** Takes the tenant's admins lock until the end of the current transaction. */
export async function lockAdmins(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`console-admins:${tenantId}`}))`);
}

export async function countActiveAdmins(executor: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(executor, sql`
    select count(*)::int as n
    from users_roles ur
    join users u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
    where ur.tenant_id = ${tenantId} and ur.role_id = ${adminRoleId} and not u.is_suspended`);
  return Number(row?.n ?? 0);
}

async function activeAdmin(executor: Db, userId: string): Promise<{ label: string } | undefined> {
  const [row] = await queryRows<{ label: string }>(executor, sql`
    select coalesce(u.username, u.primary_email, u.primary_phone, u.id) as label
    from users_roles ur
    join users u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
    where ur.tenant_id = ${tenantId} and ur.role_id = ${adminRoleId} and ur.user_id = ${userId} and not u.is_suspended`);
  return row;
}

/** Whether the user holds the admin role and is not suspended. */
export async function isActiveAdmin(executor: Db, userId: string): Promise<boolean> {
  return (await activeAdmin(executor, userId)) !== undefined;
}

/**
 * Runs `work` (a change to `userId`) in one transaction under the admins lock, and rolls it back
 * with `user.last_admin` when it took away the last active admin.
 */
export async function guardLastAdmin<T>(db: Db, userId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  return transaction(db, async (tx) => {
    await lockAdmins(tx);
    const admin = await activeAdmin(tx, userId);
    const result = await work(tx);
    if (admin && (await countActiveAdmins(tx)) === 0) {
      throw new ApiError('user.last_admin', `${admin.label} is the last Console administrator: add another admin first`, { userId });
    }
    return result;
  });
}
