// One rule set for redirect URIs, shared by the server (422 on save) and the Console (inline errors).
// RFC 9700 / OAuth 2.1: exact strings only — no wildcards, no fragments; https, or plain http on the
// loopback interface; private-use (custom) schemes only for native apps.
import type { ApplicationType } from './applications.ts';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

export function redirectUriProblem(uri: string, type: ApplicationType): string | undefined {
  if (uri.length > 2048) return 'is longer than 2048 characters';
  if (/\s/.test(uri)) return 'contains whitespace';
  if (uri.includes('*')) return 'contains a wildcard; redirect URIs are matched exactly';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URI';
  }
  if (uri.includes('#')) return 'contains a fragment';
  if (url.username || url.password) return 'contains credentials';
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'https') return url.hostname ? undefined : 'has no host';
  if (scheme === 'http') {
    return loopbackHosts.has(url.hostname) ? undefined : 'uses http on a host other than localhost/127.0.0.1/[::1]; use https';
  }
  if (type !== 'Native') return `uses the custom scheme "${scheme}:", which only native apps may use`;
  if (['javascript', 'data', 'file', 'vbscript', 'blob', 'about'].includes(scheme)) return `uses the forbidden scheme "${scheme}:"`;
  // Reverse-domain schemes (com.example.app:/callback) per RFC 8252 §7.1; also accept plain `myapp://`.
  return /^[a-z][a-z0-9+.-]*$/.test(scheme) ? undefined : 'has an invalid scheme';
}

/** CORS origins: exact origins (scheme://host[:port]), no paths, no wildcards. */
export function corsOriginProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'is not an origin such as https://app.example.com';
  }
  if (!['http:', 'https:'].includes(url.protocol)) return 'must use http or https';
  if (url.origin !== origin) return `must be exactly an origin (did you mean "${url.origin}"?)`;
  return undefined;
}
