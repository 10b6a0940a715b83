// oidc-provider storage for every model in one table, so nothing lives in process memory and a flow
// begun on one instance finishes on any other. Clients are not stored here: they are read from the
// applications table through `findClient`.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { experienceSessions, oidcModelInstances, outboxMessages, rateLimitCounters } from '../db/schema.ts';
import { tenantId } from '../tenant.ts';
import { createModelRows } from './model-rows.ts';
import { deleteOldLogs } from '../domain/logs/logs.queries.ts';
import { logRetentionDays } from '../domain/logs/logs.service.ts';

/** The models oidc-provider issues under a grant (what revoking the grant removes). */
const grantTokenModels = ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'];

export type ClientFinder = (clientId: string) => Promise<AdapterPayload | undefined>;

export function createAdapterFactory(db: Db, findClient: ClientFinder) {
  const rows = createModelRows(db);
  return class PostgresAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    #where(id: string) {
      return and(
        eq(oidcModelInstances.tenantId, tenantId),
        eq(oidcModelInstances.modelName, this.#model),
        eq(oidcModelInstances.id, id),
      );
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await rows.save(this.#model, id, payload, expiresIn);
    }

    async #findBy(condition: ReturnType<typeof and>): Promise<AdapterPayload | undefined> {
      const [row] = await db
        .select({ payload: oidcModelInstances.payload, consumedAt: oidcModelInstances.consumedAt })
        .from(oidcModelInstances)
        .where(and(condition, gt(oidcModelInstances.expiresAt, sql`now()`)))
        .limit(1);
      if (!row) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.#model === 'Client') return findClient(id);
      return rows.find(this.#model, id);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#findBy(
        and(eq(oidcModelInstances.tenantId, tenantId), eq(oidcModelInstances.modelName, this.#model), eq(oidcModelInstances.uid, uid)),
      );
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#findBy(
        and(
          eq(oidcModelInstances.tenantId, tenantId),
          eq(oidcModelInstances.modelName, this.#model),
          eq(oidcModelInstances.userCode, userCode),
        ),
      );
    }

    async consume(id: string): Promise<void> {
      await db.update(oidcModelInstances).set({ consumedAt: sql`now()` }).where(this.#where(id));
      rows.forget(this.#model, id);
    }

    async destroy(id: string): Promise<void> {
      await db.delete(oidcModelInstances).where(this.#where(id));
      rows.forget(this.#model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      // Every token of the grant goes, whatever its model: that is what revoking a grant means. An
      // interaction in progress may name the grant too, but it is not one of its tokens: deleting
      // it would break the sign-in that is switching accounts (logout of the old one, then resume).
      await db
        .delete(oidcModelInstances)
        .where(and(eq(oidcModelInstances.tenantId, tenantId), eq(oidcModelInstances.grantId, grantId), inArray(oidcModelInstances.modelName, grantTokenModels)));
      rows.forgetAll();
    }
  };
}

/** Deletes expired rows of every short-lived table. Runs on a timer on each instance; idempotent. */
export async function sweepExpired(db: Db): Promise<number> {
  const now = sql`now()`;
  const removed = await Promise.all([
    db.delete(oidcModelInstances).where(lt(oidcModelInstances.expiresAt, now)).returning({ id: oidcModelInstances.id }),
    db.delete(experienceSessions).where(lt(experienceSessions.expiresAt, now)).returning({ id: experienceSessions.interactionUid }),
    db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowEndsAt, now)).returning({ key: rateLimitCounters.key }),
    // Dev outbox messages hold codes that expired long ago; a week is plenty to debug a flow.
    db.delete(outboxMessages).where(lt(outboxMessages.createdAt, sql`now() - interval '7 days'`)).returning({ id: outboxMessages.id }),
  ]);
  const oldLogs = await deleteOldLogs(db, logRetentionDays);
  return removed.reduce((sum, rows) => sum + rows.length, oldLogs);
}

