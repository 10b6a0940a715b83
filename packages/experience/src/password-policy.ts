// The password policy as a hint under every new-password field, and the checks the page can make
// itself (length, character kinds) so the user learns before a round trip. The server checks the rest.
import type { PasswordPolicy } from '@signet/schemas';
import type { Translator } from './i18n/index.ts';

/** Upper bound of the schema: a maximum this high is not worth mentioning. */
const schemaMaxLength = 256;

export function policyHints(policy: PasswordPolicy, t: Translator): string[] {
  const { min, max } = policy.length;
  const hints = [max < schemaMaxLength ? t('policy.length', { min, max }) : t('policy.min_length', { min })];
  if (policy.characterTypes.required > 1) hints.push(t('policy.character_types', { required: policy.characterTypes.required }));
  if (policy.rejects.pwned) hints.push(t('policy.pwned'));
  if (policy.rejects.repetitionAndSequence) hints.push(t('policy.repetition'));
  if (policy.rejects.userInfo) hints.push(t('policy.user_info'));
  if (policy.rejects.words.length > 0) hints.push(t('policy.words'));
  return hints;
}

export type LocalViolation = { code: 'password.too_short'; min: number } | { code: 'password.too_long'; max: number } | { code: 'password.character_types'; required: number };

/** Counts lowercase, uppercase, digits and everything else (symbols, spaces, other scripts). */
export function characterKinds(password: string): number {
  let kinds = 0;
  if (/\p{Ll}/u.test(password)) kinds += 1;
  if (/\p{Lu}/u.test(password)) kinds += 1;
  if (/\d/.test(password)) kinds += 1;
  if (/[^\p{Ll}\p{Lu}\d]/u.test(password)) kinds += 1;
  return kinds;
}

/** Same shape as the server's `data.violations`, so one function words both. */
export function checkPassword(policy: PasswordPolicy, password: string): LocalViolation[] {
  const violations: LocalViolation[] = [];
  // Lenient on both ends (UTF-16 units for the minimum, code points for the maximum): the server has
  // the last word, and the page must never refuse a password the server would take.
  if (password.length < policy.length.min) violations.push({ code: 'password.too_short', min: policy.length.min });
  if ([...password].length > policy.length.max) violations.push({ code: 'password.too_long', max: policy.length.max });
  if (characterKinds(password) < policy.characterTypes.required) violations.push({ code: 'password.character_types', required: policy.characterTypes.required });
  return violations;
}
