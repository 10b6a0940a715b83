// The application details form: the draft the admin edits, the PATCH body made from it, the checks
// done before saving, and the server's refusals mapped back to the fields they concern.
import type { Application, ApplicationType, UpdateApplicationBody } from '@signet/schemas';
import { ConsoleApiError } from '../../api/client.ts';
import type { Translator } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

export const listFields = ['redirectUris', 'postLogoutRedirectUris', 'corsAllowedOrigins'] as const;
export type ListField = (typeof listFields)[number];

export type Draft = {
  name: string;
  description: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  corsAllowedOrigins: string[];
  /** Number inputs are kept as typed; empty means the server's default. */
  idTokenTtl: string;
  refreshTokenTtlInDays: string;
  rotateRefreshToken: boolean;
  alwaysIssueRefreshToken: boolean;
  idTokenSignedResponseAlg: 'ES384' | 'RS256';
};

export type ScalarField = 'name' | 'description' | 'idTokenTtl' | 'refreshTokenTtlInDays';

/**
 * List errors are keyed by the entry's value, not its row: an error stays with the URI it is about
 * when rows are added or removed, and goes away as soon as the admin edits that URI.
 */
export type FormErrors = Partial<Record<ScalarField, string>> & { lists: Record<ListField, Record<string, string>> };

export const noErrors = (): FormErrors => ({ lists: { redirectUris: {}, postLogoutRedirectUris: {}, corsAllowedOrigins: {} } });

export function hasErrors(errors: FormErrors): boolean {
  const { lists, ...scalars } = errors;
  return Object.values(scalars).some(Boolean) || listFields.some((field) => Object.keys(lists[field]).length > 0);
}

export const ttlLimits = { idTokenTtl: { min: 60, max: 86_400, fallback: 3600 }, refreshTokenTtlInDays: { min: 1, max: 180, fallback: 14 } } as const;

export function draftOf(application: Application): Draft {
  const custom = application.customClientMetadata;
  return {
    name: application.name,
    description: application.description ?? '',
    redirectUris: [...application.oidcClientMetadata.redirectUris],
    postLogoutRedirectUris: [...application.oidcClientMetadata.postLogoutRedirectUris],
    corsAllowedOrigins: [...(custom.corsAllowedOrigins ?? [])],
    idTokenTtl: custom.idTokenTtl === undefined ? '' : String(custom.idTokenTtl),
    refreshTokenTtlInDays: custom.refreshTokenTtlInDays === undefined ? '' : String(custom.refreshTokenTtlInDays),
    rotateRefreshToken: custom.rotateRefreshToken ?? true,
    alwaysIssueRefreshToken: custom.alwaysIssueRefreshToken ?? true,
    idTokenSignedResponseAlg: application.oidcClientMetadata.idTokenSignedResponseAlg,
  };
}

/** Trimmed, without the empty rows the list editor shows for typing. */
export function cleanList(values: string[]): string[] {
  return values.map((value) => value.trim()).filter(Boolean);
}

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** The PATCH body. `customClientMetadata` replaces the stored object, so keys this form does not edit are carried over. */
export function bodyOf(draft: Draft, saved: Application): UpdateApplicationBody {
  const { corsAllowedOrigins: _cors, idTokenTtl: _id, refreshTokenTtlInDays: _days, rotateRefreshToken: _rotate, alwaysIssueRefreshToken: _always, ...untouched } = saved.customClientMetadata;
  const idTokenTtl = numberOrUndefined(draft.idTokenTtl);
  const refreshTokenTtlInDays = numberOrUndefined(draft.refreshTokenTtlInDays);
  return {
    name: draft.name.trim(),
    description: draft.description.trim() || null,
    oidcClientMetadata: {
      redirectUris: cleanList(draft.redirectUris),
      postLogoutRedirectUris: cleanList(draft.postLogoutRedirectUris),
      idTokenSignedResponseAlg: draft.idTokenSignedResponseAlg,
    },
    customClientMetadata: {
      ...untouched,
      corsAllowedOrigins: cleanList(draft.corsAllowedOrigins),
      ...(idTokenTtl !== undefined && { idTokenTtl }),
      ...(refreshTokenTtlInDays !== undefined && { refreshTokenTtlInDays }),
      rotateRefreshToken: draft.rotateRefreshToken,
      alwaysIssueRefreshToken: draft.alwaysIssueRefreshToken,
    },
  };
}

/**
 * Cheap checks before saving: a name, absolute URLs, CORS entries that are bare origins, lifetimes in
 * range. The full redirect-URI policy (https or loopback http, no fragment, custom schemes for native
 * apps only) is the server's, and its answer is shown next to the row it names.
 */
