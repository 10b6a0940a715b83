import { randomBytes } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random lowercase alphanumeric id (21 chars ≈ 108 bits), the shape of the reference product's ids. */
export function generateId(length = 21): string {
  const bytes = randomBytes(length * 2);
  let id = '';
  for (const byte of bytes) {
    if (byte >= 252) continue; // 252 = 7 × 36: reject to keep the distribution uniform
    id += alphabet[byte % 36];
    if (id.length === length) return id;
  }
  return id + generateId(length - id.length);
}

/** Client secrets: 32 random bytes. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}
