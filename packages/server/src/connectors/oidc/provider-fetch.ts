// openid-client does its HTTP through a `customFetch`. Routing it through the kit's `callProvider`
// gives every request of the library (token, JWKS, userinfo) the connector's timeout, and turns
// network failures and timeouts into `provider_unavailable` like every other connector.
import type { CustomFetch } from 'openid-client';
import { callProvider } from '../kit.ts';
import type { ConnectorContext, ProviderResponse } from '../kit.ts';

export type ProviderFetchHooks = {
  /** Sees every answer (the token exchange keeps the token endpoint's answer for a replay). */
  onResponse?: (request: { url: string; method: string }, response: ProviderResponse) => void;
  /** Answers a request from memory instead of the network (see token.ts: issuer re-check). */
  replay?: (request: { url: string; method: string }) => ProviderResponse | undefined;
};

// Statuses whose responses may not carry a body (the Response constructor refuses one).
const nullBodyStatuses = new Set([101, 204, 205, 304]);

export function providerFetch(provider: string, context: ConnectorContext, hooks: ProviderFetchHooks = {}): CustomFetch {
  return async (url, options) => {
    const request = { url, method: options.method };
    const answer =
      hooks.replay?.(request) ??
      (await callProvider(provider, url, { method: options.method, headers: options.headers, body: options.body as BodyInit | undefined }, context));
    hooks.onResponse?.(request, answer);
    return new Response(nullBodyStatuses.has(answer.status) ? null : answer.text, { status: answer.status, headers: answer.headers });
  };
}
