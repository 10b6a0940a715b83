import { z } from 'zod';

// The sign-in experience: what the sign-in pages offer and how. Field names follow the reference
// product's `/api/sign-in-exp`, so existing scripts and guides apply unchanged.

export const signInIdentifiers = ['username', 'email', 'phone'] as const;
export const signInIdentifierNameSchema = z.enum(signInIdentifiers);
export type SignInIdentifierName = z.infer<typeof signInIdentifierNameSchema>;

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #5B4DF5');

export const signInMethodSchema = z
  .object({
    identifier: signInIdentifierNameSchema,
    password: z.boolean(),
    verificationCode: z.boolean(),
    /** Which factor the page offers first when both are on. */
    isPasswordPrimary: z.boolean(),
  })
  .strict();
export type SignInMethod = z.infer<typeof signInMethodSchema>;

export const signUpSchema = z
  .object({
    /** Empty: "not applicable" (sign-up only through social connectors). `['email', 'phone']`: either one. */
    identifiers: z.array(signInIdentifierNameSchema).max(3),
    /** Ask for a password at sign-up. */
    password: z.boolean(),
    /** Verify the email/phone with a code at sign-up (always on when they are identifiers). */
    verify: z.boolean(),
    secondaryIdentifiers: z
      .array(z.object({ identifier: z.enum(['username', 'email', 'phone', 'emailOrPhone']), verify: z.boolean().optional() }).strict())
      .max(4)
      .optional(),
  })
  .strict();

export const passwordPolicySchema = z
  .object({
    length: z.object({ min: z.number().int().min(8).max(256), max: z.number().int().min(8).max(256) }).strict(),
    /** How many of lowercase, uppercase, digits and symbols a password must mix. */
    characterTypes: z.object({ required: z.number().int().min(1).max(4) }).strict(),
    rejects: z
      .object({
        /** Passwords found in breach lists (checked against an offline list of common passwords). */
        pwned: z.boolean(),
        /** e.g. "aaaa", "1234", "abcd". */
        repetitionAndSequence: z.boolean(),
        /** Passwords containing the user's name, username, email or phone. */
        userInfo: z.boolean(),
        /** Custom words (such as the product name) passwords may not contain. */
        words: z.array(z.string().min(3).max(64)).max(100),
      })
      .strict(),
  })
  .strict()
  .refine((policy) => policy.length.min <= policy.length.max, { message: 'length.min must not exceed length.max', path: ['length'] });
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export const signInExperienceConfigSchema = z
  .object({
    color: z.object({ primaryColor: hexColor, isDarkModeEnabled: z.boolean(), darkPrimaryColor: hexColor }).strict(),
    branding: z.object({ logoUrl: httpUrl.optional(), darkLogoUrl: httpUrl.optional(), favicon: httpUrl.optional() }).strict(),
    languageInfo: z.object({ autoDetect: z.boolean(), fallbackLanguage: z.enum(['en', 'es', 'fr', 'zh-CN']) }).strict(),
    termsOfUseUrl: httpUrl.nullable(),
    privacyPolicyUrl: httpUrl.nullable(),
    agreeToTermsPolicy: z.enum(['Automatic', 'ManualRegistrationOnly', 'Manual']),
    signIn: z.object({ methods: z.array(signInMethodSchema).max(3) }).strict(),
    signUp: signUpSchema,
    /** Social connector targets, in button order. */
    socialSignInConnectorTargets: z.array(z.string().min(1).max(64)).max(50),
    socialSignIn: z.object({ automaticAccountLinking: z.boolean().optional() }).strict(),
    signInMode: z.enum(['SignIn', 'Register', 'SignInAndRegister']),
    customCss: z.string().max(64 * 1024).nullable(),
    passwordPolicy: passwordPolicySchema,
  })
  .strict();
export type SignInExperienceConfig = z.infer<typeof signInExperienceConfigSchema>;

export const signInExperienceSchema = signInExperienceConfigSchema.extend({ tenantId: z.string(), id: z.string() });
export type SignInExperience = z.infer<typeof signInExperienceSchema>;

/** PATCH: any top-level field, each replaced whole. */
export const updateSignInExperienceBodySchema = signInExperienceConfigSchema.partial().strict();
export type UpdateSignInExperienceBody = z.infer<typeof updateSignInExperienceBodySchema>;

export const defaultSignInExperience: SignInExperienceConfig = {
  color: { primaryColor: '#5B4DF5', isDarkModeEnabled: false, darkPrimaryColor: '#8B80FF' },
  branding: {},
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
  termsOfUseUrl: null,
  privacyPolicyUrl: null,
  agreeToTermsPolicy: 'Automatic',
  signIn: {
    methods: [
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
      { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
    ],
  },
  signUp: { identifiers: ['username'], password: true, verify: false },
  socialSignInConnectorTargets: [],
  socialSignIn: { automaticAccountLinking: false },
  signInMode: 'SignInAndRegister',
  customCss: null,
  passwordPolicy: {
    length: { min: 8, max: 256 },
    characterTypes: { required: 1 },
    rejects: { pwned: true, repetitionAndSequence: true, userInfo: true, words: [] },
  },
};
