// Derives a connector's Console form from its zod config schema, so the form is never written twice.
// The schema says type, required and default; `.meta()` adds what only people need: the label,
// placeholder, description, and whether a field is a secret or multi-line text.
import { z } from 'zod';
import type { FormItem, FormItemType } from '@signet/schemas';

/** What a config field may declare with `.meta({...})`. */
export type ConfigFieldMeta = {
  label?: string;
  placeholder?: string;
  description?: string;
  /** A secret: masked when read back, never logged. */
  confidential?: boolean;
  /** A long text (PEM keys, HTML) rather than a one-line input. */
  multiline?: boolean;
  /** Titles for Select / MultiSelect values (default: the value itself). */
  itemTitles?: Record<string, string>;
};

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; entries?: Record<string, string | number>; defaultValue?: unknown };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

type Unwrapped = { core: z.ZodType; optional: boolean; defaultValue?: unknown; meta: ConfigFieldMeta };

/** Peels optional/default/nullable/pipe wrappers, keeping the outermost meta for each key. */
function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  let defaultValue: unknown;
  let meta: ConfigFieldMeta = {};
  for (;;) {
    meta = { ...((z.globalRegistry.get(current) as ConfigFieldMeta | undefined) ?? {}), ...meta };
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'nullable') optional = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      optional = true;
      defaultValue ??= def.defaultValue;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
      continue;
    } else break;
    current = def.innerType!;
  }
  return { core: current, optional, defaultValue, meta };
}

function enumValues(schema: z.ZodType): string[] | undefined {
  const def = defOf(schema);
  if (def.type === 'enum' && def.entries) return Object.values(def.entries).map(String);
  return undefined;
}

function formItemType(core: z.ZodType, meta: ConfigFieldMeta): { type: FormItemType; values?: string[] } {
  const def = defOf(core);
  if (def.type === 'string') return { type: meta.multiline ? 'MultilineText' : 'Text' };
  if (def.type === 'number' || def.type === 'int') return { type: 'Number' };
  if (def.type === 'boolean') return { type: 'Switch' };
  const values = enumValues(core);
  if (values) return { type: 'Select', values };
  if (def.type === 'array' && def.element) {
    const itemValues = enumValues(unwrap(def.element).core);
    if (itemValues) return { type: 'MultiSelect', values: itemValues };
  }
  return { type: 'Json' };
}

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The object schema under refinements: config schemas may add cross-field checks on top. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  let current: z.ZodType = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'object') return (current as z.ZodObject).shape;
    if (def.type === 'pipe' && def.in) current = def.in;
    else throw new Error('A connector config schema must be a zod object');
  }
}

export function formItemsOf(configSchema: z.ZodType): FormItem[] {
  return Object.entries(objectShape(configSchema)).map(([key, field]) => {
    const { core, optional, defaultValue, meta } = unwrap(field);
    const { type, values } = formItemType(core, meta);
    const item: FormItem = { key, label: meta.label ?? humanize(key), type, required: !optional };
    if (defaultValue !== undefined) item.defaultValue = defaultValue;
    if (meta.placeholder !== undefined) item.placeholder = meta.placeholder;
    if (meta.description !== undefined) item.description = meta.description;
    if (meta.confidential) item.isConfidential = true;
    if (values) item.selectItems = values.map((value) => ({ value, title: meta.itemTitles?.[value] ?? value }));
    return item;
  });
}

/** The keys of the fields marked confidential: what masking and log redaction must hide. */
export function confidentialKeysOf(configSchema: z.ZodType): string[] {
  return formItemsOf(configSchema)
    .filter((item) => item.isConfidential)
    .map((item) => item.key);
}
