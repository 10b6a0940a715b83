// Where the secret-box key comes from: SIGNET_SECRET_KEY, or (embedded mode only) a key file
// generated once in the data folder. A check value in the database catches a wrong key at start,
// before anything tries to decrypt with it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from './env.ts';
import { EnvError } from './env.ts';
import { SecretBox, SecretBoxError, generateSecretKey } from './crypto/secret-box.ts';
import type { Db } from './db/client.ts';
import { sharedSecret } from './oidc/keys.ts';

export function resolveSecretKey(env: Env): string {
  if (env.secretKey) return env.secretKey;
  if (env.databaseUrl) {
    throw new EnvError(
      'Invalid configuration:\n  SIGNET_SECRET_KEY: required with DATABASE_URL (every instance must share it; e.g. `openssl rand -base64 32`)',
    );
  }
  const file = join(env.dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(env.dataDir, { recursive: true });
  const key = generateSecretKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

export async function assertSecretKeyMatches(db: Db, box: SecretBox): Promise<void> {
  try {
    await sharedSecret(db, box, 'secret-key-check', () => 'signet');
  } catch (error) {
    if (error instanceof SecretBoxError) {
      throw new EnvError('SIGNET_SECRET_KEY does not match the key this database was set up with; stored secrets cannot be read');
    }
    throw error;
  }
}
