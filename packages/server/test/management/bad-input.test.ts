// Bad input, table-driven, for EVERY Management API endpoint: malformed JSON, non-JSON bodies, wrong
// types, unknown and missing fields, oversized strings and arrays, unknown ids, unknown query
// parameters and invalid path ids. Every case must get a 4xx with a stable `code` and a `message`
// (never a 500, never a stack trace), and must leave the whole database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application, Role, User } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { databaseFingerprint, expectApiError, send } from './helpers.ts';

type Fixtures = {
  app: string; // Traditional
  spa: string;
  m2m: string; // holds m2mRole
  user: string; // has a password, a github identity and userRole
  userRole: string;
  otherUserRole: string;
  userRoleName: string;
  m2mRole: string;
  otherM2mRole: string;
  activeKey: string;
  connector: string; // the email connector in use (dev outbox)
  admin: string; // the only Console admin
};

type Value<T> = T | ((fixtures: Fixtures) => T);
/** Anything JSON.stringify accepts; not `unknown`, so that `Value<Body>` keeps its function form. */
type Body = Record<string, unknown> | unknown[] | string | number | boolean | null;
const resolve = <T>(value: Value<T>, fixtures: Fixtures): T =>
  typeof value === 'function' ? (value as (fixtures: Fixtures) => T)(fixtures) : value;

type Case = {
  label: string;
  status: number;
  code: string;
  /** A substring the error message must contain (proves the request failed for the intended reason). */
  mentions?: Value<string>;
  /** Raw (already URL-encoded) values replacing valid path parameters. */
  params?: Value<Record<string, string>>;
  query?: string;
  /** JSON body; defaults to the endpoint's valid body. */
  body?: Value<Body>;
  /** A body sent as-is instead of JSON. */
  raw?: { text: string; contentType: string; headers?: Record<string, string> };
};

type Endpoint = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  route: string;
  params?: (fixtures: Fixtures) => Record<string, string>;
  /** A body this endpoint accepts (absent: the endpoint takes no body). */
  valid?: Value<Record<string, unknown>>;
  cases: Case[];
};

const long = 'x'.repeat(10_000);
const invalid = (label: string, body: Value<Body>, mentions?: string): Case => ({ label, body, status: 400, code: 'guard.invalid_input', ...(mentions && { mentions }) });
const invalidQuery = (label: string, query: string, mentions?: string): Case => ({ label, query, status: 400, code: 'guard.invalid_input', ...(mentions && { mentions }) });
const notFound = (label: string, params: Value<Record<string, string>>, mentions: Value<string>, code = 'entity.not_found'): Case => ({ label, params, status: 404, code, mentions });
const conflict = (label: string, body: Value<Body>, code: string, extra: Partial<Case> = {}): Case => ({ label, body, status: 422, code, ...extra });
const list = (count: number, make: (index: number) => string) => Array.from({ length: count }, (_, index) => make(index));
const nested = (depth: number): unknown => (depth === 0 ? 'bottom' : { level: nested(depth - 1) });

const paginationCases = [
  invalidQuery('page=0', 'page=0', 'query.page'),
  invalidQuery('page=-1', 'page=-1', 'query.page'),
  invalidQuery('page=abc', 'page=abc', 'query.page'),
  invalidQuery('page=1.5', 'page=1.5', 'query.page'),
  invalidQuery('page beyond the limit', 'page=100001', 'query.page'),
  invalidQuery('page=1e400', 'page=1e400', 'query.page'),
  invalidQuery('page given twice', 'page=1&page=2', 'query.page'),
  invalidQuery('page_size=0', 'page_size=0', 'query.page_size'),
  invalidQuery('page_size=101', 'page_size=101', 'query.page_size'),
  invalidQuery('page_size=abc', 'page_size=abc', 'query.page_size'),
];

function roleAssignmentCases(wrongType: string, otherRole: (fixtures: Fixtures) => string): Case[] {
  return [
    invalid('roleIds missing', {}, 'body.roleIds'),
    invalid('roleIds empty', { roleIds: [] }, 'body.roleIds'),
    invalid('roleIds a string', { roleIds: 'admin' }, 'body.roleIds'),
    invalid('roleIds of numbers', { roleIds: [1] }, 'body.roleIds'),
    invalid('roleIds with null', { roleIds: [null] }, 'body.roleIds'),
    invalid('roleIds with an invalid id', { roleIds: ['not a valid id!'] }, 'body.roleIds'),
    invalid('roleIds with an oversized id', { roleIds: ['r'.repeat(300)] }, 'body.roleIds'),
    invalid('101 roleIds', { roleIds: list(101, (index) => `role-${index}`) }, 'body.roleIds'),
    { label: 'one unknown role among valid ones', body: (f) => ({ roleIds: [otherRole(f), 'no-such-role'] }), status: 404, code: 'entity.not_found', mentions: 'no-such-role' },
    conflict(`a ${wrongType} role among valid ones`, (f) => ({ roleIds: [otherRole(f), wrongType === 'User' ? f.userRole : 'management-api-access'] }), 'role.type_mismatch'),
  ];
}

