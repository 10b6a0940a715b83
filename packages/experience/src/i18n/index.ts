// Tiny i18n: one typed dictionary per language, each loaded on demand so a page downloads only the
// language it shows. Interpolation is `{name}`; nothing else is needed by these pages.
import type { ExperienceLocale } from '@signet/schemas';
import type { Dictionary, MessageKey } from './en.ts';

export type { Dictionary, MessageKey };
export type Vars = Record<string, string | number>;

/** Every language the pages ship; the Record type makes a missing loader a compile error. */
const loaders: Record<ExperienceLocale, () => Promise<Dictionary>> = {
  en: () => import('./en.ts').then((module) => module.en),
  es: () => import('./es.ts').then((module) => module.es),
  fr: () => import('./fr.ts').then((module) => module.fr),
  'zh-CN': () => import('./zh-CN.ts').then((module) => module.zhCN),
};

const cache = new Map<ExperienceLocale, Promise<Dictionary>>();

export function loadDictionary(locale: ExperienceLocale): Promise<Dictionary> {
  let pending = cache.get(locale);
  if (!pending) {
    pending = loaders[locale]();
    cache.set(locale, pending);
  }
  return pending;
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written so a mistake is visible. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export interface Translator {
  (key: MessageKey, vars?: Vars): string;
  /** Narrows a computed key (such as `error.${code}`) to one the dictionary has. */
  has(key: string): key is MessageKey;
}

export function createTranslator(dictionary: Dictionary): Translator {
  const t = ((key: MessageKey, vars?: Vars) => format(dictionary[key], vars)) as Translator;
  t.has = (key: string): key is MessageKey => Object.hasOwn(dictionary, key);
  return t;
}

/**
 * A first guess from the browser, used only to start downloading a dictionary while the settings
 * (whose `locale` the server negotiated and which wins) are on their way, and for a page that could
 * not load its settings.
 */
export function guessLocale(languages: readonly string[]): ExperienceLocale {
  for (const language of languages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('es')) return 'es';
    if (lower.startsWith('fr')) return 'fr';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}
