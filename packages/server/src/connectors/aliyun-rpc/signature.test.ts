import { existsSync, readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';
import { aliyunTimestamp, canonicalQuery, percentEncode, signParams, signString, stringToSign } from './signature.ts';

// A copy of the spec's vector (specs/vectors/aliyun-dm-signature.json) kept beside the code, so the
// test does not depend on a file outside the repository.
type Vector = { params: Record<string, string>; secret: string; canon: string; sts: string; signature: string };
const vectorText = readFileSync(new URL('./aliyun-dm-signature.vector.json', import.meta.url), 'utf8');
const vector = JSON.parse(vectorText) as Vector;
const specVector = '/work/shared/specs/vectors/aliyun-dm-signature.json';

describe('Aliyun RPC signature: the published vector', () => {
  test('canonical query, byte for byte', () => {
    expect(canonicalQuery(vector.params)).toBe(vector.canon);
  });

  test('string to sign, byte for byte', () => {
    expect(stringToSign(vector.canon)).toBe(vector.sts);
  });

  test('signature', () => {
    expect(signString(vector.sts, vector.secret)).toBe(vector.signature);
    expect(signParams(vector.params, vector.secret)).toBe('KpzHynAmXXvWvMOExKLjxWT0cxw=');
  });

  test.skipIf(!existsSync(specVector))('the copy is the spec vector', () => {
    expect(JSON.parse(readFileSync(specVector, 'utf8'))).toEqual(vector);
  });

  test('the order of the given parameters does not matter', () => {
    const reversed = Object.fromEntries(Object.entries(vector.params).reverse());
    expect(canonicalQuery(reversed)).toBe(vector.canon);
  });

  test('a different secret gives a different signature', () => {
    expect(signParams(vector.params, 'testsecreT')).not.toBe(vector.signature);
  });
});

describe('percentEncode (RFC 3986)', () => {
  test('keeps unreserved characters', () => {
    expect(percentEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
  });

  test('space is %20, never +; * is %2A; ~ stays', () => {
    expect(percentEncode('a b*c~d')).toBe('a%20b%2Ac~d');
  });

  test("encodes the characters encodeURIComponent keeps: ! ' ( )", () => {
    expect(percentEncode("!'()")).toBe('%21%27%28%29');
  });

  test('encodes reserved characters and UTF-8 in upper-case hex', () => {
    expect(percentEncode('a+b=c&d/e:f@g')).toBe('a%2Bb%3Dc%26d%2Fe%3Af%40g');
    expect(percentEncode('邮件')).toBe('%E9%82%AE%E4%BB%B6');
  });
});

describe('aliyunTimestamp', () => {
  test('UTC to the second, with Z', () => {
    expect(aliyunTimestamp(new Date('2026-11-21T10:00:00.789Z'))).toBe('2026-11-21T10:00:00Z');
    expect(aliyunTimestamp(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe('2027-01-02T03:04:05Z');
  });
});
