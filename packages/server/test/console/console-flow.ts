// Drives the Console's own OIDC sign-in without a browser, as the Console does it: the built-in
// public client `signet-console`, PKCE, `resource=${ENDPOINT}/api` with scope `all`, the sign-in
// pages' Experience API calls, then the code exchange and refreshes without any client secret.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { consoleClientId, consoleRedirectPath } from '@signet/schemas';
import { CookieBrowser } from '../support/browser.ts';
import type { TestSignet } from '../support/test-signet.ts';

export const strongPassword = 'Quiet-Lantern-Orbit-42';

export type TokenAnswer = {
  access_token?: string;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
  error?: string;
  error_description?: string;
};

export class ConsoleFlow {
  readonly browser: CookieBrowser;
  readonly verifier = randomBytes(32).toString('base64url');
  readonly redirectUri: string;
  readonly resource: string;

  constructor(
    readonly instance: TestSignet,
    browser?: CookieBrowser,
    readonly clientId = consoleClientId,
  ) {
    this.browser = browser ?? new CookieBrowser();
    this.redirectUri = `${instance.url}${consoleRedirectPath}`;
    this.resource = `${instance.url}/api`;
  }

  authorizationUrl(params: Record<string, string | undefined> = {}): URL {
    const url = new URL(`${this.instance.url}/oidc/auth`);
    const all: Record<string, string | undefined> = {
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: 'openid profile email offline_access all',
      resource: this.resource,
      state: 'console-state',
      code_challenge: createHash('sha256').update(this.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...params,
    };
    url.search = new URLSearchParams(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    return url;
  }

  /** Where the browser lands: the sign-in page, or (single sign-on, errors) the Console's callback. */
  async authorize(params: Record<string, string | undefined> = {}): Promise<URL> {
    const landed = await this.browser.navigate(this.authorizationUrl(params).href, this.redirectUri);
    return new URL(landed.url);
  }

  async call<T = { next: string; interactionEvent: string }>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return this.browser.json<T>(method, `${this.instance.url}/api/experience${path}`, body);
  }

  /** Starts the authorization, signs in with a password, and returns the callback URL. */
  async signIn(identifier: { type: 'username' | 'email'; value: string }, password: string, params: Record<string, string | undefined> = {}): Promise<URL> {
    const landed = await this.authorize(params);
    expect(landed.pathname).toBe('/sign-in');
    const redirectTo = await this.browser.signInWithPassword(this.instance.url, identifier, password);
    return this.follow(redirectTo);
  }

  /** Follows the browser to the Console's callback. */
  async follow(url: string): Promise<URL> {
    const landed = await this.browser.navigate(url, this.redirectUri);
    expect(landed.url.startsWith(this.redirectUri), `ended at ${landed.url}`).toBe(true);
    return new URL(landed.url);
  }

  async token(form: Record<string, string>): Promise<{ status: number; body: TokenAnswer }> {
    const response = await fetch(`${this.instance.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.clientId, ...form }),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer };
  }

  exchange(callback: URL, extra: Record<string, string> = {}): Promise<{ status: number; body: TokenAnswer }> {
    expect(callback.searchParams.get('state')).toBe('console-state');
    const code = callback.searchParams.get('code');
    expect(code, callback.href).toBeTruthy();
    return this.token({ grant_type: 'authorization_code', code: code!, redirect_uri: this.redirectUri, code_verifier: this.verifier, ...extra });
  }

  refresh(refreshToken: string, extra: Record<string, string> = {}): Promise<{ status: number; body: TokenAnswer }> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });
  }
}

/** Checks an ID token of the Console: this issuer, the Console as audience, ES384. */
export async function verifyConsoleIdToken(instance: TestSignet, idToken: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${instance.url}/oidc/jwks`));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: `${instance.url}/oidc`, audience: consoleClientId });
  expect(protectedHeader.alg).toBe('ES384');
  return payload;
}

/** The claims of a Management API access token (its signature is checked by the API itself when used). */
export function accessTokenClaims(token: string): JWTPayload & { scope?: string; client_id?: string } {
  return decodeJwt(token);
}

/** A full Console sign-in: Management API tokens for the given admin. */
export async function consoleTokens(instance: TestSignet, identifier: { type: 'username' | 'email'; value: string }, password: string): Promise<TokenAnswer> {
  const flow = new ConsoleFlow(instance);
  const exchanged = await flow.exchange(await flow.signIn(identifier, password));
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  return exchanged.body;
}
