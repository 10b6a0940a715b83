// Discovery and JWKS come from memory after the first request: the answer must stay byte for byte
// the provider's, keep its CORS headers, and follow the origin a request came through (the
// endpoint URLs in discovery are built from it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSignet, type TestSignet } from '../support/test-signet.ts';

describe('discovery and JWKS from memory', () => {
  let signet: TestSignet;

  beforeAll(async () => {
    signet = await startTestSignet({ kind: 'pglite', endpoint: 'https://id.example.com', env: { SIGNET_TRUST_PROXY: 'true' } });
  });
  afterAll(() => signet?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${signet.url}${path}`, { headers });

  it('answers the second request exactly as the first, with the same headers', async () => {
    for (const path of ['/oidc/.well-known/openid-configuration', '/oidc/jwks']) {
      const first = await get(path, { origin: 'https://app.example.com' });
      const second = await get(path, { origin: 'https://other.example.com' });
      expect(second.status).toBe(200);
      expect(await second.text()).toBe(await first.text());
      expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(first.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(second.headers.get('access-control-allow-origin')).toBe('https://other.example.com');
      expect(second.headers.get('vary')).toMatch(/Origin/);
      expect((await get(path)).headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('keeps one document per origin: endpoints follow the host a request came through', async () => {
    const through = async (host: string) =>
      ((await (await get('/oidc/.well-known/openid-configuration', { 'x-forwarded-host': host, 'x-forwarded-proto': 'https' })).json()) as { issuer: string; token_endpoint: string });
    for (let round = 0; round < 2; round += 1) {
      const a = await through('id.example.com');
      const b = await through('internal.example.net');
      expect(a.issuer).toBe('https://id.example.com/oidc');
      expect(b.issuer).toBe('https://id.example.com/oidc');
      expect(a.token_endpoint).toBe('https://id.example.com/oidc/token');
      expect(b.token_endpoint).toBe('https://internal.example.net/oidc/token');
    }
  });

  it('leaves preflights and other methods to the provider', async () => {
    const preflight = await fetch(`${signet.url}/oidc/jwks`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET');
    expect((await fetch(`${signet.url}/oidc/jwks`, { method: 'POST' })).status).toBeGreaterThanOrEqual(400);
  });
});
