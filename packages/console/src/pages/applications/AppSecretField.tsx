// The App secret on the details page: masked as the API sends it; "Show" and "Copy" fetch it in clear
// (`includeSecret=true`) only when asked; "Rotate" issues a new one after a confirmation.
import { useState } from 'react';
import type { Application } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Modal } from '../../components/Modal.tsx';
import { SelectField } from '../../components/Field.tsx';
import { FormAlert } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';

const gracePeriods = [0, 3600, 86_400, 604_800] as const;

export function AppSecretField({ application }: { application: Application }) {
  const t = useT();
  const [secret, setSecret] = useState<string>();
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string>();
  const [rotating, setRotating] = useState(false);
  const label = t('applications.details.app_secret');

  const load = async (): Promise<string | undefined> => {
    if (secret) return secret;
    setError(undefined);
    try {
      const full = await api.get<Application>(`/applications/${encodeURIComponent(application.id)}`, { includeSecret: true });
      setSecret(full.secret);
      return full.secret;
    } catch (failure) {
      setError(t.error(failure));
      return undefined;
    }
  };
  const toggle = async () => {
    if (shown) return setShown(false);
    if (await load()) setShown(true);
  };
  const copy = async () => {
    const value = await load();
    if (!value) return;
    await navigator.clipboard.writeText(value).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <div className="field copy-field">
      <span className="field-label">{label}</span>
      <div className="copy-row">
        <code className="copy-value" aria-label={label} data-testid="app-secret">
          {shown && secret ? secret : application.secret}
        </code>
        <Button variant="ghost" onClick={toggle} aria-pressed={shown}>
          {shown ? t('common.hide') : t('common.reveal')}
        </Button>
        <Button variant="ghost" onClick={copy} aria-label={`${t('common.copy')}: ${label}`}>
          <span aria-live="polite">{copied ? t('common.copied') : t('common.copy')}</span>
        </Button>
        <Button onClick={() => setRotating(true)}>{t('applications.secret.rotate')}</Button>
      </div>
      <p className="field-hint">{t('applications.secret.hint')}</p>
      {error && <p className="field-error">{error}</p>}
      <RotateSecretDialog
        open={rotating}
        application={application}
        onClose={() => setRotating(false)}
        onRotated={(next) => {
          setSecret(next);
          setShown(true);
          setRotating(false);
          toast(t('applications.secret.rotated'));
        }}
      />
    </div>
  );
}

function RotateSecretDialog({ open, application, onClose, onRotated }: { open: boolean; application: Application; onClose(): void; onRotated(secret: string): void }) {
  const t = useT();
  const [grace, setGrace] = useState<number>(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const periodLabel = (seconds: number) => t(`applications.secret.grace_${seconds as (typeof gracePeriods)[number]}`);
  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const rotated = await api.post<Application>(`/applications/${encodeURIComponent(application.id)}/secret/rotate`, { gracePeriodSeconds: grace });
      onRotated(rotated.secret);
    } catch (failure) {
      setError(t.error(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('applications.secret.rotate_title')}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="danger" busy={busy} onClick={rotate}>
            {t('applications.secret.rotate')}
          </Button>
        </>
      }
    >
      <p>{t('applications.secret.rotate_body', { name: application.name })}</p>
      <SelectField
        label={t('applications.secret.grace')}
        name="gracePeriodSeconds"
        value={String(grace)}
        options={gracePeriods.map((seconds) => ({ value: String(seconds), label: periodLabel(seconds) }))}
        onChange={(event) => setGrace(Number(event.target.value))}
      />
      <FormAlert message={error} />
    </Modal>
  );
}
