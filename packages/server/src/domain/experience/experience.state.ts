// The state of one sign-in (kept server-side per OIDC interaction) and the pure rules that turn it
// into the next step. Nothing here touches the database.
import type { CodeIdentifier, ExperienceStep, InteractionEvent, MissingProfileItem, SignInExperienceConfig } from '@signet/schemas';
import type { ConnectorSession } from '../../connectors/kit.ts';
import type { IssuedCode } from '../verification-codes/verification-codes.ts';
import type { SocialProfile } from '../users/users.service.ts';

export type PasswordVerification = { id: string; type: 'Password'; userId: string };

export type CodeVerification = {
  id: string;
  type: 'VerificationCode';
  code: IssuedCode;
  /** Set once the right code was entered; the code itself is then spent. */
  verified: boolean;
};

/** A social sign-in: pending until the provider's callback arrives with the matching state. */
export type SocialVerification = {
  id: string;
  type: 'Social';
  connectorId: string;
  target: string;
  /** Compared with the callback's `state` (constant time): the callback belongs to this sign-in. */
  state: string;
  redirectUri: string;
  session: ConnectorSession;
  /** The provider's profile, once the callback was verified. */
  profile?: SocialProfile;
};

export type Verification = PasswordVerification | CodeVerification | SocialVerification;

/** What a registration has collected so far. Email and phone are only ever set from verified codes or a verified social email. */
export type RegistrationDraft = {
  username?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  passwordHash?: string;
  socialVerificationId?: string;
};

export type ExperienceState = {
  interactionEvent: InteractionEvent;
  /** The application the interaction signs in to (its rules may differ: see experience.policy.ts). */
  clientId?: string;
  verifications: Verification[];
  /** The existing account this sign-in (or recovery) is for, once identified. */
  userId?: string;
  registration?: RegistrationDraft;
  /** A verified social account waiting to be linked to an existing account the user signs in to. */
  pendingLink?: { socialVerificationId: string; relatedUser: { type: 'email' | 'phone'; value: string } };
  /** Forgot password: the new password is set. */
  passwordReset?: boolean;
};

export const emptyState = (interactionEvent: InteractionEvent, clientId?: string): ExperienceState => ({
  interactionEvent,
  ...(clientId !== undefined && { clientId }),
  verifications: [],
  ...(interactionEvent === 'Register' && { registration: {} }),
});

/** Sign-up requirements, as profile items: `['email', 'phone']` means either one. */
export function requiredProfile(config: SignInExperienceConfig, viaSocial: boolean): MissingProfileItem[] {
  const items = new Set<MissingProfileItem>();
  const addIdentifiers = (identifiers: readonly string[]) => {
    if (identifiers.includes('username')) items.add('username');
    const email = identifiers.includes('email');
    const phone = identifiers.includes('phone');
    if (email && phone) items.add('emailOrPhone');
    else if (email) items.add('email');
    else if (phone) items.add('phone');
  };
  addIdentifiers(config.signUp.identifiers);
  for (const secondary of config.signUp.secondaryIdentifiers ?? []) {
    if (secondary.identifier === 'emailOrPhone') items.add('emailOrPhone');
    else addIdentifiers([secondary.identifier]);
  }
  // A social account signs in through its provider: it needs no password of its own.
  if (config.signUp.password && !viaSocial) items.add('password');
  return [...items];
}

export function missingProfile(config: SignInExperienceConfig, draft: RegistrationDraft): MissingProfileItem[] {
  return requiredProfile(config, draft.socialVerificationId !== undefined).filter((item) => {
    switch (item) {
      case 'username':
        return !draft.username;
      case 'email':
        return !draft.primaryEmail;
      case 'phone':
        return !draft.primaryPhone;
      case 'emailOrPhone':
        return !draft.primaryEmail && !draft.primaryPhone;
      case 'password':
        return !draft.passwordHash;
    }
  });
}

const hasStarted = (draft: RegistrationDraft) => Object.values(draft).some((value) => value !== undefined);

export function nextStep(state: ExperienceState, config: SignInExperienceConfig): ExperienceStep {
  const { interactionEvent } = state;
  switch (interactionEvent) {
    case 'SignIn':
      if (state.userId) return { next: 'submit', interactionEvent };
      if (state.pendingLink) {
        const social = state.verifications.find((item) => item.id === state.pendingLink!.socialVerificationId) as SocialVerification | undefined;
        return {
          next: 'link-social',
          interactionEvent,
          socialVerificationId: state.pendingLink.socialVerificationId,
          connectorId: social?.connectorId ?? '',
          relatedUser: state.pendingLink.relatedUser,
        };
      }
      return { next: 'identify', interactionEvent };
    case 'ForgotPassword':
      if (!state.userId) return { next: 'identify', interactionEvent };
      return state.passwordReset ? { next: 'submit', interactionEvent } : { next: 'reset-password', interactionEvent };
    case 'Register': {
      const draft = state.registration ?? {};
      if (!hasStarted(draft)) return { next: 'identify', interactionEvent };
      const missing = missingProfile(config, draft);
      return missing.length > 0 ? { next: 'profile', interactionEvent, missingProfile: missing } : { next: 'submit', interactionEvent };
    }
  }
}

/** `jane@example.com` → `j***@example.com`; `8613800001234` → `*********1234`. Enough to recognize, not to harvest. */
export function maskIdentifier(identifier: CodeIdentifier): string {
  if (identifier.type === 'email') {
    const [local = '', domain = ''] = identifier.value.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  }
  return `${'*'.repeat(Math.max(0, identifier.value.length - 4))}${identifier.value.slice(-4)}`;
}
