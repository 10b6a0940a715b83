// The connector config form as data: what each field holds while the admin types (text for numbers
// and JSON, so a half-typed value is never lost), how that becomes the `config` the API takes, and
// where the server's complaints belong. Pure functions, no React: the form and its tests share them.
import type { FormItem } from '@signet/schemas';

export type DraftValue = string | boolean | string[];
/** One entry per form item key. */
export type Draft = Record<string, DraftValue>;

/** What is wrong with a field before anything is sent. `json` and `number` show as the admin types. */
export type FieldProblem = { kind: 'required' } | { kind: 'json'; detail: string } | { kind: 'number' };

type Config = Record<string, unknown>;

function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The example a Json field's placeholder carries, pretty-printed; undefined when it is not JSON. */
export function jsonExample(item: FormItem): string | undefined {
  if (item.type !== 'Json' || !item.placeholder) return undefined;
  try {
    return prettyJson(JSON.parse(item.placeholder));
  } catch {
    return undefined;
  }
}

function initialValue(item: FormItem, value: unknown, isNew: boolean): DraftValue {
  const given = value !== undefined && value !== null;
  const source = given ? value : item.defaultValue;
  switch (item.type) {
    case 'Switch':
      return source === true;
    case 'MultiSelect':
      return Array.isArray(source) ? source.map(String) : [];
    case 'Json':
      if (source !== undefined && source !== null) return prettyJson(source);
      // A new connector starts from the example (e.g. email templates for every usage type), so the
      // admin edits a working config instead of writing one from nothing.
      return isNew && item.required ? (jsonExample(item) ?? '') : '';
    default:
      return source === undefined || source === null ? '' : String(source);
  }
}

/** The form's starting point: a saved config (edit) or the factory's defaults (new). */
export function initialDraft(items: FormItem[], config?: Config): Draft {
  return Object.fromEntries(items.map((item) => [item.key, initialValue(item, config?.[item.key], config === undefined)]));
}

function isBlank(value: DraftValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** JSON.parse's complaint, without the engine's prefix noise where there is any. */
function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The config to send and the problems found. A blank optional field is left out (the API then uses
 * its default); a confidential field still holding the mask is sent as the mask, which the API reads
 * as "keep the stored secret".
 */
export function readDraft(items: FormItem[], draft: Draft): { config: Config; problems: Record<string, FieldProblem> } {
  const config: Config = {};
  const problems: Record<string, FieldProblem> = {};
  for (const item of items) {
    const value = draft[item.key];
    if (item.type === 'Switch') {
      config[item.key] = value === true;
      continue;
    }
    if (isBlank(value)) {
      if (item.required) problems[item.key] = { kind: 'required' };
      continue;
    }
    switch (item.type) {
      case 'Number': {
        const number = Number(String(value).trim());
        if (Number.isFinite(number)) config[item.key] = number;
        else problems[item.key] = { kind: 'number' };
        break;
      }
      case 'Json': {
        const parsed = parseJson(String(value));
        if ('value' in parsed) config[item.key] = parsed.value;
        else problems[item.key] = { kind: 'json', detail: parsed.error };
        break;
      }
      case 'MultiSelect':
        config[item.key] = value;
        break;
      default:
        config[item.key] = value;
    }
  }
  return { config, problems };
}

/** Problems the admin sees while typing (not "required", which waits for a save or a test). */
export function formatProblems(problems: Record<string, FieldProblem>): Record<string, FieldProblem> {
  return Object.fromEntries(Object.entries(problems).filter(([, problem]) => problem.kind !== 'required'));
}

/**
 * Sorts the server's field issues (`fieldIssues()`: `accessKeyId`, `templates.2.content`,
 * `config.appId`, `metadata.target`, `email` …) onto the fields the page shows. A deeper path keeps
 * its tail in front of the message (`2.content: is required`); issues no field owns are returned
 * as `rest` for the form-level alert.
 */
export function placeIssues(issues: Record<string, string>, fields: string[]): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  // Longest first, so `metadata.name` wins over a field called `metadata`.
  const known = [...fields].sort((a, b) => b.length - a.length);
  for (const [rawPath, message] of Object.entries(issues)) {
    const path = rawPath.replace(/^config\./, '');
    const field = known.find((candidate) => path === candidate || path.startsWith(`${candidate}.`));
    if (!field) {
      rest.push(path && path !== '(config)' ? `${path}: ${message}` : message);
      continue;
    }
    const tail = path.slice(field.length + 1);
    const text = tail ? `${tail}: ${message}` : message;
    byField[field] = byField[field] ? `${byField[field]}; ${text}` : text;
  }
  return { byField, rest };
}
