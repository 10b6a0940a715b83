// One typed definition per table. Migrations in ../../migrations are generated from this file
// (`npm run db:generate`); the schema test fails if they drift apart.
// Every table carries tenant_id so several isolated tenants can later share one database.
import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tenantId = () => text('tenant_id').notNull().default('default');
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const applications = pgTable(
  'applications',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type', { enum: ['Traditional', 'SPA', 'Native', 'MachineToMachine'] }).notNull(),
    /** AES-256-GCM ciphertext of the client secret (see crypto/secret-box.ts). */
    secretCiphertext: text('secret_ciphertext').notNull(),
    oidcClientMetadata: jsonb('oidc_client_metadata').notNull(),
    customClientMetadata: jsonb('custom_client_metadata').notNull(),
    isThirdParty: boolean('is_third_party').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

/** Secrets replaced by a rotation that stay valid until `expires_at` (the grace period). */
export const applicationPreviousSecrets = pgTable(
  'application_previous_secrets',
  {
    tenantId: tenantId(),
    applicationId: text('application_id').notNull(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index('application_previous_secrets__application').on(table.tenantId, table.applicationId),
    foreignKey({ columns: [table.tenantId, table.applicationId], foreignColumns: [applications.tenantId, applications.id] }).onDelete('cascade'),
  ],
);

export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    username: text('username'),
    primaryEmail: text('primary_email'),
    primaryPhone: text('primary_phone'),
    passwordHash: text('password_hash'),
    name: text('name'),
    avatar: text('avatar'),
    profile: jsonb('profile').notNull().default({}),
    customData: jsonb('custom_data').notNull().default({}),
    identities: jsonb('identities').notNull().default({}),
    isSuspended: boolean('is_suspended').notNull().default(false),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    // Identifiers are unique case-insensitively; the database enforces it so concurrent creations cannot race.
    uniqueIndex('users__username').on(table.tenantId, sql`lower(${table.username})`),
    uniqueIndex('users__primary_email').on(table.tenantId, sql`lower(${table.primaryEmail})`),
    uniqueIndex('users__primary_phone').on(table.tenantId, table.primaryPhone),
    index('users__created_at').on(table.tenantId, table.createdAt),
  ],
);

export const roles = pgTable(
  'roles',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    type: text('type', { enum: ['User', 'MachineToMachine'] }).notNull(),
    /** Management API scopes this role grants (`all` for full access). */
    managementScopes: jsonb('management_scopes').$type<string[]>().notNull().default([]),
    isBuiltIn: boolean('is_built_in').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('roles__name').on(table.tenantId, sql`lower(${table.name})`),
  ],
);

export const usersRoles = pgTable(
  'users_roles',
  {
    tenantId: tenantId(),
    userId: text('user_id').notNull(),
    roleId: text('role_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.userId, table.roleId] }),
    foreignKey({ columns: [table.tenantId, table.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.tenantId, table.roleId], foreignColumns: [roles.tenantId, roles.id] }).onDelete('cascade'),
  ],
);

export const applicationsRoles = pgTable(
  'applications_roles',
  {
    tenantId: tenantId(),
    applicationId: text('application_id').notNull(),
    roleId: text('role_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.applicationId, table.roleId] }),
    foreignKey({ columns: [table.tenantId, table.applicationId], foreignColumns: [applications.tenantId, applications.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.tenantId, table.roleId], foreignColumns: [roles.tenantId, roles.id] }).onDelete('cascade'),
  ],
);

/** Storage for every oidc-provider model (sessions, interactions, grants, codes, tokens …). */
export const oidcModelInstances = pgTable(
  'oidc_model_instances',
  {
    tenantId: tenantId(),
    modelName: text('model_name').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true, mode: 'date' }),
    grantId: text('grant_id'),
    uid: text('uid'),
    userCode: text('user_code'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.modelName, table.id] }),
    index('oidc_model_instances__grant_id').on(table.tenantId, table.grantId),
    index('oidc_model_instances__uid').on(table.tenantId, table.modelName, table.uid),
    index('oidc_model_instances__user_code').on(table.tenantId, table.modelName, table.userCode),
    index('oidc_model_instances__expires_at').on(table.expiresAt),
  ],
);

