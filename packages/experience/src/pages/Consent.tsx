import type { FormEvent } from 'react';
import type { ConsentDetails } from '@signet/schemas';
import { api } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { useAction, useExperience } from '../context.ts';

/** A third-party app asks for access: who is signed in, what the app gets, Allow or Deny. */
export function ConsentPage({ details }: { details: ConsentDetails }) {
  const { t } = useExperience();
  const { busy, error, run } = useAction();
  const { user, application } = details;
  const decide = (decision: 'allow' | 'deny') =>
    void run(async () => {
      window.location.assign((await api.decideConsent(decision)).redirectTo);
    });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    decide('allow');
  }
  // Unknown scopes are shown as they are: hiding them would hide what the app gets.
  const scopeText = (scope: string) => {
    const key = `scope.${scope}`;
    return t.has(key) ? t(key) : scope;
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <p className="identity">{t('consent.signed_in_as', { user: user.name ?? user.username ?? user.primaryEmail ?? user.id })}</p>
      <p>{t('consent.scopes', { app: application.name })}</p>
      <ul className="scopes">
        {details.scopes.map((scope) => (
          <li key={scope}>{scopeText(scope)}</li>
        ))}
      </ul>
      {details.resourceScopes.map(({ resource, scopes }) => (
        <div key={resource}>
          <p>{t('consent.resource', { resource })}</p>
          <ul className="scopes">
            {scopes.map((scope) => (
              <li key={scope}>{scope}</li>
            ))}
          </ul>
        </div>
      ))}
      <Alert error={error} />
      <button type="submit" disabled={busy} autoFocus>
        {t('action.allow')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => decide('deny')}>
        {t('action.deny')}
      </button>
    </form>
  );
}
