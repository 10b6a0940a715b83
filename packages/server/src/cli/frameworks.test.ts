// The per-framework table in @signet/schemas that `signet create-app` and the Console's integration
// guide share: redirect URIs Signet accepts for the app type, env lines that parse, secrets only for
// confidential apps, and the Auth.js lines exactly as the guides (and the example app) read them.
import { describe, expect, it } from 'vitest';
import { defaultRedirectUris, envLinesFor, frameworkById, frameworkIds, frameworks, redirectUriProblem } from '@signet/schemas';

const input = { issuer: 'http://localhost:3001/oidc', appId: 'app-id-123', appSecret: 'app-secret-456', redirectUri: 'http://localhost:3000/api/auth/callback/logto' };

describe('frameworks', () => {
  it('lists each framework id once, in the order of frameworkIds', () => {
    expect(frameworks.map((framework) => framework.id)).toEqual([...frameworkIds]);
    expect(frameworkById('authjs')?.name).toBe('Auth.js (Next Auth)');
    expect(frameworkById('nope')).toBeUndefined();
  });

  it.each(frameworks.map((framework) => [framework.id, framework] as const))('%s: its default redirect URIs are ones Signet accepts for its app type', (_id, framework) => {
    const { redirectUri, postSignOutRedirectUri } = defaultRedirectUris(framework);
    expect(redirectUri).toBeDefined();
    expect(redirectUriProblem(redirectUri!, framework.type)).toBeUndefined();
    expect(redirectUriProblem(postSignOutRedirectUri!, framework.type)).toBeUndefined();
  });

  it.each(frameworks.flatMap((framework) => (framework.variants ?? [{ id: undefined }]).map((variant) => [`${framework.id}${variant.id ? `-${variant.id}` : ''}`, framework, variant.id] as const)))(
    '%s: env lines are KEY=value (or comments), name the app, and carry the secret only for confidential apps',
    (_name, framework, variant) => {
      const lines = envLinesFor(framework, { ...input, redirectUri: defaultRedirectUris(framework).redirectUri }, variant);
      for (const line of lines) expect(line).toMatch(/^(#.*|[A-Za-z_][A-Za-z0-9_]*=[^\n]*)$/);
      expect(lines.some((line) => line.endsWith(`=${input.appId}`))).toBe(true);
      const keys = lines.filter((line) => !line.startsWith('#')).map((line) => line.slice(0, line.indexOf('=')));
      expect(new Set(keys).size).toBe(keys.length);
      // An SPA's or native app's env ends up in code users can read: never a secret there.
      expect(lines.some((line) => line.includes(input.appSecret))).toBe(framework.type === 'Traditional');
    },
  );

  it('Auth.js v5: the variables next-auth/providers/logto reads, and the session secret when given', () => {
    expect(envLinesFor('authjs', { ...input, sessionSecret: 'cookie-key' })).toEqual([
      'AUTH_LOGTO_ISSUER=http://localhost:3001/oidc',
      'AUTH_LOGTO_ID=app-id-123',
      'AUTH_LOGTO_SECRET=app-secret-456',
      'AUTH_SECRET=cookie-key',
      'AUTH_URL=http://localhost:3000',
    ]);
    // An unknown variant is the default one (v5).
    expect(envLinesFor('authjs', input, 'v9')).toEqual(envLinesFor('authjs', input, 'v5'));
  });

  it('Next Auth v4: the discovery URL for wellKnown, NEXTAUTH_*; how to make the secret when none is given', () => {
    expect(envLinesFor('authjs', { ...input, issuer: 'http://localhost:3001/oidc/' }, 'v4')).toEqual([
      'AUTH_LOGTO_WELL_KNOWN=http://localhost:3001/oidc/.well-known/openid-configuration',
      'AUTH_LOGTO_ID=app-id-123',
      'AUTH_LOGTO_SECRET=app-secret-456',
      'NEXTAUTH_URL=http://localhost:3000',
      '# NEXTAUTH_SECRET=  (generate one: npx auth secret, or openssl rand -base64 32)',
    ]);
  });

  it('the Auth.js redirect URI is the guides\' one, on any base URL', () => {
    const authjs = frameworkById('authjs')!;
    expect(authjs.type).toBe('Traditional');
    expect(defaultRedirectUris(authjs)).toEqual({ redirectUri: 'http://localhost:3000/api/auth/callback/logto', postSignOutRedirectUri: 'http://localhost:3000/' });
    expect(defaultRedirectUris(authjs, 'https://shop.example.com/').redirectUri).toBe('https://shop.example.com/api/auth/callback/logto');
    expect(defaultRedirectUris(frameworkById('ios-swift')!).redirectUri).toBe('io.signet.example://callback');
  });

  it('refuses an unknown framework', () => {
    expect(() => envLinesFor('cobol' as never, input)).toThrow('unknown framework "cobol"');
  });
});
