import { useEffect, useRef } from 'react';
import { api, ExperienceApiError } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { useAction, useExperience } from '../context.ts';

/** Step `submit`: everything is verified; finish and follow the server to the app. */
export function SubmitScreen() {
  const { t, advance } = useExperience();
  const { busy, error, run } = useAction();
  const started = useRef(false);
  const submit = () =>
    void run(async () => {
      let redirectTo: string;
      try {
        ({ redirectTo } = await api.submit());
      } catch (error) {
        // The server wants more first (e.g. a profile item): show the step it is at instead.
        if (error instanceof ExperienceApiError && error.code === 'session.missing_profile') {
          const step = await api.current();
          if (step.next !== 'submit') return advance(step);
        }
        throw error;
      }
      window.location.assign(redirectTo);
      // Stay "busy" while the browser leaves.
      await new Promise(() => undefined);
    });
  useEffect(() => {
    // Once per screen, even if React runs effects twice.
    if (started.current) return;
    started.current = true;
    submit();
  }, []);
  return (
    <div>
      <p role="status">{error ? '' : t('status.redirecting')}</p>
      <Alert error={error} />
      {error && !busy && (
        <button type="button" onClick={submit} autoFocus>
          {t('action.try_again')}
        </button>
      )}
    </div>
  );
}
