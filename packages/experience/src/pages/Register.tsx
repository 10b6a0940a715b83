import { useState, type FormEvent } from 'react';
import { api, ExperienceApiError, type SentCode } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { CodeForm, type CodeTarget } from '../components/CodeForm.tsx';
import { Field } from '../components/Field.tsx';
import { NewPasswordFields, readNewPassword } from '../components/NewPassword.tsx';
import { PageLink } from '../components/PageLink.tsx';
import { SocialButtons } from '../components/SocialButtons.tsx';
import { SwitchEventOffer } from '../components/SwitchEventOffer.tsx';
import { Terms } from '../components/Terms.tsx';
import { useAction, useExperience } from '../context.ts';
import { termsMode } from '../flow.ts';
import { identifierInputProps, identifierSetKey, isValidUsername, parseIdentifier } from '../identifier.ts';
import { completeProfile } from './profile-flow.ts';

type Sub =
  | { kind: 'form' }
  | { kind: 'code'; identifier: CodeTarget; sent: SentCode }
  | { kind: 'in-use'; error: ExperienceApiError; verificationId: string };

const inUseCodes = new Set(['user.email_already_in_use', 'user.phone_already_in_use']);

/**
 * Create an account as signUp says: a username (and password) → POST profile; an email and/or phone →
 * a code, then identification; no identifier → the social buttons only.
 */
export function RegisterPage({ initialError }: { initialError?: unknown }) {
  const { advance, config, t } = useExperience();
  const [sub, setSub] = useState<Sub>({ kind: 'form' });
  const [agreed, setAgreed] = useState(false);
  const back = () => setSub({ kind: 'form' });

  switch (sub.kind) {
    case 'form':
      return <RegisterForm initialError={initialError} agreed={agreed} setAgreed={setAgreed} onCodeSent={(identifier, sent) => setSub({ kind: 'code', identifier, sent })} />;
    case 'code':
      return (
        <CodeForm
          key={sub.sent.verificationId}
          identifier={sub.identifier}
          event="Register"
          sent={sub.sent}
          onBack={back}
          onVerified={async (verificationId) => {
            try {
              advance(await api.identify({ verificationId }));
            } catch (error) {
              // Already someone's email or phone: offer to sign in with this very verification.
              if (error instanceof ExperienceApiError && inUseCodes.has(error.code)) return setSub({ kind: 'in-use', error, verificationId });
              throw error;
            }
          }}
        />
      );
    case 'in-use':
      return (
        <SwitchEventOffer
          event="SignIn"
          verificationId={sub.verificationId}
          actionLabel={config.signInMode !== 'Register' ? t('action.sign_in_instead') : undefined}
          initialError={sub.error}
          onBack={back}
        />
      );
  }
}

interface RegisterFormProps {
  initialError: unknown;
  agreed: boolean;
  setAgreed: (agreed: boolean) => void;
  onCodeSent: (identifier: CodeTarget, sent: SentCode) => void;
}

function RegisterForm({ initialError, agreed, setAgreed, onCodeSent }: RegisterFormProps) {
  const { config, t, advance } = useExperience();
  const { busy, error, fail, run } = useAction(initialError);
  const { identifiers, password: withPassword } = config.signUp;
  const codeTypes = identifiers.filter((type) => type !== 'username') as ('email' | 'phone')[];
  const mode = codeTypes.length > 0 ? 'code' : identifiers.includes('username') ? 'username' : 'social';
  // One kind → its own name (email, phone); either kind → identifier.
  const fieldName = codeTypes.length === 1 ? codeTypes[0]! : 'identifier';
  const label = t(`field.${identifierSetKey(codeTypes)}`);
  const terms = termsMode(config, 'register');

  function termsAccepted(): boolean {
    if (terms !== 'checkbox' || agreed) return true;
    fail(t('validation.agree_terms'), 'agree');
    return false;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (mode === 'username') {
      const username = String(data.get('username') ?? '').trim();
      if (!username) return fail(t('validation.required', { field: t('field.username') }), 'username');
      if (!isValidUsername(username)) return fail(t('validation.invalid_username'), 'username');
      let password: string | undefined;
      if (withPassword) {
        const result = readNewPassword(event.currentTarget, config.passwordPolicy, t);
        if ('error' in result) return fail(result.error.message, result.error.field, result.error.details);
        password = result.password;
      }
      if (!termsAccepted()) return;
      void run(async () => {
        let step = await api.addProfile({ type: 'username', value: username });
        // The password was asked on the same form: send it as soon as the server asks for it.
        if (password !== undefined && step.next === 'profile' && step.missingProfile.includes('password')) {
          step = await api.addProfile({ type: 'password', value: password });
        }
        advance(await completeProfile(step));
      }, (caught) => (caught instanceof ExperienceApiError && caught.code === 'user.password_policy_violation' ? 'newPassword' : 'username'));
      return;
    }
    const result = parseIdentifier(String(data.get(fieldName) ?? ''), codeTypes);
    if (!result.ok) return fail(result.reason === 'required' ? t('validation.required', { field: label }) : t(`validation.identifier.${identifierSetKey(codeTypes)}`), fieldName);
    if (!termsAccepted()) return;
    const identifier = result.identifier as CodeTarget;
    void run(async () => onCodeSent(identifier, await api.sendCode(identifier, 'Register')), fieldName);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {mode === 'username' && (
        <>
          <Field name="username" label={t('field.username')} error={error} autoComplete="username" required autoFocus />
          {withPassword && <NewPasswordFields error={error} />}
        </>
      )}
      {mode === 'code' && <Field name={fieldName} label={label} error={error} required autoFocus {...identifierInputProps(codeTypes, false)} />}
      {mode === 'social' && <p>{t('register.social_only')}</p>}
      <Terms mode={terms} agreed={agreed} onAgreedChange={setAgreed} error={error} />
      <Alert error={error} />
      {mode !== 'social' && (
        <button type="submit" disabled={busy}>
          {mode === 'username' ? t('action.create_account') : t('action.send_code')}
        </button>
      )}
      <SocialButtons run={(action) => void run(action)} canStart={termsAccepted} busy={busy} divider={mode !== 'social'} />
      {config.signInMode !== 'Register' && (
        <p className="switch">
          {t('link.have_account')} <PageLink page="sign-in">{t('link.sign_in')}</PageLink>
        </p>
      )}
    </form>
  );
}
