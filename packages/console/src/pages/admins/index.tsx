// Console administrators: the users holding the built-in admin role. Add one (an existing user or a
// new person), or take the role away; the server refuses to remove the last active admin
// (user.last_admin), so nobody locks themselves out. The signed-in admin is marked "You".
import { useState } from 'react';
import type { User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Link } from '../../router.tsx';
import { currentProfile } from '../../auth/session.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { EmptyState, LoadError, Loading, PageHeader, Pagination } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';
import { StatusBadge } from '../users/UsersListPage.tsx';
import { UserAvatar } from '../users/UserAvatar.tsx';
import { displayName, formatDateTime } from '../users/user-helpers.ts';
import { AddAdminModal } from './AddAdminModal.tsx';
import { adminRoleId } from './admin-role.ts';

const pageSize = 20;

export function AdminsPage() {
  const t = useT();
  const me = currentProfile()?.sub;
  const [page, setPage] = useState(1);
  const admins = useResource(() => api.list<User>(`/roles/${adminRoleId}/users`, { page, page_size: pageSize }), [page]);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<User>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.delete(`/roles/${adminRoleId}/users/${encodeURIComponent(removing.id)}`);
      toast(t('admins.remove.done', { name: displayName(removing) }));
      setRemoving(undefined);
      admins.reload();
    } catch (cause) {
      setError(t.error(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('admins.title')}
        subtitle={t('admins.subtitle')}
        actions={
          <Button variant="primary" onClick={() => setAdding(true)}>
            {t('admins.add.open')}
          </Button>
        }
      />
      <section className="card admins-card" aria-busy={admins.loading}>
        {admins.error ? (
          <LoadError error={admins.error} retry={admins.reload} />
        ) : !admins.data ? (
          <Loading />
        ) : admins.data.items.length === 0 ? (
          <EmptyState>{t('admins.empty')}</EmptyState>
        ) : (
          <table className="table">
            <caption className="admins-sr-only">{t('admins.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.field.name')}</th>
                <th scope="col">{t('users.field.username')}</th>
                <th scope="col">{t('users.field.email')}</th>
                <th scope="col" className="users-col-optional">
                  {t('users.field.last_sign_in')}
                </th>
                <th scope="col">{t('users.field.status')}</th>
                <th scope="col">
                  <span className="admins-sr-only">{t('users.table.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {admins.data.items.map((admin) => (
                <tr key={admin.id}>
                  <td>
                    <Link to={`/console/users/${encodeURIComponent(admin.id)}`} className="users-name-link">
                      <UserAvatar user={admin} />
                      <span>{displayName(admin)}</span>
                    </Link>{' '}
                    {admin.id === me && <span className="badge admins-you">{t('admins.you')}</span>}
                  </td>
                  <td>{admin.username}</td>
                  <td>{admin.primaryEmail}</td>
                  <td className="users-col-optional users-nowrap">{admin.lastSignInAt ? formatDateTime(admin.lastSignInAt, t.locale) : <span className="admins-muted">{t('users.never')}</span>}</td>
                  <td>
                    <StatusBadge suspended={admin.isSuspended} />
                  </td>
                  <td className="users-cell-actions">
                    <Button variant="ghost" onClick={() => setRemoving(admin)} aria-label={t('admins.remove.label', { name: displayName(admin) })}>
                      {t('common.remove')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {admins.data && admins.data.total > pageSize && <Pagination page={page} pageSize={pageSize} total={admins.data.total} onPage={setPage} />}
      </section>
      <AddAdminModal
        open={adding}
        onClose={(changed) => {
          setAdding(false);
          if (changed) {
            toast(t('admins.add.done'));
            admins.reload();
          }
        }}
      />
      <ConfirmDialog
        open={removing !== undefined}
        title={t('admins.remove.title', { name: removing ? displayName(removing) : '' })}
        body={
          <>
            <p>{t('admins.remove.body', { name: removing ? displayName(removing) : '' })}</p>
            {removing?.id === me && <p className="admins-warning">{t('admins.remove.self_warning')}</p>}
          </>
        }
        confirmLabel={t('common.remove')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => void remove()}
        onCancel={() => {
          setRemoving(undefined);
          setError(undefined);
        }}
      />
    </>
  );
}
