// Password policy checks, as a pure function: given the tenant's policy, a candidate password and
// what we know about the user, every rule the password breaks, in a fixed order. Violations never
// carry the password or the matched word, because they end up in API responses and logs.
import { createRequire } from 'node:module';
import type { PasswordPolicy } from '@signet/schemas';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';

export type PasswordViolation =
  | { code: 'password.too_short'; min: number }
  | { code: 'password.too_long'; max: number }
  | { code: 'password.character_types'; required: number }
  | { code: 'password.pwned' }
  | { code: 'password.repetition_or_sequence' }
  | { code: 'password.contains_user_info' }
  | { code: 'password.contains_word' };

export type PasswordUserInfo = {
  username?: string | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
};

/** Repeated (`aaaa`) or sequential (`1234`, `dcba`) characters only count from this run length on. */
const minRunLength = 4;
/** Shorter user-info parts (a 2-letter name, `jo@…`) would reject too many good passwords. */
const minUserInfoPartLength = 3;
/** Enough of a phone number to be recognisable, without matching every short digit group. */
const phoneTailDigits = 7;

type CharClass = 'lower' | 'upper' | 'digit' | 'symbol' | 'mark';

// Titlecase letters (ǅ) are capitals in practice. Letters without case (Chinese, Arabic, modifier
// letters) count as lowercase so that a CJK password is not refused for "missing" a type it cannot have.
const upperLetter = /[\p{Lu}\p{Lt}]/u;
const letter = /\p{L}/u;
const decimalDigit = /\p{Nd}/u;
// Combining marks belong to the letter before them (a decomposed "é" is e + U+0301): they are no
// character type of their own, rather than symbols that would make "café" count as having one.
const combiningMark = /\p{M}/u;

/** One code point. ASCII takes the fast path: the timing budget is per character. */
function classify(char: string): CharClass {
  const code = char.charCodeAt(0);
  if (code < 0x80) {
    if (code >= 0x61 && code <= 0x7a) return 'lower';
    if (code >= 0x41 && code <= 0x5a) return 'upper';
    if (code >= 0x30 && code <= 0x39) return 'digit';
    return 'symbol';
  }
  if (upperLetter.test(char)) return 'upper';
  if (letter.test(char)) return 'lower';
  if (decimalDigit.test(char)) return 'digit';
  if (combiningMark.test(char)) return 'mark';
  return 'symbol';
}

function codePointLength(value: string): number {
  let length = 0;
  // Iterating a string walks code points, so an emoji (two UTF-16 units) counts once.
  for (const _char of value) length += 1;
  return length;
}

function characterTypeCount(chars: readonly string[]): number {
  const seen = new Set<CharClass>();
  for (const char of chars) {
    const type = classify(char);
    if (type !== 'mark') seen.add(type);
    if (seen.size === 4) break;
  }
  return seen.size;
}

// --- Common passwords ---------------------------------------------------------------------------

type CommonPasswords = { set: ReadonlySet<string>; longest: number };
let commonPasswords: CommonPasswords | undefined;

/**
 * The zxcvbn-ts common list (~49,000 lowercase ASCII entries, 3–20 characters), built on first use.
 * The package decompresses its lists when it is evaluated (~20 ms, ~2.5 MB), so it is required here
 * rather than imported: a server that never checks a password does not pay for it. All entries are
 * kept, not only those of policy length: the trailing-decoration rule compares `Dragon2024!` as
 * `dragon`, so short entries still matter (and the whole set is only ~1.5 MB on top).
 */
function loadCommonPasswords(): CommonPasswords {
  if (commonPasswords) return commonPasswords;
  const requireFromHere = createRequire(import.meta.url);
  const { dictionary } = requireFromHere('@zxcvbn-ts/language-common') as typeof LanguageCommon;
  const set = new Set<string>();
  let longest = 0;
  for (const entry of dictionary['passwords-common']) {
    const normalized = entry.toLowerCase();
    set.add(normalized);
    longest = Math.max(longest, normalized.length);
  }
  commonPasswords = { set, longest };
  return commonPasswords;
}

/**
 * `lowerChars` is the lowercased password, by code point. It is common as it is, or once its
 * trailing digits and symbols are stripped: `Password123!` is `password` with the usual decoration.
 */
function isCommonPassword(lower: string, lowerChars: readonly string[]): boolean {
  const { set, longest } = loadCommonPasswords();
  // A password longer than every entry cannot be one; this also keeps hashing a long one off the path.
  if (lower.length <= longest && set.has(lower)) return true;
  // Walk back from the end instead of using /[^\p{L}]+$/, which backtracks quadratically on "1111…1a".
  let strippedUnits = 0;
  for (let index = lowerChars.length - 1; index >= 0; index -= 1) {
    const char = lowerChars[index] ?? '';
    const type = classify(char);
    if (type !== 'digit' && type !== 'symbol') break;
    strippedUnits += char.length;
  }
  if (strippedUnits === 0 || strippedUnits === lower.length) return false;
  const base = lower.slice(0, lower.length - strippedUnits);
  return base.length <= longest && set.has(base);
}

// --- Repetition and sequences -------------------------------------------------------------------

/**
 * True when runs of ≥ 4 repeated characters (`aaaa`, `!!!!`) or of ≥ 4 consecutive letters or
 * digits, ascending or descending (`1234`, `abcd`, `dcba`), cover more than half of the password.
 * One `1234` inside a long passphrase does not make it guessable; `aaaaaaa1` or `abcd1234` is.
 * One pass: each kind of run is tracked from where it started and its positions marked when it ends.
 */
