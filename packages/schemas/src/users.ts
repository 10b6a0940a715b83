import { z } from 'zod';
import { epochMillisSchema, jsonObjectSchema, paginationQuerySchema } from './common.ts';

// Usernames: a letter or underscore first, then letters, digits, underscores (the reference product's rule).
export const usernameSchema = z
  .string()
  .max(128)
  .regex(/^[A-Z_a-z][\w]*$/, 'must start with a letter or "_" and contain only letters, digits and "_"');
export const emailSchema = z
  .string()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');
/** Phone numbers are stored as digits with the country code, without "+" or spaces. */
export const phoneSchema = z
  .string()
  .max(32)
  .transform((value) => value.replace(/[\s()-]/g, '').replace(/^\+/, ''))
  .pipe(z.string().regex(/^\d{6,15}$/, 'must be a phone number with country code, e.g. +14155550100'));
export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

const urlSchema = z.url({ protocol: /^https?$/ }).max(2048);

export const userProfileSchema = z
  .object({
    familyName: z.string().max(256),
    givenName: z.string().max(256),
    middleName: z.string().max(256),
    nickname: z.string().max(256),
    preferredUsername: z.string().max(256),
    profile: z.string().max(2048),
    website: z.string().max(2048),
    gender: z.string().max(64),
    birthdate: z.string().max(64),
    zoneinfo: z.string().max(64),
    locale: z.string().max(64),
    address: z.record(z.string().max(64), z.string().max(1024)),
  })
  .partial()
  .strict();

export const identitySchema = z
  .object({ userId: z.string().min(1).max(256), details: jsonObjectSchema.optional() })
  .strict();
export const identitiesSchema = z.record(z.string(), identitySchema);

export const createUserBodySchema = z
  .object({
    username: usernameSchema,
    primaryEmail: emailSchema,
    primaryPhone: phoneSchema,
    password: passwordSchema,
    name: z.string().max(256),
    avatar: urlSchema,
    profile: userProfileSchema,
    customData: jsonObjectSchema,
  })
  .partial()
  .strict();
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z
  .object({
    username: usernameSchema.nullable(),
    primaryEmail: emailSchema.nullable(),
    primaryPhone: phoneSchema.nullable(),
    name: z.string().max(256).nullable(),
    avatar: urlSchema.nullable(),
    profile: userProfileSchema,
    customData: jsonObjectSchema,
  })
  .partial()
  .strict();
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

export const updateUserPasswordBodySchema = z.object({ password: passwordSchema }).strict();
export const verifyUserPasswordBodySchema = z.object({ password: z.string().max(256) }).strict();
export const updateUserSuspensionBodySchema = z.object({ isSuspended: z.boolean() }).strict();
export const updateUserCustomDataBodySchema = z.object({ customData: jsonObjectSchema }).strict();
export const putUserIdentityBodySchema = z
  .object({ socialUserId: z.string().min(1).max(256), socialIdentity: jsonObjectSchema.optional() })
  .strict();

export const listUsersQuerySchema = paginationQuerySchema
  .extend({ search: z.string().max(256).optional().describe('case-insensitive substring of id, username, email, phone or name') })
  .strict();

export const userSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  profile: userProfileSchema,
  customData: z.record(z.string(), z.unknown()),
  identities: identitiesSchema,
  hasPassword: z.boolean(),
  isSuspended: z.boolean(),
  lastSignInAt: epochMillisSchema.nullable(),
  createdAt: epochMillisSchema,
  updatedAt: epochMillisSchema,
});
export type User = z.infer<typeof userSchema>;
