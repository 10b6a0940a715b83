// Users: search (by id, username, email, phone or name) and pages of 20, kept in the URL so the back
// button from a user's details returns to the same list; "Create user" opens the creation dialog.
import { useEffect, useState, type FormEvent } from 'react';
import type { User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Link, navigate, useSearchParam } from '../../router.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState, LoadError, Loading, PageHeader, Pagination } from '../../components/Page.tsx';
import { CreateUserModal } from './CreateUserModal.tsx';
import { UserAvatar } from './UserAvatar.tsx';
import { displayName, formatDateTime, formatPhone, usersPageSize } from './user-helpers.ts';

function listPath(search: string, page: number): string {
  const params = new URLSearchParams();
  if (search) params.set('search', search);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/console/users?${query}` : '/console/users';
}

export function UsersPage() {
  const t = useT();
  const search = useSearchParam('search') ?? '';
  const page = Math.max(1, Math.floor(Number(useSearchParam('page') ?? '1')) || 1);
  const [typed, setTyped] = useState(search);
  const [creating, setCreating] = useState(false);
  const users = useResource(() => api.list<User>('/users', { search: search || undefined, page, page_size: usersPageSize }), [search, page]);

  // Searching as the admin types, once they pause; Enter searches at once.
  useEffect(() => {
    if (typed.trim() === search) return;
    const timer = setTimeout(() => navigate(listPath(typed.trim(), 1), { replace: true }), 350);
    return () => clearTimeout(timer);
  }, [typed, search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(listPath(typed.trim(), 1), { replace: true });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('users.create.open')}
          </Button>
        }
      />
      <form role="search" className="users-search" onSubmit={submit}>
        <label className="users-search-label">
          <span className="users-sr-only">{t('users.search.label')}</span>
          <input className="input" type="search" name="search" value={typed} placeholder={t('users.search.placeholder')} onChange={(event) => setTyped(event.target.value)} />
        </label>
        <Button type="submit">{t('common.search')}</Button>
      </form>
      <section className="card users-table-card" aria-busy={users.loading}>
        {users.error ? (
          <LoadError error={users.error} retry={users.reload} />
        ) : !users.data ? (
          <Loading />
        ) : users.data.items.length === 0 ? (
          <EmptyState>{search ? t('users.search.no_match', { search }) : t('users.empty')}</EmptyState>
        ) : (
          <div className="users-table-scroll">
            <table className="table">
              <caption className="users-sr-only">{t('users.table.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.field.name')}</th>
                  <th scope="col">{t('users.field.username')}</th>
                  <th scope="col">{t('users.field.email')}</th>
                  <th scope="col" className="users-col-optional">
                    {t('users.field.phone')}
                  </th>
                  <th scope="col" className="users-col-optional">
                    {t('users.field.created')}
                  </th>
                  <th scope="col" className="users-col-optional">
                    {t('users.field.last_sign_in')}
                  </th>
                  <th scope="col">{t('users.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <Link to={`/console/users/${encodeURIComponent(user.id)}`} className="users-name-link">
                        <UserAvatar user={user} />
                        <span>{displayName(user)}</span>
                      </Link>
                    </td>
                    <td>{user.username}</td>
                    <td>{user.primaryEmail}</td>
                    <td className="users-col-optional users-nowrap">{formatPhone(user.primaryPhone)}</td>
                    <td className="users-col-optional users-nowrap">{formatDateTime(user.createdAt, t.locale)}</td>
                    <td className="users-col-optional users-nowrap">{user.lastSignInAt ? formatDateTime(user.lastSignInAt, t.locale) : <span className="users-muted">{t('users.never')}</span>}</td>
                    <td>
                      <StatusBadge suspended={user.isSuspended} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {users.data && users.data.total > 0 && (
          <Pagination page={page} pageSize={usersPageSize} total={users.data.total} onPage={(next) => navigate(listPath(search, next), { replace: true })} />
        )}
      </section>
      <CreateUserModal
        open={creating}
        title={t('users.create.title')}
        resultActions={(user) => (
          <Button
            onClick={() => {
              setCreating(false);
              navigate(`/console/users/${encodeURIComponent(user.id)}`);
            }}
          >
            {t('users.create.view_details')}
          </Button>
        )}
        onClose={(created) => {
          setCreating(false);
          if (created) users.reload();
        }}
      />
    </>
  );
}

export function StatusBadge({ suspended }: { suspended: boolean }) {
  const t = useT();
  return suspended ? <span className="badge badge-danger">{t('users.status.suspended')}</span> : <span className="badge badge-success">{t('users.status.active')}</span>;
}
