// Alipay's RSA signatures: over sorted request parameters for what we send, over the raw text of
// the response member for what the gateway answers.
import { sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export const alipaySignTypes = ['RSA', 'RSA2'] as const;
export type AlipaySignType = (typeof alipaySignTypes)[number];

/** `RSA` is SHA1withRSA, `RSA2` SHA256withRSA (both PKCS#1 v1.5 padding, Node's default for RSA keys). */
const digestOf: Record<AlipaySignType, 'sha1' | 'sha256'> = { RSA: 'sha1', RSA2: 'sha256' };

/**
 * The text a request signature covers: every parameter except `sign` whose value is not empty,
 * sorted by key (code-unit order, as Alipay's SDKs sort), joined raw (not URL-encoded) as `k=v&k=v`.
 */
export function buildSignContent(params: Readonly<Record<string, string | undefined>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

/** base64 of the RSA signature of the UTF-8 bytes of `content`. */
export function signContent(content: string, privateKey: KeyObject, signType: AlipaySignType): string {
  return rsaSign(digestOf[signType], Buffer.from(content, 'utf8'), privateKey).toString('base64');
}

/** Whether `sign` (base64) is the signature of `content` by the holder of `publicKey`. */
export function verifyContent(content: string, sign: string, publicKey: KeyObject, signType: AlipaySignType): boolean {
  try {
    return rsaVerify(digestOf[signType], Buffer.from(content, 'utf8'), publicKey, Buffer.from(sign, 'base64'));
  } catch {
    return false;
  }
}
