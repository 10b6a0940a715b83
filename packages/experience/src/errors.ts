// Turns an API error (code + data) into the words a person reads, in the page's language.
import { ExperienceApiError, networkErrorCode } from './api.ts';
import type { MessageKey, Translator } from './i18n/index.ts';

export interface ShownError {
  message: string;
  /** Itemised reasons (password policy violations). */
  details?: string[];
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
const positiveNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);

const violationKeys: Record<string, MessageKey> = {
  'password.too_short': 'violation.too_short',
  'password.too_long': 'violation.too_long',
  'password.character_types': 'violation.character_types',
  'password.pwned': 'violation.pwned',
  'password.repetition_or_sequence': 'violation.repetition_or_sequence',
  'password.contains_user_info': 'violation.contains_user_info',
  'password.contains_word': 'violation.contains_word',
};

export function describeViolations(violations: unknown, t: Translator): string[] {
  if (!Array.isArray(violations)) return [];
  return violations.map((violation) => {
    const { code, min, max, required } = record(violation);
    const key = typeof code === 'string' ? violationKeys[code] : undefined;
    return key ? t(key, { min: String(min ?? ''), max: String(max ?? ''), required: String(required ?? '') }) : t('violation.unknown');
  });
}

export function describeError(error: unknown, t: Translator): ShownError {
  if (!(error instanceof ExperienceApiError)) return { message: t('error.generic') };
  const { code } = error;
  const data = record(error.data);
  const retryAfter = positiveNumber(data.retryAfterSeconds);
  const minutes = retryAfter === undefined ? undefined : Math.ceil(retryAfter / 60);
  switch (code) {
    case networkErrorCode:
      return { message: t('error.network') };
    case 'session.too_many_attempts':
      return { message: minutes ? t('error.session.too_many_attempts', { minutes }) : t('error.session.too_many_attempts_later') };
    case 'verification_code.send_limit_exceeded':
      return { message: minutes ? t('error.verification_code.send_limit_exceeded', { minutes }) : t('error.verification_code.send_limit_exceeded_later') };
    case 'verification_code.resend_too_soon':
      return { message: t('error.verification_code.resend_too_soon', { seconds: Math.ceil(retryAfter ?? 60) }) };
    case 'verification_code.mismatch': {
      const left = data.attemptsLeft;
      return { message: typeof left === 'number' ? t('error.verification_code.mismatch_left', { attemptsLeft: left }) : t('error.verification_code.mismatch') };
    }
    case 'user.password_policy_violation':
      return { message: t('error.user.password_policy_violation'), details: describeViolations(data.violations, t) };
  }
  const key = `error.${code}`;
  if (t.has(key)) return { message: t(key) };
  // Every social provider failure has a `connector.*` code; the listed ones have their own words.
  if (code.startsWith('connector.')) return { message: t('error.connector.general') };
  return { message: t('error.generic') };
}
