import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ConnectorError } from '../kit.ts';
import { buildAuthorizationUri, clientSecretJwt, createPkce, isPkceVerifier, mapProfile, pkceChallengeOf, readAuthorizationCode, sanitizeProviderText, valueAtPath } from './core.ts';

describe('oauth2 core pieces', () => {
  test('PKCE S256 matches the RFC 7636 appendix B example', () => {
    expect(pkceChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const pkce = createPkce();
    expect(isPkceVerifier(pkce.verifier)).toBe(true);
    expect(pkce.challenge).toBe(pkceChallengeOf(pkce.verifier));
    expect(isPkceVerifier('short')).toBe(false);
    expect(isPkceVerifier(`${'a'.repeat(43)} `)).toBe(false);
  });

  test('valueAtPath walks objects and arrays, and prefers a literal dotted key', () => {
    const profile = { 'user.id': 'literal', user: { id: 'nested', emails: [{ value: 'a@example.com' }] }, zero: 0 };
    expect(valueAtPath(profile, 'user.id')).toBe('literal');
    expect(valueAtPath(profile, 'user.emails.0.value')).toBe('a@example.com');
    expect(valueAtPath(profile, 'user.emails.1.value')).toBeUndefined();
    expect(valueAtPath(profile, 'user.missing.deeper')).toBeUndefined();
    expect(valueAtPath(profile, 'zero')).toBe(0);
    expect(valueAtPath(profile, 'toString')).toBeUndefined();
    expect(valueAtPath(profile, '')).toBeUndefined();
  });

  test('mapProfile refuses non-text ids and ignores non-text optional fields', () => {
    const map = { id: 'id', email: 'email', phone: 'phone', name: 'name', avatar: 'avatar' };
    expect(() => mapProfile('P', { id: { nested: true } }, map)).toThrow(ConnectorError);
    expect(() => mapProfile('P', { id: 1.5 }, map)).toThrow(/no user id at "id"/);
    expect(mapProfile('P', { id: ' x ', name: ['n'], email: '', avatar: 7 }, map)).toEqual({ id: 'x', rawData: { id: ' x ', name: ['n'], email: '', avatar: 7 } });
  });

  test('buildAuthorizationUri ignores reserved extras', () => {
    const uri = buildAuthorizationUri('https://p.example.com/auth?x=1', { clientId: 'c', redirectUri: 'https://s/cb', state: 's', extra: { state: 'evil', prompt: 'login' } });
    expect(uri).toBe('https://p.example.com/auth?x=1&response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fs%2Fcb&state=s&prompt=login');
  });

  test('clientSecretJwt signs iss/sub/aud/exp with the secret', () => {
    const jwt = clientSecretJwt('client', 'secret', 'https://p.example.com/token', 'HS256', 1_700_000_000);
    const [header, payload, signature] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({
      iss: 'client',
      sub: 'client',
      aud: 'https://p.example.com/token',
      iat: 1_700_000_000,
      exp: 1_700_000_300,
    });
    expect(signature).toBe(createHmac('sha256', 'secret').update(`${header}.${payload}`).digest('base64url'));
  });

  test('readAuthorizationCode: errors and missing codes are authorization_failed', () => {
    expect(readAuthorizationCode('P', { code: 'abc', state: 's' })).toBe('abc');
    expect(() => readAuthorizationCode('P', { error: 'access_denied', code: 'abc' })).toThrow('The user denied access at P');
    const error = (() => {
      try {
        readAuthorizationCode('P', { error: 'server_error', error_description: 'x'.repeat(2000) });
      } catch (caught) {
        return caught as ConnectorError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.code).toBe('authorization_failed');
    expect((error.data?.providerMessage as string).length).toBe(501);
    expect(() => readAuthorizationCode('P', {})).toThrow('has no authorization code');
  });

  test('sanitizeProviderText blanks secrets and cuts long text', () => {
    expect(sanitizeProviderText('bad secret hunter2 and hunter2', ['hunter2', undefined, 'abc'])).toBe('bad secret *** and ***');
    expect(sanitizeProviderText('y'.repeat(600))).toHaveLength(501);
  });
});
