import type { FormEvent } from 'react';
import type { PasswordPolicy } from '@signet/schemas';
import { useAction, useExperience, type FormError } from '../context.ts';
import { describeViolations } from '../errors.ts';
import type { Translator } from '../i18n/index.ts';
import { checkPassword, policyHints } from '../password-policy.ts';
import { Alert } from './Alert.tsx';
import { Field } from './Field.tsx';

const hintId = 'password-hint';

/** New password + confirmation, with the policy as a hint that describes the first field. */
export function NewPasswordFields({ error, autoFocus = false }: { error: FormError | null; autoFocus?: boolean }) {
  const { config, t } = useExperience();
  return (
    <>
      <Field name="newPassword" label={t('field.new_password')} error={error} type="password" autoComplete="new-password" required hintId={hintId} autoFocus={autoFocus} />
      <div id={hintId} className="hint">
        {t('policy.heading')}
        <ul>
          {policyHints(config.passwordPolicy, t).map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ul>
      </div>
      <Field name="confirmPassword" label={t('field.confirm_password')} error={error} type="password" autoComplete="new-password" required />
    </>
  );
}

/** Reads and checks the two fields; returns the password, or the error to show. */
export function readNewPassword(form: HTMLFormElement, policy: PasswordPolicy, t: Translator): { password: string } | { error: FormError } {
  const data = new FormData(form);
  const password = String(data.get('newPassword') ?? '');
  const confirm = String(data.get('confirmPassword') ?? '');
  if (!password) return { error: { message: t('validation.required', { field: t('field.new_password') }), field: 'newPassword' } };
  const violations = checkPassword(policy, password);
  if (violations.length > 0) return { error: { message: t('error.user.password_policy_violation'), details: describeViolations(violations, t), field: 'newPassword' } };
  if (password !== confirm) return { error: { message: t('validation.passwords_mismatch'), field: 'confirmPassword' } };
  return { password };
}

/** A whole screen's form that only asks for a new password (reset, or a missing profile password). */
export function NewPasswordForm({ onPassword }: { onPassword: (password: string) => Promise<void> }) {
  const { config, t } = useExperience();
  const { busy, error, fail, run } = useAction();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = readNewPassword(event.currentTarget, config.passwordPolicy, t);
    if ('error' in result) return fail(result.error.message, result.error.field, result.error.details);
    void run(() => onPassword(result.password), 'newPassword');
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <NewPasswordFields error={error} autoFocus />
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {t('action.save_password')}
      </button>
    </form>
  );
}