export function validate(draft: Draft, type: ApplicationType, t: Translator): FormErrors {
  const errors = noErrors();
  if (!draft.name.trim()) errors.name = t('errors.required');
  if (type !== 'MachineToMachine') {
    for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
      for (const value of cleanList(draft[field])) {
        if (!URL.canParse(value)) errors.lists[field][value] = t('errors.invalid_url');
      }
    }
    for (const value of cleanList(draft.corsAllowedOrigins)) {
      const problem = corsProblem(value, t);
      if (problem) errors.lists.corsAllowedOrigins[value] = problem;
    }
  }
  for (const field of ['idTokenTtl', 'refreshTokenTtlInDays'] as const) {
    const text = draft[field].trim();
    if (!text) continue;
    const { min, max } = ttlLimits[field];
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) errors[field] = t('applications.details.range', { min, max });
  }
  return errors;
}

function corsProblem(value: string, t: Translator): string | undefined {
  if (!URL.canParse(value)) return t('applications.cors.invalid');
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return t('applications.cors.invalid');
  if (url.origin !== value) return t('applications.cors.not_origin', { origin: url.origin });
  return undefined;
}

// The server explains a refused URI in English (`reason`, from the shared redirect-URI rules). The
// Console answers in the admin's language, so it recognises those reasons; an unknown one is shown
// as sent, after a translated sentence.
const redirectReasons: [RegExp, MessageKey][] = [
  [/fragment/, 'applications.uri.fragment'],
  [/wildcard/, 'applications.uri.wildcard'],
  [/whitespace/, 'applications.uri.whitespace'],
  [/not an absolute URI/, 'errors.invalid_url'],
  [/credentials/, 'applications.uri.credentials'],
  [/has no host/, 'errors.invalid_url'],
  [/uses http on a host/, 'applications.uri.http'],
  [/custom scheme/, 'applications.uri.custom_scheme'],
  [/forbidden scheme|invalid scheme/, 'applications.uri.scheme'],
  [/machine-to-machine/, 'applications.uri.m2m'],
  [/longer than/, 'applications.uri.too_long'],
];

export function redirectReasonText(reason: unknown, t: Translator): string {
  const text = typeof reason === 'string' ? reason : '';
  const known = redirectReasons.find(([pattern]) => pattern.test(text));
  if (known) return t(known[1]);
  return text ? `${t('errors.application.invalid_redirect_uri')} (${text})` : t('errors.application.invalid_redirect_uri');
}

function corsReasonText(reason: unknown, t: Translator): string {
  const text = typeof reason === 'string' ? reason : '';
  const suggestion = /did you mean "([^"]+)"/.exec(text)?.[1];
  if (suggestion) return t('applications.cors.not_origin', { origin: suggestion });
  if (/http or https|not an origin/.test(text)) return t('applications.cors.invalid');
  return text ? `${t('errors.application.invalid_cors_origin')} (${text})` : t('errors.application.invalid_cors_origin');
}

const issuePaths: Record<string, ScalarField | ListField> = {
  name: 'name',
  description: 'description',
  'oidcClientMetadata.redirectUris': 'redirectUris',
  'oidcClientMetadata.postLogoutRedirectUris': 'postLogoutRedirectUris',
  'customClientMetadata.corsAllowedOrigins': 'corsAllowedOrigins',
  'customClientMetadata.idTokenTtl': 'idTokenTtl',
  'customClientMetadata.refreshTokenTtlInDays': 'refreshTokenTtlInDays',
};

/** A failed save: errors next to the fields the server named, and the sentence for the form. */
export function serverErrors(error: unknown, draft: Draft, t: Translator): { errors: FormErrors; alert: string } {
  const errors = noErrors();
  if (error instanceof ConsoleApiError) {
    const data = (error.data ?? {}) as { field?: unknown; uri?: unknown; origin?: unknown; reason?: unknown };
    if (error.code === 'application.invalid_redirect_uri' && typeof data.uri === 'string') {
      const field: ListField = data.field === 'postLogoutRedirectUris' ? 'postLogoutRedirectUris' : 'redirectUris';
      errors.lists[field][data.uri] = redirectReasonText(data.reason, t);
    }
    if (error.code === 'application.invalid_cors_origin' && typeof data.origin === 'string') {
      errors.lists.corsAllowedOrigins[data.origin] = corsReasonText(data.reason, t);
    }
    for (const [path, message] of Object.entries(error.fieldIssues())) {
      // `oidcClientMetadata.redirectUris.2` → the third non-empty entry of that list.
      const match = /^(.*?)(?:\.(\d+))?$/.exec(path)!;
      const field = issuePaths[match[1]!];
      if (!field) continue;
      const text = `${t('errors.invalid_value')} (${message})`;
      if ((listFields as readonly string[]).includes(field)) {
        const value = cleanList(draft[field as ListField])[Number(match[2] ?? 0)];
        if (value !== undefined) errors.lists[field as ListField][value] = text;
      } else {
        errors[field as ScalarField] = text;
      }
    }
  }
  return { errors, alert: hasErrors(errors) ? t('applications.details.not_saved_fields') : t.error(error) };
}

/** Errors of a list editor by row index, from errors keyed by value. */
export function rowErrors(values: string[], byValue: Record<string, string>): Record<number, string | undefined> {
  return Object.fromEntries(values.map((value, index) => [index, byValue[value.trim()]]));
}
