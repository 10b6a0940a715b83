// Config of the generic OIDC connector. Field names follow the reference product's OIDC connector
// (`clientId`, `clientSecret`, `tokenEndpointAuthMethod`, `scope`, `authorizationEndpoint`,
// `tokenEndpoint`, `idTokenVerificationConfig`, `authRequestOptionalConfig`, `customConfig`,
// `acceptStringTypedBooleanClaims`); Signet adds `issuer` (discovery, so the endpoints are usually
// not typed in) and `userInfoEndpoint`. A config without `issuer` works as the reference's does:
// endpoints, `jwksUri` and the expected issuer given by hand.
import { z } from 'zod';
import { protocolParameters } from './settings.ts';
import { providerUrl, withOpenidScope } from './config-fields.ts';

const reservedParameters = new Set<string>(protocolParameters);

export const idTokenVerificationConfigSchema = z.strictObject({
  jwksUri: providerUrl().optional(),
  /** The `iss` ID tokens carry, when it is not the discovered issuer. */
  issuer: z.string().min(1).optional(),
  algorithms: z.array(z.string().regex(/^(?:(?:RS|PS|ES)(?:256|384|512)|EdDSA|Ed25519)$/, 'must be an asymmetric JWS algorithm (RS256, ES256, PS256, EdDSA …)')).min(1).optional(),
  /** Seconds. */
  clockTolerance: z.number().int().min(0).max(600).optional(),
});

export const authRequestOptionalConfigSchema = z.strictObject({
  responseMode: z.enum(['query', 'form_post']).optional(),
  display: z.enum(['page', 'popup', 'touch', 'wap']).optional(),
  prompt: z.string().regex(/^(?:none|login|consent|select_account)(?: (?:none|login|consent|select_account))*$/, 'must be space-separated none, login, consent or select_account').optional(),
  /** Seconds; the ID token's `auth_time` must then be that recent. */
  maxAge: z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'must be a number of seconds').transform(Number)]).optional(),
  uiLocales: z.string().optional(),
  idTokenHint: z.string().optional(),
  loginHint: z.string().optional(),
  acrValues: z.string().optional(),
});

export const oidcConfigSchema = z
  .object({
    issuer: providerUrl()
      .optional()
      .meta({
        label: 'Issuer',
        placeholder: 'https://accounts.example.com',
        description: 'The provider’s issuer URL; its endpoints are read from <issuer>/.well-known/openid-configuration.',
      }),
    clientId: z.string().trim().min(1).meta({ label: 'Client ID', placeholder: '<client-id>' }),
    clientSecret: z.string().min(1).meta({ label: 'Client secret', placeholder: '<client-secret>', confidential: true }),
    tokenEndpointAuthMethod: z
      .enum(['client_secret_post', 'client_secret_basic', 'client_secret_jwt'])
      .default('client_secret_post')
      .meta({
        label: 'Token endpoint auth method',
        description: 'How Signet proves the client secret to the token endpoint; see token_endpoint_auth_methods_supported in the discovery document.',
        itemTitles: {
          client_secret_post: 'client_secret_post (in the body)',
          client_secret_basic: 'client_secret_basic (HTTP Basic)',
          client_secret_jwt: 'client_secret_jwt (HS256 assertion)',
        },
      }),
    scope: z
      .string()
      .default('openid profile email')
      .transform(withOpenidScope)
      .meta({ label: 'Scope', placeholder: 'openid profile email', description: 'Space-separated; "openid" is added when missing.' }),
    authorizationEndpoint: providerUrl().optional().meta({ label: 'Authorization endpoint', description: 'Overrides discovery; required without an issuer.' }),
    tokenEndpoint: providerUrl().optional().meta({ label: 'Token endpoint', description: 'Overrides discovery; required without an issuer.' }),
    userInfoEndpoint: providerUrl().optional().meta({ label: 'Userinfo endpoint', description: 'Overrides discovery. When there is one, its claims are merged into the ID token’s.' }),
    idTokenVerificationConfig: idTokenVerificationConfigSchema.optional().meta({
      label: 'ID token verification config',
      description: '{ "jwksUri", "issuer", "algorithms", "clockTolerance" } — each overrides discovery; jwksUri and issuer are required without an issuer above.',
    }),
    authRequestOptionalConfig: authRequestOptionalConfigSchema.optional().meta({
      label: 'Authentication request optional config',
      description: '{ "responseMode", "display", "prompt", "maxAge", "uiLocales", "idTokenHint", "loginHint", "acrValues" }',
    }),
    customConfig: z
      .record(z.string(), z.string())
      .refine((record) => !Object.keys(record).some((key) => reservedParameters.has(key)), {
        message: `may not set ${protocolParameters.join(', ')} (the connector sets them)`,
      })
      .optional()
      .meta({ label: 'Custom config', description: 'Extra parameters for the authorization request, e.g. { "access_type": "offline" }.' }),
    acceptStringTypedBooleanClaims: z
      .boolean()
      .default(false)
      .meta({ label: 'Accept string-typed boolean claims', description: 'Treat "true" (a string) in email_verified as true; some providers send strings.' }),
  })
  .superRefine((config, context) => {
    if (config.issuer !== undefined) return;
    const needed = {
      authorizationEndpoint: config.authorizationEndpoint,
      tokenEndpoint: config.tokenEndpoint,
      'idTokenVerificationConfig.jwksUri': config.idTokenVerificationConfig?.jwksUri,
      'idTokenVerificationConfig.issuer': config.idTokenVerificationConfig?.issuer,
    };
    for (const [path, value] of Object.entries(needed)) {
      if (value === undefined) context.addIssue({ code: 'custom', path: path.split('.'), message: 'required when there is no issuer (discovery)' });
    }
  });

export type OidcConfig = z.infer<typeof oidcConfigSchema>;
