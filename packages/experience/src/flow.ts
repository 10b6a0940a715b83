// Which page and which screen to show: pathname ↔ page, page ↔ interaction event, step → screen, and
// what a sign-in experience configuration enables. Pure functions, unit-tested.
import type { ExperienceSettings, ExperienceStep, InteractionEvent, MissingProfileItem, SignInExperienceConfig } from '@signet/schemas';
import type { IdentifierType } from './identifier.ts';

/** `error` shows an error the server sends the browser to (`/error?code=…`); it starts no flow. */
export type PageName = 'sign-in' | 'register' | 'forgot-password' | 'consent' | 'error';
export type FlowPage = Exclude<PageName, 'consent' | 'error'>;

const paths: Record<PageName, string> = {
  'sign-in': '/sign-in',
  register: '/register',
  'forgot-password': '/forgot-password',
  consent: '/consent',
  error: '/error',
};

export function pageFromPath(pathname: string): PageName {
  const path = pathname.replace(/\/+$/, '');
  return (Object.keys(paths) as PageName[]).find((page) => paths[page] === path) ?? 'sign-in';
}

export const pathOfPage = (page: PageName): string => paths[page];

const events: Record<FlowPage, InteractionEvent> = { 'sign-in': 'SignIn', register: 'Register', 'forgot-password': 'ForgotPassword' };
export const eventOfPage = (page: FlowPage): InteractionEvent => events[page];

/** The page actually shown: sign-in-only hides /register, register-only turns /sign-in into /register. */
export function effectivePage(page: FlowPage, config: Pick<SignInExperienceConfig, 'signInMode'>): FlowPage {
  if (page === 'sign-in' && config.signInMode === 'Register') return 'register';
  if (page === 'register' && config.signInMode === 'SignIn') return 'sign-in';
  return page;
}

export type Screen =
  | { kind: 'page' }
  | { kind: 'profile'; missing: MissingProfileItem[] }
  | { kind: 'reset-password' }
  | { kind: 'link-social'; step: Extract<ExperienceStep, { next: 'link-social' }> }
  | { kind: 'submit' };

export function screenForStep(step: ExperienceStep): Screen {
  switch (step.next) {
    case 'identify':
      return { kind: 'page' };
    case 'profile':
      return { kind: 'profile', missing: step.missingProfile };
    case 'reset-password':
      return { kind: 'reset-password' };
    case 'link-social':
      return { kind: 'link-social', step };
    case 'submit':
      return { kind: 'submit' };
  }
}

/** The profile item to ask for now: identifiers before the password (its policy may check them). */
export function profileItemToAsk(missing: readonly MissingProfileItem[]): MissingProfileItem | undefined {
  return missing.find((item) => item !== 'password') ?? missing[0];
}

/** Kinds whose code can be delivered (an email connector for email, an SMS connector for phone). */
export function deliverable(settings: Pick<ExperienceSettings, 'messaging'>, type: IdentifierType): boolean {
  return (type === 'email' && settings.messaging.email) || (type === 'phone' && settings.messaging.sms);
}

/** Forgot password works for email/phone sign-in methods that have a password and a code channel. */
export function forgotPasswordTypes(settings: Pick<ExperienceSettings, 'messaging' | 'signInExperience'>): ('email' | 'phone')[] {
  const types: ('email' | 'phone')[] = [];
  for (const method of settings.signInExperience.signIn.methods) {
    if (method.identifier !== 'username' && method.password && deliverable(settings, method.identifier) && !types.includes(method.identifier)) {
      types.push(method.identifier);
    }
  }
  return types;
}

/** After a verified code found no account: may the page offer to create one with it? */
export function canRegisterWith(config: Pick<SignInExperienceConfig, 'signInMode' | 'signUp'>, type: IdentifierType): boolean {
  return config.signInMode !== 'SignIn' && config.signUp.identifiers.includes(type);
}

export type TermsMode = 'none' | 'sentence' | 'checkbox';

export function termsMode(config: Pick<SignInExperienceConfig, 'agreeToTermsPolicy' | 'termsOfUseUrl' | 'privacyPolicyUrl'>, page: FlowPage): TermsMode {
  if (!config.termsOfUseUrl && !config.privacyPolicyUrl) return 'none';
  if (page === 'forgot-password') return 'none';
  switch (config.agreeToTermsPolicy) {
    case 'Automatic':
      return 'sentence';
    case 'ManualRegistrationOnly':
      return page === 'register' ? 'checkbox' : 'sentence';
    case 'Manual':
      return 'checkbox';
  }
}

/** The primary sign-in factor of a method. */
export function primaryFactor(method: { password: boolean; verificationCode: boolean; isPasswordPrimary: boolean }): 'password' | 'code' {
  if (method.password && (method.isPasswordPrimary || !method.verificationCode)) return 'password';
  return method.verificationCode ? 'code' : 'password';
}
