// Deleting an application revokes its tokens and breaks every deployment of that app, so the admin
// types its name to confirm.
import { useState } from 'react';
import type { Application } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Modal } from '../../components/Modal.tsx';
import { TextField } from '../../components/Field.tsx';
import { FormAlert } from '../../components/Page.tsx';

export function DeleteApplicationDialog({ open, application, onClose, onDeleted }: { open: boolean; application: Application; onClose(): void; onDeleted(): void }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const matches = typed === application.name;
  const close = () => {
    setTyped('');
    setError(undefined);
    onClose();
  };
  const remove = async () => {
    if (!matches) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.delete(`/applications/${encodeURIComponent(application.id)}`);
      onDeleted();
    } catch (failure) {
      setError(t.error(failure));
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('applications.delete.title')}
      onClose={close}
      footer={
        <>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button variant="danger" busy={busy} disabled={!matches} onClick={remove}>
            {t('applications.delete.confirm')}
          </Button>
        </>
      }
    >
      <p>{t('applications.delete.body', { name: application.name })}</p>
      <TextField
        label={t('applications.delete.type_name', { name: application.name })}
        name="confirmName"
        autoComplete="off"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void remove();
        }}
      />
      <FormAlert message={error} />
    </Modal>
  );
}
