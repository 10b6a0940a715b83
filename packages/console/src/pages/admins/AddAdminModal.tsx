// "Add admin": give the admin role to an existing user (found by search), or invite a new person:
// create their user with a generated password (shown once), then give them the role. If the role
// cannot be given, the just-created user is deleted again, so a failed invitation leaves nothing behind.
import { useEffect, useState, type FormEvent } from 'react';
import type { User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Modal } from '../../components/Modal.tsx';
import { Button } from '../../components/Button.tsx';
import { TextField } from '../../components/Field.tsx';
import { EmptyState, FormAlert, LoadError, Loading } from '../../components/Page.tsx';
import { PasswordOnce } from '../users/PasswordOnce.tsx';
import { UserAvatar } from '../users/UserAvatar.tsx';
import { checkIdentifiers, displayName, errorsOfFailedSave, generatePolicyPassword, type FieldErrors } from '../users/user-helpers.ts';
import { adminRoleId } from './admin-role.ts';

type Mode = 'existing' | 'invite';
type Invite = { username: string; primaryEmail: string; name: string };
const emptyInvite: Invite = { username: '', primaryEmail: '', name: '' };

const addAdmins = (userIds: string[]) => api.post(`/roles/${adminRoleId}/users`, { userIds });

function UserPicker({ selected, onSelect }: { selected: string | undefined; onSelect(id: string): void }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useResource(async () => {
    const [users, admins] = await Promise.all([api.list<User>('/users', { search: search || undefined, page_size: 10 }), api.list<User>(`/roles/${adminRoleId}/users`, { page_size: 100 })]);
    return { users: users.items, adminIds: new Set(admins.items.map((admin) => admin.id)) };
  }, [search]);

  return (
    <div className="admins-picker">
      <TextField label={t('admins.add.search_label')} name="search" type="search" placeholder={t('admins.add.search_placeholder')} value={typed} onChange={(event) => setTyped(event.target.value)} />
      {found.error ? (
        <LoadError error={found.error} retry={found.reload} />
      ) : !found.data ? (
        <Loading />
      ) : found.data.users.length === 0 ? (
        <EmptyState>{t('admins.add.no_match')}</EmptyState>
      ) : (
        <fieldset className="admins-choices" aria-busy={found.loading}>
          <legend className="admins-sr-only">{t('admins.add.choose')}</legend>
          {found.data.users.map((user) => {
            const already = found.data!.adminIds.has(user.id);
            const identifiers = [user.username, user.primaryEmail].filter(Boolean).join(' · ');
            return (
              <label key={user.id} className={`admins-choice${already ? ' admins-choice-disabled' : ''}`}>
                <input type="radio" name="userId" value={user.id} disabled={already} checked={selected === user.id} onChange={() => onSelect(user.id)} />
                <UserAvatar user={user} />
                <span className="admins-choice-text">
                  <span>{displayName(user)}</span>
                  {identifiers && identifiers !== displayName(user) && <span className="admins-muted">{identifiers}</span>}
                </span>
                {already && <span className="badge">{t('admins.add.already')}</span>}
              </label>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}

export function AddAdminModal({ open, onClose }: { open: boolean; onClose(changed: boolean): void }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('existing');
  const [selected, setSelected] = useState<string>();
  const [invite, setInvite] = useState<Invite>(emptyInvite);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState<{ user: User; password: string }>();

  const close = (changed: boolean) => {
    setMode('existing');
    setSelected(undefined);
    setInvite(emptyInvite);
    setErrors({});
    setAlert(undefined);
    setInvited(undefined);
    onClose(changed);
  };

  const addExisting = async () => {
    if (!selected) {
      setAlert(t('admins.add.pick_first'));
      return;
    }
    await addAdmins([selected]);
    close(true);
  };

  const inviteNew = async () => {
    const values = { username: invite.username.trim(), primaryEmail: invite.primaryEmail.trim(), name: invite.name.trim() };
    const local = checkIdentifiers(values, t);
    if (!values.username && !values.primaryEmail) local.username = t('admins.add.identifier_required');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const password = await generatePolicyPassword();
    const user = await api.post<User>('/users', {
      ...(values.username && { username: values.username }),
      ...(values.primaryEmail && { primaryEmail: values.primaryEmail }),
      ...(values.name && { name: values.name }),
      password,
    });
    try {
      await addAdmins([user.id]);
    } catch (error) {
      await api.delete(`/users/${encodeURIComponent(user.id)}`).catch(() => undefined);
      throw error;
    }
    setInvited({ user, password });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(undefined);
    setBusy(true);
    try {
      await (mode === 'existing' ? addExisting() : inviteNew());
    } catch (error) {
      const mapped = errorsOfFailedSave(error, mode === 'invite' ? ['username', 'primaryEmail', 'name', 'password'] : [], t);
      setErrors(mapped.fields);
      setAlert(mapped.fields.password ?? mapped.alert);
    } finally {
      setBusy(false);
    }
  };

  if (invited) {
    return (
      <Modal
        open={open}
        title={t('admins.invite.done_title')}
        onClose={() => close(true)}
        footer={
          <Button variant="primary" onClick={() => close(true)}>
            {t('common.done')}
          </Button>
        }
      >
        <p role="status">{t('admins.invite.done_body', { name: displayName(invited.user) })}</p>
        <dl className="admins-credentials">
          <dt>{t('admins.invite.sign_in_at')}</dt>
          <dd>
            <code>{`${window.location.origin}/console`}</code>
          </dd>
          <dt>{t('admins.invite.identifier')}</dt>
          <dd>
            <code>{invited.user.username ?? invited.user.primaryEmail}</code>
          </dd>
        </dl>
        <PasswordOnce password={invited.password} />
      </Modal>
    );
  }

  const set = (field: keyof Invite) => (event: { target: { value: string } }) => setInvite({ ...invite, [field]: event.target.value });
  const formId = 'add-admin-form';
  return (
    <Modal
      open={open}
      title={t('admins.add.title')}
      onClose={() => close(false)}
      size="large"
      footer={
        <>
          <Button onClick={() => close(false)}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            {mode === 'existing' ? t('admins.add.submit') : t('admins.invite.submit')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        <fieldset className="field admins-mode">
          <legend className="field-label">{t('admins.add.mode_legend')}</legend>
          <label className="checkbox">
            <input type="radio" name="mode" value="existing" checked={mode === 'existing'} onChange={() => setMode('existing')} />
            <span>{t('admins.add.mode_existing')}</span>
          </label>
          <label className="checkbox">
            <input type="radio" name="mode" value="invite" checked={mode === 'invite'} onChange={() => setMode('invite')} />
            <span>{t('admins.add.mode_invite')}</span>
          </label>
        </fieldset>
        {mode === 'existing' ? (
          <UserPicker selected={selected} onSelect={setSelected} />
        ) : (
          <>
            <p className="field-hint admins-intro">{t('admins.invite.intro')}</p>
            <TextField label={t('users.field.username')} name="username" autoComplete="off" value={invite.username} onChange={set('username')} error={errors.username} />
            <TextField label={t('users.field.email')} name="primaryEmail" type="email" autoComplete="off" value={invite.primaryEmail} onChange={set('primaryEmail')} error={errors.primaryEmail} />
            <TextField label={t('users.field.name')} name="name" autoComplete="off" value={invite.name} onChange={set('name')} error={errors.name} />
          </>
        )}
        <FormAlert message={alert} />
      </form>
    </Modal>
  );
}
