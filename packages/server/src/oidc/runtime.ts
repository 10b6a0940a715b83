// Owns the live oidc-provider instance. Keys are read from the database at start; a rotation made
// on any instance reaches the others through the cache invalidation bus (a notice makes each
// instance compare the key set's fingerprint and rebuild the provider if it changed), and a cheap
// poll catches anything a lost notice would miss, so every instance signs with and publishes the
// same keys within milliseconds, at worst within one poll interval.
import compose from 'koa-compose';
import type { Middleware } from 'koa';
import { createLocalJWKSet, importJWK, exportJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';
import type { Db } from '../db/client.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { loadSigningKeys, signingKeysVersion, type SigningKey } from './keys.ts';
import { createProvider, type ProviderDeps } from './provider.ts';
import type { InvalidationBus } from '../cache/invalidation.ts';

async function publicJwk(key: SigningKey): Promise<JWK> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = key.privateJwk;
  // Round-trip through jose to be certain no private member survives.
  const imported = await importJWK(rest, key.alg);
  return { ...(await exportJWK(imported)), kid: key.id, alg: key.alg, use: 'sig' };
}

export type OidcRuntime = {
  readonly provider: Provider;
  /** Koa middleware serving the current provider (mount it at /oidc). */
  readonly middleware: Middleware;
  /** Verifies JWTs signed by this issuer (Management API access tokens). */
  readonly jwtKeys: JWTVerifyGetKey;
  keys(): readonly SigningKey[];
  /** Re-reads the keys now (after a rotation on this instance). */
  reload(): Promise<void>;
  close(): void;
};

export async function startOidcRuntime(
  options: Omit<ProviderDeps, 'jwks'> & { box: SecretBox; pollIntervalMs?: number; bus?: InvalidationBus },
): Promise<OidcRuntime> {
  const { db, box } = options;
  let keys: SigningKey[] = [];
  let provider!: Provider;
  let dispatch!: Middleware;
  let jwtKeys!: JWTVerifyGetKey;
  let version = '';

  async function build(): Promise<void> {
    version = await signingKeysVersion(db as Db);
    keys = await loadSigningKeys(db as Db, box);
    // Order matters: oidc-provider signs with the first key of the wanted algorithm, and
    // loadSigningKeys lists active keys before retired ones.
    provider = createProvider({ ...options, jwks: { keys: keys.map((key) => key.privateJwk) as never } });
    dispatch = compose(provider.middleware as never) as Middleware;
    jwtKeys = createLocalJWKSet({ keys: await Promise.all(keys.map(publicJwk)) });
  }

  await build();

  /** One check at a time; notices arriving meanwhile ask for one more check after it. */
  let checking: Promise<void> | undefined;
  let checkAgain = false;
  const check = (): Promise<void> => {
    if (checking) {
      checkAgain = true;
      return checking;
    }
    checking = (async () => {
      do {
        checkAgain = false;
        try {
          if ((await signingKeysVersion(db)) !== version) await build();
        } catch {
          // The database may be briefly unreachable; the next notice or poll tries again.
        }
      } while (checkAgain);
    })().finally(() => (checking = undefined));
    return checking;
  };

  const poll = setInterval(() => void check(), options.pollIntervalMs ?? 10_000);
  poll.unref();
  const unsubscribe = options.bus?.subscribe(() => void check());

  return {
    get provider() {
      return provider;
    },
    middleware: (ctx, next) => dispatch(ctx, next),
    jwtKeys: (header, token) => jwtKeys(header, token),
    keys: () => keys,
    reload: build,
    close: () => {
      clearInterval(poll);
      unsubscribe?.();
    },
  };
}
