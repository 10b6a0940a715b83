// Encrypts secrets at rest (application secrets, connector secrets, signing keys) with AES-256-GCM
// under a key kept outside the database, so a database dump alone leaks none of them.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const version = 'v1';

export class SecretBox {
  readonly #key: Buffer;
  readonly #macKey: Buffer;

  constructor(secretKey: string) {
    // HKDF turns any high-entropy passphrase into exactly 32 bytes, whatever its encoding.
    this.#key = Buffer.from(hkdfSync('sha256', secretKey, 'signet', 'signet secret box v1', 32));
    this.#macKey = Buffer.from(hkdfSync('sha256', secretKey, 'signet', 'signet mac v1', 32));
  }

  /**
   * A keyed digest (HMAC-SHA256) for short secrets stored to be compared later (verification
   * codes): without the key, a database dump cannot be brute-forced back to the codes.
   */
  mac(text: string, purpose: string): string {
    return createHmac('sha256', this.#macKey).update(purpose).update('\0').update(text).digest('base64url');
  }

  /** `purpose` is bound as associated data: a ciphertext copied into another column will not decrypt. */
  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${version}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(sealed: string, purpose: string): string {
    const [prefix, ivText, bodyText] = sealed.split('.');
    if (prefix !== version || !ivText || !bodyText) throw new SecretBoxError('unknown ciphertext format');
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(body.subarray(body.length - 16));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('cannot decrypt: wrong SIGNET_SECRET_KEY or corrupted data');
    }
  }
}

export class SecretBoxError extends Error {}

export function generateSecretKey(): string {
  return randomBytes(32).toString('base64url');
}
