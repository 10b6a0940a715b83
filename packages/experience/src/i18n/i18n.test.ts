import { describe, expect, it } from 'vitest';
import { experienceLocales } from '@signet/schemas';
import { ExperienceApiError } from '../api.ts';
import { describeError } from '../errors.ts';
import { en } from './en.ts';
import { createTranslator, format, guessLocale, loadDictionary } from './index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dictionaries', () => {
  it.each(experienceLocales)('%s has exactly the English keys and placeholders', async (locale) => {
    const dictionary = await loadDictionary(locale);
    expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(dictionary[key as keyof typeof en]), `${locale} ${key}`).toEqual(placeholders(text));
    }
  });
});

it('fills placeholders and leaves unknown ones visible', () => {
  expect(format('Hi {name}, {missing}', { name: 'Ann' })).toBe('Hi Ann, {missing}');
});

it('guesses a shipped locale from the browser', () => {
  expect(guessLocale(['zh-TW', 'en'])).toBe('zh-CN');
  expect(guessLocale(['de-DE', 'fr-CA'])).toBe('fr');
  expect(guessLocale(['de'])).toBe('en');
});

describe('describeError', () => {
  const t = createTranslator(en);
  const error = (code: string, data?: unknown) => new ExperienceApiError(code, code, data, 400);

  it('translates by code and data', () => {
    expect(describeError(error('session.verification_failed'), t).message).toBe(en['error.session.verification_failed']);
    expect(describeError(error('session.too_many_attempts', { retryAfterSeconds: 125 }), t).message).toBe('Too many attempts. Try again in 3 min.');
    expect(describeError(error('session.too_many_attempts'), t).message).toBe(en['error.session.too_many_attempts_later']);
    expect(describeError(error('verification_code.mismatch', { attemptsLeft: 2 }), t).message).toBe('The code is incorrect. Attempts left: 2.');
    expect(describeError(error('verification_code.resend_too_soon', { retryAfterSeconds: 42 }), t).message).toContain('42');
    expect(describeError(error('verification_code.send_limit_exceeded', { retryAfterSeconds: 3600 }), t).message).toContain('60 min');
    expect(describeError(error('guard.invalid_input'), t).message).toBe(en['error.guard.invalid_input']);
    expect(describeError(error('request.network_error'), t).message).toBe(en['error.network']);
  });
  it('lists password policy violations', () => {
    const shown = describeError(
      error('user.password_policy_violation', { violations: [{ code: 'password.too_short', min: 10 }, { code: 'password.pwned' }, { code: 'password.new_rule' }] }),
      t,
    );
    expect(shown.message).toBe(en['error.user.password_policy_violation']);
    expect(shown.details).toEqual(['Use at least 10 characters.', en['violation.pwned'], en['violation.unknown']]);
  });
  it('falls back for unknown connector and other codes', () => {
    expect(describeError(error('connector.social_id_token_invalid'), t).message).toBe(en['error.connector.general']);
    expect(describeError(error('connector.provider_unavailable'), t).message).toBe(en['error.connector.provider_unavailable']);
    expect(describeError(error('server.internal_error'), t).message).toBe(en['error.generic']);
    expect(describeError(new Error('boom'), t).message).toBe(en['error.generic']);
  });
});
