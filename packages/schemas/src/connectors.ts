import { z } from 'zod';
import { emailSchema, phoneSchema } from './users.ts';

export const connectorTypes = ['Social', 'Email', 'Sms'] as const;
export const connectorTypeSchema = z.enum(connectorTypes);
export type ConnectorType = z.infer<typeof connectorTypeSchema>;

/** Native: only from a native app's web view (see specs: native bridge). Web: browsers. Universal: both. */
export const connectorPlatformSchema = z.enum(['Web', 'Native', 'Universal']);
export type ConnectorPlatform = z.infer<typeof connectorPlatformSchema>;

export const templateUsageTypes = [
  'Register',
  'SignIn',
  'ForgotPassword',
  'Generic',
  'OrganizationInvitation',
  'UserPermissionValidation',
  'BindNewIdentifier',
  'MfaVerification',
  'BindMfa',
] as const;
export const templateUsageTypeSchema = z.enum(templateUsageTypes);
export type TemplateUsageType = z.infer<typeof templateUsageTypeSchema>;
/** Every email/SMS connector config must have templates for these (others fall back to Generic). */
export const requiredTemplateUsageTypes = ['Register', 'SignIn', 'ForgotPassword', 'Generic'] as const satisfies readonly TemplateUsageType[];

/** Text in several languages, keyed by BCP 47 tag; `en` is always there and is the fallback. */
export const localizedTextSchema = z.object({ en: z.string() }).catchall(z.string());
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const formItemTypeSchema = z.enum(['Text', 'MultilineText', 'Number', 'Switch', 'Select', 'MultiSelect', 'Json']);
export type FormItemType = z.infer<typeof formItemTypeSchema>;

/** One field of a connector's config form, derived from its config schema (never written by hand). */
export const formItemSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: formItemTypeSchema,
  required: z.boolean(),
  defaultValue: z.unknown().optional(),
  placeholder: z.string().optional(),
  description: z.string().optional(),
  /** Secret: masked when read back, never logged. */
  isConfidential: z.boolean().optional(),
  selectItems: z.array(z.object({ value: z.string(), title: z.string() })).optional(),
});
export type FormItem = z.infer<typeof formItemSchema>;

export const connectorMetadataSchema = z.object({
  /** The factory id, e.g. `aliyun-direct-mail`. */
  id: z.string(),
  /** The provider family; one social connector per target and platform. */
  target: z.string(),
  /** Social connectors only; null for email and SMS. */
  platform: connectorPlatformSchema.nullable(),
  name: localizedTextSchema,
  description: localizedTextSchema,
  /** An image URL (a `data:` URI for built-in connectors). */
  logo: z.string(),
  logoDark: z.string().nullable(),
  /** Markdown guide shown beside the config form. */
  readme: z.string(),
  /** Generic connectors (OIDC, OAuth 2.0) whose target an admin names at creation. */
  isStandard: z.boolean().optional(),
});
export type ConnectorMetadata = z.infer<typeof connectorMetadataSchema>;

export const connectorFactorySchema = connectorMetadataSchema.extend({
  type: connectorTypeSchema,
  isDemo: z.boolean(),
  formItems: z.array(formItemSchema),
});
export type ConnectorFactory = z.infer<typeof connectorFactorySchema>;

/** Connector instance ids appear in callback URIs registered at providers: lowercase and URL-safe. */
export const connectorIdPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const connectorIdSchema = z
  .string()
  .regex(connectorIdPattern, 'must be 1–64 lowercase letters, digits, "_" or "-", starting with a letter or digit');

/** What an admin may override per connector instance (e.g. the button name and logo). */
export const connectorMetadataOverridesSchema = z
  .object({
    target: z.string().regex(connectorIdPattern, 'must be lowercase letters, digits, "_" or "-"').optional(),
    name: localizedTextSchema.optional(),
    logo: z.string().max(2048).optional(),
    logoDark: z.string().max(2048).nullable().optional(),
  })
  .strict();
export type ConnectorMetadataOverrides = z.infer<typeof connectorMetadataOverridesSchema>;

const configInputSchema = z.record(z.string(), z.unknown()).describe('the connector config; see the factory `formItems`');

export const createConnectorBodySchema = z
  .object({
    connectorId: z.string().min(1).max(64).describe('the factory id'),
    /** A proposed instance id, so its callback URI can be registered at the provider beforehand. */
    id: connectorIdSchema.optional(),
    config: configInputSchema.default({}),
    metadata: connectorMetadataOverridesSchema.optional(),
    syncProfile: z.boolean().default(false),
  })
  .strict();
export type CreateConnectorBody = z.infer<typeof createConnectorBodySchema>;

export const updateConnectorBodySchema = z
  .object({
    /** Replaces the whole config; a confidential field sent back masked keeps its stored value. */
    config: configInputSchema.optional(),
    metadata: connectorMetadataOverridesSchema.optional(),
    syncProfile: z.boolean().optional(),
  })
  .strict();
export type UpdateConnectorBody = z.infer<typeof updateConnectorBodySchema>;

export const testConnectorBodySchema = z
  .object({
    email: emailSchema.optional(),
    phone: phoneSchema.optional(),
    config: configInputSchema,
    locale: z.string().max(35).optional(),
  })
  .strict()
  .refine((body) => (body.email === undefined) !== (body.phone === undefined), { message: 'give exactly one of "email" or "phone"' });
export type TestConnectorBody = z.infer<typeof testConnectorBodySchema>;

export const connectorSchema = connectorFactorySchema.omit({ id: true }).extend({
  tenantId: z.string(),
  /** The instance id (used in `/callback/:id`). */
  id: z.string(),
  /** The factory id. */
  connectorId: z.string(),
  /** Confidential fields are masked. */
  config: z.record(z.string(), z.unknown()),
  metadata: connectorMetadataOverridesSchema,
  syncProfile: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ConnectorResponse = z.infer<typeof connectorSchema>;

/** A message kept by the dev outbox connector instead of being sent. */
export const outboxMessageSchema = z.object({
  id: z.string(),
  connectorId: z.string(),
  channel: z.enum(['Email', 'Sms']),
  to: z.string(),
  usageType: templateUsageTypeSchema,
  subject: z.string().nullable(),
  content: z.string(),
  payload: z.record(z.string(), z.string()),
  createdAt: z.number().int(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const outboxQuerySchema = z
  .object({
    to: z.string().max(320).optional(),
    channel: z.enum(['Email', 'Sms']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
