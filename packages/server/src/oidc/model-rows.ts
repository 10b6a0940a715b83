// Reads of oidc_model_instances with as few round trips as the protocol allows:
// - lookups issued in the same tick (introspection asks for three token kinds at once) go out as
//   one query;
// - a token row comes back with its grant and its user (same query, joins), kept in the request's
//   memo, because oidc-provider asks for them right after the token (userinfo, refresh, code
//   exchange, introspection): one round trip instead of three.
// Memo entries live only within a request scope (request-scope.ts); without one, every lookup is
// its own query and nothing is kept.
import type { AdapterPayload } from 'oidc-provider';
import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { oidcModelInstances, users, type UserRow } from '../db/schema.ts';
import { tenantId } from '../tenant.ts';
import { currentRequestScope, rowKey, type RequestScope } from './request-scope.ts';

type Pending = { model: string; id: string; resolve: (payload: AdapterPayload | undefined) => void; reject: (error: unknown) => void };

const token = oidcModelInstances;
const grant = alias(oidcModelInstances, 'grant_row');

function toPayload(payload: unknown, consumedAt: Date | null): AdapterPayload {
  const stored = payload as AdapterPayload;
  return consumedAt ? { ...stored, consumed: Math.floor(consumedAt.getTime() / 1000) } : stored;
}

export function createModelRows(db: Db) {
  /** Lookups waiting for the end of the current tick, per scope (a batch never mixes requests). */
  const batches = new Map<RequestScope | undefined, Pending[]>();

  const selectRows = (where: SQL | undefined) =>
    db
      .select({
        modelName: token.modelName,
        id: token.id,
        payload: token.payload,
        consumedAt: token.consumedAt,
        grantId: token.grantId,
        grantPayload: grant.payload,
        user: users,
      })
      .from(token)
      .leftJoin(grant, and(eq(grant.tenantId, token.tenantId), eq(grant.modelName, 'Grant'), eq(grant.id, token.grantId), gt(grant.expiresAt, sql`now()`)))
      .leftJoin(users, and(eq(users.tenantId, token.tenantId), eq(users.id, sql`${token.payload}->>'accountId'`)))
      .where(and(eq(token.tenantId, tenantId), where, gt(token.expiresAt, sql`now()`)));
  // Nearly every batch holds one lookup: that query is built once and prepared once per connection
  // (query building was the largest Signet-side cost under load).
  const one = selectRows(and(eq(token.modelName, sql.placeholder('model')), eq(token.id, sql.placeholder('id')))).prepare('signet_oidc_row');

  // Every issued token is saved with this one statement, prepared once too. A later save of the
  // same row (an interaction or session changing) replaces it but keeps `consumed_at`.
  const upsert = db
    .insert(token)
    .values({
      tenantId,
      modelName: sql.placeholder('model'),
      id: sql.placeholder('id'),
      payload: sql.placeholder('payload'),
      expiresAt: sql.placeholder('expiresAt'),
      grantId: sql.placeholder('grantId'),
      uid: sql.placeholder('uid'),
      userCode: sql.placeholder('userCode'),
    })
    .onConflictDoUpdate({
      target: [token.tenantId, token.modelName, token.id],
      set: {
        payload: sql`excluded.payload`,
        expiresAt: sql`excluded.expires_at`,
        grantId: sql`excluded.grant_id`,
        uid: sql`excluded.uid`,
        userCode: sql`excluded.user_code`,
      },
    })
    .prepare('signet_oidc_upsert');

  function query(wanted: readonly { model: string; id: string }[]) {
    if (wanted.length === 1) return one.execute(wanted[0]!);
    const pairs = sql.join(
      wanted.map(({ model, id }) => sql`(${model}, ${id})`),
      sql`, `,
    );
    return selectRows(sql`(${token.modelName}, ${token.id}) in (${pairs})`);
  }

  async function flush(scope: RequestScope | undefined): Promise<void> {
    const batch = batches.get(scope) ?? [];
    batches.delete(scope);
    try {
      const rows = await query(batch);
      if (scope) {
        for (const row of rows) {
          const grantKey = row.grantId && rowKey('Grant', row.grantId);
          if (grantKey && row.grantPayload && !scope.rows.has(grantKey)) scope.rows.set(grantKey, Promise.resolve(row.grantPayload as AdapterPayload));
          if (row.user && !scope.users.has(row.user.id)) scope.users.set(row.user.id, row.user);
        }
      }
      for (const pending of batch) {
        const row = rows.find((candidate) => candidate.modelName === pending.model && candidate.id === pending.id);
        pending.resolve(row && toPayload(row.payload, row.consumedAt));
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  return {
    find(model: string, id: string): Promise<AdapterPayload | undefined> {
      const scope = currentRequestScope();
      const key = rowKey(model, id);
      const known = scope?.rows.get(key);
      if (known) return known;
      const found = new Promise<AdapterPayload | undefined>((resolve, reject) => {
        let batch = batches.get(scope);
        if (!batch) {
          batches.set(scope, (batch = []));
          queueMicrotask(() => void flush(scope));
        }
        batch.push({ model, id, resolve, reject });
      });
      if (scope) {
        scope.rows.set(key, found);
        // A failed read is not remembered: the next lookup tries the database again.
        found.catch(() => scope.rows.delete(key));
      }
      return found;
    },

    async save(model: string, id: string, payload: AdapterPayload, expiresInSeconds: number): Promise<void> {
      await upsert.execute({
        model,
        id,
        payload,
        expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
      });
      currentRequestScope()?.rows.delete(rowKey(model, id));
    },

    /** After a write to a row: the next lookup in this request reads it again. */
    forget(model: string, id: string): void {
      currentRequestScope()?.rows.delete(rowKey(model, id));
    },

    /** After a write that touches rows by another key (all tokens of a grant). */
    forgetAll(): void {
      currentRequestScope()?.rows.clear();
    },
  };
}

/** The user row fetched with this request's token, if any (see findAccount in provider.ts). */
export function prefetchedUser(id: string): UserRow | undefined {
  return currentRequestScope()?.users.get(id);
}

export type ModelRows = ReturnType<typeof createModelRows>;
