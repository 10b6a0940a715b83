import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { InteractionEvent } from '@signet/schemas';
import { api, type SentCode } from '../api.ts';
import { useAction, useExperience } from '../context.ts';
import { displayIdentifier } from '../identifier.ts';
import { Alert } from './Alert.tsx';
import { Field } from './Field.tsx';

export type CodeTarget = { type: 'email' | 'phone'; value: string };

interface CodeFormProps {
  identifier: CodeTarget;
  /** The event the code was sent for; a new code is sent for the same one. */
  event: InteractionEvent;
  sent: SentCode;
  /** Called with the verified verification id; a thrown error is shown here. */
  onVerified: (verificationId: string) => Promise<void>;
  onBack: () => void;
  /** Extra actions under the form (switch to password). */
  children?: ReactNode;
}

/** Enter the 6-digit code; send a new one once the countdown is over. */
export function CodeForm({ identifier, event, sent, onVerified, onBack, children }: CodeFormProps) {
  const { t } = useExperience();
  const { busy, error, fail, run } = useAction();
  const [verificationId, setVerificationId] = useState(sent.verificationId);
  const [resendAt, setResendAt] = useState(() => Date.now() + sent.resendAfterSeconds * 1000);
  const [now, setNow] = useState(() => Date.now());
  const [resent, setResent] = useState(false);
  const secondsLeft = Math.max(0, Math.ceil((resendAt - now) / 1000));

  // Tick once a second only while the countdown runs.
  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft, now]);

  function onSubmit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const code = String(new FormData(formEvent.currentTarget).get('code') ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return fail(t('validation.invalid_code'), 'code');
    void run(async () => {
      const verified = await api.verifyCode(identifier, verificationId, code);
      await onVerified(verified.verificationId);
    }, 'code');
  }

  function resend() {
    void run(async () => {
      const next = await api.sendCode(identifier, event);
      setVerificationId(next.verificationId);
      setResendAt(Date.now() + next.resendAfterSeconds * 1000);
      setNow(Date.now());
      setResent(true);
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{t('code.sent', { target: displayIdentifier(identifier) })}</p>
      <Field
        name="code"
        label={t('field.code')}
        error={error}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        required
        autoFocus
      />
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {t('action.continue')}
      </button>
      <div className="actions">
        <button type="button" className="link" onClick={resend} disabled={busy || secondsLeft > 0}>
          {secondsLeft > 0 ? t('action.resend_in', { seconds: secondsLeft }) : t('action.resend_code')}
        </button>
        {children}
        <button type="button" className="link" onClick={onBack}>
          {t('action.back')}
        </button>
      </div>
      <p role="status" className="visually-hidden">
        {resent ? t('status.code_sent') : ''}
      </p>
    </form>
  );
}
