import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { applicationPreviousSecrets, applications, oidcModelInstances, type ApplicationRow } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';

const byId = (id: string) => and(eq(applications.tenantId, tenantId), eq(applications.id, id));

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(byId(id));
  return row;
}

export async function listApplications(db: Db, limit: number, offset: number): Promise<{ rows: ApplicationRow[]; total: number }> {
  const [rows, [total]] = await Promise.all([
    db.select().from(applications).where(eq(applications.tenantId, tenantId)).orderBy(desc(applications.createdAt), asc(applications.id)).limit(limit).offset(offset),
    db.select({ value: count() }).from(applications).where(eq(applications.tenantId, tenantId)),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function insertApplication(db: Db, row: Omit<typeof applications.$inferInsert, 'tenantId'>): Promise<ApplicationRow> {
  const [inserted] = await db.insert(applications).values({ ...row, tenantId }).returning();
  return inserted!;
}

export async function updateApplication(
  db: Db,
  id: string,
  patch: Partial<Omit<typeof applications.$inferInsert, 'tenantId' | 'id'>>,
): Promise<ApplicationRow | undefined> {
  const [row] = await db.update(applications).set(patch).where(byId(id)).returning();
  return row;
}

export async function deleteApplication(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(applications).where(byId(id)).returning({ id: applications.id });
  if (deleted.length === 0) return false;
  // Its grants, codes and tokens stop working with it.
  await db
    .delete(oidcModelInstances)
    .where(and(eq(oidcModelInstances.tenantId, tenantId), sql`${oidcModelInstances.payload}->>'clientId' = ${id}`));
  return true;
}

export async function insertPreviousSecret(db: Db, applicationId: string, secretCiphertext: string, expiresAt: Date): Promise<void> {
  await db.insert(applicationPreviousSecrets).values({ tenantId, applicationId, secretCiphertext, expiresAt });
}

export async function findValidPreviousSecrets(db: Db, applicationId: string): Promise<string[]> {
  const rows = await db
    .select({ secretCiphertext: applicationPreviousSecrets.secretCiphertext })
    .from(applicationPreviousSecrets)
    .where(
      and(
        eq(applicationPreviousSecrets.tenantId, tenantId),
        eq(applicationPreviousSecrets.applicationId, applicationId),
        gt(applicationPreviousSecrets.expiresAt, sql`now()`),
      ),
    );
  return rows.map((row) => row.secretCiphertext);
}

/** Ends every grace period at once (a rotation with no grace means: only the new secret works). */
export async function deletePreviousSecrets(db: Db, applicationId: string): Promise<void> {
  await db
    .delete(applicationPreviousSecrets)
    .where(and(eq(applicationPreviousSecrets.tenantId, tenantId), eq(applicationPreviousSecrets.applicationId, applicationId)));
}
