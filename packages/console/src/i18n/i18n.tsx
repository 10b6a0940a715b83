// The Console's language: chosen by the admin (kept in localStorage), else the browser's first
// supported language, else English. All four dictionaries ship in the bundle (the Console is an
// admin tool; one request matters less than switching languages instantly).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { consoleLocales, type ConsoleLocale } from './define.ts';
import { dictionaryFor, type MessageKey } from './messages.ts';
import { ConsoleApiError } from '../api/client.ts';

export type Vars = Record<string, string | number>;

export interface Translator {
  (key: MessageKey, vars?: Vars): string;
  has(key: string): key is MessageKey;
  /** A readable, translated sentence for any thrown value (API errors by their stable code). */
  error(error: unknown): string;
  locale: ConsoleLocale;
}

const storageKey = 'signet.console.locale';

export function initialLocale(): ConsoleLocale {
  const stored = localStorage.getItem(storageKey);
  if (stored && (consoleLocales as readonly string[]).includes(stored)) return stored as ConsoleLocale;
  for (const language of navigator.languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('es')) return 'es';
    if (lower.startsWith('fr')) return 'fr';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createTranslator(locale: ConsoleLocale): Translator {
  const dictionary = dictionaryFor(locale);
  const t = ((key: MessageKey, vars?: Vars) => format(dictionary[key] ?? key, vars)) as Translator;
  t.has = (key: string): key is MessageKey => Object.hasOwn(dictionary, key);
  t.locale = locale;
  t.error = (error: unknown) => {
    if (error instanceof ConsoleApiError) {
      if (error.status === 0) return t('errors.network');
      const key = `errors.${error.code}`;
      return t.has(key) ? t(key) : t('errors.generic', { message: error.message });
    }
    return t('errors.generic', { message: error instanceof Error ? error.message : String(error) });
  };
  return t;
}

type I18nState = { t: Translator; locale: ConsoleLocale; setLocale(locale: ConsoleLocale): void };
const I18nContext = createContext<I18nState | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<ConsoleLocale>(initialLocale);
  const t = useMemo(() => createTranslator(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: ConsoleLocale) => {
    localStorage.setItem(storageKey, next);
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ t, locale, setLocale }), [t, locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nState {
  const state = useContext(I18nContext);
  if (!state) throw new Error('useI18n outside I18nProvider');
  return state;
}

export function useT(): Translator {
  return useI18n().t;
}
