// One openid-client `Configuration` per connector call: the provider's metadata, our client and
// its authentication, and every HTTP request routed through the kit (timeout, error mapping).
import * as client from 'openid-client';
import { ConnectorError } from '../kit.ts';
import type { ConnectorContext } from '../kit.ts';
import { isLoopbackHttp } from './config-fields.ts';
import { providerFetch } from './provider-fetch.ts';
import type { ProviderFetchHooks } from './provider-fetch.ts';
import type { OidcProviderSettings, TokenEndpointAuthMethod } from './settings.ts';

function clientAuthentication(method: TokenEndpointAuthMethod, secret: string | undefined): client.ClientAuth {
  // Building an authorization URL needs no secret (and must not compute Apple's).
  if (secret === undefined) return client.None();
  switch (method) {
    case 'client_secret_basic':
      return client.ClientSecretBasic(secret);
    case 'client_secret_post':
      return client.ClientSecretPost(secret);
    case 'client_secret_jwt':
      return client.ClientSecretJwt(secret);
  }
}

/** Plain http only for a provider on this machine; openid-client refuses http unless told. */
function allowsHttp(server: client.ServerMetadata, provider: string): boolean {
  const urls = [server.authorization_endpoint, server.token_endpoint, server.jwks_uri, server.userinfo_endpoint]
    .filter((url): url is string => url !== undefined)
    .map((url) => new URL(url));
  const insecure = urls.filter((url) => url.protocol === 'http:');
  if (insecure.some((url) => !isLoopbackHttp(url))) {
    throw new ConnectorError('invalid_response', `${provider} lists endpoints on plain http (only https is accepted)`);
  }
  return insecure.length > 0;
}

export function clientConfiguration(
  server: client.ServerMetadata,
  settings: OidcProviderSettings,
  clientSecret: string | undefined,
  context: ConnectorContext,
  hooks: ProviderFetchHooks = {},
): client.Configuration {
  const metadata: Partial<client.ClientMetadata> = {};
  if (settings.clockToleranceSeconds !== undefined) metadata[client.clockTolerance] = settings.clockToleranceSeconds;
  const configuration = new client.Configuration(server, settings.clientId, metadata, clientAuthentication(settings.tokenEndpointAuthMethod, clientSecret));
  configuration[client.customFetch] = providerFetch(settings.providerName, context, hooks);
  // callProvider enforces the connector timeout; the library's own (whole seconds) must not be shorter.
  configuration.timeout = Math.ceil(context.timeoutMs / 1000) + 1;
  // (Marked deprecated upstream only to stand out: it is the switch for local, loopback providers.)
  if (allowsHttp(server, settings.providerName)) client.allowInsecureRequests(configuration);
  // The library trusts an ID token from the token endpoint on TLS alone (Core 3.1.3.7); we also
  // verify its signature against the provider's JWKS.
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}
