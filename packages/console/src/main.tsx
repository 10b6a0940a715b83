// Start-up: finish a sign-in on /console/callback; otherwise, with no session, either offer the
// first-run admin creation or go to Signet's sign-in page; then show the Console.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider, useT } from './i18n/i18n.tsx';
import { App } from './App.tsx';
import { SetupPage, needsFirstAdmin } from './Setup.tsx';
import { completeSignIn, getAccessToken, hasSession, SignInError, startSignIn } from './auth/session.ts';
import { useTokenSource } from './api/client.ts';
import { consoleRedirectPath } from '@signet/schemas';
import { navigate } from './router.tsx';
import { Button } from './components/Button.tsx';
import './styles.css';

useTokenSource({ accessToken: getAccessToken });

/** Once per page load: an authorization code can be redeemed only once (StrictMode runs effects twice in development). */
let starting: Promise<void> | undefined;

type Stage = { name: 'starting' } | { name: 'setup' } | { name: 'ready' } | { name: 'failed'; error: unknown };

function Root() {
  const t = useT();
  const [stage, setStage] = useState<Stage>({ name: 'starting' });
  useEffect(() => {
    starting ??= (async () => {
      const url = new URL(window.location.href);
      if (url.pathname === consoleRedirectPath) {
        const returnTo = await completeSignIn(url);
        navigate(returnTo, { replace: true });
        setStage({ name: 'ready' });
        return;
      }
      if (hasSession()) {
        setStage({ name: 'ready' });
        return;
      }
      if (await needsFirstAdmin()) {
        setStage({ name: 'setup' });
        return;
      }
      await startSignIn(url.pathname + url.search);
    })();
    starting.catch((error: unknown) => setStage({ name: 'failed', error }));
  }, []);

  if (stage.name === 'setup') return <SetupPage />;
  if (stage.name === 'ready') return <App />;
  if (stage.name === 'failed') {
    const error = stage.error;
    const message = error instanceof SignInError && error.code === 'invalid_target' ? t('auth.not_admin') : t('auth.failed', { reason: error instanceof Error ? error.message : t.error(error) });
    return (
      <main className="setup">
        <div className="card setup-card" role="alert">
          <p>{message}</p>
          <Button variant="primary" onClick={() => void startSignIn('/console/get-started')}>
            {t('auth.try_again')}
          </Button>
        </div>
      </main>
    );
  }
  return (
    <p className="loading" role="status">
      {t('auth.signing_in')}
    </p>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Root />
    </I18nProvider>
  </StrictMode>,
);
