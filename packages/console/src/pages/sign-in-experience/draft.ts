// The form's draft of the sign-in experience: what it holds, how an edit keeps related fields
// consistent, what it sends, and which fields are wrong. Pure functions (unit-tested in draft.test.ts).
import {
  signInExperienceConfigSchema,
  type SignInExperience,
  type SignInExperienceConfig,
  type SignInIdentifierName,
  type SignInMethod,
  type UpdateSignInExperienceBody,
} from '@signet/schemas';

export type Config = SignInExperienceConfig;
export type TopKey = keyof Config;

export const tabs = ['branding', 'sign-up-and-sign-in', 'languages', 'terms', 'password-policy'] as const;
export type TabId = (typeof tabs)[number];
export const isTab = (value: string): value is TabId => (tabs as readonly string[]).includes(value);

/** Field keys are paths into the config (`color.primaryColor`), or list rows (`signIn.methods.email`). */
export type FieldErrors = Record<string, string>;

export function configOf(experience: SignInExperience): Config {
  const { tenantId: _tenantId, id: _id, ...config } = experience;
  return config;
}

/** The tab a field is edited on, by the first part of its path. */
export function tabOfField(field: string): TabId {
  const top = field.split('.')[0] as TopKey;
  switch (top) {
    case 'color':
    case 'branding':
    case 'customCss':
      return 'branding';
    case 'languageInfo':
      return 'languages';
    case 'termsOfUseUrl':
    case 'privacyPolicyUrl':
    case 'agreeToTermsPolicy':
      return 'terms';
    case 'passwordPolicy':
      return 'password-policy';
    default:
      return 'sign-up-and-sign-in';
  }
}

/** What the form holds but the API does not take: blank rows of the custom-words editor. */
export function cleanDraft(draft: Config): Config {
  const words = draft.passwordPolicy.rejects.words.map((word) => word.trim()).filter(Boolean);
  if (sameList(words, draft.passwordPolicy.rejects.words)) return draft;
  return { ...draft, passwordPolicy: { ...draft.passwordPolicy, rejects: { ...draft.passwordPolicy.rejects, words } } };
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** PATCH replaces top-level fields whole: send only the ones that changed. */
export function changedFields(saved: Config, draft: Config): UpdateSignInExperienceBody {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(draft) as TopKey[]) {
    if (JSON.stringify(draft[key]) !== JSON.stringify(saved[key])) body[key] = draft[key];
  }
  return body as UpdateSignInExperienceBody;
}

// --- Sign-up options ------------------------------------------------------------------------

/** The sign-up identifier choices of the form, as the API's identifier lists. */
export const signUpOptions = {
  email: ['email'],
  phone: ['phone'],
  email_phone: ['email', 'phone'],
  username: ['username'],
  none: [],
} as const satisfies Record<string, readonly SignInIdentifierName[]>;
export type SignUpOption = keyof typeof signUpOptions;

export function signUpOptionOf(identifiers: readonly SignInIdentifierName[]): SignUpOption {
  const set = new Set(identifiers);
  if (set.has('username')) return 'username';
  if (set.has('email') && set.has('phone')) return 'email_phone';
  if (set.has('email')) return 'email';
  if (set.has('phone')) return 'phone';
  return 'none';
}

/**
 * Email and phone sign-ups are always verified (the server says so too). Users who sign up without a
 * password must be able to sign in with a code, and whoever signs up with an identifier must be able
 * to sign in with it: a missing sign-in method is added, a method without codes gets them.
 */
function withSignInFor(config: Config): Config {
  const { identifiers, password } = config.signUp;
  let methods = config.signIn.methods;
  for (const identifier of identifiers) {
    const existing = methods.find((method) => method.identifier === identifier);
    if (!existing) {
      const usesPassword = identifier === 'username' || password;
      methods = [...methods, { identifier, password: usesPassword, verificationCode: identifier !== 'username', isPasswordPrimary: usesPassword }];
    } else if (identifier !== 'username' && !password && !existing.verificationCode) {
      methods = methods.map((method) => (method === existing ? { ...method, verificationCode: true } : method));
    }
  }
  return methods === config.signIn.methods ? config : { ...config, signIn: { ...config.signIn, methods } };
}

