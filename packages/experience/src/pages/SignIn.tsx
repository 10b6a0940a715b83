import { useRef, useState, type FormEvent } from 'react';
import type { SignInMethod } from '@signet/schemas';
import { api, ExperienceApiError, type SentCode } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { CodeForm, type CodeTarget } from '../components/CodeForm.tsx';
import { Field } from '../components/Field.tsx';
import { PageLink } from '../components/PageLink.tsx';
import { SocialButtons } from '../components/SocialButtons.tsx';
import { SwitchEventOffer } from '../components/SwitchEventOffer.tsx';
import { Terms } from '../components/Terms.tsx';
import { useAction, useExperience } from '../context.ts';
import { canRegisterWith, deliverable, forgotPasswordTypes, primaryFactor, termsMode } from '../flow.ts';
import { displayIdentifier, identifierInputProps, identifierSetKey, parseIdentifier, type Identifier, type IdentifierType } from '../identifier.ts';

type Sub =
  | { kind: 'identifier' }
  | { kind: 'password'; identifier: Identifier }
  | { kind: 'code'; identifier: CodeTarget; sent: SentCode }
  | { kind: 'create'; identifier: CodeTarget; verificationId: string };

interface SignInPageProps {
  /** Shown in the first form's error region (failed page switch, `?error=` after a social sign-in). */
  initialError?: unknown;
  /** Link mode (step `link-social`): the verified sign-in links this social account; no social, no sign-up. */
  linkSocialVerificationId?: string;
}

/**
 * Sign in with an identifier and the factor its method uses. When every method starts with the
 * password, identifier and password share one form; otherwise the identifier comes first and the
 * page then asks for the password or sends a code, as that identifier's method says.
 */
export function SignInPage({ initialError, linkSocialVerificationId }: SignInPageProps) {
  const experience = useExperience();
  const { config, advance } = experience;
  const [sub, setSub] = useState<Sub>({ kind: 'identifier' });
  const [agreed, setAgreed] = useState(false);
  const linking = linkSocialVerificationId !== undefined;

  async function identify(verificationId: string) {
    advance(await api.identify(linking ? { verificationId, linkSocialVerificationId } : { verificationId }));
  }
  async function sendCode(identifier: CodeTarget) {
    const sent = await api.sendCode(identifier, 'SignIn');
    setSub({ kind: 'code', identifier, sent });
  }
  const methodOf = (type: IdentifierType) => config.signIn.methods.find((method) => method.identifier === type);
  const back = () => setSub({ kind: 'identifier' });

  switch (sub.kind) {
    case 'identifier':
      return (
        <IdentifierForm
          initialError={initialError}
          linking={linking}
          agreed={agreed}
          setAgreed={setAgreed}
          identify={identify}
          sendCode={sendCode}
          askPassword={(identifier) => setSub({ kind: 'password', identifier })}
        />
      );
    case 'password':
      return <PasswordForm identifier={sub.identifier} method={methodOf(sub.identifier.type)} identify={identify} sendCode={sendCode} onBack={back} />;
    case 'code': {
      const { identifier } = sub;
      const hasPassword = methodOf(identifier.type)?.password ?? false;
      return (
        <CodeForm
          key={sub.sent.verificationId}
          identifier={identifier}
          event="SignIn"
          sent={sub.sent}
          onBack={back}
          onVerified={async (verificationId) => {
            try {
              await identify(verificationId);
            } catch (error) {
              // A verified code for an unknown account: offer to create it with the same verification.
              if (error instanceof ExperienceApiError && error.code === 'session.account_not_found' && !linking && canRegisterWith(config, identifier.type)) {
                setSub({ kind: 'create', identifier, verificationId });
                return;
              }
              throw error;
            }
          }}
        >
          {hasPassword && (
            <button type="button" className="link" onClick={() => setSub({ kind: 'password', identifier })}>
              {experience.t('link.use_password')}
            </button>
          )}
        </CodeForm>
      );
    }
    case 'create':
      return (
        <SwitchEventOffer
          event="Register"
          verificationId={sub.verificationId}
          message={experience.t('code.not_found_offer', { target: displayIdentifier(sub.identifier) })}
          actionLabel={experience.t('action.create_account')}
          onBack={back}
        />
      );
  }
}

interface IdentifierFormProps {
  initialError: unknown;
  linking: boolean;
  agreed: boolean;
  setAgreed: (agreed: boolean) => void;
  identify: (verificationId: string) => Promise<void>;
  sendCode: (identifier: CodeTarget) => Promise<void>;
  askPassword: (identifier: Identifier) => void;
}

