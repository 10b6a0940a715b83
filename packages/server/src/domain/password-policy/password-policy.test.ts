import type { PasswordPolicy } from '@signet/schemas';
import { describe, expect, test } from 'vitest';
import { describePasswordViolations, passwordPolicyViolations, type PasswordViolation } from './password-policy.ts';

/** Every rule off except length 8–256 and one character type, so each test turns on only what it checks. */
function policyWith(overrides: {
  min?: number;
  max?: number;
  required?: number;
  pwned?: boolean;
  repetitionAndSequence?: boolean;
  userInfo?: boolean;
  words?: string[];
}): PasswordPolicy {
  return {
    length: { min: overrides.min ?? 8, max: overrides.max ?? 256 },
    characterTypes: { required: overrides.required ?? 1 },
    rejects: {
      pwned: overrides.pwned ?? false,
      repetitionAndSequence: overrides.repetitionAndSequence ?? false,
      userInfo: overrides.userInfo ?? false,
      words: overrides.words ?? [],
    },
  };
}

const allOn = policyWith({ required: 3, pwned: true, repetitionAndSequence: true, userInfo: true, words: ['signet'] });
const strong = 'vK7#qm2Lp!xZ9w';

function codes(violations: PasswordViolation[]): string[] {
  return violations.map((violation) => violation.code);
}

