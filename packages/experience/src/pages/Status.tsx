import { Alert } from '../components/Alert.tsx';
import { Card } from '../components/Card.tsx';
import type { ShownError } from '../errors.ts';
import type { Translator } from '../i18n/index.ts';

/** While settings and the language load: an empty, busy card (no words before we know the language). */
export function Loading() {
  return <main className="card loading" aria-busy="true" />;
}

/** No sign-in in progress (no interaction cookie, or it expired): only the app can start one. */
export function NoSession({ t }: { t: Translator }) {
  return (
    <Card heading={t('no_session.heading')}>
      <p>{t('no_session.description')}</p>
    </Card>
  );
}

/**
 * The page could not start (settings or step failed to load: offer to try again), or the server sent
 * the browser to /error with an error code (nothing to retry here: the app has to start over).
 */
export function Failed({ t, error, retry }: { t: Translator; error: ShownError; retry: boolean }) {
  return (
    <Card heading={t('title.error')}>
      <Alert error={error} />
      {retry && (
        <button type="button" onClick={() => window.location.reload()}>
          {t('action.try_again')}
        </button>
      )}
    </Card>
  );
}
