// The roles a user holds: assign user roles, remove one. Taking the admin role from the last active
// Console administrator is refused by the server (user.last_admin), and said so in the dialog.
import { useState } from 'react';
import type { Role } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Button } from '../../components/Button.tsx';
import { Checkbox } from '../../components/Field.tsx';
import { ConfirmDialog, Modal } from '../../components/Modal.tsx';
import { Card, EmptyState, FormAlert, LoadError, Loading } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';

export function UserRoles({ userId }: { userId: string }) {
  const t = useT();
  const path = `/users/${encodeURIComponent(userId)}/roles`;
  const roles = useResource(async () => {
    const [held, all] = await Promise.all([api.get<Role[]>(path), api.get<Role[]>('/roles')]);
    return { held, all };
  }, [userId]);
  const [assigning, setAssigning] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [removing, setRemoving] = useState<Role>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const heldIds = new Set(roles.data?.held.map((role) => role.id));
  // Machine-to-machine roles belong to applications; the API refuses them for users.
  const assignable = roles.data?.all.filter((role) => role.type === 'User' && !heldIds.has(role.id)) ?? [];

  const closeDialogs = () => {
    setAssigning(false);
    setRemoving(undefined);
    setChosen([]);
    setError(undefined);
  };

  const assign = async () => {
    if (chosen.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post(path, { roleIds: chosen });
      closeDialogs();
      toast(t('users.roles.assigned'));
      roles.reload();
    } catch (cause) {
      setError(t.error(cause));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.delete(`${path}/${encodeURIComponent(removing.id)}`);
      closeDialogs();
      toast(t('users.roles.removed'));
      roles.reload();
    } catch (cause) {
      setError(t.error(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('users.roles.title')}
      description={t('users.roles.description')}
      actions={
        <Button variant="primary" disabled={!roles.data || assignable.length === 0} onClick={() => setAssigning(true)}>
          {t('users.roles.assign')}
        </Button>
      }
    >
      {roles.error ? (
        <LoadError error={roles.error} retry={roles.reload} />
      ) : !roles.data ? (
        <Loading />
      ) : roles.data.held.length === 0 ? (
        <EmptyState>{t('users.roles.empty')}</EmptyState>
      ) : (
        <table className="table" aria-label={t('users.roles.title')}>
          <thead>
            <tr>
              <th scope="col">{t('users.roles.name')}</th>
              <th scope="col">{t('users.roles.role_description')}</th>
              <th scope="col">
                <span className="users-sr-only">{t('users.table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {roles.data.held.map((role) => (
              <tr key={role.id}>
                <td>
                  {role.name} {role.isBuiltIn && <span className="badge">{t('users.roles.built_in')}</span>}
                </td>
                <td>{role.description}</td>
                <td className="users-cell-actions">
                  <Button variant="ghost" onClick={() => setRemoving(role)} aria-label={t('users.roles.remove_label', { role: role.name })}>
                    {t('common.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Modal
        open={assigning}
        title={t('users.roles.assign_title')}
        onClose={closeDialogs}
        footer={
          <>
            <Button onClick={closeDialogs}>{t('common.cancel')}</Button>
            <Button variant="primary" busy={busy} disabled={chosen.length === 0} onClick={() => void assign()}>
              {t('users.roles.assign')}
            </Button>
          </>
        }
      >
        <fieldset className="field users-role-choices">
          <legend className="field-label">{t('users.roles.choose')}</legend>
          {assignable.map((role) => (
            <div key={role.id} className="users-role-choice">
              <Checkbox
                label={role.name}
                name={`role-${role.id}`}
                checked={chosen.includes(role.id)}
                onChange={(checked) => setChosen(checked ? [...chosen, role.id] : chosen.filter((id) => id !== role.id))}
              />
              {role.description && <p className="field-hint">{role.description}</p>}
            </div>
          ))}
        </fieldset>
        <FormAlert message={error} />
      </Modal>
      <ConfirmDialog
        open={removing !== undefined}
        title={t('users.roles.remove_title', { role: removing?.name ?? '' })}
        body={t('users.roles.remove_body', { role: removing?.name ?? '' })}
        confirmLabel={t('common.remove')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => void remove()}
        onCancel={closeDialogs}
      />
    </Card>
  );
}
