// Creates a user: identifiers and a name, and either a generated strong password (shown once, right
// after creation) or none (the user signs in with a code or a social account).
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CreateUserBody, User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import { Button } from '../../components/Button.tsx';
import { TextField } from '../../components/Field.tsx';
import { FormAlert } from '../../components/Page.tsx';
import { PasswordOnce } from './PasswordOnce.tsx';
import { checkIdentifiers, displayName, errorsOfFailedSave, generatePolicyPassword, type FieldErrors } from './user-helpers.ts';

type Draft = { username: string; primaryEmail: string; primaryPhone: string; name: string; password: 'generate' | 'none' };
const emptyDraft: Draft = { username: '', primaryEmail: '', primaryPhone: '', name: '', password: 'generate' };
const fields = ['username', 'primaryEmail', 'primaryPhone', 'name'] as const;

type Props = {
  open: boolean;
  title: string;
  /** The buttons under the result, e.g. "View user details". */
  resultActions?(user: User): ReactNode;
  onClose(created: User | undefined): void;
};

export function CreateUserModal({ open, title, resultActions, onClose }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ user: User; password: string | undefined }>();

  const close = () => {
    const user = created?.user;
    setDraft(emptyDraft);
    setErrors({});
    setAlert(undefined);
    setCreated(undefined);
    onClose(user);
  };
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(undefined);
    const values = { username: draft.username.trim(), primaryEmail: draft.primaryEmail.trim(), primaryPhone: draft.primaryPhone.trim(), name: draft.name.trim() };
    const local = checkIdentifiers(values, t);
    if (!values.username && !values.primaryEmail && !values.primaryPhone) {
      local.username = t('users.error.identifier_required');
    }
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const password = draft.password === 'generate' ? await generatePolicyPassword() : undefined;
      const body: CreateUserBody = {
        ...(values.username && { username: values.username }),
        ...(values.primaryEmail && { primaryEmail: values.primaryEmail }),
        ...(values.primaryPhone && { primaryPhone: values.primaryPhone }),
        ...(values.name && { name: values.name }),
        ...(password && { password }),
      };
      const user = await api.post<User>('/users', body);
      setCreated({ user, password });
    } catch (error) {
      const mapped = errorsOfFailedSave(error, [...fields, 'password'], t);
      setErrors(mapped.fields);
      // The form has no password field (the password is generated): a refusal is said at the form level.
      setAlert(mapped.fields.password ?? mapped.alert);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Modal
        open={open}
        title={t('users.create.done_title')}
        onClose={close}
        footer={
          <>
            {resultActions?.(created.user)}
            <Button variant="primary" onClick={close}>
              {t('common.done')}
            </Button>
          </>
        }
      >
        <p role="status">{t('users.create.done_body', { name: displayName(created.user) })}</p>
        {created.password ? <PasswordOnce password={created.password} /> : <p className="users-notice">{t('users.create.no_password_note')}</p>}
      </Modal>
    );
  }

  const formId = 'create-user-form';
  return (
    <Modal
      open={open}
      title={title}
      onClose={close}
      footer={
        <>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            {t('users.create.submit')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        <p className="field-hint users-form-intro">{t('users.create.identifier_hint')}</p>
        <TextField label={t('users.field.username')} name="username" autoComplete="off" value={draft.username} onChange={set('username')} error={errors.username} />
        <TextField label={t('users.field.email')} name="primaryEmail" type="email" autoComplete="off" value={draft.primaryEmail} onChange={set('primaryEmail')} error={errors.primaryEmail} />
        <TextField
          label={t('users.field.phone')}
          name="primaryPhone"
          type="tel"
          autoComplete="off"
          hint={t('users.field.phone_hint')}
          value={draft.primaryPhone}
          onChange={set('primaryPhone')}
          error={errors.primaryPhone}
        />
        <TextField label={t('users.field.name')} name="name" autoComplete="off" value={draft.name} onChange={set('name')} error={errors.name} />
        <fieldset className="field users-radio-group">
          <legend className="field-label">{t('users.create.password_legend')}</legend>
          <label className="checkbox">
            <input type="radio" name="passwordMode" value="generate" checked={draft.password === 'generate'} onChange={() => setDraft({ ...draft, password: 'generate' })} />
            <span>{t('users.create.password_generate')}</span>
          </label>
          <label className="checkbox">
            <input type="radio" name="passwordMode" value="none" checked={draft.password === 'none'} onChange={() => setDraft({ ...draft, password: 'none' })} />
            <span>{t('users.create.password_none')}</span>
          </label>
        </fieldset>
        <FormAlert message={alert} />
      </form>
    </Modal>
  );
}
