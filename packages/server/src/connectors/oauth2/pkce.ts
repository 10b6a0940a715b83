// PKCE (RFC 7636) with S256 only: `plain` gives no protection against a stolen code.
import { createHash, randomBytes } from 'node:crypto';

/** The S256 challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))). */
export function pkceChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh verifier (43 characters from 32 random bytes, the RFC's recommendation) and its challenge. */
export function createPkce(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallengeOf(verifier), method: 'S256' };
}

/** RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`. */
export function isPkceVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}