function IdentifierForm({ initialError, linking, agreed, setAgreed, identify, sendCode, askPassword }: IdentifierFormProps) {
  const { config, settings, t } = useExperience();
  const { busy, error, fail, run } = useAction(initialError);
  const form = useRef<HTMLFormElement>(null);
  const methods = config.signIn.methods;
  const types = methods.map((method) => method.identifier);
  const setKey = identifierSetKey(types);
  const label = t(`field.${setKey}`);
  const combined = methods.length > 0 && methods.every((method) => primaryFactor(method) === 'password');
  const codeTypes = methods.filter((method) => method.verificationCode && method.identifier !== 'username').map((method) => method.identifier);
  const terms = linking ? 'none' : termsMode(config, 'sign-in');

  /** Reads the identifier among `allowed`; shows the error and returns undefined when it is not one. */
  function readIdentifier(allowed: IdentifierType[], looseUsername: boolean): Identifier | undefined {
    const value = String(new FormData(form.current ?? undefined).get('identifier') ?? '');
    const result = parseIdentifier(value, allowed, looseUsername);
    if (result.ok) return result.identifier;
    fail(result.reason === 'required' ? t('validation.required', { field: label }) : t(`validation.identifier.${identifierSetKey(allowed)}`), 'identifier');
    return undefined;
  }
  function termsAccepted(): boolean {
    if (terms !== 'checkbox' || agreed) return true;
    fail(t('validation.agree_terms'), 'agree');
    return false;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const identifier = readIdentifier(types, true);
    if (!identifier) return;
    const method = methods.find((candidate) => candidate.identifier === identifier.type);
    if (combined) {
      const password = String(new FormData(event.currentTarget).get('password') ?? '');
      if (!password) return fail(t('validation.required', { field: t('field.password') }), 'password');
      if (!termsAccepted()) return;
      void run(async () => {
        const { verificationId } = await api.verifyPassword(identifier, password);
        await identify(verificationId);
      }, 'password');
      return;
    }
    if (!termsAccepted()) return;
    if (method && primaryFactor(method) === 'password') return askPassword(identifier);
    void run(() => sendCode(identifier as CodeTarget), 'identifier');
  }

  function useCode() {
    const identifier = readIdentifier(codeTypes, false);
    if (!identifier || !termsAccepted()) return;
    void run(() => sendCode(identifier as CodeTarget), 'identifier');
  }

  return (
    <form ref={form} onSubmit={onSubmit} noValidate>
      {methods.length > 0 && (
        <>
          <Field name="identifier" label={label} error={error} required autoFocus {...identifierInputProps(types, true)} />
          {combined && <Field name="password" label={t('field.password')} error={error} type="password" autoComplete="current-password" required />}
          {combined && forgotPasswordTypes(settings).length > 0 && (
            <p className="aside">
              <PageLink page="forgot-password">{t('link.forgot_password')}</PageLink>
            </p>
          )}
          <Terms mode={terms} agreed={agreed} onAgreedChange={setAgreed} error={error} />
        </>
      )}
      {methods.length === 0 && settings.socialConnectors.length === 0 && <p>{t('sign_in.unavailable')}</p>}
      <Alert error={error} />
      {methods.length > 0 && (
        <button type="submit" disabled={busy}>
          {combined ? t('action.sign_in') : t('action.continue')}
        </button>
      )}
      {combined && codeTypes.length > 0 && (
        <div className="actions">
          <button type="button" className="link" onClick={useCode} disabled={busy}>
            {t('link.use_code')}
          </button>
        </div>
      )}
      {!linking && (
        <>
          <SocialButtons run={(action) => void run(action)} canStart={termsAccepted} busy={busy} divider={methods.length > 0} />
          {methods.length === 0 && <Terms mode={terms} agreed={agreed} onAgreedChange={setAgreed} error={error} />}
          {config.signInMode !== 'SignIn' && (
            <p className="switch">
              {t('link.no_account')} <PageLink page="register">{t('link.create_account')}</PageLink>
            </p>
          )}
        </>
      )}
    </form>
  );
}

interface PasswordFormProps {
  identifier: Identifier;
  method: SignInMethod | undefined;
  identify: (verificationId: string) => Promise<void>;
  sendCode: (identifier: CodeTarget) => Promise<void>;
  onBack: () => void;
}

/** Second step of identifier-first sign-in: the password for the identifier typed before. */
function PasswordForm({ identifier, method, identify, sendCode, onBack }: PasswordFormProps) {
  const { settings, t } = useExperience();
  const { busy, error, fail, run } = useAction();
  const resettable = identifier.type === 'username' ? forgotPasswordTypes(settings).length > 0 : deliverable(settings, identifier.type);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    if (!password) return fail(t('validation.required', { field: t('field.password') }), 'password');
    void run(async () => {
      const { verificationId } = await api.verifyPassword(identifier, password);
      await identify(verificationId);
    }, 'password');
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p className="identity">
        {t('password.signing_in_as', { identifier: displayIdentifier(identifier) })}{' '}
        <button type="button" className="link" onClick={onBack}>
          {t('action.change')}
        </button>
      </p>
      <Field name="password" label={t('field.password')} error={error} type="password" autoComplete="current-password" required autoFocus />
      {resettable && (
        <p className="aside">
          <PageLink page="forgot-password">{t('link.forgot_password')}</PageLink>
        </p>
      )}
      <Alert error={error} />
      <button type="submit" disabled={busy}>
        {t('action.sign_in')}
      </button>
      {method?.verificationCode && identifier.type !== 'username' && (
        <div className="actions">
          <button type="button" className="link" disabled={busy} onClick={() => void run(() => sendCode(identifier as CodeTarget))}>
            {t('link.use_code')}
          </button>
        </div>
      )}
    </form>
  );
}