export function setSignUpOption(config: Config, option: SignUpOption): Config {
  const identifiers = [...signUpOptions[option]];
  const verify = identifiers.some((identifier) => identifier !== 'username');
  // A username cannot receive codes: signing up with one always sets a password.
  const password = identifiers.includes('username') ? true : config.signUp.password;
  return withSignInFor({ ...config, signUp: { ...config.signUp, identifiers, verify, password } });
}

export function setSignUpPassword(config: Config, password: boolean): Config {
  return withSignInFor({ ...config, signUp: { ...config.signUp, password } });
}

// --- Sign-in methods ------------------------------------------------------------------------

export function updateMethod(config: Config, identifier: SignInIdentifierName, change: Partial<SignInMethod>): Config {
  const methods = config.signIn.methods.map((method) => {
    if (method.identifier !== identifier) return method;
    const next = { ...method, ...change };
    // With one factor, that factor comes first.
    if (!next.verificationCode) next.isPasswordPrimary = true;
    else if (!next.password) next.isPasswordPrimary = false;
    return next;
  });
  return { ...config, signIn: { ...config.signIn, methods } };
}

export function addMethod(config: Config, identifier: SignInIdentifierName): Config {
  if (config.signIn.methods.some((method) => method.identifier === identifier)) return config;
  // Those who signed up with this identifier and no password sign in with a code.
  const usesPassword = identifier === 'username' || config.signUp.password || !config.signUp.identifiers.includes(identifier);
  const method: SignInMethod = { identifier, password: usesPassword, verificationCode: identifier !== 'username', isPasswordPrimary: usesPassword };
  return { ...config, signIn: { ...config.signIn, methods: [...config.signIn.methods, method] } };
}

// --- Validation ------------------------------------------------------------------------------

export type InvalidReason = 'color' | 'url' | 'length' | 'word' | 'css_too_long' | 'needs_factor' | 'invalid';

/** The form field an issue of the config schema concerns, and why. */
export function fieldOfIssue(path: readonly PropertyKey[]): { field: string; reason: InvalidReason } {
  const parts = path.map(String);
  const joined = parts.join('.');
  if (parts[0] === 'color') return { field: joined, reason: 'color' };
  if (parts[0] === 'branding' || parts[0] === 'termsOfUseUrl' || parts[0] === 'privacyPolicyUrl') return { field: joined, reason: 'url' };
  if (parts[0] === 'customCss') return { field: 'customCss', reason: 'css_too_long' };
  if (parts[0] === 'passwordPolicy' && parts[1] === 'length') return { field: 'passwordPolicy.length', reason: 'length' };
  if (parts[0] === 'passwordPolicy' && parts[2] === 'words' && parts[3] !== undefined) return { field: `passwordPolicy.rejects.words.${parts[3]}`, reason: 'word' };
  return { field: joined, reason: 'invalid' };
}

/**
 * Checks the draft with the API's own schema (the one source of the field rules), plus what is cheap
 * to check here; the rules that need the connectors set up are the server's.
 */
export function validateDraft(draft: Config): Record<string, InvalidReason> {
  const errors: Record<string, InvalidReason> = {};
  const parsed = signInExperienceConfigSchema.safeParse(cleanDraft(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { field, reason } = fieldOfIssue(issue.path);
      // Words are checked below by their row in the editor, which may hold blank rows.
      if (reason !== 'word') errors[field] ??= reason;
    }
  }
  draft.passwordPolicy.rejects.words.forEach((word, index) => {
    const length = word.trim().length;
    if (length > 0 && (length < 3 || length > 64)) errors[`passwordPolicy.rejects.words.${index}`] = 'word';
  });
  for (const method of draft.signIn.methods) {
    if (!method.password && !method.verificationCode) errors[`signIn.methods.${method.identifier}`] ??= 'needs_factor';
  }
  return errors;
}

/** The draft as the preview can render it: a field that does not pass keeps its saved value. */
export function previewConfig(draft: Config, saved: Config): Config {
  const cleaned = cleanDraft(draft);
  const parsed = signInExperienceConfigSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const config: Record<string, unknown> = { ...cleaned };
  for (const issue of parsed.error.issues) {
    const top = issue.path[0] as TopKey | undefined;
    if (top && top in saved) config[top] = saved[top];
  }
  const again = signInExperienceConfigSchema.safeParse(config);
  return again.success ? again.data : saved;
}