/** Token signing keys. A key is published in JWKS until `expires_at`; the newest unretired key per algorithm signs. */
export const oidcSigningKeys = pgTable(
  'oidc_signing_keys',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    alg: text('alg', { enum: ['ES384', 'RS256', 'ES256'] }).notNull(),
    privateJwkCiphertext: text('private_jwk_ciphertext').notNull(),
    createdAt: createdAt(),
    /** Set when the key is rotated out: it stops signing at once and leaves JWKS at this time. */
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

/** Small named secrets shared by every instance (cookie signing keys, the secret-key check value). */
export const systemSecrets = pgTable(
  'system_secrets',
  {
    tenantId: tenantId(),
    name: text('name').notNull(),
    valueCiphertext: text('value_ciphertext').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.name] })],
);

/** Server-owned sign-in state of one OIDC interaction (what the Experience API has verified so far). */
export const experienceSessions = pgTable(
  'experience_sessions',
  {
    tenantId: tenantId(),
    interactionUid: text('interaction_uid').notNull(),
    state: jsonb('state').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.interactionUid] }),
    index('experience_sessions__expires_at').on(table.expiresAt),
  ],
);

/** Fixed-window counters for rate and attempt limits, shared by every instance. */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    count: integer('count').notNull(),
    windowEndsAt: timestamp('window_ends_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.key] }),
    index('rate_limit_counters__window_ends_at').on(table.windowEndsAt),
  ],
);

/**
 * Connector instances. `type`, `target` and `platform` copy the factory's (and the admin's target
 * override) so the partial unique indexes below enforce "one email, one SMS, one social connector
 * per target and platform" even against concurrent creations.
 */
export const connectors = pgTable(
  'connectors',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    /** The factory id, e.g. `aliyun-direct-mail`. */
    connectorId: text('connector_id').notNull(),
    type: text('type', { enum: ['Social', 'Email', 'Sms'] }).notNull(),
    target: text('target').notNull(),
    platform: text('platform', { enum: ['Web', 'Native', 'Universal'] }),
    /** AES-256-GCM ciphertext of the whole config JSON: configs hold provider secrets. */
    configCiphertext: text('config_ciphertext').notNull(),
    metadata: jsonb('metadata').notNull().default({}),
    syncProfile: boolean('sync_profile').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('connectors__one_per_message_type').on(table.tenantId, table.type).where(sql`${table.type} in ('Email', 'Sms')`),
    uniqueIndex('connectors__one_social_per_target_platform').on(table.tenantId, table.target, table.platform).where(sql`${table.type} = 'Social'`),
  ],
);

/** The sign-in experience of a tenant (one row; absent means the defaults). */
export const signInExperiences = pgTable('sign_in_experiences', {
  tenantId: tenantId().primaryKey(),
  config: jsonb('config').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Messages the dev outbox connector kept instead of sending (local development and tests). */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    /** The connector instance that kept it. */
    connectorId: text('connector_id').notNull(),
    channel: text('channel', { enum: ['Email', 'Sms'] }).notNull(),
    recipient: text('recipient').notNull(),
    usageType: text('usage_type').notNull(),
    subject: text('subject'),
    content: text('content').notNull(),
    payload: jsonb('payload').notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('outbox_messages__recipient').on(table.tenantId, table.recipient, table.createdAt),
    index('outbox_messages__created_at').on(table.createdAt),
  ],
);

/**
 * Sign-in history: one row per finished sign-in, registration or recovery, and per failed password
 * check. Never holds secrets, nor the identifier typed for an unknown account. Kept 90 days.
 */
export const logs = pgTable(
  'logs',
  {
    tenantId: tenantId(),
    id: text('id').notNull(),
    key: text('key', { enum: ['Interaction.SignIn', 'Interaction.Register', 'Interaction.ForgotPassword'] }).notNull(),
    result: text('result', { enum: ['Success', 'Error'] }).notNull(),
    /** No foreign key: the history of a deleted user stays readable until it expires. */
    userId: text('user_id'),
    applicationId: text('application_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('logs__created_at').on(table.tenantId, table.createdAt),
    index('logs__user_id').on(table.tenantId, table.userId, table.createdAt),
    // The sweeper deletes old rows of every tenant at once.
    index('logs__expiry').on(table.createdAt),
  ],
);

export type ApplicationRow = typeof applications.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type ConnectorRow = typeof connectors.$inferSelect;
export type OutboxMessageRow = typeof outboxMessages.$inferSelect;
export type LogRow = typeof logs.$inferSelect;
