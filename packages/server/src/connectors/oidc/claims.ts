// Standard claims (OpenID Connect Core 5.1) → Signet's social user info.
import type { SocialUserInfo } from '../kit.ts';

export type Claims = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** `true`, or (for providers that send strings, when allowed) `"true"`. */
export function isTrue(value: unknown, acceptStrings = false): boolean {
  return value === true || (acceptStrings && value === 'true');
}

// Protocol claims that say nothing about the user (and `nonce`/hashes are single-use values).
const protocolClaims = new Set(['nonce', 'at_hash', 'c_hash', 's_hash']);

export function rawClaims(claims: Claims): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([key]) => !protocolClaims.has(key)));
}

export function standardUserInfo(claims: Claims, options: { acceptStringBooleans?: boolean } = {}): SocialUserInfo {
  const email = text(claims.email);
  const name = text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || undefined);
  const info: SocialUserInfo = { id: String(claims.sub), rawData: rawClaims(claims) };
  if (name !== undefined) info.name = name;
  const avatar = text(claims.picture);
  if (avatar !== undefined) info.avatar = avatar;
  if (email !== undefined) {
    info.email = email;
    info.emailVerified = isTrue(claims.email_verified, options.acceptStringBooleans);
  }
  const phone = text(claims.phone_number);
  if (phone !== undefined) info.phone = phone;
  return info;
}
