// The Console's built-in OIDC client: a public SPA client answered from code (PKCE required, ES384
// ID token, rotating refresh tokens, first-party so no consent), invisible to /api/applications.
// Admins get Management API tokens (resource `${ENDPOINT}/api`, scope `all`) through it, from the
// code exchange and from refreshes. A non-admin cannot finish the Console's sign-in, gets an OIDC
// error instead of a token when already signed in elsewhere, and no other application can obtain
// Management API access for a user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClientId, type Application, type User } from '@signet/schemas';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { parseEnv } from '../../src/env.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createSignet } from '../../src/app.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, testSecretKey, type TestSignet } from '../support/test-signet.ts';
import { countRows, expectApiError, send } from '../management/helpers.ts';
import { createApp, Flow, startFlow, type Api } from '../support/experience-kit.ts';
import { accessTokenClaims, ConsoleFlow, strongPassword, verifyConsoleIdToken } from './console-flow.ts';

describe.each(databaseKinds)('The Console OIDC client on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let admin: User;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    const created = await api<User>('POST', '/api/users', { username: 'ada', primaryEmail: 'ada@example.com', password: strongPassword });
    expect(created.status).toBe(201);
    admin = created.body;
    expect((await api('POST', `/api/users/${admin.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
    // A user without the admin role.
    expect((await api('POST', '/api/users', { username: 'bob', primaryEmail: 'bob@example.com', password: strongPassword })).status).toBe(201);
  });
  afterAll(() => instance.close());

  it('gives an admin an ES384 ID token and a Management API access token with scope "all" that the API accepts', async () => {
    const flow = new ConsoleFlow(instance);
    const callback = await flow.signIn({ type: 'username', value: 'ada' }, strongPassword);
    // First-party: straight back to the Console, no consent page.
    expect(callback.searchParams.get('error')).toBeNull();
    const { status, body } = await flow.exchange(callback);
    expect(status, JSON.stringify(body)).toBe(200);
    const idToken = await verifyConsoleIdToken(instance, body.id_token!);
    expect(idToken.sub).toBe(admin.id);
    expect(idToken.username).toBe('ada');
    const claims = accessTokenClaims(body.access_token!);
    expect(claims).toMatchObject({ aud: `${instance.url}/api`, sub: admin.id, client_id: consoleClientId, scope: 'all' });
    expect(body.refresh_token).toBeTruthy();

    const asAdmin = apiClient(instance.url, body.access_token!);
    expect((await asAdmin('GET', '/api/users')).status).toBe(200);
    expect((await asAdmin('GET', '/api/dashboard/users/total')).status).toBe(200);
  });

  it('refreshes with and without `resource`, rotating the refresh token (a reused one is refused)', async () => {
    const flow = new ConsoleFlow(instance);
    const first = (await flow.exchange(await flow.signIn({ type: 'email', value: 'ada@example.com' }, strongPassword))).body;

    const withResource = await flow.refresh(first.refresh_token!, { resource: flow.resource });
    expect(withResource.status, JSON.stringify(withResource.body)).toBe(200);
    expect(accessTokenClaims(withResource.body.access_token!)).toMatchObject({ aud: flow.resource, scope: 'all', sub: admin.id });
    expect(withResource.body.refresh_token).toBeTruthy();
    expect(withResource.body.refresh_token).not.toBe(first.refresh_token);
    expect((await apiClient(instance.url, withResource.body.access_token!)('GET', '/api/roles')).status).toBe(200);

    const without = await flow.refresh(withResource.body.refresh_token!);
    expect(without.status, JSON.stringify(without.body)).toBe(200);
    expect(accessTokenClaims(without.body.access_token!)).toMatchObject({ aud: flow.resource, scope: 'all' });

    // Rotation with reuse detection: the first refresh token was spent.
    const reused = await flow.refresh(first.refresh_token!, { resource: flow.resource });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('stops refreshing Management API access once the admin role is taken away', async () => {
    const second = (await api<User>('POST', '/api/users', { username: 'grace', password: strongPassword })).body;
    expect((await api('POST', `/api/users/${second.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
    const flow = new ConsoleFlow(instance);
    const tokens = (await flow.exchange(await flow.signIn({ type: 'username', value: 'grace' }, strongPassword))).body;
    expect(tokens.access_token).toBeTruthy();

    expect((await api('DELETE', `/api/users/${second.id}/roles/admin`)).status).toBe(204);
    const refreshed = await flow.refresh(tokens.refresh_token!, { resource: flow.resource });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_target');
    expect(refreshed.body.access_token).toBeUndefined();
    // The access token already issued is checked against the current roles on every call.
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/users', token: tokens.access_token! }), 403, 'auth.forbidden');
  });

  it("refuses a non-admin at the Console's sign-in: no session, no code", async () => {
    const flow = new ConsoleFlow(instance);
    expect((await flow.authorize()).pathname).toBe('/sign-in');
    expect((await flow.call('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(200);
    const verified = await flow.call<{ verificationId: string }>('POST', '/verification/password', { identifier: { type: 'username', value: 'bob' }, password: strongPassword });
    expect(verified.status).toBe(200);
    const refused = await flow.call<{ code: string; data: unknown }>('POST', '/identification', { verificationId: verified.body.verificationId });
    expect({ status: refused.status, code: refused.body.code, data: refused.body.data }).toEqual({ status: 422, code: 'session.sign_in_failed', data: { reason: 'not_admin' } });
    expect((await flow.call<{ code: string }>('POST', '/submit')).body.code).toBe('session.identifier_not_verified');
    // Nobody is signed in: the next authorization asks again.
    expect((await new ConsoleFlow(instance, flow.browser).authorize()).pathname).toBe('/sign-in');
  });

  it('gives a non-admin already signed in elsewhere (single sign-on) invalid_target instead of a token; prompt=login lets an admin in', async () => {
    const app = await createApp(api);
    const elsewhere = await startFlow(instance, app, 'SignIn');
    const verificationId = await elsewhere.password({ type: 'username', value: 'bob' }, strongPassword);
    await elsewhere.ok('POST', '/identification', { verificationId });
    await elsewhere.submitAndExchange();

    const flow = new ConsoleFlow(instance, elsewhere.browser);
    const silent = await flow.authorize();
    expect(silent.pathname).toBe('/console/callback');
    const exchanged = await flow.exchange(silent);
    expect(exchanged.status).toBe(400);
    expect(exchanged.body).toMatchObject({ error: 'invalid_target', error_description: expect.stringMatching(/no access to the Management API/) });
    expect(exchanged.body.access_token).toBeUndefined();
    expect(exchanged.body.id_token).toBeUndefined();

    // The Console asks again with prompt=login; an admin signs in over the other session.
    const again = new ConsoleFlow(instance, elsewhere.browser);
    const landed = await again.authorize({ prompt: 'login' });
    expect(landed.pathname).toBe('/sign-in');
    const redirectTo = await again.browser.signInWithPassword(instance.url, { type: 'username', value: 'ada' }, strongPassword);
    // Switching accounts ends the old session first (oidc-provider's confirmation form, submitted as a browser would).
    let next = await again.browser.navigate(redirectTo, again.redirectUri);
    for (let hop = 0; hop < 3 && !next.url.startsWith(again.redirectUri); hop += 1) {
      const html = await next.response!.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (!action) break;
      const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
      const posted = await again.browser.request(new URL(action.replaceAll('&amp;', '&'), instance.url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      next = await again.browser.navigate(new URL(posted.headers.get('location')!, instance.url).href, again.redirectUri);
    }
    const admitted = await again.exchange(new URL(next.url));
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
    expect(accessTokenClaims(admitted.body.access_token!)).toMatchObject({ sub: admin.id, scope: 'all' });
  });

  it('refuses a code exchange for a user who lost the admin role after the sign-in', async () => {
    const carol = (await api<User>('POST', '/api/users', { username: 'carol', password: strongPassword })).body;
    expect((await api('POST', `/api/users/${carol.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
    const flow = new ConsoleFlow(instance);
    const callback = await flow.signIn({ type: 'username', value: 'carol' }, strongPassword);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect((await api('DELETE', `/api/roles/admin/users/${carol.id}`)).status).toBe(204);
    const exchanged = await flow.exchange(callback);
    expect(exchanged.body.error).toBe('invalid_target');
    expect(exchanged.body.access_token).toBeUndefined();
  });

  it('requires PKCE and the registered redirect URI; takes no client secret', async () => {
    const flow = new ConsoleFlow(instance);
    const noPkce = await flow.authorize({ code_challenge: undefined, code_challenge_method: undefined });
    expect(noPkce.pathname).toBe('/console/callback');
    expect(noPkce.searchParams.get('error')).toBe('invalid_request');
    expect(noPkce.searchParams.get('error_description')).toMatch(/PKCE/);

    const elsewhere = await flow.browser.request(flow.authorizationUrl({ redirect_uri: 'https://evil.example.com/console/callback' }).href);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();

    const withSecret = await fetch(`${instance.url}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${consoleClientId}:guessed-secret`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: flow.resource, scope: 'all' }),
    });
    // A public client has no secret to present: the attempt is refused as client authentication.
    expect(withSecret.status).toBe(401);
    expect(((await withSecret.json()) as { error: string }).error).toBe('invalid_client');

    const credentials = await flow.token({ grant_type: 'client_credentials', resource: flow.resource, scope: 'all' });
    // Refused before anything is issued: the Console has no client_credentials grant and no way to authenticate.
    expect(credentials.status).toBe(400);
    expect(credentials.body.error).toMatch(/^(invalid_request|unauthorized_client)$/);
    expect(credentials.body.access_token).toBeUndefined();
  });

  it('signs out to /console', async () => {
    const flow = new ConsoleFlow(instance);
    const tokens = (await flow.exchange(await flow.signIn({ type: 'username', value: 'ada' }, strongPassword))).body;
    const url = new URL(`${instance.url}/oidc/session/end`);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${instance.url}/console` }).toString();
    const page = await flow.browser.request(url.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('xsrf');

    const foreign = new URL(url);
    foreign.searchParams.set('post_logout_redirect_uri', 'https://evil.example.com/');
    expect((await flow.browser.request(foreign.href)).status).toBe(400);
  });

  it('is not an application: not listed, not readable, not changeable, not deletable', async () => {
    const listed = await api<Application[]>('GET', '/api/applications?page_size=100');
    expect(listed.body.map((app) => app.id)).not.toContain(consoleClientId);
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'Hijacked' }], ['DELETE', undefined]] as const) {
      const response = await send(instance.url, { method, path: `/api/applications/${consoleClientId}`, token: (await managementToken(instance.url)), ...(body && { body }) });
      expectApiError(response, 404, 'entity.not_found', method);
    }
    expect(await countRows(instance, 'applications', sql`id = ${consoleClientId}`)).toBe(0);
  });

  it('gives Management API access for users to the Console only, not to another application', async () => {
    const app = await createApp(api);
    const flow = new Flow(instance, app);
    const landed = await flow.authorize({ resource: `${instance.url}/api`, scope: 'openid all' });
    expect(landed.searchParams.get('error')).toBe('invalid_target');
    expect(landed.searchParams.get('error_description')).toMatch(/only the Console/);
  });
});

describe('The Console OIDC client and the bootstrap client id', () => {
  it('refuses SIGNET_ADMIN_CLIENT_ID=signet-console at start', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
    try {
      const env = parseEnv({ ENDPOINT: 'http://127.0.0.1:9', SIGNET_ADMIN_CLIENT_ID: consoleClientId, SIGNET_ADMIN_CLIENT_SECRET: 'a-long-enough-secret-0123456789', LOG_LEVEL: 'silent' });
      await expect(createSignet({ env, database, secretKey: testSecretKey, logger: pino({ level: 'silent' }), sweepIntervalMs: 0 })).rejects.toThrow(/built-in Console client/);
    } finally {
      await database.close();
    }
  });
});
