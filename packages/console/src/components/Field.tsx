// Form fields: a label, the control, a hint and an error wired together with ids and ARIA, so screen
// readers announce the error of the field that has focus.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

type FieldFrameProps = { label: ReactNode; hint?: ReactNode; error?: string | undefined; required?: boolean; children: (ids: { id: string; describedBy: string | undefined }) => ReactNode };

export function FieldFrame({ label, hint, error, required, children }: FieldFrameProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
        {required && <span className="field-required" aria-hidden="true"> *</span>}
      </label>
      {children({ id, describedBy })}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type Common = { label: ReactNode; hint?: ReactNode; error?: string | undefined };

export function TextField({ label, hint, error, required, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy }) => <input id={id} className="input" required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />}
    </FieldFrame>
  );
}

export function TextArea({ label, hint, error, required, ...textarea }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy }) => (
        <textarea id={id} className="input textarea" required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />
      )}
    </FieldFrame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  required,
  options,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {({ id, describedBy }) => (
        <select id={id} className="input" required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** An on/off switch: a checkbox with role="switch", so it is announced as one and works with Space. */
export function Switch({ label, hint, checked, onChange, disabled, name }: { label: ReactNode; hint?: ReactNode; checked: boolean; onChange(checked: boolean): void; disabled?: boolean; name?: string }) {
  const id = useId();
  return (
    <div className="switch-field">
      <input id={id} name={name} type="checkbox" role="switch" className="switch" checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export function Checkbox({ label, checked, onChange, disabled, name }: { label: ReactNode; checked: boolean; onChange(checked: boolean): void; disabled?: boolean; name?: string }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
