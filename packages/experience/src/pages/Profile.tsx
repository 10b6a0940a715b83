import { useState, type FormEvent } from 'react';
import type { MissingProfileItem } from '@signet/schemas';
import { api, type SentCode } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { CodeForm, type CodeTarget } from '../components/CodeForm.tsx';
import { Field } from '../components/Field.tsx';
import { NewPasswordForm } from '../components/NewPassword.tsx';
import { useAction, useExperience } from '../context.ts';
import { identifierInputProps, identifierSetKey, isValidUsername, parseIdentifier } from '../identifier.ts';
import { completeProfile } from './profile-flow.ts';

/** Step `profile`: asks for one missing item; the server's next step says what is left. */
export function ProfileScreen({ item }: { item: MissingProfileItem }) {
  const { t, advance } = useExperience();
  const save = async (body: Parameters<typeof api.addProfile>[0]) => advance(await completeProfile(await api.addProfile(body)));
  return (
    <>
      <p>{t('profile.description')}</p>
      {item === 'password' ? (
        <NewPasswordForm onPassword={(value) => save({ type: 'password', value })} />
      ) : item === 'username' ? (
        <UsernameForm onUsername={(value) => save({ type: 'username', value })} />
      ) : (
        <ContactForm types={item === 'emailOrPhone' ? ['email', 'phone'] : [item]} onVerified={(type, verificationId) => save({ type, verificationId })} />
      )}
    </>
  );
}

function UsernameForm({ onUsername }: { onUsername: (username: string) => Promise<void> }) {
  const { t } = useExperience();
  const { busy, error, fail, run } = useAction();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const username = String(new FormData(event.currentTarget).get('username') ?? '').trim();
    if (!username) return fail(t('validation.required', { field: t('field.username') }), 'username');
    if (!isValidUsername(username)) return fail(t('validation.invalid_username'), 'username');
    void run(() => onUsername(username), 'username');
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <Field name="username" label={t('field.username')} error={error} autoComplete="username" required autoFocus />
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {t('action.continue')}
      </button>
    </form>
  );
}

/** An email or phone to add: verified with a code sent for Register, then added by verification id. */
function ContactForm({ types, onVerified }: { types: ('email' | 'phone')[]; onVerified: (type: 'email' | 'phone', verificationId: string) => Promise<void> }) {
  const { t } = useExperience();
  const { busy, error, fail, run } = useAction();
  const [sent, setSent] = useState<{ identifier: CodeTarget; sent: SentCode }>();
  const setKey = identifierSetKey(types);
  const label = t(`field.${setKey}`);
  const fieldName = types.length === 1 ? types[0]! : 'identifier';

  if (sent) {
    const { identifier } = sent;
    return (
      <CodeForm
        key={sent.sent.verificationId}
        identifier={identifier}
        event="Register"
        sent={sent.sent}
        onBack={() => setSent(undefined)}
        onVerified={(verificationId) => onVerified(identifier.type, verificationId)}
      />
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = parseIdentifier(String(new FormData(event.currentTarget).get(fieldName) ?? ''), types);
    if (!result.ok) return fail(result.reason === 'required' ? t('validation.required', { field: label }) : t(`validation.identifier.${setKey}`), fieldName);
    const identifier = result.identifier as CodeTarget;
    void run(async () => setSent({ identifier, sent: await api.sendCode(identifier, 'Register') }), fieldName);
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <Field name={fieldName} label={label} error={error} required autoFocus {...identifierInputProps(types, false)} />
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {t('action.send_code')}
      </button>
    </form>
  );
}
