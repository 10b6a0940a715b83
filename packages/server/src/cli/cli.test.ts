// `signet create-app` against a real Signet (PGlite, in-process): the application it creates, the env
// lines it prints, and its errors (bad flags, unreachable server, refused credentials, refused redirect
// URI). One run through `npm run signet`'s script checks the wiring and the exit codes of the process.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '@signet/schemas';
import { apiClient, managementToken, startTestSignet, testAdminClient, type TestSignet } from '../../test/support/test-signet.ts';
import { runCli } from './run.ts';

type Api = ReturnType<typeof apiClient>;

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, env, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** `KEY=value` lines → object (comment lines skipped). */
const envOf = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('signet create-app', () => {
  let instance: TestSignet;
  let api: Api;
  let credentials: Record<string, string>;

  beforeAll(async () => {
    instance = await startTestSignet({ kind: 'pglite' });
    api = apiClient(instance.url, await managementToken(instance.url));
    credentials = { SIGNET_ENDPOINT: instance.url, SIGNET_ADMIN_CLIENT_ID: testAdminClient.id, SIGNET_ADMIN_CLIENT_SECRET: testAdminClient.secret };
  });
  afterAll(() => instance?.close());

  async function application(id: string): Promise<Application> {
    const found = await api<Application>('GET', `/api/applications/${id}?includeSecret=true`);
    expect(found.status).toBe(200);
    return found.body;
  }

  it('creates an Auth.js v5 app with the guide redirect URI and prints AUTH_LOGTO_* and AUTH_SECRET', async () => {
    const run = await cli(['create-app', '--framework', 'authjs-v5', '--name', 'Bookstore'], credentials);
    expect(run.code, run.stderr).toBe(0);
    const env = envOf(run.stdout);
    expect(Object.keys(env)).toEqual(['AUTH_LOGTO_ISSUER', 'AUTH_LOGTO_ID', 'AUTH_LOGTO_SECRET', 'AUTH_SECRET', 'AUTH_URL']);
    expect(env.AUTH_LOGTO_ISSUER).toBe(`${instance.url}/oidc`);
    expect(env.AUTH_URL).toBe('http://localhost:3000');
    expect(Buffer.from(env.AUTH_SECRET!, 'base64')).toHaveLength(32);

    const created = await application(env.AUTH_LOGTO_ID!);
    expect(created).toMatchObject({
      name: 'Bookstore',
      type: 'Traditional',
      secret: env.AUTH_LOGTO_SECRET,
      oidcClientMetadata: { redirectUris: ['http://localhost:3000/api/auth/callback/logto'], postLogoutRedirectUris: ['http://localhost:3000/'], idTokenSignedResponseAlg: 'ES384' },
    });
    // The summary (not meant for pasting) goes to stderr, so `… > .env.local` captures only the env lines.
    expect(run.stderr).toContain(`App ID:         ${created.id}`);
    expect(run.stderr).toContain('Redirect URI:   http://localhost:3000/api/auth/callback/logto');
    expect(run.stdout).not.toContain('App ID');

    // The printed credentials are the app's: Signet accepts them at the token endpoint (an unknown
    // grant for this app, but a known client: not invalid_client).
    const token = await fetch(`${env.AUTH_LOGTO_ISSUER}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${env.AUTH_LOGTO_ID}:${env.AUTH_LOGTO_SECRET}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-real-one' }),
    });
    expect(((await token.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('creates a Next Auth v4 app on another base URL and prints the discovery URL and NEXTAUTH_*', async () => {
    const run = await cli(['create-app', '--framework', 'authjs-v4', '--name', 'Shop', '--base-url', 'http://localhost:4000', '--no-session-secret'], credentials);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# NEXTAUTH_SECRET=  (generate one:');
    const env = envOf(run.stdout);
    expect(env).toMatchObject({ AUTH_LOGTO_WELL_KNOWN: `${instance.url}/oidc/.well-known/openid-configuration`, NEXTAUTH_URL: 'http://localhost:4000' });
    expect(Object.keys(env)).toEqual(['AUTH_LOGTO_WELL_KNOWN', 'AUTH_LOGTO_ID', 'AUTH_LOGTO_SECRET', 'NEXTAUTH_URL']);
    const discovery = (await (await fetch(env.AUTH_LOGTO_WELL_KNOWN!)).json()) as { id_token_signing_alg_values_supported: string[] };
    expect(discovery.id_token_signing_alg_values_supported).toContain('ES384');
    expect((await application(env.AUTH_LOGTO_ID!)).oidcClientMetadata.redirectUris).toEqual(['http://localhost:4000/api/auth/callback/logto']);
  });

  it('prints JSON for scripts, with the redirect URIs given (plain OIDC)', async () => {
    const run = await cli(
      ['create-app', '--framework', 'oidc', '--name', 'Tool', '--redirect-uri', 'http://localhost:8080/cb', '--redirect-uri', 'http://127.0.0.1:8080/cb', '--post-sign-out-uri', 'http://localhost:8080/bye', '--json'],
      credentials,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { application: { id: string }; issuer: string; env: string[] };
    expect(out).toMatchObject({ framework: 'oidc', variant: null, issuer: `${instance.url}/oidc`, application: { name: 'Tool', type: 'Traditional' } });
    const created = await application(out.application.id);
    expect(created.oidcClientMetadata).toMatchObject({ redirectUris: ['http://localhost:8080/cb', 'http://127.0.0.1:8080/cb'], postLogoutRedirectUris: ['http://localhost:8080/bye'] });
    expect(out.env).toContain(`OIDC_CLIENT_SECRET=${created.secret}`);
    expect(out.env).toContain(`OIDC_DISCOVERY_URL=${instance.url}/oidc/.well-known/openid-configuration`);
  });

  it('creates a public app for a single-page framework: no secret printed', async () => {
    const run = await cli(['create-app', '--framework', 'react', '--name', 'Dashboard'], credentials);
    expect(run.code, run.stderr).toBe(0);
    const env = envOf(run.stdout);
    expect(Object.keys(env)).toEqual(['VITE_OIDC_ISSUER', 'VITE_OIDC_CLIENT_ID', 'VITE_OIDC_REDIRECT_URI', 'VITE_OIDC_SCOPES']);
    expect((await application(env.VITE_OIDC_CLIENT_ID!)).type).toBe('SPA');
    expect(env.VITE_OIDC_REDIRECT_URI).toBe('http://localhost:5173/callback');
  });

  it('refuses bad flags with exit code 2 and says what is wrong, creating nothing', async () => {
    const before = Number((await api('GET', '/api/applications?page_size=1')).headers.get('total-number'));
    const cases: [string[], RegExp][] = [
      [['create-app', '--name', 'x'], /--framework is required/],
      [['create-app', '--framework', 'authjs-v5'], /--name is required/],
      [['create-app', '--framework', 'authjs-v6', '--name', 'x'], /unknown framework "authjs-v6"; one of: authjs, authjs-v5, authjs-v4, nextjs/],
      [['create-app', '--framework', 'authjs', '--name', 'x', '--colour', 'red'], /Unknown option '--colour'/],
      [['create-app', '--framework', 'authjs', '--name', 'x', '--base-url', 'localhost:3000'], /--base-url must be an http\(s\) URL/],
      [['create-app', '--framework', 'authjs', '--name', 'x', '--endpoint', 'ftp://signet'], /--endpoint must be an http\(s\) URL/],
      [['deploy'], /unknown command "deploy"/],
      [[], /no command given/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv, credentials);
      expect({ argv, code: run.code }).toEqual({ argv, code: 2 });
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
    const noCredentials = await cli(['create-app', '--framework', 'authjs', '--name', 'x'], { SIGNET_ENDPOINT: instance.url });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toContain('--client-id is required (or set SIGNET_ADMIN_CLIENT_ID)');
    expect(Number((await api('GET', '/api/applications?page_size=1')).headers.get('total-number'))).toBe(before);
  });

  it('says so when Signet cannot be reached (exit 1)', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const run = await cli(['create-app', '--framework', 'authjs', '--name', 'x'], { ...credentials, SIGNET_ENDPOINT: endpoint });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`signet: cannot reach Signet at ${endpoint} (ECONNREFUSED). Is it running? Set --endpoint or SIGNET_ENDPOINT.\n`);
  });

  it('says so when the Management API client is refused (401, exit 1), without echoing the secret', async () => {
    const secret = 'wrong-secret-0123456789-abcdef';
    const run = await cli(['create-app', '--framework', 'authjs', '--name', 'x', '--client-secret', secret], credentials);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^signet: Signet refused the Management API token \(HTTP 401, invalid_client/);
    expect(run.stderr).toContain('Check SIGNET_ADMIN_CLIENT_ID / SIGNET_ADMIN_CLIENT_SECRET');
    expect(run.stderr).not.toContain(secret);
  });

  it("passes on Signet's refusal of a redirect URI (exit 1)", async () => {
    const run = await cli(['create-app', '--framework', 'authjs', '--name', 'x', '--redirect-uri', 'http://shop.example.com/api/auth/callback/logto'], credentials);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^signet: POST \/api\/applications failed \(HTTP 422, application\.invalid_redirect_uri: /);
  });

  it('runs as `npm run signet -- create-app …` (scripts/signet.mjs): env lines on stdout, exit codes', { timeout: 60_000 }, async () => {
    const script = fileURLToPath(new URL('../../../../scripts/signet.mjs', import.meta.url));
    const run = promisify(execFile);
    const env = { ...process.env, ...credentials };
    const { stdout } = await run(process.execPath, [script, 'create-app', '--framework', 'authjs-v5', '--name', 'From the shell'], { env });
    expect((await application(envOf(stdout).AUTH_LOGTO_ID!)).name).toBe('From the shell');
    await expect(run(process.execPath, [script, 'create-app', '--framework', 'nope', '--name', 'x'], { env })).rejects.toMatchObject({ code: 2 });
  });
});
