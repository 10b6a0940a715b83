// Messages are declared per area of the Console (common, applications, connectors, …), each area in
// its own file next to its pages, so the people working on one area never edit another's file.
// English defines the keys; the other languages must have exactly the same ones (a missing or
// extra key is a compile error).
export const consoleLocales = ['en', 'es', 'fr', 'zh-CN'] as const;
export type ConsoleLocale = (typeof consoleLocales)[number];

export const localeNames: Record<ConsoleLocale, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  'zh-CN': '简体中文',
};

export type Messages<K extends string> = Record<ConsoleLocale, Record<K, string>>;

export function defineMessages<const T extends Record<string, string>>(
  en: T,
  others: Record<Exclude<ConsoleLocale, 'en'>, Record<keyof T & string, string>>,
): Messages<keyof T & string> {
  return { en, ...others };
}
