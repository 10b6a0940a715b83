import { z } from 'zod';
import { epochMillisSchema } from './common.ts';

export const applicationTypes = ['Traditional', 'SPA', 'Native', 'MachineToMachine'] as const;
export const applicationTypeSchema = z.enum(applicationTypes);
export type ApplicationType = z.infer<typeof applicationTypeSchema>;

export const idTokenSigningAlgorithms = ['ES384', 'RS256'] as const;

const uriList = z.array(z.string().max(2048)).max(50);

const oidcClientMetadataFields = {
  redirectUris: uriList,
  postLogoutRedirectUris: uriList,
  /** ES384 (default, what the guides' Auth.js setup expects) or RS256 for clients that only accept RSA. */
  idTokenSignedResponseAlg: z.enum(idTokenSigningAlgorithms),
};

export const oidcClientMetadataSchema = z
  .object({
    redirectUris: oidcClientMetadataFields.redirectUris.default([]),
    postLogoutRedirectUris: oidcClientMetadataFields.postLogoutRedirectUris.default([]),
    idTokenSignedResponseAlg: oidcClientMetadataFields.idTokenSignedResponseAlg.default('ES384'),
  })
  .strict();
export type OidcClientMetadata = z.infer<typeof oidcClientMetadataSchema>;

/**
 * PATCH form: built from the fields without their defaults, because zod 4 still applies a default
 * inside `.partial()`; otherwise a patch of one field would reset the others to their defaults.
 */
const oidcClientMetadataPatchSchema = z.object(oidcClientMetadataFields).partial().strict();

const ttlSeconds = (max: number) => z.number().int().min(60).max(max);

export const customClientMetadataSchema = z
  .object({
    corsAllowedOrigins: z.array(z.string().max(2048)).max(50).optional(),
    idTokenTtl: ttlSeconds(86_400).optional().describe('ID token lifetime in seconds (default 3600)'),
    refreshTokenTtl: ttlSeconds(180 * 86_400).optional().describe('refresh token lifetime in seconds'),
    refreshTokenTtlInDays: z.number().int().min(1).max(180).optional().describe('refresh token lifetime in days (default 14)'),
    rotateRefreshToken: z.boolean().optional().describe('issue a new refresh token on each use (default true)'),
    alwaysIssueRefreshToken: z
      .boolean()
      .optional()
      .describe('first-party apps get a refresh token for offline_access without prompt=consent (default true)'),
  })
  .strict();
export type CustomClientMetadata = z.infer<typeof customClientMetadataSchema>;

export const createApplicationBodySchema = z
  .object({
    name: z.string().trim().min(1).max(256),
    description: z.string().max(2048).nullish(),
    type: applicationTypeSchema,
    oidcClientMetadata: oidcClientMetadataSchema.default({ redirectUris: [], postLogoutRedirectUris: [], idTokenSignedResponseAlg: 'ES384' }),
    customClientMetadata: customClientMetadataSchema.default({}),
    isThirdParty: z.boolean().default(false),
  })
  .strict();
export type CreateApplicationBody = z.infer<typeof createApplicationBodySchema>;

export const updateApplicationBodySchema = z
  .object({
    name: z.string().trim().min(1).max(256),
    description: z.string().max(2048).nullable(),
    oidcClientMetadata: oidcClientMetadataPatchSchema,
    customClientMetadata: customClientMetadataSchema,
  })
  .partial()
  .strict();
export type UpdateApplicationBody = z.infer<typeof updateApplicationBodySchema>;

export const rotateApplicationSecretBodySchema = z
  .object({
    /** How long the replaced secret keeps working, so deployments can switch without downtime. */
    gracePeriodSeconds: z.number().int().min(0).max(30 * 86_400).default(0),
  })
  .strict();

export const applicationQuerySchema = z
  .object({ includeSecret: z.enum(['true', 'false']).default('false').transform((value) => value === 'true') })
  .strict();

export const applicationSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: applicationTypeSchema,
  /** Masked (`abcd…`) unless the request asked for it; public clients have no secret. */
  secret: z.string(),
  oidcClientMetadata: oidcClientMetadataSchema,
  customClientMetadata: customClientMetadataSchema,
  isThirdParty: z.boolean(),
  createdAt: epochMillisSchema,
});
export type Application = z.infer<typeof applicationSchema>;
