// The generic OAuth 2.0 connector's config. Field names are those of Logto's OAuth 2.0 connector,
// so a config written for it works here; `enablePkce` is off by default as some providers reject
// authorization requests with parameters they do not know.
import { z } from 'zod';
import { reservedOAuthParameters } from './authorization-uri.ts';
import { clientSecretJwtSigningAlgorithms, tokenEndpointAuthMethods } from './client-auth.ts';

/** An absolute http(s) URL: endpoints are called server side, so nothing else makes sense. */
export function endpointUrlSchema() {
  return z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' });
}

const profilePath = (fallback: string) => z.string().trim().min(1).max(200).default(fallback);

const defaultProfileMap = { id: 'id', email: 'email', phone: 'phone', name: 'name', avatar: 'avatar' };

/** Where the provider's profile keeps each standard field; dotted paths reach into nested objects. */
export const profileMapSchema = z
  .strictObject({
    id: profilePath('id'),
    email: profilePath('email'),
    phone: profilePath('phone'),
    name: profilePath('name'),
    avatar: profilePath('avatar'),
  })
  .default(defaultProfileMap)
  .meta({
    label: 'Profile map',
    description:
      'Where the provider\'s user info keeps each field: {"id", "email", "phone", "name", "avatar"} → the provider\'s field names. Dotted paths such as "data.user.id" reach into nested objects. Only "id" must be found.',
  });

const customConfigSchema = z
  .record(z.string(), z.string())
  .superRefine((custom, context) => {
    const reserved = Object.keys(custom).filter((key) => reservedOAuthParameters.has(key));
    if (reserved.length > 0) context.addIssue({ code: 'custom', message: `may not set ${reserved.join(', ')} (the connector sets these itself)` });
  })
  .optional()
  .meta({
    label: 'Custom config',
    description: 'Extra parameters (string values) added to the authorization URI and the token request, e.g. {"prompt": "consent"}.',
  });

export const oauth2ConfigSchema = z.object({
  authorizationEndpoint: endpointUrlSchema().meta({
    label: 'Authorization endpoint',
    placeholder: 'https://provider.example.com/oauth/authorize',
    description: 'Where users are sent to sign in and approve access.',
  }),
  tokenEndpoint: endpointUrlSchema().meta({
    label: 'Token endpoint',
    placeholder: 'https://provider.example.com/oauth/token',
    description: 'Where Signet exchanges the authorization code for an access token.',
  }),
  userInfoEndpoint: endpointUrlSchema().meta({
    label: 'User info endpoint',
    placeholder: 'https://provider.example.com/api/me',
    description: 'Called with the access token (Authorization: Bearer) to read the user\'s profile as JSON.',
  }),
  clientId: z.string().trim().min(1).meta({ label: 'Client ID', placeholder: '<client-id>' }),
  clientSecret: z.string().min(1).meta({ label: 'Client secret', placeholder: '<client-secret>', confidential: true }),
  tokenEndpointAuthMethod: z.enum(tokenEndpointAuthMethods).default('client_secret_post').meta({
    label: 'Token endpoint auth method',
    description: 'How Signet proves who it is at the token endpoint: secret in the body (post), in an HTTP Basic header (basic), or as an HMAC-signed JWT (jwt).',
  }),
  clientSecretJwtSigningAlgorithm: z.enum(clientSecretJwtSigningAlgorithms).default('HS256').meta({
    label: 'Client secret JWT signing algorithm',
    description: 'Only used with client_secret_jwt.',
  }),
  tokenEndpointResponseType: z.enum(['query-string', 'json']).default('query-string').meta({
    label: 'Token endpoint response type',
    description: 'The format of the token endpoint\'s answer when its Content-Type does not say: form-encoded (query-string) or JSON.',
  }),
  responseType: z.enum(['code']).default('code').meta({ label: 'Response type', description: 'Only the authorization code flow is supported.' }),
  grantType: z.enum(['authorization_code']).default('authorization_code').meta({ label: 'Grant type', description: 'Only the authorization code grant is supported.' }),
  scope: z.string().trim().max(2000).optional().meta({ label: 'Scope', placeholder: 'read:user email', description: 'Space-separated scopes to ask for.' }),
  enablePkce: z.boolean().default(false).meta({
    label: 'Enable PKCE',
    description: 'Send an S256 code challenge and prove it at the token endpoint. Turn on when the provider supports PKCE.',
  }),
  profileMap: profileMapSchema,
  customConfig: customConfigSchema,
});

export type OAuth2Config = z.output<typeof oauth2ConfigSchema>;
