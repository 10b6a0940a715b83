// The Console's dictionaries: complete in every language (the types check the keys; this checks the
// values), no two areas defining the same key, and the same {placeholders} in every translation.
import { describe, expect, it } from 'vitest';
import { areas } from './messages.ts';
import { consoleLocales } from './define.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('Console messages', () => {
  it('has no key defined by two areas', () => {
    const owners = new Map<string, string>();
    for (const [area, messages] of Object.entries(areas)) {
      for (const key of Object.keys(messages.en)) {
        expect(owners.get(key), `${key} is defined by ${owners.get(key)} and ${area}`).toBeUndefined();
        owners.set(key, area);
      }
    }
  });

  it('prefixes every area key with its area (errors.<code> excepted)', () => {
    const prefixes: Record<string, string[]> = {
      common: ['app.', 'nav.', 'topbar.', 'common.', 'unsaved.', 'auth.', 'setup.', 'errors.'],
      getStarted: ['get-started.', 'errors.'],
      applications: ['applications.', 'errors.'],
      connectors: ['connectors.', 'errors.'],
      signInExperience: ['sign-in-experience.', 'errors.'],
      users: ['users.', 'errors.'],
      dashboard: ['dashboard.', 'errors.'],
      admins: ['admins.', 'errors.'],
    };
    for (const [area, messages] of Object.entries(areas)) {
      for (const key of Object.keys(messages.en)) {
        expect(prefixes[area]!.some((prefix) => key.startsWith(prefix)), `${area}: ${key}`).toBe(true);
      }
    }
  });

  it('translates every message into every language, with the same placeholders', () => {
    for (const [area, messages] of Object.entries(areas)) {
      for (const [key, english] of Object.entries(messages.en)) {
        for (const locale of consoleLocales) {
          const text = (messages[locale] as Record<string, string>)[key];
          expect(text?.trim(), `${area} ${locale} ${key}`).toBeTruthy();
          expect(text, `${area} ${locale} ${key}`).not.toBe('TODO');
          expect(placeholders(text!), `${area} ${locale} ${key}`).toEqual(placeholders(english));
        }
      }
    }
  });
});
