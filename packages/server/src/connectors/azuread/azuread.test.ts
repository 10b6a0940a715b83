import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { formItemsOf } from '../form-items.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import { microsoftConsumersTenantId, startOidcFake } from '../oidc/oidc.fake.ts';
import type { OidcFake } from '../oidc/oidc.fake.ts';
import { beginSignIn, completeSignIn, rejectionOf, testRedirectUri } from '../oidc/sign-in.testkit.ts';
import azureAdConnector from './index.ts';

const clientId = '6731de76-14a6-49ae-97bc-6eba6914391e';
const clientSecret = 'azure~secret.Value_123';
const contoso = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const fabrikam = 'b9e1c7d2-3f4a-4c5b-9d6e-7f8091a2b3c4';

const alice = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
  claims: { oid: '00000000-0000-0000-66f3-3332eca7ea81', tid: contoso, name: 'Alice Contoso', preferred_username: 'alice@contoso.com', email: 'alice@contoso.com' },
};
const dave = {
  sub: 'dave-pairwise-sub',
  claims: { oid: '11111111-2222-3333-4444-555555555555', tid: fabrikam, name: 'Dave Fabrikam', email: 'dave@fabrikam.com', xms_edov: true },
};
const carol = {
  sub: 'carol-pairwise-sub',
  claims: { oid: '00000000-0000-0000-aaaa-bbbbccccdddd', tid: microsoftConsumersTenantId, name: 'Carol Personal', email: 'carol@outlook.com' },
};

