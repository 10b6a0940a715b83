// The `Signet-Signature` header of the HTTP email and SMS connectors: proof for the receiver that a
// message came from this Signet (it knows the shared signing secret) and was not replayed later.
// Modelled on well-known webhook signatures: the signed text is `<unix seconds>.<raw body>`, so a
// receiver checks the timestamp's age and the HMAC together, and an old body cannot be re-sent.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeaderName = 'Signet-Signature';

/** How far a timestamp may be from the receiver's clock before it rejects the message. */
export const defaultSignatureToleranceSeconds = 300;

/** Hex HMAC-SHA256 of `<timestamp>.<body>` with the signing secret. */
export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Verifies a `Signet-Signature` header against the raw body (the exact bytes received, before any
 * JSON parsing). Several `v1=` entries are allowed so a receiver may accept old and new secrets
 * while rotating; one that matches is enough.
 */
export function verifySignatureHeader(
  secret: string,
  header: string | undefined,
  body: string,
  { toleranceSeconds = defaultSignatureToleranceSeconds, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}
