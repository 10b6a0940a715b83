// Small form pieces only this area uses: a colour field (picker + hex text), a whole-number field,
// and a notice with a link to where the missing piece is set up.
import type { ReactNode } from 'react';
import { FieldFrame } from '../../components/Field.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import type { Config } from './draft.ts';

export type TabProps = {
  draft: Config;
  /** Applies an edit to the draft. */
  update(change: (config: Config) => Config): void;
  /** Errors by field key (client checks and the server's answer). */
  errors: Record<string, string>;
};

const hexColor = /^#[0-9a-fA-F]{6}$/;

type ColorFieldProps = { label: string; name: string; value: string; onChange(value: string): void; error?: string | undefined; hint?: ReactNode; disabled?: boolean };

export function ColorField({ label, name, value, onChange, error, hint, disabled }: ColorFieldProps) {
  const t = useT();
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {({ id, describedBy }) => (
        <div className="sie-color-row">
          <input
            type="color"
            className="sie-color-swatch"
            aria-label={t('sign-in-experience.branding.color_picker', { field: label })}
            value={hexColor.test(value) ? value.toLowerCase() : '#000000'}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value.toUpperCase())}
          />
          <input
            id={id}
            name={name}
            className="input sie-color-text"
            value={value}
            disabled={disabled}
            spellCheck={false}
            autoComplete="off"
            maxLength={7}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => onChange(event.target.value.trim())}
          />
        </div>
      )}
    </FieldFrame>
  );
}

type NumberFieldProps = { label: string; name: string; value: number; min: number; max: number; onChange(value: number): void; invalid?: boolean; describedBy?: string };

/** A whole number; an empty box is NaN in the draft, which validation reports. */
export function NumberField({ label, name, value, min, max, onChange, invalid, describedBy }: NumberFieldProps) {
  return (
    <label className="sie-number">
      <span className="field-label">{label}</span>
      <input
        className="input"
        type="number"
        inputMode="numeric"
        name={name}
        min={min}
        max={max}
        step={1}
        value={Number.isFinite(value) ? String(value) : ''}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value === '' ? Number.NaN : Number(event.target.value))}
      />
    </label>
  );
}

export function Notice({ children, link, linkLabel }: { children: ReactNode; link?: string; linkLabel?: string }) {
  return (
    <div className="sie-notice" role="note">
      <span>{children}</span>
      {link && linkLabel && <Link to={link}>{linkLabel}</Link>}
    </div>
  );
}