describe('passwordPolicyViolations', () => {
  test('a strong random password passes every rule', () => {
    expect(passwordPolicyViolations(allOn, strong, { username: 'jane', email: 'jane@example.com', phone: '+1 415 555 0132', name: 'Jane Doe' })).toEqual([]);
  });

  describe('length', () => {
    test('boundaries are inclusive', () => {
      const policy = policyWith({ min: 10, max: 12 });
      expect(passwordPolicyViolations(policy, 'abcdefghi')).toEqual([{ code: 'password.too_short', min: 10 }]);
      expect(passwordPolicyViolations(policy, 'abcdefghij')).toEqual([]);
      expect(passwordPolicyViolations(policy, 'abcdefghijkl')).toEqual([]);
      expect(passwordPolicyViolations(policy, 'abcdefghijklm')).toEqual([{ code: 'password.too_long', max: 12 }]);
    });

    test('the empty password is too short (and has no character type)', () => {
      expect(passwordPolicyViolations(policyWith({}), '')).toEqual([
        { code: 'password.too_short', min: 8 },
        { code: 'password.character_types', required: 1 },
      ]);
    });

    test('counts code points, not UTF-16 units: an emoji is one character', () => {
      const policy = policyWith({ min: 8, max: 8 });
      const eightEmoji = '😀😁😂🤣😃😄😅😆';
      expect(eightEmoji.length).toBe(16);
      expect(passwordPolicyViolations(policy, eightEmoji)).toEqual([]);
      expect(passwordPolicyViolations(policy, '😀😁😂🤣😃😄😅')).toEqual([{ code: 'password.too_short', min: 8 }]);
      expect(passwordPolicyViolations(policy, 'abcdefg😀')).toEqual([]);
      expect(passwordPolicyViolations(policy, 'abcdefgh😀')).toEqual([{ code: 'password.too_long', max: 8 }]);
    });
  });

  describe('character types', () => {
    const typesOf = (password: string, required: number) => codes(passwordPolicyViolations(policyWith({ required }), password));

    test('counts lowercase, uppercase, digits and symbols', () => {
      expect(typesOf('abcdefgh', 1)).toEqual([]);
      expect(typesOf('abcdefgh', 2)).toEqual(['password.character_types']);
      expect(typesOf('abcdEFGH', 2)).toEqual([]);
      expect(typesOf('abcdEFGH', 3)).toEqual(['password.character_types']);
      expect(typesOf('abcdEFG1', 3)).toEqual([]);
      expect(typesOf('abcdEFG1', 4)).toEqual(['password.character_types']);
      expect(typesOf('abcdEF1!', 4)).toEqual([]);
    });

    test('anything that is not a letter or digit is a symbol: space, emoji, punctuation', () => {
      expect(typesOf('abcdefg h', 2)).toEqual([]);
      expect(typesOf('abcdefg😀', 2)).toEqual([]);
      expect(typesOf('12345678€', 2)).toEqual([]);
    });

    test('accented letters have case', () => {
      expect(typesOf('éèàçüöñß', 1)).toEqual([]);
      expect(typesOf('éèàçüöñß', 2)).toEqual(['password.character_types']);
      expect(typesOf('ÉÈÀçüöñß', 2)).toEqual([]);
      expect(typesOf('ÉÈÀÇÜÖÑ1', 2)).toEqual([]);
      expect(typesOf('ÉÈÀÇÜÖÑ1', 3)).toEqual(['password.character_types']);
    });

    test('letters without case (CJK) count as lowercase', () => {
      expect(typesOf('密码安全非常重要', 1)).toEqual([]);
      expect(typesOf('密码安全非常重要', 2)).toEqual(['password.character_types']);
      expect(typesOf('密码安全非常重要A', 2)).toEqual([]);
      expect(typesOf('密码安全非常重要A1!', 4)).toEqual([]);
      // A CJK letter plus a lowercase Latin letter is still only one type.
      expect(typesOf('密码安全非常重要a', 2)).toEqual(['password.character_types']);
    });

    test('non-ASCII decimal digits are digits; a combining accent is not a symbol', () => {
      expect(typesOf('abcdefg٣', 2)).toEqual([]);
      expect(typesOf('cafe\u0301cafe\u0301', 2)).toEqual(['password.character_types']);
    });
  });

  describe('common passwords', () => {
    const pwned = policyWith({ pwned: true });
    const isPwned = (password: string, policy = pwned) => codes(passwordPolicyViolations(policy, password)).includes('password.pwned');

    test('rejects passwords on the list, case-insensitively', () => {
      for (const password of ['password', '12345678', 'qwertyuiop', 'iloveyou', 'PASSWORD', 'QwErTyUiOp']) {
        expect(isPwned(password), password).toBe(true);
      }
    });

    test('rejects a common password with trailing digits and symbols', () => {
      expect(isPwned('Password123!')).toBe(true);
      expect(isPwned('password!!!!')).toBe(true);
      // The base may be shorter than the minimum length: the decoration is what made it long enough.
      expect(isPwned('Dragon2024!')).toBe(true);
    });

    test('strips only trailing decoration', () => {
      expect(isPwned('123Password')).toBe(false);
      expect(isPwned('passXword123')).toBe(false);
    });

    test('accepts strong and unusual passwords', () => {
      expect(isPwned(strong)).toBe(false);
      expect(isPwned('correct horse battery staple')).toBe(false);
      expect(isPwned('密码安全很重要123')).toBe(false);
      expect(isPwned('!!!!!!!!!!!!')).toBe(false);
    });

    test('off: a common password is accepted', () => {
      expect(passwordPolicyViolations(policyWith({ pwned: false }), 'password')).toEqual([]);
    });

    test('the violation names neither the password nor the list entry', () => {
      expect(passwordPolicyViolations(pwned, 'Password123!')).toEqual([{ code: 'password.pwned' }]);
    });
  });

  describe('repetition and sequences', () => {
    const policy = policyWith({ repetitionAndSequence: true });
    const isRun = (password: string) => codes(passwordPolicyViolations(policy, password)).includes('password.repetition_or_sequence');

    test('rejects passwords that are mostly one run', () => {
      for (const password of ['aaaaaaaa', '11111111', '!!!!!!!!', '12345678', '87654321', 'abcdefgh', 'hgfedcba', 'ABCDefgh', 'aAaAaAaA', 'aaaaaaaaX1', '1234567890Xy', '😀😀😀😀😀😀😀😀']) {
        expect(isRun(password), password).toBe(true);
      }
    });

    test('runs can add up: abcd1234 is all runs', () => {
      expect(isRun('abcd1234')).toBe(true);
      expect(isRun('1111abcd')).toBe(true);
    });

    test('a short run inside a longer password is fine', () => {
      for (const password of ['Summer!1234xyZ', 'aaaa7#Kq2Lm', 'passw0rd-dcba-Qz9!', 'abc123abc123', 'a1b2c3d4e5f6', 'aaabbbcccddd']) {
        expect(isRun(password), password).toBe(false);
      }
    });

    test('no false positive on a passphrase', () => {
      expect(isRun('correct horse battery staple')).toBe(false);
      expect(isRun(strong)).toBe(false);
    });

    test('symbols in code-point order are not a sequence', () => {
      expect(isRun('!"#$%&\'(')).toBe(false);
      expect(isRun('789:;<=>')).toBe(false);
    });

    test('off: a run is accepted', () => {
      expect(passwordPolicyViolations(policyWith({}), 'aaaaaaaa')).toEqual([]);
    });
  });

  describe('user info', () => {
    const policy = policyWith({ userInfo: true });
    const user = { username: 'JaneDoe', email: 'jane.smith+news@example.com', phone: '+1 (415) 555-0132', name: 'Jane Q Smithson' };
    const hasUserInfo = (password: string, info: Parameters<typeof passwordPolicyViolations>[2]) =>
      codes(passwordPolicyViolations(policy, password, info)).includes('password.contains_user_info');

    test('rejects the username, case-insensitively', () => {
      expect(hasUserInfo('my-janedoe-pass', user)).toBe(true);
      expect(hasUserInfo('JANEDOE!2024', user)).toBe(true);
    });

    test('rejects the email local part (with or without its +tag), not the domain', () => {
      expect(hasUserInfo('x-jane.smith+news-x', user)).toBe(true);
      expect(hasUserInfo('Jane.Smith#2024', user)).toBe(true);
      expect(hasUserInfo('example.com-rocks', user)).toBe(false);
    });

    test("rejects the phone number's last 7 digits", () => {
      expect(hasUserInfo('call5550132now', user)).toBe(true);
      expect(hasUserInfo('x14155550132x', user)).toBe(true);
      expect(hasUserInfo('call555013now', user)).toBe(false);
      expect(hasUserInfo('555-0132-xyzw', user)).toBe(false);
    });

    test('rejects a name word of 3+ characters', () => {
      expect(hasUserInfo('I-am-SMITHSON-99', user)).toBe(true);
      expect(hasUserInfo('hello jane!', user)).toBe(true);
    });

    test('ignores parts shorter than 3 characters', () => {
      const shortInfo = { username: 'jo', email: 'al@example.com', phone: '12345', name: 'Li Q' };
      expect(hasUserInfo('jo-al-12345-li-q', shortInfo)).toBe(false);
      expect(hasUserInfo('joalq12345', { name: '李娜' })).toBe(false);
      expect(hasUserInfo('我是李娜娜的朋友', { name: '李娜娜' })).toBe(true);
    });

    test('null and missing fields are fine', () => {
      expect(hasUserInfo(strong, { username: null, email: null, phone: null, name: null })).toBe(false);
      expect(hasUserInfo('janedoe-2024', undefined)).toBe(false);
    });

    test('off: user info is accepted', () => {
      expect(passwordPolicyViolations(policyWith({}), 'janedoe-2024', user)).toEqual([]);
    });
  });

  describe('custom words', () => {
    test('rejects a listed word anywhere, case-insensitively', () => {
      const policy = policyWith({ words: ['Signet', 'acme'] });
      expect(passwordPolicyViolations(policy, 'I love SIGNET!')).toEqual([{ code: 'password.contains_word' }]);
      expect(passwordPolicyViolations(policy, 'xxACMExx-1')).toEqual([{ code: 'password.contains_word' }]);
      expect(passwordPolicyViolations(policy, 'sig-net-acm-e')).toEqual([]);
    });

    test('no words: nothing is rejected', () => {
      expect(passwordPolicyViolations(policyWith({ words: [] }), 'signet-password')).toEqual([]);
    });

    test('an empty word does not reject every password', () => {
      expect(passwordPolicyViolations(policyWith({ words: [''] }), strong)).toEqual([]);
    });
  });

  test('several violations at once come in a stable order', () => {
    const policy = policyWith({ min: 20, required: 4, pwned: true, repetitionAndSequence: true, userInfo: true, words: ['word'] });
    // Common once "123456789" is stripped, mostly a sequence (9 of 17), contains the username and the word.
    const violations = passwordPolicyViolations(policy, 'password123456789', { username: 'pass' });
    expect(violations).toEqual([
      { code: 'password.too_short', min: 20 },
      { code: 'password.character_types', required: 4 },
      { code: 'password.pwned' },
      { code: 'password.repetition_or_sequence' },
      { code: 'password.contains_user_info' },
      { code: 'password.contains_word' },
    ]);

    const tooLong = passwordPolicyViolations(policyWith({ max: 10, pwned: true }), 'password!!!!!');
    expect(tooLong).toEqual([{ code: 'password.too_long', max: 10 }, { code: 'password.pwned' }]);
  });

  test('is fast and not quadratic: 10,000 checks of a 256-character password', () => {
    const policy = policyWith({ min: 8, max: 256, required: 4, pwned: true, repetitionAndSequence: true, userInfo: true, words: ['signet', 'acme', 'product'] });
    const info = { username: 'janedoe', email: 'jane@example.com', phone: '+14155550132', name: 'Jane Doe' };
    const inputs = [
      // Worst cases for the stripping and run logic: all decoration but one letter, one long run, random.
      `${'1'.repeat(255)}a`,
      `a${'!'.repeat(255)}`,
      'a'.repeat(256),
      Array.from({ length: 256 }, (_, index) => String.fromCharCode(33 + ((index * 37) % 94))).join(''),
      '密'.repeat(128) + '😀'.repeat(128),
    ];
    passwordPolicyViolations(policy, strong, info); // loads the common list outside the timing
    const started = performance.now();
    for (let round = 0; round < 2000; round += 1) {
      for (const password of inputs) passwordPolicyViolations(policy, password, info);
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('describePasswordViolations', () => {
  test('one sentence, the first clause naming the password', () => {
    expect(describePasswordViolations([{ code: 'password.too_short', min: 12 }, { code: 'password.pwned' }])).toBe(
      'The password must be at least 12 characters; it is too common',
    );
  });

  test('every code has wording, and none repeats the password', () => {
    const all: PasswordViolation[] = [
      { code: 'password.too_short', min: 8 },
      { code: 'password.too_long', max: 256 },
      { code: 'password.character_types', required: 3 },
      { code: 'password.pwned' },
      { code: 'password.repetition_or_sequence' },
      { code: 'password.contains_user_info' },
      { code: 'password.contains_word' },
    ];
    expect(describePasswordViolations(all)).toBe(
      'The password must be at least 8 characters; it must be at most 256 characters; ' +
        'it must mix at least 3 of lowercase letters, uppercase letters, digits and symbols; it is too common; ' +
        'it is mostly repeated or sequential characters (such as aaaa or 1234); ' +
        'it contains your name, username, email or phone number; it contains a word that is not allowed',
    );
  });

  test('character type wording for 1 and 4 types', () => {
    expect(describePasswordViolations([{ code: 'password.character_types', required: 4 }])).toBe(
      'The password must include lowercase letters, uppercase letters, digits and symbols',
    );
    expect(describePasswordViolations([{ code: 'password.character_types', required: 1 }])).toBe('The password must include a letter, digit or symbol');
  });

  test('no violations: empty', () => {
    expect(describePasswordViolations([])).toBe('');
  });
});
