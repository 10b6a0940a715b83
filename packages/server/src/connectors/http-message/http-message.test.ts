import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import emailReadme from '../http-email/README.md?raw';
import smsReadme from '../http-sms/README.md?raw';
import { redactSecrets, truncate } from './redact.ts';
import { computeSignature, signatureHeader, verifySignatureHeader } from './signature.ts';

const secret = 'whsec-0123456789abcdef';
const body = '{"to":"jane@example.com","type":"SignIn","payload":{"code":"123456"}}';

describe('Signet-Signature', () => {
  test('the header is t=<seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>', () => {
    const expected = createHmac('sha256', secret).update(`1718000000.${body}`).digest('hex');
    expect(computeSignature(secret, 1718000000, body)).toBe(expected);
    expect(signatureHeader(secret, body, 1718000000)).toBe(`t=1718000000,v1=${expected}`);
    // A fixed value, so a change of scheme cannot pass unnoticed.
    expect(computeSignature('key', 1, 'x')).toBe(createHmac('sha256', 'key').update('1.x').digest('hex'));
  });

  test('verification: valid, tampered, wrong secret, old, malformed, missing, rotated secrets', () => {
    const now = 1718000000 * 1000;
    const header = signatureHeader(secret, body, 1718000000);
    expect(verifySignatureHeader(secret, header, body, { now })).toEqual({ ok: true, timestamp: 1718000000 });
    expect(verifySignatureHeader(secret, header, body.replace('123456', '654321'), { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignatureHeader(`${secret}x`, header, body, { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignatureHeader(secret, header, body, { now: now + 301_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignatureHeader(secret, header, body, { now: now - 301_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignatureHeader(secret, header, body, { now: now + 301_000, toleranceSeconds: 600 }).ok).toBe(true);
    expect(verifySignatureHeader(secret, 'v1=abc', body, { now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignatureHeader(secret, 't=1718000000', body, { now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignatureHeader(secret, undefined, body, { now })).toEqual({ ok: false, reason: 'missing' });
    const rotated = `t=1718000000,v1=${computeSignature('old-secret-old-secret', 1718000000, body)},v1=${computeSignature(secret, 1718000000, body)}`;
    expect(verifySignatureHeader(secret, rotated, body, { now }).ok).toBe(true);
  });

  // The README shows receivers how to verify; make sure that code accepts what Signet sends.
  test.each([
    ['http-email', emailReadme],
    ['http-sms', smsReadme],
  ])('the verification snippet in the %s README works', (_name, readme) => {
    const snippet = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const code = snippet!.replace(/^import .*$/m, '');
    const verifySignet = new Function('createHmac', 'timingSafeEqual', 'Buffer', `${code}\nreturn verifySignet;`)(createHmac, timingSafeEqual, Buffer) as (
      secret: string,
      header: string | undefined,
      rawBody: string,
    ) => boolean;
    expect(verifySignet(secret, signatureHeader(secret, body), body)).toBe(true);
    expect(verifySignet(secret, signatureHeader(secret, body), `${body} `)).toBe(false);
    expect(verifySignet('another-secret-value', signatureHeader(secret, body), body)).toBe(false);
    expect(verifySignet(secret, signatureHeader(secret, body, Math.floor(Date.now() / 1000) - 600), body)).toBe(false);
    expect(verifySignet(secret, undefined, body)).toBe(false);
  });
});

describe('redaction and truncation', () => {
  test('secrets and the credential part of an Authorization value are removed', () => {
    expect(redactSecrets('got Bearer tok_abcdef123 and tok_abcdef123 and whsec-0123456789abcdef', ['Bearer tok_abcdef123', secret])).toBe(
      'got [redacted] and [redacted] and [redacted]',
    );
    expect(redactSecrets('nothing here', [undefined, ''])).toBe('nothing here');
  });

  test('truncate keeps at most max characters', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(Array.from(truncate('😀'.repeat(10), 5))).toHaveLength(5);
  });
});
