// Small pieces the user pages and the admins page share: how a user is named, dates in the admin's
// language, strong generated passwords, and API errors mapped to the form field they concern.
import { emailSchema, phoneSchema, usernameSchema, type SignInExperience, type User } from '@signet/schemas';
import { api, ConsoleApiError } from '../../api/client.ts';
import type { Translator } from '../../i18n/i18n.tsx';

export const usersPageSize = 20;

/** What a person would call this user: name, else an identifier, else the id. */
export function displayName(user: Pick<User, 'id' | 'name' | 'username' | 'primaryEmail' | 'primaryPhone'>): string {
  return user.name || user.username || user.primaryEmail || (user.primaryPhone && `+${user.primaryPhone}`) || user.id;
}

export function formatPhone(phone: string | null): string {
  return phone ? `+${phone}` : '';
}

export function formatDateTime(epochMillis: number | null | undefined, locale: string): string {
  if (epochMillis == null) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(epochMillis));
}

// --- Generated passwords ----------------------------------------------------------------------

// Look-alike characters (l/1/I, O/0) are left out: an admin may read the password to someone.
const characterSets = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!#$%&*+-=?@^_~'];
const allCharacters = characterSets.join('');

/** An unbiased random index below `size` (rejection sampling over 32-bit values). */
function randomIndex(size: number): number {
  const limit = Math.floor(0x1_0000_0000 / size) * size;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    if (buffer[0]! < limit) return buffer[0]! % size;
  }
}

/** Three repeated (`aaa`) or consecutive (`abc`, `321`) characters: the policy may refuse longer runs. */
function hasRun(password: string): boolean {
  for (let index = 2; index < password.length; index += 1) {
    const [a, b, c] = [password.charCodeAt(index - 2), password.charCodeAt(index - 1), password.charCodeAt(index)];
    if ((a === b && b === c) || (b - a === 1 && c - b === 1) || (a - b === 1 && b - c === 1)) return true;
  }
  return false;
}

/**
 * A random password with every character type (so it meets any "character types" rule), no runs,
 * and at least `length` characters (16 by default: ~100 bits).
 */
export function generatePassword(length = 16): string {
  for (;;) {
    const chars = characterSets.map((set) => set[randomIndex(set.length)]!);
    while (chars.length < length) chars.push(allCharacters[randomIndex(allCharacters.length)]!);
    // Fisher–Yates, so the guaranteed characters are not always first.
    for (let index = chars.length - 1; index > 0; index -= 1) {
      const other = randomIndex(index + 1);
      [chars[index], chars[other]] = [chars[other]!, chars[index]!];
    }
    const password = chars.join('');
    if (!hasRun(password)) return password;
  }
}

/** A generated password long enough for the current password policy (never shorter than 16). */
export async function generatePolicyPassword(): Promise<string> {
  let min = 16;
  let max = 256;
  try {
    const { passwordPolicy } = await api.get<SignInExperience>('/sign-in-exp');
    min = Math.max(min, passwordPolicy.length.min);
    max = passwordPolicy.length.max;
  } catch {
    // The policy could not be read: 16 random characters of four types pass the default policy.
  }
  return generatePassword(Math.min(min, max));
}

// --- Validation and API errors ------------------------------------------------------------------

export type FieldErrors = Record<string, string>;

/** Client-side checks of the identifiers (the same rules as the API's); empty values are fine. */
export function checkIdentifiers(values: { username?: string; primaryEmail?: string; primaryPhone?: string }, t: Translator): FieldErrors {
  const errors: FieldErrors = {};
  if (values.username && !usernameSchema.safeParse(values.username).success) errors.username = t('users.error.username_format');
  if (values.primaryEmail && !emailSchema.safeParse(values.primaryEmail).success) errors.primaryEmail = t('users.error.email_format');
  if (values.primaryPhone && !phoneSchema.safeParse(values.primaryPhone).success) errors.primaryPhone = t('users.error.phone_format');
  return errors;
}

/** Translated lines for each password-policy rule the API says the password breaks (`data.violations`). */
export function passwordViolations(error: unknown, t: Translator): string[] {
  if (!(error instanceof ConsoleApiError)) return [];
  const violations = (error.data as { violations?: unknown } | undefined)?.violations;
  if (!Array.isArray(violations)) return [];
  return violations.map((violation: { code?: unknown; min?: unknown; max?: unknown; required?: unknown }) => {
    switch (violation.code) {
      case 'password.too_short':
        return t('users.violation.too_short', { min: Number(violation.min) });
      case 'password.too_long':
        return t('users.violation.too_long', { max: Number(violation.max) });
      case 'password.character_types':
        return t('users.violation.character_types', { required: Number(violation.required) });
      case 'password.pwned':
        return t('users.violation.pwned');
      case 'password.repetition_or_sequence':
        return t('users.violation.repetition_or_sequence');
      case 'password.contains_user_info':
        return t('users.violation.contains_user_info');
      case 'password.contains_word':
        return t('users.violation.contains_word');
      default:
        return t('errors.invalid_value');
    }
  });
}

/** Which field an identifier conflict concerns. */
const fieldOfCode: Record<string, string> = {
  'user.username_already_in_use': 'username',
  'user.email_already_in_use': 'primaryEmail',
  'user.phone_already_in_use': 'primaryPhone',
  'user.password_policy_violation': 'password',
};

/** The translated message for an invalid-input issue on one of the user fields. */
function fieldIssueMessage(field: string, t: Translator): string {
  if (field === 'username') return t('users.error.username_format');
  if (field === 'primaryEmail') return t('users.error.email_format');
  if (field === 'primaryPhone') return t('users.error.phone_format');
  if (field === 'avatar') return t('errors.invalid_url');
  if (field === 'password') return t('users.error.password_length');
  if (field.startsWith('customData')) return t('users.error.custom_data_object');
  return t('errors.invalid_value');
}

/**
 * Spreads a failed save over the form: each message next to the field it concerns (among `fields`),
 * and a form-level alert when no field takes it.
 */
export function errorsOfFailedSave(error: unknown, fields: readonly string[], t: Translator): { fields: FieldErrors; alert: string | undefined } {
  const result: FieldErrors = {};
  if (error instanceof ConsoleApiError) {
    const field = fieldOfCode[error.code];
    if (field && fields.includes(field)) {
      const details = field === 'password' ? passwordViolations(error, t) : [];
      result[field] = details.length > 0 ? details.join(' ') : t.error(error);
    }
    for (const path of Object.keys(error.fieldIssues())) {
      const name = path.split('.')[0]!;
      if (fields.includes(name)) result[name] ??= fieldIssueMessage(name, t);
    }
  }
  return { fields: result, alert: Object.keys(result).length > 0 ? undefined : t.error(error) };
}
