// Aliyun RPC-style request signing (signature version 1.0, HMAC-SHA1), shared by Direct Mail and
// SMS. Each step is its own function so tests can compare the canonical query, the string to sign
// and the signature against the published vector one by one.
import { createHmac } from 'node:crypto';

/**
 * RFC 3986 percent-encoding: only `A–Z a–z 0–9 - _ . ~` stay as they are. `encodeURIComponent`
 * also keeps `! ' ( ) *`, which Aliyun encodes, so those are encoded afterwards (space is already
 * `%20`, never `+`).
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Encoded `key=value` pairs sorted by encoded key (byte order), joined with `&`. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([key, value]) => [percentEncode(key), percentEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** `POST&%2F&` + the encoded canonical query (the path is always `/` for RPC APIs). */
export function stringToSign(canonical: string, method = 'POST'): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

/** base64(HMAC-SHA1(accessKeySecret + "&", stringToSign)). */
export function signString(text: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(text, 'utf8').digest('base64');
}

/** The signature of a parameter set (without `Signature` itself). */
export function signParams(params: Readonly<Record<string, string>>, accessKeySecret: string, method = 'POST'): string {
  return signString(stringToSign(canonicalQuery(params), method), accessKeySecret);
}

/** Aliyun's `Timestamp`: UTC ISO 8601 to the second, `YYYY-MM-DDThh:mm:ssZ`. */
export function aliyunTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
