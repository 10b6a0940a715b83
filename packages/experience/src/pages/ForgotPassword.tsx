import { useState, type FormEvent } from 'react';
import { api, type SentCode } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { CodeForm, type CodeTarget } from '../components/CodeForm.tsx';
import { Field } from '../components/Field.tsx';
import { PageLink } from '../components/PageLink.tsx';
import { useAction, useExperience } from '../context.ts';
import { forgotPasswordTypes } from '../flow.ts';
import { identifierInputProps, identifierSetKey, parseIdentifier } from '../identifier.ts';

/** Forgot password: a code to an email or phone that signs in with a password, then the new password. */
export function ForgotPasswordPage({ initialError }: { initialError?: unknown }) {
  const { settings, advance, t } = useExperience();
  const [sent, setSent] = useState<{ identifier: CodeTarget; sent: SentCode }>();
  const types = forgotPasswordTypes(settings);

  if (sent) {
    return (
      <CodeForm
        key={sent.sent.verificationId}
        identifier={sent.identifier}
        event="ForgotPassword"
        sent={sent.sent}
        onBack={() => setSent(undefined)}
        onVerified={async (verificationId) => advance(await api.identify({ verificationId }))}
      />
    );
  }
  if (types.length === 0) {
    return (
      <>
        <p>{t('forgot.unavailable')}</p>
        <BackToSignIn />
      </>
    );
  }
  return <ForgotForm types={types} initialError={initialError} onSent={(identifier, code) => setSent({ identifier, sent: code })} />;
}

function ForgotForm({ types, initialError, onSent }: { types: ('email' | 'phone')[]; initialError: unknown; onSent: (identifier: CodeTarget, sent: SentCode) => void }) {
  const { t } = useExperience();
  const { busy, error, fail, run } = useAction(initialError);
  const setKey = identifierSetKey(types);
  const label = t(`field.${setKey}`);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = parseIdentifier(String(new FormData(event.currentTarget).get('identifier') ?? ''), types);
    if (!result.ok) return fail(result.reason === 'required' ? t('validation.required', { field: label }) : t(`validation.identifier.${setKey}`), 'identifier');
    const identifier = result.identifier as CodeTarget;
    void run(async () => onSent(identifier, await api.sendCode(identifier, 'ForgotPassword')), 'identifier');
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{t('forgot.description', { field: label.toLocaleLowerCase() })}</p>
      <Field name="identifier" label={label} error={error} required autoFocus {...identifierInputProps(types, true)} />
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {t('action.send_code')}
      </button>
      <BackToSignIn />
    </form>
  );
}

function BackToSignIn() {
  const { t } = useExperience();
  return (
    <p className="switch">
      <PageLink page="sign-in">{t('link.back_to_sign_in')}</PageLink>
    </p>
  );
}
