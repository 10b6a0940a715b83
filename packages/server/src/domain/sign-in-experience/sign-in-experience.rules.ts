// The rules that tie the fields of a sign-in experience together, as a pure function: given what is
// set up (connectors), the first reason this configuration could not work, or nothing.
import type { SignInExperienceConfig } from '@signet/schemas';
import { ApiError } from '../../http/api-error.ts';

export type AvailableConnectors = { email: boolean; sms: boolean; socialTargets: ReadonlySet<string> };

/** What is implied rather than chosen: email and phone sign-ups are always verified. */
export function normalizeSignInExperience(config: SignInExperienceConfig): SignInExperienceConfig {
  const verified = config.signUp.identifiers.some((identifier) => identifier !== 'username');
  return { ...config, signUp: { ...config.signUp, identifiers: [...new Set(config.signUp.identifiers)], verify: config.signUp.verify || verified } };
}

function connectorFor(identifier: 'email' | 'phone', available: AvailableConnectors, why: string): ApiError | undefined {
  if (identifier === 'email' && !available.email) {
    return new ApiError('sign_in_experience.missing_email_connector', `${why} needs an email connector: set one up first (Connectors > Email and SMS)`);
  }
  if (identifier === 'phone' && !available.sms) {
    return new ApiError('sign_in_experience.missing_sms_connector', `${why} needs an SMS connector: set one up first (Connectors > Email and SMS)`);
  }
  return undefined;
}

export function signInExperienceProblem(config: SignInExperienceConfig, available: AvailableConnectors): ApiError | undefined {
  const { methods } = config.signIn;
  const { signUp } = config;
  const seen = new Set<string>();
  for (const method of methods) {
    if (seen.has(method.identifier)) {
      return new ApiError('sign_in_experience.invalid_sign_in_method', `The ${method.identifier} sign-in method is listed twice`, { identifier: method.identifier });
    }
    seen.add(method.identifier);
    if (!method.password && !method.verificationCode) {
      return new ApiError('sign_in_experience.invalid_sign_in_method', `The ${method.identifier} sign-in method needs a password or a verification code`, { identifier: method.identifier });
    }
    if (method.identifier === 'username' && method.verificationCode) {
      return new ApiError('sign_in_experience.invalid_sign_in_method', 'A username cannot receive verification codes: sign in with a username takes a password', { identifier: 'username' });
    }
    if (method.verificationCode && method.identifier !== 'username') {
      const problem = connectorFor(method.identifier, available, `Signing in with an ${method.identifier} code`);
      if (problem) return problem;
    }
  }
  if (signUp.identifiers.includes('username') && !signUp.password) {
    return new ApiError('sign_in_experience.password_required', 'Signing up with a username needs a password (turn on "Create your password")');
  }
  for (const identifier of signUp.identifiers) {
    if (!methods.some((method) => method.identifier === identifier)) {
      return new ApiError('sign_in_experience.missing_sign_in_method', `Users who sign up with their ${identifier} need a way to sign in with it: add the ${identifier} sign-in method`, { identifier });
    }
    if (identifier !== 'username') {
      const problem = connectorFor(identifier, available, `Signing up with ${identifier === 'email' ? 'an email address' : 'a phone number'}`);
      if (problem) return problem;
    }
  }
  for (const target of config.socialSignInConnectorTargets) {
    if (!available.socialTargets.has(target)) {
      return new ApiError('sign_in_experience.unknown_social_target', `No social connector has the target "${target}": add the connector first`, { target });
    }
  }
  const hasSocial = config.socialSignInConnectorTargets.length > 0;
  if (config.signInMode !== 'Register' && methods.length === 0 && !hasSocial) {
    return new ApiError('sign_in_experience.no_way_to_sign_in', 'Add a sign-in method or a social connector: otherwise nobody can sign in');
  }
  if (config.signInMode !== 'SignIn' && signUp.identifiers.length === 0 && !hasSocial) {
    return new ApiError('sign_in_experience.no_way_to_register', 'Sign-up needs an identifier or a social connector (or set the sign-in mode to "SignIn")');
  }
  return undefined;
}
