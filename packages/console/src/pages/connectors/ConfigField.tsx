// One field of a connector's config form, chosen by its form item type. Secrets are masked (a
// password input, or a masked text area for multi-line keys) with a Show toggle; JSON fields are a
// monospace editor whose parse error the parent shows as the admin types.
import { useState } from 'react';
import type { FormItem } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox, FieldFrame, Switch } from '../../components/Field.tsx';
import { jsonExample, type DraftValue } from './form-model.ts';

/** What the API sends back for a stored secret (see connectors.service.ts `maskedValue`). */
export const maskedSecret = '********';

type Props = {
  item: FormItem;
  value: DraftValue;
  onChange(value: DraftValue): void;
  error: string | undefined;
};

/** Field descriptions mark config keys and placeholders with backticks, as Markdown does. */
function Description({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}

function Label({ item }: { item: FormItem }) {
  // The guides name fields by their config key ("fill the appId field"): show both.
  return (
    <>
      {item.label} <code className="connector-field-key">{item.key}</code>
    </>
  );
}

export function ConfigField({ item, value, onChange, error }: Props) {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  const text = typeof value === 'string' ? value : '';
  const storedSecret = item.isConfidential && text === maskedSecret;
  const hint =
    item.description || storedSecret ? (
      <>
        {item.description && <Description text={item.description} />}
        {item.description && storedSecret && ' '}
        {storedSecret && t('connectors.form.secret_stored')}
      </>
    ) : undefined;
  const description = item.description ? <Description text={item.description} /> : undefined;

  if (item.type === 'Switch') {
    return (
      <div className="connector-switch">
        <Switch name={item.key} label={<Label item={item} />} hint={description} checked={value === true} onChange={onChange} />
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }

  if (item.type === 'MultiSelect') {
    const selected = Array.isArray(value) ? value : [];
    return (
      <fieldset className={`field${error ? ' field-invalid' : ''}`} aria-describedby={undefined}>
        <legend className="field-label">
          <Label item={item} />
          {item.required && <span className="field-required" aria-hidden="true"> *</span>}
        </legend>
        <div className="connector-multiselect">
          {(item.selectItems ?? []).map((option) => (
            <Checkbox
              key={option.value}
              name={`${item.key}.${option.value}`}
              label={option.title}
              checked={selected.includes(option.value)}
              onChange={(checked) => onChange(checked ? [...selected, option.value] : selected.filter((entry) => entry !== option.value))}
            />
          ))}
        </div>
        {description && <p className="field-hint">{description}</p>}
        {error && <p className="field-error">{error}</p>}
      </fieldset>
    );
  }

  // A stored secret reads back as the mask: nothing to reveal, but it can be replaced.
  const reveal = !item.isConfidential ? null : storedSecret ? (
    <Button variant="ghost" className="connector-reveal" onClick={() => onChange('')} aria-label={`${t('connectors.form.replace_secret')}: ${item.label}`}>
      {t('connectors.form.replace_secret')}
    </Button>
  ) : (
    <Button variant="ghost" className="connector-reveal" onClick={() => setRevealed((current) => !current)} aria-pressed={revealed} aria-label={`${revealed ? t('common.hide') : t('common.reveal')}: ${item.label}`}>
      {revealed ? t('common.hide') : t('common.reveal')}
    </Button>
  );

  return (
    <FieldFrame label={<Label item={item} />} hint={hint} error={error} required={item.required}>
      {({ id, describedBy }) => {
        const common = {
          id,
          name: item.key,
          required: item.required,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
        } as const;
        switch (item.type) {
          case 'Select':
            return (
              <select {...common} className="input" value={text} onChange={(event) => onChange(event.target.value)}>
                {(text === '' || !item.required) && <option value="">{item.required ? t('connectors.form.choose') : t('common.none')}</option>}
                {(item.selectItems ?? []).map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.title}
                  </option>
                ))}
              </select>
            );
          case 'Json': {
            const example = jsonExample(item);
            return (
              <div className="connector-json">
                <textarea
                  {...common}
                  className="input textarea connector-json-input"
                  spellCheck={false}
                  rows={Math.min(18, Math.max(6, text.split('\n').length + 1))}
                  value={text}
                  placeholder={example ?? item.placeholder}
                  onChange={(event) => onChange(event.target.value)}
                />
                <div className="connector-json-actions">
                  <Button
                    variant="ghost"
                    onClick={() => {
                      try {
                        onChange(JSON.stringify(JSON.parse(text), null, 2));
                      } catch {
                        // Nothing to format: the parse error is already shown under the field.
                      }
                    }}
                    disabled={text.trim() === ''}
                  >
                    {t('connectors.form.format_json')}
                  </Button>
                  {example && text.trim() === '' && (
                    <Button variant="ghost" onClick={() => onChange(example)}>
                      {t('connectors.form.use_example')}
                    </Button>
                  )}
                </div>
              </div>
            );
          }
          case 'MultilineText':
            return (
              <div className="connector-secret-row">
                <textarea
                  {...common}
                  className={`input textarea${item.isConfidential && !revealed ? ' connector-masked' : ''}`}
                  spellCheck={false}
                  autoComplete="off"
                  rows={5}
                  value={text}
                  placeholder={item.placeholder}
                  onChange={(event) => onChange(event.target.value)}
                />
                {reveal}
              </div>
            );
          case 'Number':
            return <input {...common} className="input" type="number" inputMode="decimal" value={text} placeholder={item.placeholder} onChange={(event) => onChange(event.target.value)} />;
          default:
            return (
              <div className="connector-secret-row">
                <input
                  {...common}
                  className="input"
                  type={item.isConfidential && !revealed ? 'password' : 'text'}
                  autoComplete={item.isConfidential ? 'new-password' : 'off'}
                  spellCheck={false}
                  value={text}
                  placeholder={item.placeholder}
                  onChange={(event) => onChange(event.target.value)}
                />
                {reveal}
              </div>
            );
        }
      }}
    </FieldFrame>
  );
}
