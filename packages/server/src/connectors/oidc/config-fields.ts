// Config pieces the OIDC connector and its presets (Google, Microsoft, Apple) share.
import { z } from 'zod';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain http is only for a provider on this machine (local development, the test fakes). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

/** An https URL, or an http one on loopback. */
export function providerUrl() {
  return z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine((value) => {
    // Refinements run even after the URL check failed: only judge what parses.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === 'https:' || isLoopbackHttp(url);
  }, 'must use https (plain http is only accepted for localhost)');
}

/** Scope is space-delimited; OpenID Connect needs `openid` in it, so it is added when missing. */
export function withOpenidScope(scope: string): string {
  const scopes = scope.split(/[\s+]+/).filter(Boolean);
  return scopes.includes('openid') ? scopes.join(' ') : ['openid', ...scopes].join(' ');
}

/** Values of the standard `prompt` parameter (OpenID Connect Core 3.1.2.1). */
export const oidcPrompts = ['none', 'login', 'consent', 'select_account'] as const;
export type OidcPrompt = (typeof oidcPrompts)[number];
