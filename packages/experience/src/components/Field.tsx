import type { InputHTMLAttributes } from 'react';
import { errorRegionId, useExperience, type FormError } from '../context.ts';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error: FormError | null;
  /** Id of a hint that always describes the field (password requirements). */
  hintId?: string;
}

/** A labelled input that points to the error region while the error is about it. */
export function Field({ name, label, error, hintId, autoFocus, ...input }: FieldProps) {
  // A preview must not pull focus out of the Console that is being edited around it.
  const { preview } = useExperience();
  const id = `field-${name}`;
  const invalid = error?.field === name;
  const describedBy = [hintId, invalid ? errorRegionId : undefined].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={invalid || undefined} aria-describedby={describedBy || undefined} autoFocus={autoFocus && !preview} {...input} />
    </div>
  );
}
