import { z } from 'zod';
import { emailSchema, passwordSchema, usernameSchema } from './users.ts';

/**
 * The admin Console is a built-in OIDC client of Signet. It is answered from code, not stored in the
 * applications table, so it cannot be edited or deleted through the Management API.
 */
export const consoleClientId = 'signet-console';
/** Paths under `ENDPOINT` the Console registers as its redirect and post sign-out redirect URIs. */
export const consoleRedirectPath = '/console/callback';
export const consolePostSignOutPath = '/console';

/** `GET /api/console/setup`: whether the first visit must create the admin account. */
export const consoleSetupStatusSchema = z.object({ needsAdmin: z.boolean() });
export type ConsoleSetupStatus = z.infer<typeof consoleSetupStatusSchema>;

/** `POST /api/console/setup`: creates the first Console admin; refused once any admin exists. */
export const createFirstAdminBodySchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    primaryEmail: emailSchema.optional(),
  })
  .strict();
export type CreateFirstAdminBody = z.infer<typeof createFirstAdminBodySchema>;
