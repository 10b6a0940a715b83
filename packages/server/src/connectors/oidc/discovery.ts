// The provider's metadata: OpenID Connect Discovery (`/.well-known/openid-configuration`), with the
// connector's own endpoint overrides on top, or only those when a provider has no discovery.
import type { ServerMetadata } from 'openid-client';
import { z } from 'zod';
import { callProvider, ConnectorError, parseProviderJson } from '../kit.ts';
import type { ConnectorContext } from '../kit.ts';
import type { OidcProviderSettings } from './settings.ts';

// Only what the flow uses; other members of the document are dropped.
const discoverySchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export function discoveryUrl(issuer: string): string {
  return `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;
}

async function discover(settings: OidcProviderSettings, issuer: string, context: ConnectorContext) {
  const provider = settings.providerName;
  const response = await callProvider(provider, discoveryUrl(issuer), { method: 'GET', headers: { accept: 'application/json' } }, context);
  if (response.status === 429) throw new ConnectorError('rate_limit_exceeded', `${provider} refused discovery: too many requests`);
  if (response.status >= 500) throw new ConnectorError('provider_unavailable', `${provider} discovery failed with HTTP ${response.status}`);
  if (response.status !== 200) {
    throw new ConnectorError('invalid_response', `${provider} discovery answered HTTP ${response.status}; check the issuer`, { status: response.status });
  }
  const document = parseProviderJson(`${provider} discovery`, response.text, discoverySchema);
  // Discovery 4.3: the document must name the issuer it was fetched for, or tokens could be
  // accepted from another issuer than the one configured.
  const sameIssuer = withoutTrailingSlash(document.issuer) === withoutTrailingSlash(issuer);
  if (!sameIssuer && !settings.acceptDiscoveredIssuer?.(document.issuer)) {
    throw new ConnectorError('invalid_response', `${provider} discovery names another issuer ("${document.issuer}") than the configured "${issuer}"`);
  }
  return document;
}

export type ProviderMetadata = {
  /** What openid-client is given. */
  server: ServerMetadata;
  /**
   * RFC 9207: the `iss` the callback must carry (`required`), or may carry; we check it ourselves,
   * as the ID token's expected issuer may differ from the authorization server's identifier.
   */
  callbackIssuer?: { issuer: string; required: boolean };
};

export async function loadServerMetadata(settings: OidcProviderSettings, context: ConnectorContext): Promise<ProviderMetadata> {
  const discovered = settings.issuer === undefined ? undefined : await discover(settings, settings.issuer, context);
  const { endpoints = {} } = settings;
  const metadata = {
    issuer: settings.expectedIssuer ?? discovered?.issuer,
    authorization_endpoint: endpoints.authorizationEndpoint ?? discovered?.authorization_endpoint,
    token_endpoint: endpoints.tokenEndpoint ?? discovered?.token_endpoint,
    jwks_uri: endpoints.jwksUri ?? discovered?.jwks_uri,
  };
  const missing = Object.entries(metadata).filter(([, value]) => value === undefined);
  if (missing.length > 0) {
    // Config validation should make this impossible; say what is missing rather than fail later.
    throw new ConnectorError('invalid_config', `${settings.providerName}: no ${missing.map(([key]) => key).join(', ')}; set the issuer or the endpoints`);
  }
  const userinfoEndpoint = endpoints.userinfoEndpoint ?? discovered?.userinfo_endpoint;
  const algorithms = settings.idTokenAlgorithms ?? discovered?.id_token_signing_alg_values_supported;
  const server: ServerMetadata = {
    issuer: metadata.issuer!,
    authorization_endpoint: metadata.authorization_endpoint,
    token_endpoint: metadata.token_endpoint,
    jwks_uri: metadata.jwks_uri,
    ...(userinfoEndpoint === undefined ? {} : { userinfo_endpoint: userinfoEndpoint }),
    ...(algorithms === undefined ? {} : { id_token_signing_alg_values_supported: algorithms }),
  };
  if (discovered === undefined) return { server };
  return { server, callbackIssuer: { issuer: discovered.issuer, required: discovered.authorization_response_iss_parameter_supported === true } };
}
