import { describe, expect, it } from 'vitest';
import { defaultSignInExperience, type PasswordPolicy } from '@signet/schemas';
import { en } from './i18n/en.ts';
import { createTranslator } from './i18n/index.ts';
import { characterKinds, checkPassword, policyHints } from './password-policy.ts';

const policy: PasswordPolicy = { ...defaultSignInExperience.passwordPolicy, length: { min: 10, max: 64 }, characterTypes: { required: 3 } };

describe('checkPassword', () => {
  it('checks length and character kinds', () => {
    expect(checkPassword(policy, 'abc')).toEqual([
      { code: 'password.too_short', min: 10 },
      { code: 'password.character_types', required: 3 },
    ]);
    expect(checkPassword(policy, 'Abcdefgh12')).toEqual([]);
    expect(checkPassword(policy, 'A1'.repeat(40))).toEqual([
      { code: 'password.too_long', max: 64 },
      { code: 'password.character_types', required: 3 },
    ]);
  });
  it('counts lowercase, uppercase, digits and everything else', () => {
    expect(characterKinds('abc')).toBe(1);
    expect(characterKinds('aB1!')).toBe(4);
    expect(characterKinds('密码1')).toBe(2);
  });
});

it('describes the policy as hints', () => {
  const hints = policyHints(policy, createTranslator(en));
  expect(hints[0]).toBe('have 10 to 64 characters');
  expect(hints).toContain(en['policy.pwned']);
  expect(policyHints(defaultSignInExperience.passwordPolicy, createTranslator(en))[0]).toBe('have at least 8 characters');
});
