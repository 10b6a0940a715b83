import { useState, type FormEvent } from 'react';
import type { ExperienceStep } from '@signet/schemas';
import { api } from '../api.ts';
import { connectorNameById } from '../bridge.ts';
import { Alert } from '../components/Alert.tsx';
import { useAction, useExperience } from '../context.ts';
import { SignInPage } from './SignIn.tsx';

type LinkStep = Extract<ExperienceStep, { next: 'link-social' }>;

/**
 * Step `link-social`: the social account's email or phone belongs to an existing account. Sign in to
 * that account to link it (identification with linkSocialVerificationId), or create a new account.
 */
export function LinkSocialScreen({ step }: { step: LinkStep }) {
  const { config, settings, locale, advance, t } = useExperience();
  const { busy, error, run } = useAction();
  const [signingIn, setSigningIn] = useState(false);

  if (signingIn) {
    return (
      <>
        <SignInPage linkSocialVerificationId={step.socialVerificationId} />
        <div className="actions">
          <button type="button" className="link" onClick={() => setSigningIn(false)}>
            {t('action.back')}
          </button>
        </div>
      </>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSigningIn(true);
  }
  function createAccount() {
    void run(async () => {
      await api.switchEvent('Register');
      advance(await api.identify({ verificationId: step.socialVerificationId }));
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{t('link_social.description', { user: step.relatedUser.value, connector: connectorNameById(settings, step.connectorId, locale) })}</p>
      <Alert error={error} />
      <button type="submit" disabled={busy} autoFocus>
        {t('action.sign_in_to_link')}
      </button>
      {config.signInMode !== 'SignIn' && (
        <button type="button" className="secondary" disabled={busy} onClick={createAccount}>
          {t('action.create_new_account')}
        </button>
      )}
    </form>
  );
}

