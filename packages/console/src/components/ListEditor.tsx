// Edits a list of strings (redirect URIs, CORS origins, …): one input per row, per-row errors, add and
// remove. Validation is the caller's: `validate` for instant feedback, `errors` for the server's answer.
import { useId } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { Button } from './Button.tsx';

type Props = {
  label: string;
  hint?: string;
  values: string[];
  onChange(values: string[]): void;
  placeholder?: string;
  /** Errors by row index (client-side checks and the server's field issues). */
  errors?: Record<number, string | undefined>;
  /** The input name of each row, for tests and autofill: `${name}.${index}`. */
  name: string;
};

export function ListEditor({ label, hint, values, onChange, placeholder, errors = {}, name }: Props) {
  const t = useT();
  const id = useId();
  const rows = values.length === 0 ? [''] : values;
  const update = (index: number, value: string) => onChange(rows.map((row, i) => (i === index ? value : row)));
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));
  return (
    <fieldset className="field list-editor">
      <legend className="field-label">{label}</legend>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {rows.map((value, index) => {
        const error = errors[index];
        return (
          <div key={index} className="list-editor-row">
            <div className="list-editor-input">
              <input
                className="input"
                name={`${name}.${index}`}
                aria-label={`${label} ${index + 1}`}
                value={value}
                placeholder={placeholder}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error-${index}` : undefined}
                onChange={(event) => update(index, event.target.value)}
              />
              {error && (
                <p className="field-error" id={`${id}-error-${index}`}>
                  {error}
                </p>
              )}
            </div>
            {rows.length > 1 || value !== '' ? (
              <Button variant="ghost" aria-label={`${t('common.remove')}: ${value || `${label} ${index + 1}`}`} onClick={() => remove(index)}>
                {t('common.remove')}
              </Button>
            ) : null}
          </div>
        );
      })}
      <Button variant="ghost" onClick={() => onChange([...rows, ''])}>
        + {t('common.add_another')}
      </Button>
    </fieldset>
  );
}