function isMostlyRepetitionOrSequence(lowerChars: readonly string[]): boolean {
  const length = lowerChars.length;
  if (length === 0) return false;
  const covered = new Uint8Array(length);
  const closeRun = (start: number, end: number): void => {
    if (end - start >= minRunLength) covered.fill(1, start, end);
  };

  let sameStart = 0;
  let ascendingStart = 0;
  let descendingStart = 0;
  let previousCode = -1;
  let previousIsAlphanumeric = false;
  let index = 0;
  for (const char of lowerChars) {
    const code = char.codePointAt(0) ?? -1;
    const type = classify(char);
    // Sequences are letters or digits only: `!"#$` is ascending in code points, not a sequence people type.
    const isAlphanumeric = type === 'lower' || type === 'upper' || type === 'digit';
    if (index > 0) {
      if (code !== previousCode) {
        closeRun(sameStart, index);
        sameStart = index;
      }
      const bothAlphanumeric = isAlphanumeric && previousIsAlphanumeric;
      if (!(bothAlphanumeric && code === previousCode + 1)) {
        closeRun(ascendingStart, index);
        ascendingStart = index;
      }
      if (!(bothAlphanumeric && code === previousCode - 1)) {
        closeRun(descendingStart, index);
        descendingStart = index;
      }
    }
    previousCode = code;
    previousIsAlphanumeric = isAlphanumeric;
    index += 1;
  }
  closeRun(sameStart, length);
  closeRun(ascendingStart, length);
  closeRun(descendingStart, length);

  let coveredCount = 0;
  for (const flag of covered) coveredCount += flag;
  return coveredCount * 2 > length;
}

// --- User info and custom words -----------------------------------------------------------------

/** The lowercased parts of the user's identity a password must not contain. */
function userInfoParts(userInfo: PasswordUserInfo): string[] {
  const parts: string[] = [];
  if (userInfo.username) parts.push(userInfo.username.toLowerCase());
  if (userInfo.email) {
    const at = userInfo.email.lastIndexOf('@');
    const local = (at === -1 ? userInfo.email : userInfo.email.slice(0, at)).toLowerCase();
    parts.push(local);
    // `jane+news@…` is Jane's mailbox too: `jane` is the part people put in passwords.
    const plus = local.indexOf('+');
    if (plus > 0) parts.push(local.slice(0, plus));
  }
  if (userInfo.phone) {
    const digits = userInfo.phone.replace(/\D/g, '');
    // Containing the last 7 digits covers containing any longer tail; country codes vary, the tail does not.
    if (digits.length >= phoneTailDigits) parts.push(digits.slice(-phoneTailDigits));
  }
  if (userInfo.name) {
    for (const word of userInfo.name.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u)) parts.push(word);
  }
  return parts.filter((part) => codePointLength(part) >= minUserInfoPartLength);
}

// --- The check ----------------------------------------------------------------------------------

/**
 * Every rule of `policy` that `password` breaks, in a stable order: length, character types,
 * common password, repetition or sequence, user info, custom words. Empty when it is acceptable.
 * Lengths are in code points, matching on text is case-insensitive.
 */
export function passwordPolicyViolations(policy: PasswordPolicy, password: string, userInfo?: PasswordUserInfo): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const chars = Array.from(password);
  const lower = password.toLowerCase();
  // Lowercasing may change the number of code points (İ becomes i + a dot), so the lowercased
  // checks use their own array rather than indexes into `chars`.
  const lowerChars = Array.from(lower);

  if (chars.length < policy.length.min) violations.push({ code: 'password.too_short', min: policy.length.min });
  if (chars.length > policy.length.max) violations.push({ code: 'password.too_long', max: policy.length.max });

  const required = policy.characterTypes.required;
  if (characterTypeCount(chars) < required) violations.push({ code: 'password.character_types', required });

  const { rejects } = policy;
  if (rejects.pwned && isCommonPassword(lower, lowerChars)) violations.push({ code: 'password.pwned' });
  if (rejects.repetitionAndSequence && isMostlyRepetitionOrSequence(lowerChars)) {
    violations.push({ code: 'password.repetition_or_sequence' });
  }
  if (rejects.userInfo && userInfo && userInfoParts(userInfo).some((part) => lower.includes(part))) {
    violations.push({ code: 'password.contains_user_info' });
  }
  // An empty word would match every password: a broken policy must not lock everyone out.
  if (rejects.words.some((word) => word.length > 0 && lower.includes(word.toLowerCase()))) {
    violations.push({ code: 'password.contains_word' });
  }
  return violations;
}

const characterTypeNames = 'lowercase letters, uppercase letters, digits and symbols';

function describeViolation(violation: PasswordViolation): string {
  switch (violation.code) {
    case 'password.too_short':
      return `must be at least ${violation.min} characters`;
    case 'password.too_long':
      return `must be at most ${violation.max} characters`;
    case 'password.character_types':
      if (violation.required >= 4) return `must include ${characterTypeNames}`;
      if (violation.required <= 1) return 'must include a letter, digit or symbol';
      return `must mix at least ${violation.required} of ${characterTypeNames}`;
    case 'password.pwned':
      return 'is too common';
    case 'password.repetition_or_sequence':
      return 'is mostly repeated or sequential characters (such as aaaa or 1234)';
    case 'password.contains_user_info':
      return 'contains your name, username, email or phone number';
    case 'password.contains_word':
      return 'contains a word that is not allowed';
  }
}

/**
 * One English sentence for API error messages, e.g. "The password must be at least 12 characters;
 * it is too common". Empty for no violations.
 */
export function describePasswordViolations(violations: readonly PasswordViolation[]): string {
  return violations.map((violation, index) => `${index === 0 ? 'The password' : 'it'} ${describeViolation(violation)}`).join('; ');
}