const endpoints: Endpoint[] = [
  // Applications
  { method: 'GET', route: '/api/applications', cases: [...paginationCases, invalidQuery('includeSecret on the list', 'includeSecret=true', 'includeSecret')] },
  {
    method: 'POST',
    route: '/api/applications',
    valid: { name: 'Valid app', type: 'Traditional', oidcClientMetadata: { redirectUris: ['https://valid.example.com/cb'] } },
    cases: [
      invalid('nothing', {}, 'body.name'),
      invalid('name missing', { type: 'SPA' }, 'body.name'),
      invalid('type missing', { name: 'No type' }, 'body.type'),
      invalid('name blank', { name: '   ', type: 'SPA' }, 'body.name'),
      invalid('name a number', { name: 123, type: 'SPA' }, 'body.name'),
      invalid('name null', { name: null, type: 'SPA' }, 'body.name'),
      invalid('unknown type', { name: 'x', type: 'Desktop' }, 'body.type'),
      invalid('type a number', { name: 'x', type: 1 }, 'body.type'),
      invalid('description a number', { name: 'x', type: 'SPA', description: 5 }, 'body.description'),
      invalid('isThirdParty a string', { name: 'x', type: 'SPA', isThirdParty: 'yes' }, 'body.isThirdParty'),
      invalid('oidcClientMetadata a string', { name: 'x', type: 'SPA', oidcClientMetadata: 'x' }, 'body.oidcClientMetadata'),
      invalid('redirectUris a string', { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: 'https://a.example.com/cb' } }, 'redirectUris'),
      invalid('redirectUris of numbers', { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: [1] } }, 'redirectUris'),
      invalid('unsupported ID token algorithm', { name: 'x', type: 'SPA', oidcClientMetadata: { idTokenSignedResponseAlg: 'HS256' } }, 'idTokenSignedResponseAlg'),
      invalid('"none" ID token algorithm', { name: 'x', type: 'SPA', oidcClientMetadata: { idTokenSignedResponseAlg: 'none' } }, 'idTokenSignedResponseAlg'),
      invalid('idTokenTtl below the minimum', { name: 'x', type: 'SPA', customClientMetadata: { idTokenTtl: 10 } }, 'idTokenTtl'),
      invalid('idTokenTtl a string', { name: 'x', type: 'SPA', customClientMetadata: { idTokenTtl: '3600' } }, 'idTokenTtl'),
      invalid('refreshTokenTtlInDays 0', { name: 'x', type: 'SPA', customClientMetadata: { refreshTokenTtlInDays: 0 } }, 'refreshTokenTtlInDays'),
      invalid('rotateRefreshToken a string', { name: 'x', type: 'SPA', customClientMetadata: { rotateRefreshToken: 'false' } }, 'rotateRefreshToken'),
      invalid('a chosen id', { name: 'x', type: 'SPA', id: 'chosen-id' }, 'id'),
      invalid('a chosen secret', { name: 'x', type: 'Traditional', secret: 'chosen-secret' }, 'secret'),
      invalid('a tenantId', { name: 'x', type: 'SPA', tenantId: 'other' }, 'tenantId'),
      invalid('an unknown OIDC metadata field', { name: 'x', type: 'SPA', oidcClientMetadata: { grantTypes: ['implicit'] } }, 'grantTypes'),
      invalid('an unknown custom metadata field', { name: 'x', type: 'SPA', customClientMetadata: { foo: 1 } }, 'foo'),
      invalid('name of 10k characters', { name: long, type: 'SPA' }, 'body.name'),
      invalid('description of 10k characters', { name: 'x', type: 'SPA', description: long }, 'body.description'),
      invalid('a 3000-character redirect URI', { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: [`https://a.example.com/${'x'.repeat(3000)}`] } }, 'redirectUris'),
      invalid('51 redirect URIs', { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: list(51, (index) => `https://a.example.com/${index}`) } }, 'redirectUris'),
      invalid('10000 redirect URIs', { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: list(10_000, (index) => `https://a.example.com/${index}`) } }, 'redirectUris'),
      invalid('51 post-logout redirect URIs', { name: 'x', type: 'SPA', oidcClientMetadata: { postLogoutRedirectUris: list(51, (index) => `https://a.example.com/${index}`) } }, 'postLogoutRedirectUris'),
      invalid('51 CORS origins', { name: 'x', type: 'SPA', customClientMetadata: { corsAllowedOrigins: list(51, (index) => `https://a${index}.example.com`) } }, 'corsAllowedOrigins'),
      invalid('customData nested 100 levels deep', { name: 'x', type: 'SPA', customClientMetadata: nested(100) }, 'nested'),
      conflict('a wildcard redirect URI', { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: ['https://ok.example.com/cb', 'https://*.example.com/cb'] } }, 'application.invalid_redirect_uri', { mentions: '"https://*.example.com/cb"' }),
      conflict('a redirect URI for a machine-to-machine app', { name: 'x', type: 'MachineToMachine', oidcClientMetadata: { redirectUris: ['https://ok.example.com/cb'] } }, 'application.invalid_redirect_uri', { mentions: '"https://ok.example.com/cb"' }),
      conflict('a CORS origin with a path', { name: 'x', type: 'SPA', customClientMetadata: { corsAllowedOrigins: ['https://a.example.com/path'] } }, 'application.invalid_cors_origin', { mentions: 'https://a.example.com/path' }),
    ],
  },
  {
    method: 'GET',
    route: '/api/applications/{id}',
    params: (f) => ({ id: f.app }),
    cases: [
      invalidQuery('includeSecret=yes', 'includeSecret=yes', 'query.includeSecret'),
      invalidQuery('includeSecret=1', 'includeSecret=1', 'query.includeSecret'),
      invalidQuery('includeSecret given twice', 'includeSecret=true&includeSecret=true', 'query.includeSecret'),
      notFound('unknown id', { id: 'no-such-app' }, 'no-such-app'),
    ],
  },
  {
    method: 'PATCH',
    route: '/api/applications/{id}',
    params: (f) => ({ id: f.app }),
    valid: { name: 'Renamed' },
    cases: [
      invalid('name null', { name: null }, 'body.name'),
      invalid('name a number', { name: 5 }, 'body.name'),
      invalid('name blank', { name: ' ' }, 'body.name'),
      invalid('description a number', { description: 5 }, 'body.description'),
      invalid('oidcClientMetadata null', { oidcClientMetadata: null }, 'body.oidcClientMetadata'),
      invalid('redirectUris null', { oidcClientMetadata: { redirectUris: null } }, 'redirectUris'),
      invalid('redirectUris with null', { oidcClientMetadata: { redirectUris: [null] } }, 'redirectUris'),
      invalid('customClientMetadata null', { customClientMetadata: null }, 'body.customClientMetadata'),
      invalid('idTokenTtl too large', { customClientMetadata: { idTokenTtl: 1e9 } }, 'idTokenTtl'),
      invalid('changing the type', { name: 'x', type: 'SPA' }, 'type'),
      invalid('changing the secret', { secret: 'chosen' }, 'secret'),
      invalid('changing the id', { id: 'other-id' }, 'id'),
      invalid('changing isThirdParty', { isThirdParty: true }, 'isThirdParty'),
      invalid('changing createdAt', { createdAt: 0 }, 'createdAt'),
      invalid('name of 10k characters', { name: long }, 'body.name'),
      invalid('51 redirect URIs', { oidcClientMetadata: { redirectUris: list(51, (index) => `https://a.example.com/${index}`) } }, 'redirectUris'),
      invalid('a valid name and an unknown field', { name: 'Half written', unknownField: 1 }, 'unknownField'),
      conflict('a valid name and a refused redirect URI', { name: 'Half written', oidcClientMetadata: { redirectUris: ['https://ok.example.com/cb', 'http://evil.example.com/cb'] } }, 'application.invalid_redirect_uri', { mentions: '"http://evil.example.com/cb"' }),
      conflict('a valid name and a fragment redirect URI', { name: 'Half written', oidcClientMetadata: { postLogoutRedirectUris: ['https://ok.example.com/#x'] } }, 'application.invalid_redirect_uri', { mentions: '"https://ok.example.com/#x"' }),
      conflict('a valid name and a refused CORS origin', { name: 'Half written', customClientMetadata: { corsAllowedOrigins: ['*'] } }, 'application.invalid_cors_origin'),
      notFound('unknown id', { id: 'no-such-app' }, 'no-such-app'),
    ],
  },
  { method: 'DELETE', route: '/api/applications/{id}', params: (f) => ({ id: f.app }), cases: [notFound('unknown id', { id: 'no-such-app' }, 'no-such-app')] },
  {
    method: 'POST',
    route: '/api/applications/{id}/secret/rotate',
    params: (f) => ({ id: f.app }),
    valid: { gracePeriodSeconds: 60 },
    cases: [
      invalid('gracePeriodSeconds a string', { gracePeriodSeconds: '60' }, 'gracePeriodSeconds'),
      invalid('gracePeriodSeconds negative', { gracePeriodSeconds: -1 }, 'gracePeriodSeconds'),
      invalid('gracePeriodSeconds fractional', { gracePeriodSeconds: 1.5 }, 'gracePeriodSeconds'),
      invalid('gracePeriodSeconds above 30 days', { gracePeriodSeconds: 30 * 86_400 + 1 }, 'gracePeriodSeconds'),
      invalid('gracePeriodSeconds null', { gracePeriodSeconds: null }, 'gracePeriodSeconds'),
      invalid('gracePeriodSeconds a boolean', { gracePeriodSeconds: true }, 'gracePeriodSeconds'),
      invalid('a misspelled field', { gracePeriod: 60 }, 'gracePeriod'),
      { label: 'a public (SPA) client', params: (f) => ({ id: f.spa }), status: 422, code: 'application.not_confidential' },
      notFound('unknown id', { id: 'no-such-app' }, 'no-such-app'),
    ],
  },
  { method: 'GET', route: '/api/applications/{id}/roles', params: (f) => ({ id: f.m2m }), cases: [notFound('unknown id', { id: 'no-such-app' }, 'no-such-app')] },
  {
    method: 'POST',
    route: '/api/applications/{id}/roles',
    params: (f) => ({ id: f.m2m }),
    valid: (f) => ({ roleIds: [f.otherM2mRole] }),
    cases: [
      ...roleAssignmentCases('User', (f) => f.otherM2mRole),
      conflict('a built-in User role', { roleIds: ['admin'] }, 'role.type_mismatch'),
      { label: 'a role for a Traditional application', params: (f) => ({ id: f.app }), status: 422, code: 'role.type_mismatch' },
      notFound('unknown application', { id: 'no-such-app' }, 'no-such-app'),
    ],
  },
  {
    method: 'DELETE',
    route: '/api/applications/{id}/roles/{roleId}',
    params: (f) => ({ id: f.m2m, roleId: f.m2mRole }),
    cases: [
      notFound('unknown application', (f) => ({ id: 'no-such-app', roleId: f.m2mRole }), (f) => f.m2mRole),
      notFound('unknown role', (f) => ({ id: f.m2m, roleId: 'no-such-role' }), 'no-such-role'),
      notFound('a role the application does not hold', (f) => ({ id: f.m2m, roleId: f.otherM2mRole }), (f) => f.otherM2mRole),
    ],
  },

  // Users
  {
    method: 'GET',
    route: '/api/users',
    cases: [
      ...paginationCases,
      invalidQuery('search of 257 characters', `search=${'s'.repeat(257)}`, 'query.search'),
      invalidQuery('search given twice', 'search=a&search=b', 'query.search'),
      invalidQuery('a misspelled search', 'q=alice', 'q'),
    ],
  },
  {
    method: 'POST',
    route: '/api/users',
    valid: { username: 'valid_new_user' },
    cases: [
      invalid('username a number', { username: 5 }, 'body.username'),
      invalid('username empty', { username: '' }, 'body.username'),
      invalid('username starting with a digit', { username: '1alice' }, 'body.username'),
      invalid('username with a space', { username: 'alice smith' }, 'body.username'),
      invalid('username with a dash', { username: 'alice-smith' }, 'body.username'),
      invalid('username null', { username: null }, 'body.username'),
      invalid('email without @', { primaryEmail: 'not-an-email' }, 'body.primaryEmail'),
      invalid('email a number', { primaryEmail: 5 }, 'body.primaryEmail'),
      invalid('phone of letters', { primaryPhone: 'call me' }, 'body.primaryPhone'),
      invalid('phone too short', { primaryPhone: '123' }, 'body.primaryPhone'),
      invalid('password a number', { password: 12_345_678 }, 'body.password'),
      invalid('password too short', { password: 'short' }, 'body.password'),
      invalid('name a number', { name: 5 }, 'body.name'),
      invalid('avatar javascript:', { avatar: 'javascript:alert(1)' }, 'body.avatar'),
      invalid('avatar ftp:', { avatar: 'ftp://example.com/a.png' }, 'body.avatar'),
      invalid('avatar not a URL', { avatar: 'not a url' }, 'body.avatar'),
      invalid('profile a string', { profile: 'x' }, 'body.profile'),
      invalid('profile field a number', { profile: { gender: 5 } }, 'body.profile.gender'),
      invalid('profile address value a number', { profile: { address: { country: 5 } } }, 'body.profile.address'),
      invalid('customData a string', { customData: 'x' }, 'body.customData'),
      invalid('customData null', { customData: null }, 'body.customData'),
      invalid('customData an array', { customData: [1, 2] }, 'body.customData'),
      invalid('isSuspended on create', { username: 'x_user', isSuspended: true }, 'isSuspended'),
      invalid('a password hash', { username: 'x_user', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g' }, 'passwordHash'),
      invalid('hasPassword', { username: 'x_user', hasPassword: true }, 'hasPassword'),
      invalid('a chosen id', { username: 'x_user', id: 'chosen' }, 'id'),
      invalid('identities', { username: 'x_user', identities: { github: { userId: '1' } } }, 'identities'),
      invalid('an unknown profile field', { profile: { shoeSize: 42 } }, 'shoeSize'),
      invalid('username of 10k characters', { username: `u${long}` }, 'body.username'),
      invalid('name of 10k characters', { name: long }, 'body.name'),
      invalid('password of 10k characters', { password: long }, 'body.password'),
      invalid('email of 10k characters', { primaryEmail: `${long}@example.com` }, 'body.primaryEmail'),
      invalid('avatar of 10k characters', { avatar: `https://example.com/${long}` }, 'body.avatar'),
      invalid('profile nickname of 10k characters', { profile: { nickname: long } }, 'body.profile.nickname'),
      invalid('customData over 64 KiB', { customData: { blob: 'x'.repeat(70_000) } }, 'body.customData'),
      invalid('customData with a 300-character key', { customData: { ['k'.repeat(300)]: 1 } }, 'body.customData'),
      invalid('customData nested 100 levels deep', { customData: nested(100) as Record<string, unknown> }, 'nested'),
      invalid('customData with a 100000-item array', { customData: { items: list(100_000, () => '') } }, 'body.customData'),
      conflict('a username taken in another case', { username: 'TAKEN_NAME' }, 'user.username_already_in_use'),
      conflict('an email taken in another case', { primaryEmail: 'Taken@Example.COM' }, 'user.email_already_in_use'),
      conflict('a phone taken in another format', { primaryPhone: '+1 (415) 555-0199' }, 'user.phone_already_in_use'),
      conflict('a free username with a taken email', { username: 'fresh_name', primaryEmail: 'taken@example.com', password: 'a fine password' }, 'user.email_already_in_use'),
    ],
  },
  { method: 'GET', route: '/api/users/{id}', params: (f) => ({ id: f.user }), cases: [notFound('unknown id', { id: 'no-such-user' }, 'no-such-user')] },
  {
    method: 'PATCH',
    route: '/api/users/{id}',
    params: (f) => ({ id: f.user }),
    valid: { name: 'New name' },
    cases: [
      invalid('name a number', { name: 5 }, 'body.name'),
      invalid('invalid username', { username: '1bad' }, 'body.username'),
      invalid('invalid email', { primaryEmail: 'x' }, 'body.primaryEmail'),
      invalid('invalid avatar', { avatar: 'x' }, 'body.avatar'),
      invalid('profile null', { profile: null }, 'body.profile'),
      invalid('customData null', { customData: null }, 'body.customData'),
      invalid('isSuspended', { isSuspended: true }, 'isSuspended'),
      invalid('a password', { password: 'sneaky password' }, 'password'),
      invalid('hasPassword', { hasPassword: false }, 'hasPassword'),
      invalid('identities', { identities: {} }, 'identities'),
      invalid('a new id', { id: 'other' }, 'id'),
      invalid('createdAt', { createdAt: 0 }, 'createdAt'),
      invalid('name of 10k characters', { name: long }, 'body.name'),
      invalid('a valid name and an invalid username', { name: 'Half written', username: 'has space' }, 'body.username'),
      conflict('a valid name and a taken username', { name: 'Half written', username: 'Taken_Name' }, 'user.username_already_in_use'),
      conflict('a valid name and a taken email', { name: 'Half written', primaryEmail: 'TAKEN@example.com' }, 'user.email_already_in_use'),
      conflict('a valid name and a taken phone', { name: 'Half written', primaryPhone: '14155550199' }, 'user.phone_already_in_use'),
      notFound('unknown id', { id: 'no-such-user' }, 'no-such-user'),
    ],
  },
  {
    method: 'DELETE',
    route: '/api/users/{id}',
    params: (f) => ({ id: f.user }),
    cases: [notFound('unknown id', { id: 'no-such-user' }, 'no-such-user'), { label: 'the last Console admin', params: (f) => ({ id: f.admin }), status: 409, code: 'user.last_admin', mentions: 'fixture_admin is the last Console administrator' }],
  },
  {
    method: 'PATCH',
    route: '/api/users/{id}/password',
    params: (f) => ({ id: f.user }),
    valid: { password: 'a brand new password' },
    cases: [
      invalid('password missing', {}, 'body.password'),
      invalid('password null', { password: null }, 'body.password'),
      invalid('password a number', { password: 12_345_678 }, 'body.password'),
      invalid('password too short', { password: 'short' }, 'body.password'),
      invalid('password of 257 characters', { password: 'p'.repeat(257) }, 'body.password'),
      invalid('an old password too', { password: 'a brand new password', oldPassword: 'x' }, 'oldPassword'),
      notFound('unknown id', { id: 'no-such-user' }, 'no-such-user'),
    ],
  },
  {
    method: 'POST',
    route: '/api/users/{id}/password/verify',
    params: (f) => ({ id: f.user }),
    valid: { password: 'fixture password' },
    cases: [
      invalid('password missing', {}, 'body.password'),
      invalid('password a number', { password: 5 }, 'body.password'),
      invalid('password null', { password: null }, 'body.password'),
      invalid('password of 10k characters', { password: long }, 'body.password'),
      invalid('an unknown field', { password: 'fixture password', username: 'x' }, 'username'),
      conflict('a wrong password', { password: 'wrong password' }, 'session.verification_failed'),
      notFound('unknown id', { id: 'no-such-user' }, 'no-such-user'),
    ],
  },
  {
    method: 'PATCH',
    route: '/api/users/{id}/is-suspended',
    params: (f) => ({ id: f.user }),
    valid: { isSuspended: true },
    cases: [
      invalid('isSuspended missing', {}, 'body.isSuspended'),
      invalid('isSuspended a string', { isSuspended: 'true' }, 'body.isSuspended'),
      invalid('isSuspended a number', { isSuspended: 1 }, 'body.isSuspended'),
      invalid('isSuspended null', { isSuspended: null }, 'body.isSuspended'),
      invalid('a reason too', { isSuspended: true, reason: 'spam' }, 'reason'),
      notFound('unknown id', { id: 'no-such-user' }, 'no-such-user'),
      { label: 'the last Console admin', params: (f) => ({ id: f.admin }), status: 409, code: 'user.last_admin', mentions: 'fixture_admin is the last Console administrator' },
    ],
  },
  {
    method: 'PATCH',
    route: '/api/users/{id}/custom-data',
    params: (f) => ({ id: f.user }),
    valid: { customData: { plan: 'pro' } },
    cases: [
      invalid('customData missing', {}, 'body.customData'),
      invalid('customData a string', { customData: 'x' }, 'body.customData'),
      invalid('customData null', { customData: null }, 'body.customData'),
      invalid('customData a number', { customData: 5 }, 'body.customData'),
      invalid('customData an array', { customData: [] }, 'body.customData'),
      invalid('customData over 64 KiB', { customData: { blob: 'x'.repeat(70_000) } }, 'body.customData'),
      invalid('customData with a 300-character key', { customData: { ['k'.repeat(300)]: 1 } }, 'body.customData'),
      invalid('customData nested 100 levels deep', { customData: nested(100) }, 'nested'),
      invalid('a merge flag', { customData: {}, merge: true }, 'merge'),
      notFound('unknown id', { id: 'no-such-user' }, 'no-such-user'),
    ],
  },
  {
    method: 'PUT',
    route: '/api/users/{id}/identities/{target}',
    params: (f) => ({ id: f.user, target: 'google' }),
    valid: { socialUserId: '42' },
    cases: [
      invalid('socialUserId missing', {}, 'body.socialUserId'),
      invalid('socialUserId a number', { socialUserId: 42 }, 'body.socialUserId'),
      invalid('socialUserId empty', { socialUserId: '' }, 'body.socialUserId'),
      invalid('socialUserId of 10k characters', { socialUserId: long }, 'body.socialUserId'),
      invalid('socialIdentity a string', { socialUserId: '42', socialIdentity: 'x' }, 'body.socialIdentity'),
      invalid('socialIdentity over 64 KiB', { socialUserId: '42', socialIdentity: { blob: 'x'.repeat(70_000) } }, 'body.socialIdentity'),
      { label: 'a target 65 characters long', params: (f) => ({ id: f.user, target: 't'.repeat(65) }), status: 400, code: 'guard.invalid_input', mentions: 'params.target' },
      invalid('an unknown field', { socialUserId: '42', verified: true }, 'verified'),
      notFound('unknown user', { id: 'no-such-user', target: 'google' }, 'no-such-user'),
    ],
  },
  {
    method: 'DELETE',
    route: '/api/users/{id}/identities/{target}',
    params: (f) => ({ id: f.user, target: 'github' }),
    cases: [
      notFound('unknown user', { id: 'no-such-user', target: 'github' }, 'no-such-user'),
      notFound('an identity the user does not have', (f) => ({ id: f.user, target: 'gitlab' }), 'gitlab', 'user.identity_not_found'),
    ],
  },
  { method: 'GET', route: '/api/users/{id}/roles', params: (f) => ({ id: f.user }), cases: [notFound('unknown id', { id: 'no-such-user' }, 'no-such-user')] },
  {
    method: 'POST',
    route: '/api/users/{id}/roles',
    params: (f) => ({ id: f.user }),
    valid: (f) => ({ roleIds: [f.otherUserRole] }),
    cases: [
      ...roleAssignmentCases('MachineToMachine', (f) => f.otherUserRole),
      conflict('the built-in machine-to-machine role', { roleIds: ['management-api-access'] }, 'role.type_mismatch'),
      notFound('unknown user', { id: 'no-such-user' }, 'no-such-user'),
    ],
  },
  {
    method: 'DELETE',
    route: '/api/users/{id}/roles/{roleId}',
    params: (f) => ({ id: f.user, roleId: f.userRole }),
    cases: [
      notFound('unknown user', (f) => ({ id: 'no-such-user', roleId: f.userRole }), (f) => f.userRole),
      notFound('unknown role', (f) => ({ id: f.user, roleId: 'no-such-role' }), 'no-such-role'),
      notFound('a role the user does not hold', (f) => ({ id: f.user, roleId: f.otherUserRole }), (f) => f.otherUserRole),
      { label: 'the admin role of the last Console admin', params: (f) => ({ id: f.admin, roleId: 'admin' }), status: 409, code: 'user.last_admin', mentions: 'fixture_admin is the last Console administrator' },
    ],
  },

  // Roles
  { method: 'GET', route: '/api/roles', cases: [invalidQuery('page on an unpaged list', 'page=1', 'page')] },
  {
    method: 'POST',
    route: '/api/roles',
    valid: { name: 'Valid new role' },
    cases: [
      invalid('name missing', {}, 'body.name'),
      invalid('name a number', { name: 5 }, 'body.name'),
      invalid('name blank', { name: '   ' }, 'body.name'),
      invalid('unknown type', { name: 'x', type: 'Admin' }, 'body.type'),
      invalid('unknown scope', { name: 'x', managementScopes: ['read'] }, 'body.managementScopes'),
      invalid('scopes a string', { name: 'x', managementScopes: 'all' }, 'body.managementScopes'),
      invalid('scopes of numbers', { name: 'x', managementScopes: [1] }, 'body.managementScopes'),
      invalid('11 scopes', { name: 'x', managementScopes: list(11, () => 'all') }, 'body.managementScopes'),
      invalid('description null', { name: 'x', description: null }, 'body.description'),
      invalid('description a number', { name: 'x', description: 5 }, 'body.description'),
      invalid('isBuiltIn', { name: 'x', isBuiltIn: true }, 'isBuiltIn'),
      invalid('a chosen id', { name: 'x', id: 'chosen' }, 'id'),
      invalid('name of 10k characters', { name: long }, 'body.name'),
      invalid('description of 10k characters', { name: 'x', description: long }, 'body.description'),
      conflict('the name of a built-in role in another case', { name: 'ADMIN' }, 'role.name_in_use'),
      conflict('the name of a custom role in another case', (f) => ({ name: f.userRoleName.toUpperCase() }), 'role.name_in_use'),
    ],
  },
  {
    method: 'DELETE',
    route: '/api/roles/{id}',
    params: (f) => ({ id: f.userRole }),
    cases: [
      notFound('unknown id', { id: 'no-such-role' }, 'no-such-role'),
      { label: 'the built-in admin role', params: { id: 'admin' }, status: 422, code: 'role.cannot_delete_built_in' },
      { label: 'the built-in management-api-access role', params: { id: 'management-api-access' }, status: 422, code: 'role.cannot_delete_built_in' },
    ],
  },

  // OIDC signing keys
  { method: 'GET', route: '/api/configs/oidc/private-keys', cases: [invalidQuery('includePrivate', 'includePrivate=true', 'includePrivate')] },
  {
    method: 'POST',
    route: '/api/configs/oidc/private-keys/rotate',
    valid: { retainSeconds: 86_400 },
    cases: [
      invalid('algorithms empty', { algorithms: [] }, 'body.algorithms'),
      invalid('an unsupported algorithm', { algorithms: ['HS256'] }, 'body.algorithms'),
      invalid('algorithms a string', { algorithms: 'ES384' }, 'body.algorithms'),
      invalid('algorithms of numbers', { algorithms: [1] }, 'body.algorithms'),
      invalid('4 algorithms', { algorithms: ['ES384', 'RS256', 'ES256', 'ES384'] }, 'body.algorithms'),
      invalid('retainSeconds negative', { retainSeconds: -1 }, 'body.retainSeconds'),
      invalid('retainSeconds a string', { retainSeconds: '60' }, 'body.retainSeconds'),
      invalid('retainSeconds over a year', { retainSeconds: 1e10 }, 'body.retainSeconds'),
      invalid('retainSeconds fractional', { retainSeconds: 1.5 }, 'body.retainSeconds'),
      invalid('a misspelled field', { retain: 60 }, 'retain'),
    ],
  },
  {
    method: 'DELETE',
    route: '/api/configs/oidc/private-keys/{id}',
    params: (f) => ({ id: f.activeKey }),
    cases: [
      notFound('unknown id', { id: 'no-such-key' }, 'no-such-key', 'oidc.key_not_found'),
      { label: 'an active key', status: 422, code: 'oidc.cannot_delete_active_key' },
    ],
  },

  // Connectors
  { method: 'GET', route: '/api/connector-factories', cases: [] },
  {
    method: 'GET',
    route: '/api/connector-factories/{id}',
    params: () => ({ id: 'aliyun-direct-mail' }),
    cases: [notFound('unknown factory', { id: 'no-such-factory' }, 'no-such-factory', 'connector.factory_not_found')],
  },
  { method: 'GET', route: '/api/connectors', cases: [invalidQuery('a page on an unpaged list', 'page=1', 'page')] },
  {
    method: 'POST',
    route: '/api/connectors',
    valid: { connectorId: 'dev-outbox-sms' },
    cases: [
      invalid('nothing', {}, 'body.connectorId'),
      invalid('connectorId a number', { connectorId: 1 }, 'body.connectorId'),
      invalid('config a string', { connectorId: 'dev-outbox-sms', config: 'x' }, 'body.config'),
      invalid('config an array', { connectorId: 'dev-outbox-sms', config: [] }, 'body.config'),
      invalid('an id with capitals', { connectorId: 'dev-outbox-sms', id: 'MyId' }, 'body.id'),
      invalid('syncProfile a string', { connectorId: 'dev-outbox-sms', syncProfile: 'yes' }, 'body.syncProfile'),
      invalid('metadata name without en', { connectorId: 'dev-outbox-sms', metadata: { name: { fr: 'x' } } }, 'body.metadata.name.en'),
      invalid('an unknown metadata field', { connectorId: 'dev-outbox-sms', metadata: { color: 'red' } }, 'color'),
      invalid('a target for a connector that has its own', { connectorId: 'dev-outbox-sms', metadata: { target: 'other' } }, 'body.metadata.target'),
      { label: 'an unknown factory', body: { connectorId: 'no-such-factory' }, status: 404, code: 'connector.factory_not_found', mentions: 'no-such-factory' },
      { label: 'a config missing required templates', body: { connectorId: 'dev-outbox-sms', config: { templates: [{ usageType: 'SignIn', content: '{{code}}' }] } }, status: 400, code: 'connector.invalid_config', mentions: 'missing: Register, ForgotPassword, Generic' },
      { label: 'a config with an unknown usage type', body: { connectorId: 'dev-outbox-sms', config: { templates: [{ usageType: 'Hello', content: 'x' }] } }, status: 400, code: 'connector.invalid_config', mentions: 'templates.0.usageType' },
      conflict('a second email connector', { connectorId: 'dev-outbox-email' }, 'connector.multiple_instances_not_supported'),
      conflict('an id in use', (f) => ({ connectorId: 'dev-outbox-sms', id: f.connector }), 'connector.id_already_exists'),
    ],
  },
  {
    method: 'GET',
    route: '/api/connectors/{id}',
    params: (f) => ({ id: f.connector }),
    cases: [notFound('unknown id', { id: 'no-such-connector' }, 'no-such-connector')],
  },
  {
    method: 'PATCH',
    route: '/api/connectors/{id}',
    params: (f) => ({ id: f.connector }),
    valid: { syncProfile: true },
    cases: [
      notFound('unknown id', { id: 'no-such-connector' }, 'no-such-connector'),
      invalid('connectorId (cannot change)', { connectorId: 'dev-outbox-sms' }, 'connectorId'),
      invalid('config null', { config: null }, 'body.config'),
      { label: 'a config missing required templates', body: { config: { templates: [] } }, status: 400, code: 'connector.invalid_config', mentions: 'templates' },
    ],
  },
  {
    method: 'DELETE',
    route: '/api/connectors/{id}',
    params: (f) => ({ id: f.connector }),
    cases: [notFound('unknown id', { id: 'no-such-connector' }, 'no-such-connector')],
  },
  {
    method: 'POST',
    route: '/api/connectors/{factoryId}/test',
    params: () => ({ factoryId: 'dev-outbox-email' }),
    valid: { email: 'test@example.com', config: {} },
    cases: [
      invalid('no address', { config: {} }, 'email'),
      invalid('both addresses', { email: 'test@example.com', phone: '+14155550100', config: {} }, 'email'),
      invalid('config missing', { email: 'test@example.com' }, 'body.config'),
      invalid('an invalid email', { email: 'not-an-email', config: {} }, 'body.email'),
      invalid('a phone for an email connector', { phone: '+14155550100', config: {} }, 'body.email'),
      { label: 'an unknown factory', params: { factoryId: 'no-such-factory' }, status: 404, code: 'connector.factory_not_found', mentions: 'no-such-factory' },
      { label: 'an invalid config', body: { email: 'test@example.com', config: { templates: 'x' } }, status: 400, code: 'connector.invalid_config', mentions: 'templates' },
    ],
  },
  { method: 'GET', route: '/api/dev-outbox/messages', cases: [...paginationCases, invalidQuery('an unknown channel', 'channel=Fax', 'query.channel')] },
  { method: 'DELETE', route: '/api/dev-outbox/messages', cases: [] },

  // Sign-in experience
  { method: 'GET', route: '/api/sign-in-exp', cases: [] },
  {
    method: 'PATCH',
    route: '/api/sign-in-exp',
    valid: { signInMode: 'SignInAndRegister' },
    cases: [
      invalid('an unknown sign-in mode', { signInMode: 'All' }, 'body.signInMode'),
      invalid('a color that is not hex', { color: { primaryColor: 'blue', isDarkModeEnabled: false, darkPrimaryColor: '#000000' } }, 'primaryColor'),
      invalid('a javascript: terms URL', { termsOfUseUrl: 'javascript:alert(1)' }, 'termsOfUseUrl'),
      invalid('an unknown identifier', { signUp: { identifiers: ['nickname'], password: true, verify: false } }, 'identifiers'),
      invalid('methods a string', { signIn: { methods: 'username' } }, 'methods'),
      invalid('a password policy of 4 characters', { passwordPolicy: { length: { min: 4, max: 64 }, characterTypes: { required: 1 }, rejects: { pwned: true, repetitionAndSequence: true, userInfo: true, words: [] } } }, 'min'),
      conflict('username sign-up without a password', { signUp: { identifiers: ['username'], password: false, verify: false } }, 'sign_in_experience.password_required'),
      conflict('a social target with no connector', { socialSignInConnectorTargets: ['nowhere'] }, 'sign_in_experience.unknown_social_target', { mentions: 'nowhere' }),
    ],
  },
  // Users of a role, Console admins
  {
    method: 'GET',
    route: '/api/roles/{id}/users',
    params: (f) => ({ id: f.userRole }),
    cases: [...paginationCases, notFound('unknown role', { id: 'no-such-role' }, 'no-such-role')],
  },
  {
    method: 'POST',
    route: '/api/roles/{id}/users',
    params: (f) => ({ id: f.otherUserRole }),
    valid: (f) => ({ userIds: [f.user] }),
    cases: [
      invalid('userIds missing', {}, 'body.userIds'),
      invalid('userIds empty', { userIds: [] }, 'body.userIds'),
      invalid('userIds a string', { userIds: 'someone' }, 'body.userIds'),
      invalid('userIds of numbers', { userIds: [1] }, 'body.userIds'),
      invalid('userIds with an invalid id', { userIds: ['not a valid id!'] }, 'body.userIds'),
      invalid('101 userIds', { userIds: list(101, (index) => `user-${index}`) }, 'body.userIds'),
      { label: 'one unknown user among valid ones', body: (f) => ({ userIds: [f.user, 'no-such-user'] }), status: 404, code: 'entity.not_found', mentions: 'no-such-user' },
      notFound('unknown role', { id: 'no-such-role' }, 'no-such-role'),
      { label: 'a machine-to-machine role', params: { id: 'management-api-access' }, status: 422, code: 'role.type_mismatch' },
    ],
  },
  {
    method: 'DELETE',
    route: '/api/roles/{id}/users/{userId}',
    params: (f) => ({ id: f.userRole, userId: f.user }),
    cases: [
      notFound('unknown role', (f) => ({ id: 'no-such-role', userId: f.user }), 'no-such-role'),
      notFound('unknown user', (f) => ({ id: f.userRole, userId: 'no-such-user' }), (f) => f.userRole),
      notFound('a user without the role', (f) => ({ id: f.otherUserRole, userId: f.user }), (f) => f.otherUserRole),
      { label: 'the last Console admin', params: (f) => ({ id: 'admin', userId: f.admin }), status: 409, code: 'user.last_admin', mentions: 'fixture_admin is the last Console administrator' },
    ],
  },

  // Sign-in history
  {
    method: 'GET',
    route: '/api/logs',
    cases: [
      ...paginationCases,
      invalidQuery('an unknown key', 'key=Interaction.Hack', 'query.key'),
      invalidQuery('an invalid userId', 'userId=not%20an%20id', 'query.userId'),
      invalidQuery('an oversized applicationId', `applicationId=${'a'.repeat(300)}`, 'query.applicationId'),
      invalidQuery('userId given twice', 'userId=a&userId=b', 'query.userId'),
    ],
  },
  { method: 'GET', route: '/api/logs/{id}', params: () => ({ id: 'no-such-log' }), cases: [notFound('unknown id', { id: 'no-such-log-either' }, 'no-such-log-either')] },

  // Dashboard
  { method: 'GET', route: '/api/dashboard/users/total', cases: [] },
  { method: 'GET', route: '/api/dashboard/users/new', cases: [] },
  {
    method: 'GET',
    route: '/api/dashboard/activity',
    cases: [
      invalidQuery('days=14', 'days=14', 'query.days'),
      invalidQuery('days=0', 'days=0', 'query.days'),
      invalidQuery('days=abc', 'days=abc', 'query.days'),
      invalidQuery('days=7.5', 'days=7.5', 'query.days'),
      invalidQuery('days given twice', 'days=7&days=30', 'query.days'),
    ],
  },

  // First-run Console setup (public; closed here, since an admin exists)
  { method: 'GET', route: '/api/console/setup', cases: [] },
  {
    method: 'POST',
    route: '/api/console/setup',
    valid: { username: 'first_admin', password: 'Quiet-Lantern-Orbit-42' },
    cases: [
      invalid('username missing', { password: 'Quiet-Lantern-Orbit-42' }, 'body.username'),
      invalid('password missing', { username: 'first_admin' }, 'body.password'),
      invalid('a username with a space', { username: 'first admin', password: 'Quiet-Lantern-Orbit-42' }, 'body.username'),
      invalid('a short password', { username: 'first_admin', password: 'short' }, 'body.password'),
      invalid('an invalid email', { username: 'first_admin', password: 'Quiet-Lantern-Orbit-42', primaryEmail: 'nope' }, 'body.primaryEmail'),
      invalid('a role list', { username: 'first_admin', password: 'Quiet-Lantern-Orbit-42', roleIds: ['admin'] }, 'roleIds'),
      { label: 'an admin already exists', status: 409, code: 'console.admin_already_exists' },
    ],
  },
];

/** Invalid values for any path parameter, already URL-encoded. */
const pathVariants: [string, string][] = [
  ['NUL', '%00'],
  ['300 characters', 'a'.repeat(300)],
  ['broken percent-encoding', '%E0%A4%A'],
  ['a space', 'bad%20id'],
  ['an encoded path traversal', '..%2F..%2Fetc'],
  ['a lone surrogate', '%ED%A0%80'],
];

/** Cases every endpoint gets, derived from its shape. */
function genericCases(endpoint: Endpoint): Case[] {
  const cases: Case[] = [
    invalidQuery('an unknown query parameter', 'unknownParam=1', 'unknownParam'),
    invalidQuery('a NUL character in the query', 'unknownParam=%00', 'query.unknownParam'),
  ];
  for (const name of [...endpoint.route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)) {
    for (const [label, raw] of pathVariants) {
      cases.push({
        label: `${name} with ${label}`,
        params: (f) => ({ ...endpoint.params!(f), [name]: raw }),
        status: 400,
        code: 'guard.invalid_input',
        mentions: `params.${name}`,
      });
    }
  }
  const writes = endpoint.method !== 'GET';
  if (endpoint.valid !== undefined) {
    cases.push(
      { label: 'malformed JSON', raw: { text: '{"name":', contentType: 'application/json' }, status: 400, code: 'guard.invalid_json' },
      { label: 'JSON with a trailing comma', raw: { text: '{"a":1,}', contentType: 'application/json' }, status: 400, code: 'guard.invalid_json' },
      { label: 'JSON null', raw: { text: 'null', contentType: 'application/json' }, status: 400, code: 'guard.invalid_json' },
      { label: 'a JSON string', raw: { text: '"text"', contentType: 'application/json' }, status: 400, code: 'guard.invalid_json' },
      { label: 'a JSON array', raw: { text: '[]', contentType: 'application/json' }, status: 400, code: 'guard.invalid_input' },
      { label: 'a __proto__ key', raw: { text: '{"__proto__":{"isAdmin":true}}', contentType: 'application/json' }, status: 400, code: 'guard.invalid_json' },
      {
        label: 'valid JSON sent as text/plain',
        raw: { text: '{}', contentType: 'text/plain' },
        status: 415,
        code: 'guard.unsupported_media_type',
      },
      { label: 'a form body', raw: { text: 'name=x', contentType: 'application/x-www-form-urlencoded' }, status: 415, code: 'guard.unsupported_media_type' },
      { label: 'a multipart body', raw: { text: '--b\r\n\r\nx\r\n--b--', contentType: 'multipart/form-data; boundary=b' }, status: 415, code: 'guard.unsupported_media_type' },
      {
        label: 'a body that is not the gzip its Content-Encoding says',
        raw: { text: '{"name":"x"}', contentType: 'application/json', headers: { 'content-encoding': 'gzip' } },
        status: 400,
        code: 'guard.invalid_input',
        mentions: 'decompress',
      },
      {
        label: 'an unknown Content-Encoding',
        raw: { text: '{}', contentType: 'application/json', headers: { 'content-encoding': 'x-unknown' } },
        status: 415,
        code: 'guard.unsupported_media_type',
      },
      { label: 'JSON over 1 MB', body: (f) => ({ ...resolve(endpoint.valid!, f), padding: 'x'.repeat(1_100_000) }), status: 413, code: 'guard.payload_too_large' },
      invalid('an unknown field next to valid ones', (f) => ({ ...resolve(endpoint.valid!, f), unknownField: true }), 'unknownField'),
      invalid('a NUL character in a key', (f) => ({ ...resolve(endpoint.valid!, f), 'bad\u0000key': 1 }), 'NUL'),
      invalid('a NUL character in every string', (f) => withNul(resolve(endpoint.valid!, f)), 'NUL'),
      invalid('a lone surrogate in a value', (f) => ({ ...resolve(endpoint.valid!, f), extra: '\ud800' }), 'surrogate'),
    );
  } else if (writes) {
    cases.push({ label: 'a text/plain body', raw: { text: 'please', contentType: 'text/plain' }, status: 415, code: 'guard.unsupported_media_type' });
  }
  return cases;
}

/** The same value with U+0000 appended to every string in it (values with no strings get one in a new field). */
function withNul(value: Body): Body {
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return `${node}\u0000`;
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, visit(item)]));
    return node;
  };
  const result = visit(value);
  return JSON.stringify(result).includes('\\u0000') ? (result as Body) : { ...(result as object), note: '\u0000' };
}

