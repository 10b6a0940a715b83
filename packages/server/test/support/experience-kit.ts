// Drives sign-ins through the Experience API without a browser: an app starts an authorization
// (PKCE), the "browser" (a cookie jar) calls the Experience API, and the app exchanges the code for
// tokens whose ID token is verified against Signet's JWKS. Codes are read from the dev outbox.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { CookieBrowser } from './browser.ts';
import type { apiClient, TestSignet } from './test-signet.ts';

export const appRedirectUri = 'http://localhost:3000/api/auth/callback/logto';

export type Api = ReturnType<typeof apiClient>;
export type App = { id: string; secret: string };
export type Step = { next: string; interactionEvent: string; missingProfile?: string[]; socialVerificationId?: string; relatedUser?: { type: string; value: string } };
export type ApiErrorBody = { code: string; message: string; data?: Record<string, unknown> };

export async function createApp(api: Api, extra: Record<string, unknown> = {}): Promise<App> {
  const created = await api<App>('POST', '/api/applications', {
    name: 'Bookstore',
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [appRedirectUri], postLogoutRedirectUris: ['http://localhost:3000/'] },
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body;
}

/** Email and SMS codes kept in the database (dev outbox connectors), readable by admins. */
export async function setUpDevOutbox(api: Api): Promise<void> {
  for (const connectorId of ['dev-outbox-email', 'dev-outbox-sms']) {
    const created = await api('POST', '/api/connectors', { connectorId, config: {} });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
}

export async function patchSignInExperience(api: Api, patch: Record<string, unknown>): Promise<void> {
  const response = await api('PATCH', '/api/sign-in-exp', patch);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/** Lets the next code go out at once, as if the 60 s resend delay had passed. */
export async function skipResendDelay(instance: TestSignet): Promise<void> {
  await instance.database.db.execute(sql`delete from rate_limit_counters where key like 'code-resend:%'`);
}

/** The code in the newest outbox message to `to`. */
export async function latestCode(api: Api, to: string, usageType?: string): Promise<string> {
  const listed = await api<{ to: string; usageType: string; payload: { code?: string } }[]>('GET', '/api/dev-outbox/messages');
  expect(listed.status).toBe(200);
  const message = listed.body.find((item) => item.to === to && (!usageType || item.usageType === usageType));
  expect(message?.payload.code, `no code sent to ${to}`).toMatch(/^\d{6}$/);
  return message!.payload.code!;
}

/** One sign-in in progress: the app's authorization request and the user's browser. */
export class Flow {
  readonly browser = new CookieBrowser();
  readonly verifier = randomBytes(32).toString('base64url');
  readonly nonce = randomBytes(12).toString('base64url');

  constructor(
    readonly instance: TestSignet,
    readonly app: App,
  ) {}

  /** Sends the browser to the authorization endpoint; returns where it lands (the sign-in page, or the app with SSO). */
  async authorize(params: Record<string, string> = {}): Promise<URL> {
    const landed = await this.browser.navigate(this.authorizationUrl(params).href, appRedirectUri);
    return new URL(landed.url);
  }

  /** The app's authorization request (PKCE S256, state `app-state`, this flow's nonce); a real browser can open it too. */
  authorizationUrl(params: Record<string, string> = {}): URL {
    const url = new URL(`${this.instance.url}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: this.app.id,
      redirect_uri: appRedirectUri,
      response_type: 'code',
      scope: 'openid profile email phone offline_access',
      state: 'app-state',
      nonce: this.nonce,
      code_challenge: createHash('sha256').update(this.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...params,
    }).toString();
    return url;
  }

  async call<T = Step>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return this.browser.json<T>(method, `${this.instance.url}/api/experience${path}`, body);
  }

  /** Like `call`, but the answer must be 2xx. */
  async ok<T = Step>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.call<T>(method, path, body);
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body;
  }

  /** Like `call`, but the answer must be this error. */
  async refused(method: string, path: string, body: unknown, status: number, code: string): Promise<ApiErrorBody> {
    const response = await this.call<ApiErrorBody>(method, path, body);
    expect({ status: response.status, code: response.body?.code }, JSON.stringify(response.body)).toEqual({ status, code });
    return response.body;
  }

  async sendCode(identifier: { type: 'email' | 'phone'; value: string }, interactionEvent: string): Promise<string> {
    const sent = await this.ok<{ verificationId: string; expiresInSeconds: number; resendAfterSeconds: number }>('POST', '/verification/verification-code', { identifier, interactionEvent });
    expect(sent.expiresInSeconds).toBe(600);
    expect(sent.resendAfterSeconds).toBe(60);
    return sent.verificationId;
  }

  /** Sends a code, reads it from the outbox, enters it: the verified verification id. */
  async verifyByCode(api: Api, identifier: { type: 'email' | 'phone'; value: string }, interactionEvent: string): Promise<string> {
    const verificationId = await this.sendCode(identifier, interactionEvent);
    const to = identifier.type === 'phone' ? identifier.value.replace(/\D/g, '') : identifier.value;
    const code = await latestCode(api, to, interactionEvent);
    return (await this.ok<{ verificationId: string }>('POST', '/verification/verification-code/verify', { identifier, verificationId, code })).verificationId;
  }

  async password(identifier: { type: string; value: string }, password: string): Promise<string> {
    return (await this.ok<{ verificationId: string }>('POST', '/verification/password', { identifier, password })).verificationId;
  }

  /** Submits, follows the redirects back to the app, and exchanges the code. */
  async submitAndExchange(): Promise<Tokens> {
    const { redirectTo } = await this.ok<{ redirectTo: string }>('POST', '/submit');
    return this.finishAt(redirectTo);
  }

  /** Follows `url` to the app's callback and exchanges its code. */
  async finishAt(url: string): Promise<Tokens> {
    const landed = await this.browser.navigate(url, appRedirectUri);
    expect(landed.url.startsWith(appRedirectUri), `ended at ${landed.url} (${landed.response?.status})`).toBe(true);
    return this.exchange(new URL(landed.url));
  }

  async exchange(callback: URL): Promise<Tokens> {
    expect(callback.searchParams.get('state')).toBe('app-state');
    const code = callback.searchParams.get('code');
    expect(code, callback.href).toBeTruthy();
    const response = await fetch(`${this.instance.url}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${this.app.id}:${this.app.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: appRedirectUri, code_verifier: this.verifier }),
    });
    const body = (await response.json()) as { id_token?: string; access_token?: string; refresh_token?: string };
    expect(response.status, JSON.stringify(body)).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${this.instance.url}/oidc/jwks`));
    const { payload, protectedHeader } = await jwtVerify(body.id_token!, jwks, { issuer: `${this.instance.url}/oidc`, audience: this.app.id });
    expect(protectedHeader.alg).toBe('ES384');
    expect(payload.nonce).toBe(this.nonce);
    return { idToken: payload, accessToken: body.access_token!, refreshToken: body.refresh_token };
  }
}

export type Tokens = { idToken: JWTPayload & Record<string, unknown>; accessToken: string; refreshToken: string | undefined };

/** Starts a flow that must land on the sign-in page, and starts the Experience with `event`. */
export async function startFlow(instance: TestSignet, app: App, event: 'SignIn' | 'Register' | 'ForgotPassword', params: Record<string, string> = {}): Promise<Flow> {
  const flow = new Flow(instance, app);
  const landed = await flow.authorize(params);
  expect(landed.pathname).toBe('/sign-in');
  const step = await flow.ok('PUT', '', { interactionEvent: event });
  expect(step).toEqual({ next: 'identify', interactionEvent: event });
  return flow;
}
