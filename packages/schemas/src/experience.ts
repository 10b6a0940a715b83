import { z } from 'zod';
import { emailSchema, phoneSchema, usernameSchema } from './users.ts';
import { connectorIdSchema, connectorPlatformSchema, localizedTextSchema } from './connectors.ts';
import { signInExperienceConfigSchema } from './sign-in-experience.ts';

// The Experience API (/api/experience/*): what the sign-in pages send and receive. The server owns
// the flow; every call that moves it forward answers with the next step.

export const interactionEvents = ['SignIn', 'Register', 'ForgotPassword'] as const;
export const interactionEventSchema = z.enum(interactionEvents);
export type InteractionEvent = z.infer<typeof interactionEventSchema>;

export const startExperienceBodySchema = z.object({ interactionEvent: interactionEventSchema }).strict();

/** Languages the sign-in pages are written in. */
export const experienceLocales = ['en', 'es', 'fr', 'zh-CN'] as const;
export const experienceLocaleSchema = z.enum(experienceLocales);
export type ExperienceLocale = z.infer<typeof experienceLocaleSchema>;

export const usernameIdentifierSchema = z.object({ type: z.literal('username'), value: usernameSchema }).strict();
export const emailIdentifierSchema = z.object({ type: z.literal('email'), value: emailSchema }).strict();
export const phoneIdentifierSchema = z.object({ type: z.literal('phone'), value: phoneSchema }).strict();

/** Who the user says they are. Phone numbers are normalized to digits with the country code. */
export const interactionIdentifierSchema = z.discriminatedUnion('type', [usernameIdentifierSchema, emailIdentifierSchema, phoneIdentifierSchema]);
export type InteractionIdentifier = z.infer<typeof interactionIdentifierSchema>;

/** Identifiers a code can be sent to. */
export const codeIdentifierSchema = z.discriminatedUnion('type', [emailIdentifierSchema, phoneIdentifierSchema]);
export type CodeIdentifier = z.infer<typeof codeIdentifierSchema>;

// Password sign-in accepts any bounded text as the username: an account created before a username
// rule changed must still be able to sign in, and the answer must not tell valid from invalid names.
export const passwordVerificationBodySchema = z
  .object({
    identifier: z.discriminatedUnion('type', [
      z.object({ type: z.literal('username'), value: z.string().min(1).max(128) }).strict(),
      emailIdentifierSchema,
      phoneIdentifierSchema,
    ]),
    password: z.string().min(1).max(256),
  })
  .strict();

export const verificationIdSchema = z.string().min(1).max(64);
export const verificationCodeSchema = z.string().regex(/^\d{6}$/, 'must be the 6-digit code');

export const sendVerificationCodeBodySchema = z.object({ identifier: codeIdentifierSchema, interactionEvent: interactionEventSchema }).strict();
export const sentVerificationCodeSchema = z.object({
  verificationId: z.string(),
  /** Seconds until the code expires. */
  expiresInSeconds: z.number().int(),
  /** Seconds before another code may be sent to the same identifier. */
  resendAfterSeconds: z.number().int(),
});
export const verifyVerificationCodeBodySchema = z
  .object({ identifier: codeIdentifierSchema, verificationId: verificationIdSchema, code: verificationCodeSchema })
  .strict();

export const verificationResultSchema = z.object({ verificationId: z.string() });

export const socialVerifyBodySchema = z
  .object({ connectorData: z.record(z.string().max(256), z.string().max(8192)) })
  .strict();

export const identifyBodySchema = z
  .object({
    /** A completed verification (password, code or social). Omit when registering with a username. */
    verificationId: verificationIdSchema.optional(),
    /**
     * A verified social sign-in (step `link-social`) to link to the account this verification
     * proves, instead of creating a user for it.
     */
    linkSocialVerificationId: verificationIdSchema.optional(),
  })
  .strict();

/** Profile the registration (or a social sign-up) still needs; `emailOrPhone` = either one. */
export const missingProfileItems = ['username', 'email', 'phone', 'emailOrPhone', 'password'] as const;
export const missingProfileItemSchema = z.enum(missingProfileItems);
export type MissingProfileItem = z.infer<typeof missingProfileItemSchema>;

