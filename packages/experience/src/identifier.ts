// What the user typed in an identifier field: which kind it is, whether it is valid, and how the
// field is labelled for the kinds a page accepts. Pure functions, unit-tested.
export type IdentifierType = 'username' | 'email' | 'phone';
export type Identifier = { type: IdentifierType; value: string };

const order: readonly IdentifierType[] = ['username', 'email', 'phone'];

// The same rules as the server's schemas (packages/schemas/src/users.ts), repeated here because the
// zod schemas would add ~15 KB to every page.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const usernamePattern = /^[A-Z_a-z]\w*$/;
const phoneCharacters = /^[\d\s()+-]+$/;

/** `@` → email; only digits, spaces, `+`, `-`, `(`, `)` with at least 6 digits → phone; else username. */
export function detectIdentifierType(value: string): IdentifierType {
  const trimmed = value.trim();
  if (trimmed.includes('@')) return 'email';
  if (phoneCharacters.test(trimmed) && trimmed.replace(/\D/g, '').length >= 6) return 'phone';
  return 'username';
}

/** The server stores phone numbers as digits with the country code. */
export function normalizePhone(value: string): string {
  return value.replace(/\D/g, '');
}

export const isValidEmail = (value: string) => value.length <= 320 && emailPattern.test(value);
export const isValidPhone = (value: string) => phoneCharacters.test(value) && /^\d{6,15}$/.test(normalizePhone(value));
export const isValidUsername = (value: string) => value.length <= 128 && usernamePattern.test(value);

/** Key naming a set of kinds in canonical order, e.g. ['email', 'username'] → 'username_email'. */
export type IdentifierSetKey = 'username' | 'email' | 'phone' | 'username_email' | 'username_phone' | 'email_phone' | 'username_email_phone';

export function identifierSetKey(types: readonly IdentifierType[]): IdentifierSetKey {
  const key = order.filter((type) => types.includes(type)).join('_');
  // An empty set has no field; 'username' is a harmless label for a field that is never shown.
  return (key || 'username') as IdentifierSetKey;
}

export type ParseResult = { ok: true; identifier: Identifier } | { ok: false; reason: 'required' | 'invalid' };

/**
 * Reads an identifier among the allowed kinds. `looseUsername` accepts any bounded text as a
 * username (password sign-in: an account named under an older username rule must still sign in).
 */
export function parseIdentifier(raw: string, allowed: readonly IdentifierType[], looseUsername = false): ParseResult {
  const value = raw.trim();
  if (!value) return { ok: false, reason: 'required' };
  const type = allowed.length === 1 && allowed[0] !== 'username' ? allowed[0]! : detectIdentifierType(value);
  if (!allowed.includes(type)) return { ok: false, reason: 'invalid' };
  switch (type) {
    case 'email':
      return isValidEmail(value) ? { ok: true, identifier: { type, value } } : { ok: false, reason: 'invalid' };
    case 'phone':
      return isValidPhone(value) ? { ok: true, identifier: { type, value: normalizePhone(value) } } : { ok: false, reason: 'invalid' };
    case 'username':
      return (looseUsername ? value.length <= 128 : isValidUsername(value)) ? { ok: true, identifier: { type, value } } : { ok: false, reason: 'invalid' };
  }
}

/**
 * How the field is presented for the allowed kinds. A sign-in field is always `autocomplete=username`
 * so password managers pair it with the password; a new account's email or phone gets its own token.
 */
export function identifierInputProps(
  types: readonly IdentifierType[],
  signIn: boolean,
): { type: string; inputMode?: 'email' | 'tel'; autoComplete: string } {
  const only = types.length === 1 ? types[0] : undefined;
  if (only === 'email') return { type: 'email', inputMode: 'email', autoComplete: signIn ? 'username' : 'email' };
  if (only === 'phone') return { type: 'tel', inputMode: 'tel', autoComplete: signIn ? 'username' : 'tel' };
  return { type: 'text', autoComplete: 'username' };
}

/** A phone number as the user would read it in "we sent a code to …". */
export function displayIdentifier(identifier: Identifier): string {
  return identifier.type === 'phone' ? `+${identifier.value}` : identifier.value;
}
