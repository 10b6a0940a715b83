// Generated passwords must pass any password policy an admin can set short of a custom word list:
// checked here with the server's own policy check at its strictest settings.
import { describe, expect, it } from 'vitest';
import { defaultSignInExperience, type PasswordPolicy } from '@signet/schemas';
import { passwordPolicyViolations } from '../../../../server/src/domain/password-policy/password-policy.ts';
import { displayName, generatePassword } from './user-helpers.ts';

const strictest: PasswordPolicy = {
  ...defaultSignInExperience.passwordPolicy,
  length: { min: 16, max: 256 },
  characterTypes: { required: 4 },
  rejects: { pwned: true, repetitionAndSequence: true, userInfo: true, words: [] },
};

describe('generatePassword', () => {
  it('makes long, varied passwords that the strictest policy accepts', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 300; index += 1) {
      const password = generatePassword();
      expect(password).toHaveLength(16);
      expect(passwordPolicyViolations(strictest, password, { username: 'ada_lovelace', email: 'ada@example.com', name: 'Ada King' })).toEqual([]);
      seen.add(password);
    }
    expect(seen.size).toBe(300);
  });

  it('honours a longer minimum length', () => {
    expect(generatePassword(40)).toHaveLength(40);
  });
});

describe('displayName', () => {
  const user = { id: 'u1', name: null, username: null, primaryEmail: null, primaryPhone: null };
  it('prefers the name, then an identifier, then the id', () => {
    expect(displayName({ ...user, name: 'Ada', username: 'ada' })).toBe('Ada');
    expect(displayName({ ...user, username: 'ada', primaryEmail: 'ada@example.com' })).toBe('ada');
    expect(displayName({ ...user, primaryPhone: '14155550100' })).toBe('+14155550100');
    expect(displayName(user)).toBe('u1');
  });
});
