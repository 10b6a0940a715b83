// Sets a new password for a user: a generated strong one (shown once), or one the admin types. The
// password policy's refusals (`data.violations`) are listed next to the field.
import { useState, type FormEvent } from 'react';
import type { User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { FormAlert } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';
import { PasswordOnce } from './PasswordOnce.tsx';
import { displayName, errorsOfFailedSave, generatePolicyPassword } from './user-helpers.ts';

export function ResetPasswordModal({ user, open, onClose }: { user: User; open: boolean; onClose(updated: User | undefined): void }) {
  const t = useT();
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const [typed, setTyped] = useState('');
  const [show, setShow] = useState(false);
  const [error, setError] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ user: User; password: string }>();

  const close = () => {
    const updated = result?.user;
    setMode('generate');
    setTyped('');
    setShow(false);
    setError(undefined);
    setAlert(undefined);
    setResult(undefined);
    onClose(updated);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAlert(undefined);
    if (mode === 'type' && Array.from(typed).length < 8) {
      setError(t('users.error.password_length'));
      return;
    }
    setBusy(true);
    try {
      const password = mode === 'generate' ? await generatePolicyPassword() : typed;
      const updated = await api.patch<User>(`/users/${encodeURIComponent(user.id)}/password`, { password });
      if (mode === 'generate') {
        setResult({ user: updated, password });
      } else {
        toast(t('users.password.updated'));
        setTyped('');
        onClose(updated);
        setMode('generate');
      }
    } catch (cause) {
      const mapped = errorsOfFailedSave(cause, ['password'], t);
      // A refused generated password is not the admin's typing: say it at the form level.
      if (mode === 'type') setError(mapped.fields.password);
      setAlert(mode === 'type' ? mapped.alert : (mapped.fields.password ?? mapped.alert));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Modal
        open={open}
        title={t('users.password.reset_done_title')}
        onClose={close}
        footer={
          <Button variant="primary" onClick={close}>
            {t('common.done')}
          </Button>
        }
      >
        <p role="status">{t('users.password.reset_done_body', { name: displayName(result.user) })}</p>
        <PasswordOnce password={result.password} />
      </Modal>
    );
  }

  const formId = 'reset-password-form';
  return (
    <Modal
      open={open}
      title={t('users.password.reset_title')}
      onClose={close}
      footer={
        <>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            {t('users.password.reset_submit')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        <p>{t('users.password.reset_body', { name: displayName(user) })}</p>
        <fieldset className="field users-radio-group">
          <legend className="field-label">{t('users.password.mode_legend')}</legend>
          <label className="checkbox">
            <input type="radio" name="passwordMode" value="generate" checked={mode === 'generate'} onChange={() => setMode('generate')} />
            <span>{t('users.password.mode_generate')}</span>
          </label>
          <label className="checkbox">
            <input type="radio" name="passwordMode" value="type" checked={mode === 'type'} onChange={() => setMode('type')} />
            <span>{t('users.password.mode_type')}</span>
          </label>
        </fieldset>
        {mode === 'type' && (
          <>
            <TextField
              label={t('users.field.new_password')}
              name="password"
              type={show ? 'text' : 'password'}
              autoComplete="new-password"
              spellCheck={false}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              error={error}
            />
            <Checkbox label={t('users.password.show')} name="showPassword" checked={show} onChange={setShow} />
          </>
        )}
        <FormAlert message={alert} />
      </form>
    </Modal>
  );
}