const table = endpoints.flatMap((endpoint) =>
  [...genericCases(endpoint), ...endpoint.cases].map((entry) => ({ name: `${endpoint.method} ${endpoint.route} — ${entry.label}`, endpoint, entry })),
);

describe.each(databaseKinds)('Management API bad input on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let fixtures: Fixtures;
  let baseline: Record<string, string>;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    const api = apiClient(instance.url, token);
    const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await api<T>(method, path, body);
      if (response.status >= 300) throw new Error(`fixture ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const app = await ok<Application>('POST', '/api/applications', { name: 'Fixture web app', type: 'Traditional', oidcClientMetadata: { redirectUris: ['https://app.example.com/cb'] } });
    const spa = await ok<Application>('POST', '/api/applications', { name: 'Fixture SPA', type: 'SPA' });
    const m2m = await ok<Application>('POST', '/api/applications', { name: 'Fixture robot', type: 'MachineToMachine' });
    const userRole = await ok<Role>('POST', '/api/roles', { name: 'Fixture user role' });
    const otherUserRole = await ok<Role>('POST', '/api/roles', { name: 'Other user role' });
    const m2mRole = await ok<Role>('POST', '/api/roles', { name: 'Fixture robot role', type: 'MachineToMachine' });
    const otherM2mRole = await ok<Role>('POST', '/api/roles', { name: 'Other robot role', type: 'MachineToMachine' });
    await ok('POST', `/api/applications/${m2m.id}/roles`, { roleIds: [m2mRole.id] });
    const user = await ok<User>('POST', '/api/users', { username: 'fixture_user', primaryEmail: 'fixture@example.com', password: 'fixture password', name: 'Fixture' });
    await ok('POST', `/api/users/${user.id}/roles`, { roleIds: [userRole.id] });
    await ok('PUT', `/api/users/${user.id}/identities/github`, { socialUserId: '1001' });
    await ok('POST', '/api/users', { username: 'taken_name', primaryEmail: 'taken@example.com', primaryPhone: '+1 415 555 0199' });
    const keys = await ok<{ id: string; status: string }[]>('GET', '/api/configs/oidc/private-keys');
    const connector = await ok<{ id: string }>('POST', '/api/connectors', { connectorId: 'dev-outbox-email', id: 'fixture-mail' });
    const admin = await ok<User>('POST', '/api/users', { username: 'fixture_admin', password: 'fixture admin password' });
    await ok('POST', '/api/roles/admin/users', { userIds: [admin.id] });
    fixtures = {
      app: app.id,
      spa: spa.id,
      m2m: m2m.id,
      user: user.id,
      userRole: userRole.id,
      otherUserRole: otherUserRole.id,
      userRoleName: userRole.name,
      m2mRole: m2mRole.id,
      otherM2mRole: otherM2mRole.id,
      activeKey: keys.find((key) => key.status === 'active')!.id,
      connector: connector.id,
      admin: admin.id,
    };
    baseline = await databaseFingerprint(instance);
  });
  afterAll(() => instance.close());

  it('has a row for every Management API operation in the OpenAPI document', async () => {
    const doc = (await send<{ paths: Record<string, Record<string, unknown>> }>(instance.url, { method: 'GET', path: '/api/openapi.json' })).json;
    const documented = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/api/experience'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(endpoints.map((endpoint) => `${endpoint.method} ${endpoint.route}`).toSorted()).toEqual(documented.toSorted());
  });

  it.each(table.map((row) => [row.name, row] as const))('%s', async (_name, { endpoint, entry }) => {
    const params = { ...endpoint.params?.(fixtures), ...(entry.params && resolve(entry.params, fixtures)) };
    const path = endpoint.route.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!) + (entry.query ? `?${entry.query}` : '');
    const body = entry.raw ? entry.raw.text : resolve(entry.body ?? endpoint.valid, fixtures);
    const response = await send(instance.url, {
      method: endpoint.method,
      path,
      token,
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(entry.raw && { contentType: entry.raw.contentType, headers: entry.raw.headers ?? {} }),
    });
    // Read before asserting, so that one failing case does not make every later case fail too.
    const before = baseline;
    baseline = await databaseFingerprint(instance);

    expectApiError(response, entry.status, entry.code);
    if (entry.mentions !== undefined) {
      expect((response.json as { message: string }).message).toContain(resolve(entry.mentions, fixtures));
    }
    // Nothing half-written: every row of every table is as it was.
    expect(baseline).toEqual(before);
  });
});
