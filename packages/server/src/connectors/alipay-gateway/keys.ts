// Reads the RSA keys an admin pastes into an Alipay connector config. People paste keys in many
// shapes (PEM with `\n` escapes from JSON or env files, PEM squashed onto one line, or the bare
// base64 that Alipay's own key tool prints), so the text is tidied before Node parses it.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ConnectorError, normalizePem } from '../kit.ts';

export type KeyKind = 'private' | 'public';

const pemArmour = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const base64Body = /^[A-Za-z0-9+/]+={0,2}$/;

// Which PEM labels each kind accepts. An encrypted private key needs a passphrase we never have;
// a private key pasted where a public key belongs is refused rather than silently derived from.
const acceptedLabels: Record<KeyKind, readonly string[]> = {
  private: ['PRIVATE KEY', 'RSA PRIVATE KEY'],
  public: ['PUBLIC KEY', 'RSA PUBLIC KEY'],
};

export const keyProblems: Record<KeyKind, string> = {
  private: 'is not a readable RSA private key (PEM, PKCS#1 or PKCS#8, unencrypted)',
  public: 'is not a readable RSA public key (PEM or the base64 text shown by Alipay)',
};

function wrap64(body: string): string {
  return (body.match(/.{1,64}/g) ?? []).join('\n');
}

function fromPem(label: string, body: string, kind: KeyKind): KeyObject | undefined {
  if (!acceptedLabels[kind].includes(label) || !base64Body.test(body)) return undefined;
  // Rebuilt with 64-character lines: OpenSSL refuses PEM whose line breaks were lost in pasting.
  const pem = `-----BEGIN ${label}-----\n${wrap64(body)}\n-----END ${label}-----\n`;
  return kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
}

function fromBareBase64(body: string, kind: KeyKind): KeyObject | undefined {
  if (!base64Body.test(body)) return undefined;
  const der = Buffer.from(body, 'base64');
  const types = kind === 'private' ? (['pkcs8', 'pkcs1'] as const) : (['spki', 'pkcs1'] as const);
  for (const type of types) {
    try {
      return kind === 'private'
        ? createPrivateKey({ key: der, format: 'der', type: type as 'pkcs8' | 'pkcs1' })
        : createPublicKey({ key: der, format: 'der', type: type as 'spki' | 'pkcs1' });
    } catch {
      // Try the next encoding.
    }
  }
  return undefined;
}

/** The RSA key in `text`, or undefined when it is not one (never throws, never logs the text). */
export function readRsaKey(text: string, kind: KeyKind): KeyObject | undefined {
  const normalized = normalizePem(text);
  const armour = pemArmour.exec(normalized);
  try {
    const key = armour
      ? fromPem(armour[1] ?? '', (armour[2] ?? '').replace(/\s+/g, ''), kind)
      : fromBareBase64(normalized.replace(/\s+/g, ''), kind);
    return key?.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key of a config field, or `invalid_config` naming the field. The message is the same as the
 * schema's, and, like it, never repeats the key text.
 */
export function rsaKeyOfField(field: string, text: string, kind: KeyKind): KeyObject {
  const key = readRsaKey(text, kind);
  if (key) return key;
  const message = keyProblems[kind];
  throw new ConnectorError('invalid_config', `Invalid connector config: ${field}: ${message}`, { issues: [{ path: field, message }] });
}
