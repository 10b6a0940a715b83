// "What will change": every changed leaf of the configuration as a readable line (the field's label,
// before → after), and lists as items added, removed and reordered. Fields without a form label
// still show, by their path, so nothing changes unseen.
import type { ConnectorResponse, SignInMethod } from '@signet/schemas';
import { localeNames, type ConsoleLocale } from '../../i18n/define.ts';
import type { Translator } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { signUpOptionOf, type Config } from './draft.ts';

export type Change =
  | { kind: 'changed'; label: string; before: string; after: string }
  | { kind: 'added' | 'removed'; label: string; item: string }
  | { kind: 'reordered'; label: string; before: string; after: string };

/** The form's label of each leaf, by path. */
export const fieldLabels: Record<string, MessageKey> = {
  'color.primaryColor': 'sign-in-experience.branding.primary_color',
  'color.isDarkModeEnabled': 'sign-in-experience.branding.dark_mode',
  'color.darkPrimaryColor': 'sign-in-experience.branding.dark_primary_color',
  'branding.logoUrl': 'sign-in-experience.branding.logo_url',
  'branding.darkLogoUrl': 'sign-in-experience.branding.dark_logo_url',
  'branding.favicon': 'sign-in-experience.branding.favicon',
  customCss: 'sign-in-experience.branding.custom_css',
  'languageInfo.autoDetect': 'sign-in-experience.languages.auto_detect',
  'languageInfo.fallbackLanguage': 'sign-in-experience.languages.fallback',
  termsOfUseUrl: 'sign-in-experience.terms.terms_url',
  privacyPolicyUrl: 'sign-in-experience.terms.privacy_url',
  agreeToTermsPolicy: 'sign-in-experience.terms.agreement',
  'signIn.methods': 'sign-in-experience.sign_in.identifiers',
  'signUp.identifiers': 'sign-in-experience.sign_up.identifier',
  'signUp.password': 'sign-in-experience.sign_up.password',
  'signUp.verify': 'sign-in-experience.sign_up.verify',
  'signUp.secondaryIdentifiers': 'sign-in-experience.field.secondary_identifiers',
  socialSignInConnectorTargets: 'sign-in-experience.social.title',
  'socialSignIn.automaticAccountLinking': 'sign-in-experience.social.automatic_linking',
  signInMode: 'sign-in-experience.mode.label',
  'passwordPolicy.length.min': 'sign-in-experience.password.min_length',
  'passwordPolicy.length.max': 'sign-in-experience.password.max_length',
  'passwordPolicy.characterTypes.required': 'sign-in-experience.password.character_types',
  'passwordPolicy.rejects.pwned': 'sign-in-experience.password.reject_pwned',
  'passwordPolicy.rejects.repetitionAndSequence': 'sign-in-experience.password.reject_repetition',
  'passwordPolicy.rejects.userInfo': 'sign-in-experience.password.reject_user_info',
  'passwordPolicy.rejects.words': 'sign-in-experience.password.words',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

type Context = { t: Translator; connectors: readonly ConnectorResponse[]; out: Change[] };

export function identifierLabel(t: Translator, identifier: string): string {
  return t.has(`sign-in-experience.identifier.${identifier}`) ? t(`sign-in-experience.identifier.${identifier}` as MessageKey) : identifier;
}

/** A connector target as the admin knows it: the connector's name in the Console's language. */
export function targetLabel(t: Translator, connectors: readonly ConnectorResponse[], target: string): string {
  const connector = connectors.find((candidate) => candidate.type === 'Social' && candidate.target === target);
  if (!connector) return target;
  const name = connector.name as Record<string, string | undefined>;
  return name[t.locale] ?? name[t.locale.split('-')[0]!] ?? connector.name.en;
}

function formatValue(t: Translator, path: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('sign-in-experience.diff.not_set');
  if (typeof value === 'boolean') return value ? t('sign-in-experience.diff.on') : t('sign-in-experience.diff.off');
  if (path === 'signInMode') return t(`sign-in-experience.mode.${String(value)}` as MessageKey);
  if (path === 'agreeToTermsPolicy') return t(`sign-in-experience.terms.${String(value)}` as MessageKey);
  if (path === 'languageInfo.fallbackLanguage') return localeNames[value as ConsoleLocale] ?? String(value);
  if (path === 'passwordPolicy.characterTypes.required') return t('sign-in-experience.password.types_option', { count: Number(value) });
  if (path === 'customCss' && typeof value === 'string') {
    const text = value.replace(/\s+/g, ' ').trim();
    const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    return `${shown} (${t('sign-in-experience.diff.characters', { count: value.length })})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const labelOf = (t: Translator, path: string) => (fieldLabels[path] ? t(fieldLabels[path]) : path);

function listChanges(context: Context, label: string, before: readonly string[], after: readonly string[], display: (item: string) => string) {
  for (const item of after) if (!before.includes(item)) context.out.push({ kind: 'added', label, item: display(item) });
  for (const item of before) if (!after.includes(item)) context.out.push({ kind: 'removed', label, item: display(item) });
  const keptBefore = before.filter((item) => after.includes(item));
  const keptAfter = after.filter((item) => before.includes(item));
  if (!sameList(keptBefore, keptAfter)) {
    const none = context.t('sign-in-experience.diff.empty_list');
    context.out.push({ kind: 'reordered', label, before: before.map(display).join(', ') || none, after: after.map(display).join(', ') || none });
  }
}

function describeMethod(t: Translator, method: SignInMethod): string {
  const factors = [method.password && t('sign-in-experience.sign_in.password'), method.verificationCode && t('sign-in-experience.sign_in.code')].filter(Boolean);
  return `${identifierLabel(t, method.identifier)} (${factors.join(', ') || t('sign-in-experience.diff.not_set')})`;
}

function methodChanges(context: Context, before: readonly SignInMethod[], after: readonly SignInMethod[]) {
  const { t, out } = context;
  const label = labelOf(t, 'signIn.methods');
  for (const method of after) if (!before.some((old) => old.identifier === method.identifier)) out.push({ kind: 'added', label, item: describeMethod(t, method) });
  for (const method of before) if (!after.some((next) => next.identifier === method.identifier)) out.push({ kind: 'removed', label, item: describeMethod(t, method) });
  for (const method of after) {
    const old = before.find((candidate) => candidate.identifier === method.identifier);
    if (!old) continue;
    const prefix = `${label} › ${identifierLabel(t, method.identifier)}`;
    const on = (value: boolean) => formatValue(t, '', value);
    if (old.password !== method.password) out.push({ kind: 'changed', label: `${prefix} › ${t('sign-in-experience.sign_in.password')}`, before: on(old.password), after: on(method.password) });
    if (old.verificationCode !== method.verificationCode) {
      out.push({ kind: 'changed', label: `${prefix} › ${t('sign-in-experience.sign_in.code')}`, before: on(old.verificationCode), after: on(method.verificationCode) });
    }
    // Which factor comes first only means something when both are on; otherwise it follows them.
    if (old.isPasswordPrimary !== method.isPasswordPrimary && method.password && method.verificationCode) {
      const first = (passwordFirst: boolean) => t(passwordFirst ? 'sign-in-experience.sign_in.password_first' : 'sign-in-experience.sign_in.code_first');
      out.push({ kind: 'changed', label: `${prefix} › ${t('sign-in-experience.sign_in.first_factor')}`, before: first(old.isPasswordPrimary), after: first(method.isPasswordPrimary) });
    }
  }
  const ids = (methods: readonly SignInMethod[]) => methods.map((method) => method.identifier as string);
  const keptBefore = ids(before).filter((id) => ids(after).includes(id));
  const keptAfter = ids(after).filter((id) => ids(before).includes(id));
  if (!sameList(keptBefore, keptAfter)) {
    const names = (methods: readonly SignInMethod[]) => methods.map((method) => identifierLabel(t, method.identifier)).join(', ');
    out.push({ kind: 'reordered', label, before: names(before), after: names(after) });
  }
}

function walk(context: Context, path: string, before: unknown, after: unknown): void {
  const { t, out } = context;
  if (path === 'signUp.identifiers') {
    const option = (value: unknown) => t(`sign-in-experience.identifier_option.${signUpOptionOf((value as never[]) ?? [])}` as MessageKey);
    const a = option(before);
    const b = option(after);
    if (a !== b || JSON.stringify(before) !== JSON.stringify(after)) out.push({ kind: 'changed', label: labelOf(t, path), before: a, after: b });
    return;
  }
  if (path === 'signIn.methods') return methodChanges(context, (before as SignInMethod[]) ?? [], (after as SignInMethod[]) ?? []);
  if (path === 'socialSignInConnectorTargets') {
    return listChanges(context, labelOf(t, path), (before as string[]) ?? [], (after as string[]) ?? [], (target) => targetLabel(t, context.connectors, target));
  }
  if (isObject(before) || isObject(after)) {
    const a = isObject(before) ? before : {};
    const b = isObject(after) ? after : {};
    const keys = [...Object.keys(b), ...Object.keys(a).filter((key) => !(key in b))];
    for (const key of keys) walk(context, path ? `${path}.${key}` : key, a[key], b[key]);
    return;
  }
  if (Array.isArray(before) || Array.isArray(after)) {
    const items = (value: unknown) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : []);
    return listChanges(context, labelOf(t, path), items(before), items(after), (item) => item);
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push({ kind: 'changed', label: labelOf(t, path), before: formatValue(t, path, before), after: formatValue(t, path, after) });
  }
}

export function describeChanges(t: Translator, saved: Config, draft: Config, connectors: readonly ConnectorResponse[]): Change[] {
  const context: Context = { t, connectors, out: [] };
  walk(context, '', saved, draft);
  return context.out;
}
