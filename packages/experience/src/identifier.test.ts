import { describe, expect, it } from 'vitest';
import { detectIdentifierType, displayIdentifier, identifierSetKey, parseIdentifier } from './identifier.ts';

describe('detectIdentifierType', () => {
  it.each([
    ['jane@example.com', 'email'],
    ['@', 'email'],
    ['+1 (415) 555-0100', 'phone'],
    ['4155550100', 'phone'],
    ['12345', 'username'], // fewer than 6 digits
    ['jane_doe', 'username'],
    ['555-01x0', 'username'],
    ['  +86 138 0013 8000  ', 'phone'],
  ])('%s → %s', (value, type) => {
    expect(detectIdentifierType(value)).toBe(type);
  });
});

describe('parseIdentifier', () => {
  it('requires a value', () => {
    expect(parseIdentifier('   ', ['username'])).toEqual({ ok: false, reason: 'required' });
  });
  it('normalizes phone numbers to digits', () => {
    expect(parseIdentifier('+1 (415) 555-0100', ['email', 'phone'])).toEqual({ ok: true, identifier: { type: 'phone', value: '14155550100' } });
  });
  it('refuses a kind that is not enabled', () => {
    expect(parseIdentifier('jane@example.com', ['username'])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseIdentifier('jane', ['email', 'phone'])).toEqual({ ok: false, reason: 'invalid' });
  });
  it('treats a lone enabled email or phone kind as that kind', () => {
    expect(parseIdentifier('jane', ['email'])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseIdentifier('jane@example', ['email'])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseIdentifier(' jane@example.com ', ['email'])).toEqual({ ok: true, identifier: { type: 'email', value: 'jane@example.com' } });
  });
  it('checks usernames strictly unless asked to be loose (password sign-in)', () => {
    expect(parseIdentifier('jane.doe', ['username'])).toEqual({ ok: false, reason: 'invalid' });
    expect(parseIdentifier('jane.doe', ['username'], true)).toEqual({ ok: true, identifier: { type: 'username', value: 'jane.doe' } });
    expect(parseIdentifier('x'.repeat(129), ['username'], true)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('identifierSetKey', () => {
  it('names sets in canonical order', () => {
    expect(identifierSetKey(['email', 'username'])).toBe('username_email');
    expect(identifierSetKey(['phone', 'email'])).toBe('email_phone');
    expect(identifierSetKey(['phone', 'email', 'username'])).toBe('username_email_phone');
    expect(identifierSetKey(['phone'])).toBe('phone');
  });
});

it('displays phone numbers with their plus sign', () => {
  expect(displayIdentifier({ type: 'phone', value: '14155550100' })).toBe('+14155550100');
  expect(displayIdentifier({ type: 'email', value: 'a@b.co' })).toBe('a@b.co');
});
