import type { FormEvent, ReactNode } from 'react';
import type { InteractionEvent } from '@signet/schemas';
import { api, type ExperienceApiError } from '../api.ts';
import { Alert } from './Alert.tsx';
import { useAction, useExperience } from '../context.ts';

/**
 * "No account for this email yet: create it?" / "This email already has an account: sign in?"
 * Switches the event and identifies again with the same verified code, so the user types nothing twice.
 */
export function SwitchEventOffer(props: {
  event: InteractionEvent;
  verificationId: string;
  /** The action button; omitted when the sign-in mode does not allow the other event. */
  actionLabel: string | undefined;
  message?: ReactNode;
  initialError?: ExperienceApiError;
  onBack: () => void;
}) {
  const { advance, t } = useExperience();
  const { busy, error, run } = useAction(props.initialError);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await api.switchEvent(props.event);
      advance(await api.identify({ verificationId: props.verificationId }));
    });
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      {props.message && <p>{props.message}</p>}
      <Alert error={error} />
      {props.actionLabel && (
        <button type="submit" disabled={busy} autoFocus>
          {props.actionLabel}
        </button>
      )}
      <div className="actions">
        <button type="button" className="link" onClick={props.onBack}>
          {t('action.back')}
        </button>
      </div>
    </form>
  );
}
