// Signing keys live in the database (encrypted), so every instance signs with and publishes the same
// keys. ID tokens default to ES384 (the guides require it), RS256 is kept for clients that only accept
// RSA, and ES256 signs Management API access tokens: ~30× cheaper than ES384 on this class of machine
// and the usual choice of resource servers.
import { generateKeyPair, exportJWK, type JWK } from 'jose';
import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { queryRows, transaction, type Db } from '../db/client.ts';
import { oidcSigningKeys, systemSecrets } from '../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { generateId } from '../crypto/ids.ts';
import { tenantId } from '../tenant.ts';

export const signingAlgorithms = ['ES384', 'RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof signingAlgorithms)[number];

const keyPurpose = 'oidc-signing-key';
const keyGenerationLock = 0x7369676b6579; // "sigkey" (fits in 2^53, unlike a longer tag)

export type SigningKey = {
  id: string;
  alg: SigningAlgorithm;
  privateJwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
  expiresAt: Date | null;
};

async function newPrivateJwk(alg: SigningAlgorithm, kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

async function insertKey(db: Db, box: SecretBox, alg: SigningAlgorithm): Promise<void> {
  const id = generateId(16);
  const jwk = await newPrivateJwk(alg, id);
  await db.insert(oidcSigningKeys).values({
    tenantId,
    id,
    alg,
    privateJwkCiphertext: box.seal(JSON.stringify(jwk), `${keyPurpose}:${id}`),
  });
}

/** Keys still published (not expired): signing keys first, newest first, then retired ones. */
export async function loadSigningKeys(db: Db, box: SecretBox): Promise<SigningKey[]> {
  const rows = await db
    .select()
    .from(oidcSigningKeys)
    .where(
      and(
        eq(oidcSigningKeys.tenantId, tenantId),
        or(isNull(oidcSigningKeys.expiresAt), gt(oidcSigningKeys.expiresAt, sql`now()`)),
      ),
    )
    .orderBy(sql`${oidcSigningKeys.retiredAt} is not null`, desc(oidcSigningKeys.createdAt), asc(oidcSigningKeys.id));
  return rows.map((row) => ({
    id: row.id,
    alg: row.alg,
    privateJwk: JSON.parse(box.open(row.privateJwkCiphertext, `${keyPurpose}:${row.id}`)) as JWK,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
    expiresAt: row.expiresAt,
  }));
}

/** Generates a key for every algorithm that has no active one (first start). Safe to race. */
export async function ensureSigningKeys(db: Db, box: SecretBox): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${keyGenerationLock})`);
    const active = await tx
      .select({ alg: oidcSigningKeys.alg })
      .from(oidcSigningKeys)
      .where(and(eq(oidcSigningKeys.tenantId, tenantId), isNull(oidcSigningKeys.retiredAt)));
    const present = new Set(active.map((row) => row.alg));
    for (const alg of signingAlgorithms) if (!present.has(alg)) await insertKey(tx, box, alg);
  });
}

/**
 * Replaces the active key of each given algorithm. The old key stops signing at once but stays in
 * JWKS for `retainSeconds` (at least the longest token lifetime) so tokens it signed still verify.
 */
export async function rotateSigningKeys(
  db: Db,
  box: SecretBox,
  algorithms: readonly SigningAlgorithm[],
  retainSeconds: number,
): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${keyGenerationLock})`);
    for (const alg of algorithms) {
      await tx
        .update(oidcSigningKeys)
        .set({ retiredAt: sql`now()`, expiresAt: sql`now() + make_interval(secs => ${retainSeconds})` })
        .where(and(eq(oidcSigningKeys.tenantId, tenantId), eq(oidcSigningKeys.alg, alg), isNull(oidcSigningKeys.retiredAt)));
      await insertKey(tx, box, alg);
    }
  });
}

/** Removes a retired key from JWKS before its time (e.g. after a suspected leak). */
export async function deleteSigningKey(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(oidcSigningKeys)
    .where(and(eq(oidcSigningKeys.tenantId, tenantId), eq(oidcSigningKeys.id, id)))
    .returning({ id: oidcSigningKeys.id });
  return deleted.length > 0;
}

/** A cheap fingerprint of the key set, polled so every instance notices a rotation made elsewhere. */
export async function signingKeysVersion(db: Db): Promise<string> {
  const rows = await queryRows<{ version: string }>(
    db,
    sql`select coalesce(string_agg(id || ':' || coalesce(retired_at::text, ''), ',' order by id), '') as version
        from oidc_signing_keys
        where tenant_id = ${tenantId} and (expires_at is null or expires_at > now())`,
  );
  return rows[0]?.version ?? '';
}

/**
 * A named secret shared by every instance, created by whichever instance gets there first.
 * insert … on conflict do nothing + select makes the race harmless without a lock.
 */
export async function sharedSecret(db: Db, box: SecretBox, name: string, create: () => string): Promise<string> {
  await db
    .insert(systemSecrets)
    .values({ tenantId, name, valueCiphertext: box.seal(create(), `system-secret:${name}`) })
    .onConflictDoNothing();
  const [row] = await db
    .select({ valueCiphertext: systemSecrets.valueCiphertext })
    .from(systemSecrets)
    .where(and(eq(systemSecrets.tenantId, tenantId), eq(systemSecrets.name, name)));
  if (!row) throw new Error(`system secret ${name} vanished`);
  return box.open(row.valueCiphertext, `system-secret:${name}`);
}
