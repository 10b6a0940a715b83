// The config form of a connector, generated from its factory's `formItems`, and the state behind it:
// the draft (never reset by a failed save), problems found while typing, and the server's
// complaints placed next to the fields they name.
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import type { FormItem } from '@signet/schemas';
import { useT, type Translator } from '../../i18n/i18n.tsx';
import { ConfigField } from './ConfigField.tsx';
import { formatProblems, initialDraft, readDraft, type Draft, type DraftValue, type FieldProblem } from './form-model.ts';

export type ConnectorForm = {
  items: FormItem[];
  draft: Draft;
  setField(key: string, value: DraftValue): void;
  /** Replaces the draft (after a save, with what the server now holds). */
  reset(draft: Draft): void;
  /** Per-field messages to show, translated. */
  errors: Record<string, string>;
  /** A JSON or number field cannot be read: saving stays disabled. */
  invalid: boolean;
  /** The config to send, or undefined after marking what is missing and focusing it. */
  prepare(): Record<string, unknown> | undefined;
  /** The server's field messages, by form item key. */
  showServerErrors(byField: Record<string, string>): void;
  containerRef: RefObject<HTMLDivElement | null>;
};

/** Server field messages are English; the common ones have a translation. */
export function translateIssue(t: Translator, message: string): string {
  if (message === 'is required' || message === 'Required') return t('errors.required');
  return message;
}

function problemText(t: Translator, problem: FieldProblem): string {
  if (problem.kind === 'required') return t('errors.required');
  if (problem.kind === 'number') return t('connectors.form.not_a_number');
  return t('connectors.form.invalid_json', { detail: problem.detail });
}

export function focusFirstInvalid(container: HTMLElement | null): void {
  requestAnimationFrame(() => container?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

export function useConnectorForm(items: FormItem[], config?: Record<string, unknown>): ConnectorForm {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(items, config));
  const [showRequired, setShowRequired] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const containerRef = useRef<HTMLDivElement>(null);

  const { problems } = useMemo(() => readDraft(items, draft), [items, draft]);
  const visible = showRequired ? problems : formatProblems(problems);
  const errors: Record<string, string> = {};
  for (const item of items) {
    const problem = visible[item.key];
    if (problem) errors[item.key] = problemText(t, problem);
    else if (serverErrors[item.key]) errors[item.key] = translateIssue(t, serverErrors[item.key]!);
  }

  const setField = useCallback((key: string, value: DraftValue) => {
    setDraft((current) => ({ ...current, [key]: value }));
    // The admin is fixing it: the server's old complaint no longer applies.
    setServerErrors((current) => {
      if (!(key in current)) return current;
      const { [key]: _dropped, ...rest } = current;
      return rest;
    });
  }, []);

  return {
    items,
    draft,
    setField,
    reset: (next) => {
      setDraft(next);
      setServerErrors({});
      setShowRequired(false);
    },
    errors,
    invalid: Object.keys(formatProblems(problems)).length > 0,
    prepare: () => {
      const read = readDraft(items, draft);
      if (Object.keys(read.problems).length > 0) {
        setShowRequired(true);
        focusFirstInvalid(containerRef.current);
        return undefined;
      }
      return read.config;
    },
    showServerErrors: (byField) => {
      setServerErrors(byField);
      focusFirstInvalid(containerRef.current);
    },
    containerRef,
  };
}

export function ConfigForm({ form, legend }: { form: ConnectorForm; legend: string }) {
  return (
    <div ref={form.containerRef} className="connector-config-form">
      <fieldset className="connector-fieldset">
        <legend className="connector-legend">{legend}</legend>
        {form.items.map((item) => (
          <ConfigField key={item.key} item={item} value={form.draft[item.key] ?? ''} onChange={(value) => form.setField(item.key, value)} error={form.errors[item.key]} />
        ))}
      </fieldset>
    </div>
  );
}
