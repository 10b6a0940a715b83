// What one sign-in may do: the tenant's sign-in experience, except for the Console's own sign-in.
// Both the settings the pages render (experience.settings.ts) and the checks of the Experience API
// (experience.service.ts) come from `experiencePolicy`, so what is shown and what is allowed agree.
import { consoleClientId, defaultSignInExperience, type SignInExperienceConfig } from '@signet/schemas';

export type ExperiencePolicy = {
  config: SignInExperienceConfig;
  /** One-time codes (sign-in, sign-up, recovery) may be sent in this sign-in. */
  codes: boolean;
  /**
   * Only active Console admins may finish this sign-in. The Console's sign-in accepts passwords
   * whatever the sign-in experience says; without this, anyone could use it to open a session
   * (and single sign-on to other apps) in a way the sign-in experience does not allow.
   */
  adminsOnly: boolean;
};

/**
 * The Console always offers username or email with a password, with the default look: whatever
 * an admin does to the end-user sign-in experience (codes only, social only, sign-up only, a
 * broken custom CSS), admins can still sign in to the Console to undo it. No registration, no
 * codes, no social sign-in and no terms: only existing admins get in. The language settings and
 * the password policy stay the tenant's.
 */
const consoleSignIn = (stored: SignInExperienceConfig): SignInExperienceConfig => ({
  ...stored,
  color: defaultSignInExperience.color,
  branding: {},
  customCss: null,
  termsOfUseUrl: null,
  privacyPolicyUrl: null,
  agreeToTermsPolicy: 'Automatic',
  signInMode: 'SignIn',
  signIn: {
    methods: [
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
      { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
    ],
  },
  signUp: { identifiers: ['username'], password: true, verify: false },
  socialSignInConnectorTargets: [],
  socialSignIn: { automaticAccountLinking: false },
});

/** The effective rules of a sign-in started by `clientId` (undefined: no application known). */
export function experiencePolicy(stored: SignInExperienceConfig, clientId: string | undefined): ExperiencePolicy {
  if (clientId === consoleClientId) return { config: consoleSignIn(stored), codes: false, adminsOnly: true };
  return { config: stored, codes: true, adminsOnly: false };
}
