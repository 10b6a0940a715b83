// Management API authentication (Bearer JWT for `${ENDPOINT}/api` with scope `all`), the public
// status endpoint and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, importJWK, type JWTPayload } from 'jose';
import type { Application } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, testAdminClient, type TestSignet } from '../support/test-signet.ts';
import { clientCredentialsToken, countRows, databaseFingerprint, expectApiError, send } from './helpers.ts';

type OpenApiOperation = {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { type?: string; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown } }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
};
type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; flows?: { clientCredentials?: { tokenUrl: string } } }> };
};

describe.each(databaseKinds)('Management API authentication on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let issuer: string;
  let audience: string;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    issuer = `${instance.url}/oidc`;
    audience = `${instance.url}/api`;
  });
  afterAll(() => instance.close());

  /** A JWT signed with this Signet's own active key (ES256 signs Management API tokens); `claims` override the defaults. */
  async function mint(claims: JWTPayload, alg: 'ES256' | 'ES384' = 'ES256'): Promise<string> {
    const key = instance.signet.oidc.keys().find((candidate) => candidate.alg === alg && !candidate.retiredAt);
    if (!key) throw new Error(`no active ${alg} key`);
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: issuer, aud: audience, sub: testAdminClient.id, client_id: testAdminClient.id, scope: 'all', iat: now, exp: now + 300, ...claims };
    return new SignJWT(payload).setProtectedHeader({ alg, kid: key.id, typ: 'at+jwt' }).sign(await importJWK(key.privateJwk, alg));
  }

  const getRoles = (authorization?: string) =>
    send(instance.url, { method: 'GET', path: '/api/roles', ...(authorization !== undefined && { headers: { authorization } }) });

  it('accepts the token from client_credentials, and a token minted like it (so the refusals below are meaningful)', async () => {
    expect((await getRoles(`Bearer ${token}`)).status).toBe(200);
    expect((await getRoles(`bearer ${token}`)).status).toBe(200);
    expect((await getRoles(`Bearer ${await mint({})}`)).status).toBe(200);
  });

  it('answers 401 auth.unauthorized with WWW-Authenticate when there is no token', async () => {
    const response = await getRoles();
    expectApiError(response, 401, 'auth.unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses every Management API route without a token, writing nothing', async () => {
    const before = await databaseFingerprint(instance);
    const requests = [
      { method: 'GET', path: '/api/applications' },
      { method: 'POST', path: '/api/applications', body: { name: 'sneaky', type: 'MachineToMachine' } },
      { method: 'POST', path: '/api/users', body: { username: 'sneaky' } },
      { method: 'DELETE', path: '/api/roles/admin' },
      { method: 'POST', path: `/api/applications/${testAdminClient.id}/secret/rotate`, body: {} },
      { method: 'GET', path: `/api/applications/${testAdminClient.id}?includeSecret=true` },
      { method: 'POST', path: '/api/configs/oidc/private-keys/rotate', body: {} },
      { method: 'GET', path: '/api/logs' },
      { method: 'GET', path: '/api/dashboard/users/total' },
      { method: 'GET', path: '/api/roles/admin/users' },
      { method: 'POST', path: '/api/roles/admin/users', body: { userIds: ['sneaky'] } },
      // Only the exact first-run setup path is public.
      { method: 'POST', path: '/api/console/setup/', body: { username: 'sneaky', password: 'Quiet-Lantern-Orbit-42' } },
      { method: 'GET', path: '/api/console' },
    ];
    for (const request of requests) {
      const response = await send(instance.url, request);
      expectApiError(response, 401, 'auth.unauthorized', `${request.method} ${request.path}`);
      expect(response.text).not.toContain(testAdminClient.secret);
    }
    expect(await databaseFingerprint(instance)).toEqual(before);
  });

  it('answers 401 for a malformed, foreign, expired or misdirected token', async () => {
    const foreignKey = (await generateKeyPair('ES256')).privateKey;
    const foreign = await new SignJWT({ scope: 'all' })
      .setProtectedHeader({ alg: 'ES256', kid: instance.signet.oidc.keys().find((key) => key.alg === 'ES256')!.id })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('intruder')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(foreignKey);
    const [header, payload] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${token.split('.')[2]}`;

    const cases: [string, string][] = [
      ['garbage', 'Bearer garbage'],
      ['a JWT-shaped garbage', 'Bearer aaa.bbb.ccc'],
      ['an empty bearer', 'Bearer '],
      ['a token with spaces', 'Bearer abc def'],
      ['Basic credentials', `Basic ${Buffer.from(`${testAdminClient.id}:${testAdminClient.secret}`).toString('base64')}`],
      ['the client secret as a token', `Bearer ${testAdminClient.secret}`],
      ['a token signed by another key', `Bearer ${foreign}`],
      ['an unsigned token (alg none)', `Bearer ${unsigned}`],
      ['a tampered token', `Bearer ${tampered}`],
      ['an expired token', `Bearer ${await mint({ iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 120 })}`],
      ['a token for another audience', `Bearer ${await mint({ aud: 'https://other.example.com/api' })}`],
      ['a token for the client id as audience (an ID token)', `Bearer ${await mint({ aud: testAdminClient.id }, 'ES384')}`],
      ['a token from another issuer', `Bearer ${await mint({ iss: 'https://evil.example.com/oidc' })}`],
    ];
    for (const [label, authorization] of cases) {
      const response = await getRoles(authorization);
      expectApiError(response, 401, 'auth.unauthorized', label);
      expect(response.headers.get('www-authenticate') ?? '', label).toMatch(/^Bearer/);
    }
  });

  it('answers 403 auth.forbidden for a valid token without the "all" scope', async () => {
    for (const scope of ['', 'read', 'openid profile', 'all:read']) {
      const response = await getRoles(`Bearer ${await mint({ scope })}`);
      expectApiError(response, 403, 'auth.forbidden', scope);
      expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
    }
  });

  it('gives a machine-to-machine application without a role no Management API token (invalid_target)', async () => {
    const admin = apiClient(instance.url, token);
    const app = (await admin<Application>('POST', '/api/applications', { name: 'no role', type: 'MachineToMachine' })).body;
    for (const auth of ['basic', 'post'] as const) {
      const response = await clientCredentialsToken(instance.url, app, { auth, resource: audience });
      expect({ auth, status: response.status, error: response.json.error }).toEqual({ auth, status: 400, error: 'invalid_target' });
      expect(response.json.access_token).toBeUndefined();
    }
    // Not for another resource either, even with full access.
    const elsewhere = await clientCredentialsToken(instance.url, testAdminClient, { auth: 'basic', resource: 'https://other.example.com/api' });
    expect(elsewhere.json.error).toBe('invalid_target');
    // A token without a resource is not a Management API token.
    const plain = await clientCredentialsToken(instance.url, testAdminClient, { auth: 'basic', scope: '' });
    expect(plain.status).toBe(200);
    expect(plain.json.access_token).not.toContain('.'); // opaque, not a JWT
    expectApiError(await getRoles(`Bearer ${plain.json.access_token}`), 401, 'auth.unauthorized');
  });

  it('cuts access at once when the role is removed or the application deleted, not when the token expires', async () => {
    const admin = apiClient(instance.url, token);
    const app = (await admin<Application>('POST', '/api/applications', { name: 'short-lived', type: 'MachineToMachine' })).body;
    expect((await admin('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-access'] })).status).toBe(201);
    const issued = await clientCredentialsToken(instance.url, app, { auth: 'basic', resource: audience });
    const own = apiClient(instance.url, issued.json.access_token!);
    expect((await own('GET', '/api/roles')).status).toBe(200);

    expect((await admin('DELETE', `/api/applications/${app.id}/roles/management-api-access`)).status).toBe(204);
    const afterRemoval = await own<{ code: string }>('GET', '/api/roles');
    expect(afterRemoval).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });

    expect((await admin('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-access'] })).status).toBe(201);
    expect((await own('GET', '/api/roles')).status).toBe(200);
    expect((await admin('DELETE', `/api/applications/${app.id}`)).status).toBe(204);
    expect((await own<{ code: string }>('GET', '/api/roles')).status).toBe(403);
  });

  it('authenticates before reading a body: strangers get 401 whatever they send', async () => {
    for (const [contentType, body] of [['application/json', '{"name":'], ['text/plain', 'hello'], ['application/json', JSON.stringify({ name: 'x'.repeat(2_000_000) })]] as const) {
      const response = await fetch(`${instance.url}/api/applications`, { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(response.status).toBe(401);
    }
  });

  it('serves GET /api/status without authentication', async () => {
    const headerSets: Record<string, string>[] = [{}, { authorization: 'Bearer garbage' }];
    for (const headers of headerSets) {
      const response = await send(instance.url, { method: 'GET', path: '/api/status', headers });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    }
  });

  describe('OpenAPI document', () => {
    let doc: OpenApiDocument;

    beforeAll(async () => {
      const response = await send<OpenApiDocument>(instance.url, { method: 'GET', path: '/api/openapi.json' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      doc = response.json;
    });

    it('is an OpenAPI 3.1 document with the Management API security scheme', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      expect(doc.servers).toEqual([{ url: instance.url }]);
      expect(doc.components.securitySchemes.managementApi).toMatchObject({
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: `${instance.url}/oidc/token` } },
      });
      expect(doc.components.schemas.Error).toMatchObject({ required: ['code', 'message'] });
    });

    it('documents every Management API route', () => {
      const expected: [string, string][] = [
        ['/api/applications', 'get'],
        ['/api/applications', 'post'],
        ['/api/applications/{id}', 'get'],
        ['/api/applications/{id}', 'patch'],
        ['/api/applications/{id}', 'delete'],
        ['/api/applications/{id}/secret/rotate', 'post'],
        ['/api/applications/{id}/roles', 'get'],
        ['/api/applications/{id}/roles', 'post'],
        ['/api/applications/{id}/roles/{roleId}', 'delete'],
        ['/api/users', 'get'],
        ['/api/users', 'post'],
        ['/api/users/{id}', 'get'],
        ['/api/users/{id}', 'patch'],
        ['/api/users/{id}', 'delete'],
        ['/api/users/{id}/password', 'patch'],
        ['/api/users/{id}/password/verify', 'post'],
        ['/api/users/{id}/is-suspended', 'patch'],
        ['/api/users/{id}/custom-data', 'patch'],
        ['/api/users/{id}/identities/{target}', 'put'],
        ['/api/users/{id}/identities/{target}', 'delete'],
        ['/api/users/{id}/roles', 'get'],
        ['/api/users/{id}/roles', 'post'],
        ['/api/users/{id}/roles/{roleId}', 'delete'],
        ['/api/roles', 'get'],
        ['/api/roles', 'post'],
        ['/api/roles/{id}', 'delete'],
        ['/api/configs/oidc/private-keys', 'get'],
        ['/api/configs/oidc/private-keys/rotate', 'post'],
        ['/api/configs/oidc/private-keys/{id}', 'delete'],
        ['/api/connector-factories', 'get'],
        ['/api/connector-factories/{id}', 'get'],
        ['/api/connectors', 'get'],
        ['/api/connectors', 'post'],
        ['/api/connectors/{id}', 'get'],
        ['/api/connectors/{id}', 'patch'],
        ['/api/connectors/{id}', 'delete'],
        ['/api/connectors/{factoryId}/test', 'post'],
        ['/api/dev-outbox/messages', 'get'],
        ['/api/dev-outbox/messages', 'delete'],
        ['/api/sign-in-exp', 'get'],
        ['/api/sign-in-exp', 'patch'],
        ['/api/roles/{id}/users', 'get'],
        ['/api/roles/{id}/users', 'post'],
        ['/api/roles/{id}/users/{userId}', 'delete'],
        ['/api/logs', 'get'],
        ['/api/logs/{id}', 'get'],
        ['/api/dashboard/users/total', 'get'],
        ['/api/dashboard/users/new', 'get'],
        ['/api/dashboard/activity', 'get'],
      ];
      // The first-run Console setup is public: documented, without the Management API security.
      for (const method of ['get', 'post']) expect(doc.paths['/api/console/setup']?.[method]?.security, method).toBeUndefined();
      const documented = Object.entries(doc.paths)
        .filter(([path]) => !path.startsWith('/api/experience') && path !== '/api/console/setup')
        .flatMap(([path, operations]) => Object.keys(operations).map((method) => [path, method] as [string, string]));
      expect(documented.toSorted()).toEqual(expected.toSorted());
      for (const [path, method] of expected) {
        expect(doc.paths[path]![method]!.security, `${method} ${path}`).toEqual([{ managementApi: ['all'] }]);
      }
    });

    it('describes parameters, bodies and responses consistently', () => {
      for (const [path, operations] of Object.entries(doc.paths)) {
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        for (const [method, operation] of Object.entries(operations)) {
          const where = `${method} ${path}`;
          expect(operation.summary, where).toBeTruthy();
          const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
          expect(pathParameters.map((parameter) => parameter.name).toSorted(), where).toEqual(templated.toSorted());
          for (const parameter of operation.parameters ?? []) {
            expect(['path', 'query'], where).toContain(parameter.in);
            expect(parameter.schema, where).toBeTypeOf('object');
            if (parameter.in === 'path') expect(parameter.required, where).toBe(true);
          }
          const statuses = Object.keys(operation.responses);
          expect(statuses.some((status) => /^2\d\d$/.test(status)), where).toBe(true);
          expect(operation.responses['4XX'], where).toBeDefined();
          if (operation.requestBody) {
            expect(['post', 'put', 'patch'], where).toContain(method);
            // A JSON object, or a choice between objects (a body discriminated by its "type").
            const schema = operation.requestBody.content['application/json']?.schema as { type?: string; oneOf?: { type?: string }[] } | undefined;
            const variants = schema?.oneOf ?? [schema];
            expect(variants.length, where).toBeGreaterThan(0);
            for (const variant of variants) expect(variant?.type, where).toBe('object');
          }
        }
      }
    });

    it('gives request body schemas their fields, required fields and strictness', () => {
      const createApplication = doc.paths['/api/applications']!.post!;
      const body = createApplication.requestBody!.content['application/json']!.schema;
      expect(Object.keys(body.properties ?? {})).toEqual(
        expect.arrayContaining(['name', 'description', 'type', 'oidcClientMetadata', 'customClientMetadata', 'isThirdParty']),
      );
      expect(body.required).toEqual(expect.arrayContaining(['name', 'type']));
      expect(body.additionalProperties).toBe(false);
      expect(createApplication.responses['201']?.content?.['application/json']?.schema).toMatchObject({ type: 'object' });

      const createUser = doc.paths['/api/users']!.post!.requestBody!.content['application/json']!.schema;
      expect(Object.keys(createUser.properties ?? {})).toEqual(
        expect.arrayContaining(['username', 'primaryEmail', 'primaryPhone', 'password', 'name', 'avatar', 'profile', 'customData']),
      );
      const userResponse = doc.paths['/api/users/{id}']!.get!.responses['200']!.content!['application/json']!.schema as { properties: Record<string, unknown> };
      expect(Object.keys(userResponse.properties)).toContain('hasPassword');
      expect(Object.keys(userResponse.properties).filter((key) => /password/i.test(key))).toEqual(['hasPassword']);

      const rotate = doc.paths['/api/applications/{id}/secret/rotate']!.post!.requestBody!.content['application/json']!.schema;
      expect(Object.keys(rotate.properties ?? {})).toEqual(['gracePeriodSeconds']);
      expect(doc.paths['/api/users/{id}/roles']!.post!.requestBody!.content['application/json']!.schema.required).toEqual(['roleIds']);
      for (const method of ['get', 'delete'] as const) expect(doc.paths['/api/applications/{id}']![method]!.requestBody).toBeUndefined();

      const listQuery = (doc.paths['/api/users']!.get!.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
      expect(listQuery.toSorted()).toEqual(['page', 'page_size', 'search']);
    });

    it('is served without authentication and the same for everyone', async () => {
      const authenticated = await send(instance.url, { method: 'GET', path: '/api/openapi.json', token });
      expect(authenticated.json).toEqual(doc);
      expect(await countRows(instance, 'applications')).toBeGreaterThanOrEqual(1);
    });
  });
});
