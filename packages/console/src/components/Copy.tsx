// Values an admin copies into their app: shown read-only with a Copy button; secrets masked until shown.
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { Button } from './Button.tsx';

export function CopyButton({ value, label }: { value: string; label?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <Button variant="ghost" onClick={copy} aria-label={label ? `${t('common.copy')}: ${label}` : t('common.copy')}>
      <span aria-live="polite">{copied ? t('common.copied') : t('common.copy')}</span>
    </Button>
  );
}

/** A labelled read-only value with a Copy button; `secret` masks it until "Show". */
export function CopyField({ label, value, secret = false, actions, testId }: { label: string; value: string; secret?: boolean; actions?: ReactNode; testId?: string }) {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  const shown = secret && !revealed ? '•'.repeat(Math.min(Math.max(value.length, 8), 32)) : value;
  return (
    <div className="field copy-field">
      <span className="field-label">{label}</span>
      <div className="copy-row">
        <code className="copy-value" data-testid={testId} aria-label={label}>
          {shown}
        </code>
        {secret && (
          <Button variant="ghost" onClick={() => setRevealed((value) => !value)} aria-pressed={revealed}>
            {revealed ? t('common.hide') : t('common.reveal')}
          </Button>
        )}
        <CopyButton value={value} label={label} />
        {actions}
      </div>
    </div>
  );
}