export const addProfileBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('username'), value: usernameSchema }).strict(),
  z.object({ type: z.literal('password'), value: z.string().min(1).max(256) }).strict(),
  /** A verified code for the email or phone to add. */
  z.object({ type: z.literal('email'), verificationId: verificationIdSchema }).strict(),
  z.object({ type: z.literal('phone'), verificationId: verificationIdSchema }).strict(),
]);
export type AddProfileBody = z.infer<typeof addProfileBodySchema>;

export const resetPasswordBodySchema = z.object({ password: z.string().min(1).max(256) }).strict();

/** What the sign-in page should do next. */
export const experienceStepSchema = z.discriminatedUnion('next', [
  /** Ask who the user is (identifier + password or code, or a social button). */
  z.object({ next: z.literal('identify'), interactionEvent: interactionEventSchema }),
  /** Ask for what the registration still lacks. */
  z.object({ next: z.literal('profile'), interactionEvent: interactionEventSchema, missingProfile: z.array(missingProfileItemSchema) }),
  /** Forgot password: the account is verified, ask for the new password. */
  z.object({ next: z.literal('reset-password'), interactionEvent: interactionEventSchema }),
  /**
   * A social account signed in whose verified email (or phone) belongs to an existing account, and
   * automatic linking is off: offer to sign in to that account to link it, or to create a new one.
   */
  z.object({
    next: z.literal('link-social'),
    interactionEvent: interactionEventSchema,
    socialVerificationId: z.string(),
    connectorId: z.string(),
    /** The existing account, masked (`j***@example.com`). */
    relatedUser: z.object({ type: z.enum(['email', 'phone']), value: z.string() }),
  }),
  /** Everything is verified: POST /api/experience/submit. */
  z.object({ next: z.literal('submit'), interactionEvent: interactionEventSchema }),
]);
export type ExperienceStep = z.infer<typeof experienceStepSchema>;

export const submitResultSchema = z.object({ redirectTo: z.string() });

/** A social connector as the sign-in page shows it. */
export const experienceSocialConnectorSchema = z.object({
  id: connectorIdSchema,
  target: z.string(),
  platform: connectorPlatformSchema,
  name: localizedTextSchema,
  logo: z.string(),
  logoDark: z.string().nullable(),
});
export type ExperienceSocialConnector = z.infer<typeof experienceSocialConnectorSchema>;

/** Everything the sign-in pages render from (GET /api/experience/settings); nothing in it is secret. */
export const experienceSettingsSchema = z.object({
  signInExperience: signInExperienceConfigSchema,
  /** Social connectors in button order (socialSignInConnectorTargets), every platform; the page filters by bridge. */
  socialConnectors: z.array(experienceSocialConnectorSchema),
  /** Which kinds of codes can be delivered (forgot password by email / SMS). */
  messaging: z.object({ email: z.boolean(), sms: z.boolean() }),
  /** The application the user is signing in to, when an interaction is in progress. */
  application: z.object({ id: z.string(), name: z.string(), isThirdParty: z.boolean() }).nullable(),
  /** Language chosen by the server: ui_locales, then Accept-Language, then the fallback. */
  locale: experienceLocaleSchema,
});
export type ExperienceSettings = z.infer<typeof experienceSettingsSchema>;

/** A preview renders with an unsaved configuration (the Console's live preview); nothing is sent. */
export const experiencePreviewMessageSchema = z.object({
  type: z.literal('signet:preview'),
  settings: experienceSettingsSchema,
  /** Which page to show. */
  page: z.enum(['sign-in', 'register', 'forgot-password']).optional(),
  colorScheme: z.enum(['light', 'dark']).optional(),
});
export type ExperiencePreviewMessage = z.infer<typeof experiencePreviewMessageSchema>;

export const consentDetailsSchema = z.object({
  application: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string().nullable(), username: z.string().nullable(), primaryEmail: z.string().nullable() }),
  /** OIDC scopes the app asks for (openid, profile, email, phone, offline_access) and API scopes by resource. */
  scopes: z.array(z.string()),
  resourceScopes: z.array(z.object({ resource: z.string(), scopes: z.array(z.string()) })),
});
export type ConsentDetails = z.infer<typeof consentDetailsSchema>;

export const consentBodySchema = z.object({ decision: z.enum(['allow', 'deny']) }).strict();
