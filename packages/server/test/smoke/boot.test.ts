import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';

describe.each(databaseKinds)('boot on %s', (kind) => {
  let instance: TestSignet;
  beforeAll(async () => {
    instance = await startTestSignet({ kind });
  });
  afterAll(() => instance.close());

  it('serves discovery and a management token', async () => {
    const discovery = await (await fetch(`${instance.url}/oidc/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(`${instance.url}/oidc`);
    const token = await managementToken(instance.url);
    const api = apiClient(instance.url, token);
    const created = await api('POST', '/api/applications', { name: 'x', type: 'Traditional', oidcClientMetadata: { redirectUris: ['http://localhost:3000/cb'] } });
    expect(created.status).toBe(201);
    const list = await api('GET', '/api/applications');
    expect(list.status).toBe(200);
  });
});
