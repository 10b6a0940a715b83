// HTTP as the benchmark's clients speak it: the Management API for setup, and a complete
// browserless password sign-in (authorize → Experience API → code → tokens).
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { round } from './processes.mjs';

export const REDIRECT_URI = 'http://localhost:3000/callback';
const REQUEST_TIMEOUT_MS = 15_000;

export const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** fetch with a deadline; every request made here is bounded in time. */
export function request(url, init = {}) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

export async function bodyText(response) {
  const text = await response.text().catch(() => '');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

export async function expectJson(response, what, statuses = [200]) {
  if (!statuses.includes(response.status)) {
    throw new Error(`${what}: HTTP ${response.status} ${await bodyText(response)}`);
  }
  return response.status === 204 ? {} : response.json();
}

/** A Management API token (client_credentials); `endpoint` is the deployment's public URL. */
export async function managementToken(base, adminClient, endpoint = base) {
  const response = await request(`${base}/oidc/token`, {
    method: 'POST',
    headers: { authorization: basic(adminClient.id, adminClient.secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${endpoint}/api`, scope: 'all' }).toString(),
  });
  const body = await expectJson(response, 'management token (client_credentials)');
  if (!body.access_token) throw new Error(`management token: no access_token in ${JSON.stringify(body)}`);
  return body.access_token;
}

export async function managementCall(base, token, method, path, body, statuses = [200, 201]) {
  const response = await request(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return expectJson(response, `${method} ${path}`, statuses);
}

/** Cookies as a browser keeps them for one site: by name and path; expired ones removed. */
export class CookieJar {
  #cookies = new Map();

  store(response, requestUrl) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const equals = pair.indexOf('=');
      if (equals < 1) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const requestPath = new URL(requestUrl).pathname;
      let path = requestPath.lastIndexOf('/') > 0 ? requestPath.slice(0, requestPath.lastIndexOf('/')) : '/';
      let expired = false;
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const attributeKey = rawKey.trim().toLowerCase();
        const attributeValue = rest.join('=').trim();
        if (attributeKey === 'path' && attributeValue.startsWith('/')) path = attributeValue;
        if (attributeKey === 'max-age' && Number(attributeValue) <= 0) expired = true;
        if (attributeKey === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
      }
      const key = `${name}\t${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const path = new URL(url).pathname;
    const matches = (cookiePath) =>
      path === cookiePath || (path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/'));
    return [...this.#cookies.values()]
      .filter((cookie) => matches(cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

/**
 * One complete browserless sign-in: authorize (PKCE) → Experience API with the interaction cookie →
 * follow redirects to the app's redirect URI → code for tokens. Returns the tokens and its duration.
 */
export async function signIn(base, app, user, endpoint = base) {
  // Behind a load balancer the browser only knows the public URL: this client sends every request
  // to `base` (one instance) and rewrites the public URL in redirects to it.
  const toInstance = (url) => (url.startsWith(endpoint) ? `${base}${url.slice(endpoint.length)}` : url);
  const jar = new CookieJar();
  const send = async (url, init = {}) => {
    const cookie = jar.header(url);
    const response = await request(url, {
      redirect: 'manual',
      ...init,
      headers: { ...init.headers, ...(cookie && { cookie }) },
    });
    jar.store(response, url);
    return response;
  };
  const experience = async (method, path, body) => {
    const response = await send(`${base}/api/experience${path}`, {
      method,
      // What the sign-in page sends: same-origin JSON.
      headers: { 'content-type': 'application/json', origin: endpoint },
      body: JSON.stringify(body),
    });
    return expectJson(response, `${method} /api/experience${path}`);
  };

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const startedAt = performance.now();
  // Time per step, to see where a slow sign-in spends it.
  const steps = {};
  let stepStart = startedAt;
  const step = (name) => {
    const now = performance.now();
    steps[name] = round((steps[name] ?? 0) + now - stepStart, 1);
    stepStart = now;
  };

  const authorize = new URL(`${base}/oidc/auth`);
  authorize.search = new URLSearchParams({
    client_id: app.id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid offline_access profile',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  }).toString();
  const authorizeResponse = await send(authorize.href);
  await authorizeResponse.arrayBuffer();
  const signInLocation = authorizeResponse.headers.get('location');
  if (authorizeResponse.status < 300 || authorizeResponse.status >= 400 || !signInLocation) {
    throw new Error(`authorize: expected a redirect to the sign-in page, got HTTP ${authorizeResponse.status}`);
  }
  step('authorize');

  await experience('PUT', '', { interactionEvent: 'SignIn' });
  step('experienceStart');
  const { verificationId } = await experience('POST', '/verification/password', {
    identifier: { type: 'username', value: user.username },
    password: user.password,
  });
  step('passwordVerification');
  await experience('POST', '/identification', { verificationId });
  step('identification');
  const { redirectTo } = await experience('POST', '/submit', {});
  step('submit');

  let location = new URL(toInstance(new URL(redirectTo, endpoint).href));
  for (let hop = 0; !location.href.startsWith(REDIRECT_URI); hop++) {
    if (hop >= 10) throw new Error('sign-in: more than 10 redirects after submit');
    const response = await send(location.href);
    const next = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !next) {
      throw new Error(`sign-in: GET ${location.pathname} answered HTTP ${response.status} ${await bodyText(response)}`);
    }
    await response.arrayBuffer();
    location = new URL(toInstance(new URL(next, location).href));
  }
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`sign-in: no code in ${location.href.replace(/code=[^&]+/, 'code=…')} (error=${location.searchParams.get('error')})`);
  if (location.searchParams.get('state') !== state) throw new Error('sign-in: state mismatch');
  step('redirectsToCode');

  const tokenResponse = await request(`${base}/oidc/token`, {
    method: 'POST',
    headers: { authorization: basic(app.id, app.secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
  });
  const tokens = await expectJson(tokenResponse, 'authorization_code token');
  step('codeForTokens');
  const ms = performance.now() - startedAt;
  for (const field of ['access_token', 'refresh_token', 'id_token']) {
    if (!tokens[field]) throw new Error(`sign-in: the token response has no ${field}: ${JSON.stringify(Object.keys(tokens))}`);
  }
  return { ms, steps, tokens };
}
