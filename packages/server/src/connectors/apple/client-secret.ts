// Apple's client secret is not a fixed string: it is a JWT the client signs with its Sign in with
// Apple key (ES256), naming the team (iss), the Services ID (sub) and Apple (aud). Apple accepts
// them for up to six months; Signet makes a short-lived one for each code exchange, so nothing
// long-lived is ever stored or sent.
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { ConnectorError, normalizePem } from '../kit.ts';
import type { AppleConfig } from './config.ts';

/** What Apple expects in `aud`, whatever issuer the config points at. */
export const appleClientSecretAudience = 'https://appleid.apple.com';
const lifetimeSeconds = 300;

export async function appleClientSecret(config: Pick<AppleConfig, 'clientId' | 'teamId' | 'keyId' | 'privateKey'>, now = Date.now()): Promise<string> {
  let key;
  try {
    key = createPrivateKey(normalizePem(config.privateKey));
  } catch {
    // Never quote the key: say which field is wrong.
    throw new ConnectorError('invalid_config', 'The Apple private key cannot be read; paste the whole content of the .p8 file');
  }
  const issuedAt = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: config.keyId })
    .setIssuer(config.teamId)
    .setSubject(config.clientId)
    .setAudience(appleClientSecretAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .sign(key);
}
