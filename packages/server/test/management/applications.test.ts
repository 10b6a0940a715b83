// Applications through the Management API: CRUD, pagination, redirect URI policy, secret masking,
// secret rotation (checked at the real token endpoint) and encryption of secrets at rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Application, ApplicationType } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, testAdminClient, type TestSignet } from '../support/test-signet.ts';
import { clientCredentialsToken, countRows, dumpDatabase, expectApiError, send } from './helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseKinds)('Management API applications on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(() => instance.close());

  const create = (body: Record<string, unknown>) => api<Application>('POST', '/api/applications', body);

  async function createM2m(name: string, withRole = true): Promise<Application> {
    const created = await create({ name, type: 'MachineToMachine' });
    expect(created.status).toBe(201);
    if (withRole) {
      const assigned = await api('POST', `/api/applications/${created.body.id}/roles`, { roleIds: ['management-api-access'] });
      expect(assigned.status).toBe(201);
    }
    return created.body;
  }

  describe('create and read', () => {
    const examples: { type: ApplicationType; redirectUris: string[] }[] = [
      { type: 'Traditional', redirectUris: ['https://app.example.com/callback'] },
      { type: 'SPA', redirectUris: ['http://localhost:5173/callback'] },
      { type: 'Native', redirectUris: ['com.example.app:/oauth/callback'] },
      { type: 'MachineToMachine', redirectUris: [] },
    ];

    it.each(examples)('creates a $type application: 201 with its id and full secret, masked when read', async ({ type, redirectUris }) => {
      const before = Date.now();
      const created = await create({ name: `My ${type} app`, description: `A ${type} app`, type, oidcClientMetadata: { redirectUris } });
      expect(created.status).toBe(201);
      const app = created.body;
      expect(app).toEqual({
        tenantId: 'default',
        id: expect.stringMatching(/^[a-z0-9]{21}$/),
        name: `My ${type} app`,
        description: `A ${type} app`,
        type,
        secret: expect.stringMatching(/^[\w-]{43}$/),
        oidcClientMetadata: { redirectUris, postLogoutRedirectUris: [], idTokenSignedResponseAlg: 'ES384' },
        customClientMetadata: {},
        isThirdParty: false,
        createdAt: expect.any(Number),
      });
      expect(app.createdAt).toBeGreaterThanOrEqual(before - 5_000);
      expect(app.createdAt).toBeLessThanOrEqual(Date.now() + 5_000);

      const masked = await api<Application>('GET', `/api/applications/${app.id}`);
      expect(masked.status).toBe(200);
      expect(masked.body.secret).toBe(`${app.secret.slice(0, 4)}${'*'.repeat(12)}`);
      expect(masked.body).toEqual({ ...app, secret: masked.body.secret });

      const explicitFalse = await api<Application>('GET', `/api/applications/${app.id}?includeSecret=false`);
      expect(explicitFalse.body.secret).toBe(masked.body.secret);

      const revealed = await api<Application>('GET', `/api/applications/${app.id}?includeSecret=true`);
      expect(revealed.status).toBe(200);
      expect(revealed.body).toEqual(app);
    });

    it('gives every application its own id and secret', async () => {
      const [a, b] = await Promise.all([create({ name: 'twin', type: 'Traditional' }), create({ name: 'twin', type: 'Traditional' })]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
      expect(a.body.secret).not.toBe(b.body.secret);
    });

    it('answers 404 entity.not_found for an unknown id', async () => {
      const response = await send(instance.url, { method: 'GET', path: '/api/applications/no-such-app', token });
      expectApiError(response, 404, 'entity.not_found');
      expect(response.json).toMatchObject({ data: { entity: 'application', id: 'no-such-app' } });
    });
  });

  describe('list', () => {
    it('pages through every application with Total-Number, masking every secret', async () => {
      const secrets = new Set<string>();
      for (let index = 0; index < 5; index += 1) {
        const created = await create({ name: `paged ${index}`, type: 'Traditional' });
        expect(created.status).toBe(201);
        secrets.add(created.body.secret);
      }
      const total = await countRows(instance, 'applications');
      expect(total).toBeGreaterThanOrEqual(6); // 5 + the bootstrap client

      const seen: string[] = [];
      const pageSize = 2;
      for (let page = 1; page <= Math.ceil(total / pageSize); page += 1) {
        const response = await api<Application[]>('GET', `/api/applications?page=${page}&page_size=${pageSize}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('total-number')).toBe(String(total));
        expect(response.body.length).toBe(Math.min(pageSize, total - seen.length));
        for (const app of response.body) {
          expect(app.secret).toMatch(/^.{4}\*{12}$/);
          expect(secrets.has(app.secret)).toBe(false);
          seen.push(app.id);
        }
      }
      expect(new Set(seen).size).toBe(total);

      const beyond = await api<Application[]>('GET', `/api/applications?page=${Math.ceil(total / pageSize) + 1}&page_size=${pageSize}`);
      expect(beyond.status).toBe(200);
      expect(beyond.body).toEqual([]);
      expect(beyond.headers.get('total-number')).toBe(String(total));

      const all = await api<Application[]>('GET', '/api/applications');
      expect(all.body.map((app) => app.id).toSorted()).toEqual(seen.toSorted());
      // Newest first.
      const createdAts = all.body.map((app) => app.createdAt);
      expect(createdAts).toEqual(createdAts.toSorted((a, b) => b - a));
    });
  });

  describe('update and delete', () => {
    it('updates name, description, redirect URIs, customClientMetadata and the ID token algorithm', async () => {
      const created = await create({
        name: 'before',
        description: 'old description',
        type: 'Traditional',
        oidcClientMetadata: { redirectUris: ['https://before.example.com/cb'], postLogoutRedirectUris: ['https://before.example.com/'] },
        customClientMetadata: { idTokenTtl: 600 },
      });
      const { id, secret } = created.body;

      const patched = await api<Application>('PATCH', `/api/applications/${id}`, {
        name: '  after  ',
        description: 'new description',
        oidcClientMetadata: { redirectUris: ['https://after.example.com/cb', 'http://localhost:3000/cb'], idTokenSignedResponseAlg: 'RS256' },
        customClientMetadata: { corsAllowedOrigins: ['https://after.example.com'], refreshTokenTtlInDays: 30, rotateRefreshToken: false },
      });
      expect(patched.status).toBe(200);
      const expected = {
        ...created.body,
        name: 'after',
        description: 'new description',
        secret: `${secret.slice(0, 4)}${'*'.repeat(12)}`,
        oidcClientMetadata: {
          redirectUris: ['https://after.example.com/cb', 'http://localhost:3000/cb'],
          // Not in the patch: kept.
          postLogoutRedirectUris: ['https://before.example.com/'],
          idTokenSignedResponseAlg: 'RS256',
        },
        // customClientMetadata is replaced as a whole.
        customClientMetadata: { corsAllowedOrigins: ['https://after.example.com'], refreshTokenTtlInDays: 30, rotateRefreshToken: false },
      };
      expect(patched.body).toEqual(expected);
      expect((await api<Application>('GET', `/api/applications/${id}`)).body).toEqual(expected);

      // A patch of one metadata field leaves the others as they are (no reset to their defaults).
      const narrow = await api<Application>('PATCH', `/api/applications/${id}`, { oidcClientMetadata: { redirectUris: ['https://narrow.example.com/cb'] } });
      expect(narrow.status).toBe(200);
      expect(narrow.body.oidcClientMetadata).toEqual({ ...expected.oidcClientMetadata, redirectUris: ['https://narrow.example.com/cb'] });
      expected.oidcClientMetadata.redirectUris = ['https://narrow.example.com/cb'];

      const cleared = await api<Application>('PATCH', `/api/applications/${id}`, { description: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toEqual({ ...expected, description: null });
      // The secret does not change on update.
      expect((await api<Application>('GET', `/api/applications/${id}?includeSecret=true`)).body.secret).toBe(secret);
    });

    it('deletes an application: 204, then 404 everywhere', async () => {
      const { id } = (await create({ name: 'doomed', type: 'Traditional' })).body;
      const deleted = await send(instance.url, { method: 'DELETE', path: `/api/applications/${id}`, token });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect(await countRows(instance, 'applications', sql`id = ${id}`)).toBe(0);

      expectApiError(await send(instance.url, { method: 'GET', path: `/api/applications/${id}`, token }), 404, 'entity.not_found');
      expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/applications/${id}`, token }), 404, 'entity.not_found');
      expectApiError(await send(instance.url, { method: 'PATCH', path: `/api/applications/${id}`, token, body: { name: 'x' } }), 404, 'entity.not_found');
      expectApiError(
        await send(instance.url, { method: 'POST', path: `/api/applications/${id}/secret/rotate`, token, body: {} }),
        404,
        'entity.not_found',
      );
    });

    it('deletes a machine-to-machine application, which then gets no tokens', async () => {
      const app = await createM2m('short-lived');
      const client = { id: app.id, secret: app.secret };
      expect((await clientCredentialsToken(instance.url, client, { auth: 'basic', resource: `${instance.url}/api` })).status).toBe(200);
      expect((await api('DELETE', `/api/applications/${app.id}`)).status).toBe(204);
      expect(await countRows(instance, 'applications_roles', sql`application_id = ${app.id}`)).toBe(0);
      const refused = await clientCredentialsToken(instance.url, client, { auth: 'basic', resource: `${instance.url}/api` });
      expect(refused.status).toBe(401);
      expect(refused.json.error).toBe('invalid_client');
    });
  });

  describe('redirect URIs', () => {
    const accepted: [ApplicationType, string][] = [
      ['Traditional', 'https://app.example.com/callback'],
      ['Traditional', 'https://app.example.com:8443/auth/callback?tenant=a&b=2'],
      ['Traditional', 'http://localhost:3000/api/auth/callback/logto'],
      ['Traditional', 'http://127.0.0.1:8080/callback'],
      ['Traditional', 'http://[::1]:8080/callback'],
      ['SPA', 'https://spa.example.com/'],
      ['Native', 'com.example.app:/oauth2redirect'],
      ['Native', 'myapp://callback'],
      ['Native', 'http://127.0.0.1/callback'],
    ];

    it.each(accepted)('accepts for %s: %s, stored exactly as given', async (type, uri) => {
      const created = await create({ name: 'ok', type, oidcClientMetadata: { redirectUris: [uri], postLogoutRedirectUris: [uri] } });
      expect(created.status).toBe(201);
      expect(created.body.oidcClientMetadata.redirectUris).toEqual([uri]);
      expect(created.body.oidcClientMetadata.postLogoutRedirectUris).toEqual([uri]);
    });

    it('keeps redirect URIs as exact strings (no normalization)', async () => {
      const uri = 'https://App.Example.com:443/Call%62ack/?b=2&a=1';
      const created = await create({ name: 'exact', type: 'Traditional', oidcClientMetadata: { redirectUris: [uri] } });
      expect(created.status).toBe(201);
      expect((await api<Application>('GET', `/api/applications/${created.body.id}`)).body.oidcClientMetadata.redirectUris).toEqual([uri]);
    });

    const refused: [ApplicationType, string][] = [
      ['Traditional', 'http://app.example.com/callback'], // plain http off the loopback interface
      ['SPA', 'http://localhost.example.com/callback'],
      ['Traditional', 'http://192.168.1.10/callback'],
      ['Traditional', 'https://*.example.com/callback'], // wildcards
      ['SPA', 'https://app.example.com/*'],
      ['Native', 'myapp://*'],
      ['Traditional', 'https://app.example.com/callback#section'], // fragments
      ['SPA', 'https://app.example.com/callback#'],
      ['Traditional', 'com.example.app:/callback'], // custom schemes are for native apps only
      ['SPA', 'myapp://callback'],
      ['Native', 'javascript:alert(1)'],
      ['Native', 'data:text/html;base64,PHNjcmlwdD4='],
      ['Native', 'file:///etc/passwd'],
      ['Traditional', '/relative/callback'],
      ['Traditional', 'not a uri'],
      ['Traditional', 'https://user:password@app.example.com/callback'],
      ['MachineToMachine', 'https://app.example.com/callback'],
    ];

    it.each(refused)('refuses for %s: %s — 422 naming the URI, nothing stored', async (type, uri) => {
      const before = await countRows(instance, 'applications');
      for (const field of ['redirectUris', 'postLogoutRedirectUris']) {
        const response = await send(instance.url, {
          method: 'POST',
          path: '/api/applications',
          token,
          body: { name: 'refused', type, oidcClientMetadata: { [field]: ['https://fine.example.com/cb', uri] } },
        });
        const named = type === 'MachineToMachine' ? 'https://fine.example.com/cb' : uri;
        expectApiError(response, 422, 'application.invalid_redirect_uri', field);
        expect((response.json as { message: string }).message).toContain(`"${named}"`);
        expect(response.json).toMatchObject({ data: { field, uri: named } });
      }
      expect(await countRows(instance, 'applications')).toBe(before);
    });

    it.each(refused.filter(([type]) => type !== 'MachineToMachine'))(
      'refuses on update for %s: %s — 422, the application unchanged',
      async (type, uri) => {
        const created = await create({ name: 'stable', type, oidcClientMetadata: { redirectUris: [] } });
        expect(created.status).toBe(201);
        const response = await send(instance.url, {
          method: 'PATCH',
          path: `/api/applications/${created.body.id}`,
          token,
          body: { name: 'renamed', oidcClientMetadata: { redirectUris: [uri] } },
        });
        expectApiError(response, 422, 'application.invalid_redirect_uri');
        expect((response.json as { message: string }).message).toContain(`"${uri}"`);
        const current = await api<Application>('GET', `/api/applications/${created.body.id}?includeSecret=true`);
        expect(current.body).toEqual(created.body);
      },
    );
  });

  describe('secret rotation', () => {
    it('issues a new secret and returns it in full', async () => {
      const { id, secret } = (await create({ name: 'rotating', type: 'Traditional' })).body;
      const rotated = await api<Application>('POST', `/api/applications/${id}/secret/rotate`, { gracePeriodSeconds: 60 });
      expect(rotated.status).toBe(200);
      expect(rotated.body.id).toBe(id);
      expect(rotated.body.secret).toMatch(/^[\w-]{43}$/);
      expect(rotated.body.secret).not.toBe(secret);
      expect((await api<Application>('GET', `/api/applications/${id}?includeSecret=true`)).body.secret).toBe(rotated.body.secret);

      // No body at all means no grace period.
      const again = await send<Application>(instance.url, { method: 'POST', path: `/api/applications/${id}/secret/rotate`, token });
      expect(again.status).toBe(200);
      expect(again.json.secret).not.toBe(rotated.body.secret);
    });

    it('refuses to rotate the secret of public clients (SPA, Native)', async () => {
      for (const type of ['SPA', 'Native'] as const) {
        const { id, secret } = (await create({ name: 'public', type })).body;
        const response = await send(instance.url, { method: 'POST', path: `/api/applications/${id}/secret/rotate`, token, body: { gracePeriodSeconds: 0 } });
        expectApiError(response, 422, 'application.not_confidential', type);
        expect((await api<Application>('GET', `/api/applications/${id}?includeSecret=true`)).body.secret).toBe(secret);
      }
    });

    it('issues Management API tokens with client_secret_basic and client_secret_post', async () => {
      const app = await createM2m('token client');
      for (const auth of ['basic', 'post'] as const) {
        const response = await clientCredentialsToken(instance.url, app, { auth, resource: `${instance.url}/api` });
        expect(response.status).toBe(200);
        expect(response.json).toMatchObject({ token_type: 'Bearer', scope: 'all', access_token: expect.any(String) });
        const roles = await send(instance.url, { method: 'GET', path: '/api/roles', token: response.json.access_token });
        expect(roles.status).toBe(200);
      }
      for (const auth of ['basic', 'post'] as const) {
        const wrong = await clientCredentialsToken(instance.url, { id: app.id, secret: `${app.secret}x` }, { auth, resource: `${instance.url}/api` });
        expect(wrong.status).toBe(401);
        expect(wrong.json.error).toBe('invalid_client');
      }
    });

    it('keeps the old secret working at /oidc/token during the grace period', async () => {
      const app = await createM2m('graceful');
      const rotated = await api<Application>('POST', `/api/applications/${app.id}/secret/rotate`, { gracePeriodSeconds: 300 });
      expect(rotated.status).toBe(200);
      const resource = `${instance.url}/api`;
      for (const secret of [app.secret, rotated.body.secret]) {
        for (const auth of ['basic', 'post'] as const) {
          const response = await clientCredentialsToken(instance.url, { id: app.id, secret }, { auth, resource });
          expect({ auth, current: secret === rotated.body.secret, status: response.status, body: response.json }).toMatchObject({
            status: 200,
            body: { access_token: expect.any(String), scope: 'all' },
          });
          const roles = await send(instance.url, { method: 'GET', path: '/api/roles', token: response.json.access_token });
          expect(roles.status).toBe(200);
        }
      }
      // The old secret was kept for the grace period, encrypted.
      expect(await countRows(instance, 'application_previous_secrets', sql`application_id = ${app.id}`)).toBe(1);
    });

    it('refuses the old secret with invalid_client when gracePeriodSeconds was 0', async () => {
      const app = await createM2m('abrupt');
      const rotated = await api<Application>('POST', `/api/applications/${app.id}/secret/rotate`, { gracePeriodSeconds: 0 });
      expect(rotated.status).toBe(200);
      const resource = `${instance.url}/api`;
      for (const auth of ['basic', 'post'] as const) {
        const old = await clientCredentialsToken(instance.url, { id: app.id, secret: app.secret }, { auth, resource });
        expect({ auth, status: old.status, error: old.json.error }).toEqual({ auth, status: 401, error: 'invalid_client' });
        const current = await clientCredentialsToken(instance.url, { id: app.id, secret: rotated.body.secret }, { auth, resource });
        expect({ auth, status: current.status }).toEqual({ auth, status: 200 });
      }
    });

    it('a rotation without grace also ends earlier grace periods', async () => {
      const app = await createM2m('twice');
      const first = await api<Application>('POST', `/api/applications/${app.id}/secret/rotate`, { gracePeriodSeconds: 3600 });
      const resource = `${instance.url}/api`;
      expect((await clientCredentialsToken(instance.url, app, { auth: 'basic', resource })).status).toBe(200);
      await api('POST', `/api/applications/${app.id}/secret/rotate`, { gracePeriodSeconds: 0 });
      for (const secret of [app.secret, first.body.secret]) {
        expect((await clientCredentialsToken(instance.url, { id: app.id, secret }, { auth: 'basic', resource })).status).toBe(401);
      }
    });

    it('stops accepting the old secret once the grace period is over', async () => {
      const app = await createM2m('expiring');
      const rotated = await api<Application>('POST', `/api/applications/${app.id}/secret/rotate`, { gracePeriodSeconds: 2 });
      expect(rotated.status).toBe(200);
      const resource = `${instance.url}/api`;
      const started = Date.now();
      const during = await clientCredentialsToken(instance.url, { id: app.id, secret: app.secret }, { auth: 'basic', resource });
      // Only meaningful if the request ran inside the 2 s window.
      if (Date.now() - started < 1_500) expect(during.status).toBe(200);
      await sleep(2_200 - (Date.now() - started));
      for (const auth of ['basic', 'post'] as const) {
        const after = await clientCredentialsToken(instance.url, { id: app.id, secret: app.secret }, { auth, resource });
        expect({ auth, status: after.status, error: after.json.error }).toEqual({ auth, status: 401, error: 'invalid_client' });
      }
      expect((await clientCredentialsToken(instance.url, { id: app.id, secret: rotated.body.secret }, { auth: 'post', resource })).status).toBe(200);
    });
  });

  describe('secrets at rest', () => {
    it('stores no client secret in plaintext anywhere in the database', async () => {
      const secrets: string[] = [testAdminClient.secret];
      const ids: string[] = [];
      for (const type of ['Traditional', 'SPA', 'Native', 'MachineToMachine'] as const) {
        const created = await create({ name: `at-rest ${type}`, type });
        expect(created.status).toBe(201);
        secrets.push(created.body.secret);
        ids.push(created.body.id);
      }
      // A rotation with a grace period keeps the previous secret: it must be encrypted too.
      const rotated = await api<Application>('POST', `/api/applications/${ids[0]}/secret/rotate`, { gracePeriodSeconds: 3600 });
      expect(rotated.status).toBe(200);
      secrets.push(rotated.body.secret);

      const dump = await dumpDatabase(instance);
      const everything = [...dump.values()].flat().join('\n');
      // The dump really holds the applications (the check below is not vacuous).
      expect(dump.get('public.applications')?.length).toBeGreaterThanOrEqual(5);
      for (const id of ids) expect(everything).toContain(id);
      expect(dump.get('public.application_previous_secrets')?.length).toBeGreaterThanOrEqual(1);

      for (const secret of secrets) {
        const bytes = Buffer.from(secret, 'utf8');
        for (const form of [secret, bytes.toString('base64'), bytes.toString('hex'), Buffer.from(secret, 'base64url').toString('hex')]) {
          expect(everything).not.toContain(form);
        }
      }
      for (const row of dump.get('public.applications') ?? []) {
        expect((JSON.parse(row) as { secret_ciphertext: string }).secret_ciphertext).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
      }
    });
  });
});