let fake: OidcFake;
beforeAll(async () => {
  fake = await startOidcFake({
    issuerPath: '/{tenantid}/v2.0',
    clients: [{ clientId, auth: { method: 'client_secret_post', clientSecret }, redirectUris: [testRedirectUri] }],
    users: [alice, dave, carol],
    tenantAliases: { 'contoso.onmicrosoft.com': contoso },
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const config = (tenantId: string, extra: Record<string, unknown> = {}) => ({ clientId, clientSecret, cloudInstance: fake.url, tenantId, ...extra });

async function signIn(tenantId: string, sub = alice.sub, extra: Record<string, unknown> = {}) {
  const begun = await beginSignIn(azureAdConnector, config(tenantId, extra));
  const callbackData = await fake.authorize(begun.url.href, { sub });
  return { begun, callbackData, user: await completeSignIn(azureAdConnector, begun, callbackData) };
}

async function failure(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ConnectorError);
  expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain(clientSecret);
  return error;
}

describe('azuread metadata and config', () => {
  test('metadata', () => {
    expect(azureAdConnector.metadata).toMatchObject({ id: 'azuread-universal', target: 'azuread', platform: 'Universal', logoDark: null });
    expect(Object.keys(azureAdConnector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(azureAdConnector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
  });

  test('form', () => {
    expect(formItemsOf(azureAdConnector.configSchema).map((item) => [item.key, item.type, item.required, item.isConfidential ?? false, item.defaultValue])).toEqual([
      ['clientId', 'Text', true, false, undefined],
      ['clientSecret', 'Text', true, true, undefined],
      ['cloudInstance', 'Text', false, false, 'https://login.microsoftonline.com'],
      ['tenantId', 'Text', true, false, undefined],
      ['prompts', 'MultiSelect', false, false, undefined],
    ]);
  });

  test('validation', () => {
    const paths = (raw: unknown) => {
      try {
        parseConfig(azureAdConnector, raw);
        return [];
      } catch (error) {
        return ((error as ConnectorError).data!.issues as Array<{ path: string }>).map((issue) => issue.path);
      }
    };
    const base = { clientId, clientSecret };
    expect(parseConfig(azureAdConnector, { ...base, tenantId: 'common' })).toEqual({ ...base, tenantId: 'common', cloudInstance: 'https://login.microsoftonline.com' });
    for (const tenantId of ['common', 'organizations', 'consumers', contoso, 'contoso.onmicrosoft.com', 'contoso.com']) expect(paths({ ...base, tenantId })).toEqual([]);
    for (const tenantId of ['', 'everyone', 'not a tenant', '72f988bf-86f1-41af-91ab', '../common']) expect(paths({ ...base, tenantId })).toEqual(['tenantId']);
    expect(paths({ clientSecret, tenantId: 'common' })).toEqual(['clientId']);
    expect(paths({ clientId, tenantId: 'common' })).toEqual(['clientSecret']);
    expect(paths(base)).toEqual(['tenantId']);
    expect(paths({ ...base, tenantId: 'common', cloudInstance: 'http://login.microsoftonline.com' })).toEqual(['cloudInstance']);
    expect(paths({ ...base, tenantId: 'common', prompts: ['sometimes'] })).toEqual(['prompts.0']);
  });
});

describe('azuread single tenant', () => {
  test('authorization URI at the tenant, with PKCE, nonce and prompts', async () => {
    const begun = await beginSignIn(azureAdConnector, config(contoso, { prompts: ['select_account'] }));
    expect(begun.url.origin + begun.url.pathname).toBe(`${fake.url}/${contoso}/v2.0/authorize`);
    expect(Object.fromEntries(begun.url.searchParams)).toMatchObject({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid profile email',
      prompt: 'select_account',
      code_challenge_method: 'S256',
      nonce: begun.session.nonce,
    });
  });

  test('sign-in → the user’s object id; a work email is not taken as verified', async () => {
    const { user } = await signIn(contoso);
    expect(user).toEqual({
      id: alice.claims.oid,
      name: 'Alice Contoso',
      email: 'alice@contoso.com',
      emailVerified: false,
      rawData: expect.objectContaining({ sub: alice.sub, tid: contoso, iss: `${fake.url}/${contoso}/v2.0`, preferred_username: 'alice@contoso.com' }),
    });
    expect(fake.received.count.userinfo).toBe(0);
    expect(fake.received.token[0]!.clientAuthMethod).toBe('client_secret_post');
  });

  test('a token of another tenant is refused', async () => {
    const error = await failure(signIn(contoso, dave.sub));
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.data).toMatchObject({ claim: 'iss' });
  });

  test('a tenant named by its domain', async () => {
    const { user } = await signIn('contoso.onmicrosoft.com');
    expect(user.id).toBe(alice.claims.oid);
  });

  test('a discovery document of another tenant is refused', async () => {
    fake.knobs.discoveryIssuer = `${fake.url}/${fabrikam}/v2.0`;
    expect((await failure(beginSignIn(azureAdConnector, config(contoso)))).code).toBe('invalid_response');
  });
});

describe('azuread multi-tenant (common)', () => {
  test('users of different tenants sign in; each token’s issuer is its own tenant', async () => {
    const first = await signIn('common', alice.sub);
    expect(first.user.id).toBe(alice.claims.oid);
    expect(first.user.rawData.iss).toBe(`${fake.url}/${contoso}/v2.0`);
    const second = await signIn('common', dave.sub);
    expect(second.user).toEqual({
      id: dave.claims.oid,
      name: 'Dave Fabrikam',
      email: 'dave@fabrikam.com',
      emailVerified: true,
      rawData: expect.objectContaining({ tid: fabrikam, iss: `${fake.url}/${fabrikam}/v2.0` }),
    });
    const personal = await signIn('common', carol.sub);
    expect(personal.user).toMatchObject({ id: carol.claims.oid, email: 'carol@outlook.com', emailVerified: true });
  });

  test('the discovery template is what makes it work: the token endpoint is called once', async () => {
    await signIn('common', dave.sub);
    expect(fake.received.count.token).toBe(1);
    expect(fake.received.count.jwks).toBe(1);
  });

  test('an iss that is not the token’s own tenant is refused', async () => {
    fake.knobs.idTokenIssuer = `${fake.url}/${fabrikam}/v2.0`;
    const error = await failure(signIn('common', alice.sub));
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.data).toMatchObject({ claim: 'iss' });
  });

  test('an iss outside the cloud instance is refused', async () => {
    fake.knobs.idTokenIssuer = `https://evil.example.com/${contoso}/v2.0`;
    expect((await failure(signIn('common'))).code).toBe('social_id_token_invalid');
  });

  test('a tid that is not a GUID is refused', async () => {
    Object.assign(fake.knobs, { idTokenClaims: { tid: 'evil' }, idTokenIssuer: `${fake.url}/evil/v2.0` });
    expect((await failure(signIn('common'))).code).toBe('social_id_token_invalid');
  });

  test.each([
    ['a bad signature', { badSignature: true }, undefined],
    ['another audience', { idTokenAudience: 'another-app' }, 'aud'],
    ['an expired token', { idTokenExpired: true }, 'exp'],
    ['another nonce', { idTokenNonce: 'nope' }, 'nonce'],
  ] as const)('the per-tenant issuer does not skip checks: %s is refused', async (_name, knobs, claim) => {
    Object.assign(fake.knobs, knobs);
    const error = await failure(signIn('common', dave.sub));
    expect(error.code).toBe('social_id_token_invalid');
    if (claim !== undefined) expect(error.data).toMatchObject({ claim });
  });

  test('a slow JWKS during the per-tenant check → provider_unavailable', async () => {
    const begun = await beginSignIn(azureAdConnector, config('common'));
    const callbackData = await fake.authorize(begun.url.href, { sub: dave.sub });
    fake.knobs.delayMs.jwks = 800;
    const error = await failure(completeSignIn(azureAdConnector, begun, callbackData, { context: { timeoutMs: 150 } }));
    expect(error.code).toBe('provider_unavailable');
  });

  test('codes are still single-use and PKCE-bound', async () => {
    const { begun, callbackData } = await signIn('common', dave.sub);
    expect((await failure(completeSignIn(azureAdConnector, begun, callbackData))).code).toBe('social_auth_code_invalid');
    const next = await beginSignIn(azureAdConnector, config('common'));
    const nextCallback = await fake.authorize(next.url.href, { sub: dave.sub });
    const error = await failure(completeSignIn(azureAdConnector, next, nextCallback, { session: { ...next.session, codeVerifier: begun.session.codeVerifier! } }));
    expect(error.code).toBe('social_auth_code_invalid');
  });
});

describe('azuread organizations and consumers', () => {
  test('organizations: work accounts in, personal accounts out', async () => {
    expect((await signIn('organizations', dave.sub)).user.id).toBe(dave.claims.oid);
    const error = await failure(signIn('organizations', carol.sub));
    expect(error.code).toBe('social_id_token_invalid');
  });

  test('consumers: the personal-account tenant is the issuer', async () => {
    const { user } = await signIn('consumers', carol.sub);
    expect(user).toMatchObject({ id: carol.claims.oid, emailVerified: true, rawData: expect.objectContaining({ iss: `${fake.url}/${microsoftConsumersTenantId}/v2.0` }) });
    expect((await failure(signIn('consumers', dave.sub))).code).toBe('social_id_token_invalid');
  });
});

describe('azuread callback and token errors', () => {
  test('an error from Microsoft in the callback → authorization_failed', async () => {
    const begun = await beginSignIn(azureAdConnector, config('common'));
    const error = await failure(
      completeSignIn(azureAdConnector, begun, { error: 'consent_required', error_description: 'AADSTS65001: The user or administrator has not consented', state: begun.state }),
    );
    expect(error).toMatchObject({ code: 'authorization_failed', data: { providerCode: 'consent_required' } });
  });

  test('a wrong client secret → general invalid_client', async () => {
    const begun = await beginSignIn(azureAdConnector, config(contoso, { clientSecret: 'expired-secret' }));
    const error = await failure(completeSignIn(azureAdConnector, begun, await fake.authorize(begun.url.href)));
    expect(error).toMatchObject({ code: 'general', data: { providerCode: 'invalid_client' } });
    expect(error.message).not.toContain('expired-secret');
  });
});
