// One user: profile and identifiers, roles, sign-in history (one tab each, `?tab=` in the URL), and
// the account actions: reset password, suspend or reinstate, delete. The server refuses suspending or
// deleting the last active Console administrator (user.last_admin): the dialog says so.
import { useState } from 'react';
import type { User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Link, navigate, useSearchParam } from '../../router.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { LinkTabs } from '../../components/Tabs.tsx';
import { toast } from '../../components/toast.tsx';
import { IdentifiersCard, SocialIdentitiesCard } from './IdentitiesCard.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';
import { SignInHistory } from './SignInHistory.tsx';
import { UserAvatar } from './UserAvatar.tsx';
import { UserRoles } from './UserRoles.tsx';
import { StatusBadge } from './UsersListPage.tsx';
import { displayName } from './user-helpers.ts';

const tabs = ['profile', 'roles', 'history'] as const;
type Tab = (typeof tabs)[number];

type Action = 'reset-password' | 'suspend' | 'reinstate' | 'delete';

export function UserDetailsPage({ id }: { id: string }) {
  const t = useT();
  const requested = useSearchParam('tab');
  const tab: Tab = (tabs as readonly string[]).includes(requested ?? '') ? (requested as Tab) : 'profile';
  const path = `/users/${encodeURIComponent(id)}`;
  const user = useResource(() => api.get<User>(path), [id]);
  const [action, setAction] = useState<Action>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (user.error) return <LoadError error={user.error} retry={user.reload} />;
  if (!user.data) return <Loading />;
  const current = user.data;
  const name = displayName(current);
  const base = `/console/users/${encodeURIComponent(id)}`;

  const closeAction = () => {
    setAction(undefined);
    setError(undefined);
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (cause) {
      setError(t.error(cause));
    } finally {
      setBusy(false);
    }
  };

  const setSuspended = (isSuspended: boolean) =>
    run(async () => {
      user.setData(await api.patch<User>(`${path}/is-suspended`, { isSuspended }));
      closeAction();
      toast(isSuspended ? t('users.suspend.done') : t('users.reinstate.done'));
    });

  const remove = () =>
    run(async () => {
      await api.delete(path);
      closeAction();
      toast(t('users.delete.done', { name }));
      navigate('/console/users');
    });

  return (
    <>
      <PageHeader
        back={<Link to="/console/users">← {t('users.back_to_list')}</Link>}
        title={
          <span className="users-title">
            <UserAvatar user={current} size="large" />
            <span>{name}</span>
            <StatusBadge suspended={current.isSuspended} />
          </span>
        }
        subtitle={t('users.details.subtitle', { id: current.id })}
        actions={
          <>
            <Button onClick={() => setAction('reset-password')}>{t('users.password.reset_open')}</Button>
            {current.isSuspended ? (
              <Button onClick={() => setAction('reinstate')}>{t('users.reinstate.open')}</Button>
            ) : (
              <Button onClick={() => setAction('suspend')}>{t('users.suspend.open')}</Button>
            )}
            <Button variant="danger" onClick={() => setAction('delete')}>
              {t('common.delete')}
            </Button>
          </>
        }
      />
      <LinkTabs
        label={t('users.details.tabs')}
        current={tab}
        tabs={[
          { id: 'profile', to: base, label: t('users.tab.profile') },
          { id: 'roles', to: `${base}?tab=roles`, label: t('users.tab.roles') },
          { id: 'history', to: `${base}?tab=history`, label: t('users.tab.history') },
        ]}
      />
      {tab === 'profile' && (
        <div className="users-details">
          <div className="users-details-main">
            <ProfileForm user={current} onSaved={user.setData} />
          </div>
          <div className="users-details-side">
            <IdentifiersCard user={current} />
            <SocialIdentitiesCard user={current} onChange={user.setData} />
          </div>
        </div>
      )}
      {tab === 'roles' && <UserRoles userId={current.id} />}
      {tab === 'history' && <SignInHistory userId={current.id} />}

      <ResetPasswordModal
        user={current}
        open={action === 'reset-password'}
        onClose={(updated) => {
          if (updated) user.setData(updated);
          closeAction();
        }}
      />
      <ConfirmDialog
        open={action === 'suspend'}
        title={t('users.suspend.title', { name })}
        body={t('users.suspend.body', { name })}
        confirmLabel={t('users.suspend.confirm')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => void setSuspended(true)}
        onCancel={closeAction}
      />
      <ConfirmDialog
        open={action === 'reinstate'}
        title={t('users.reinstate.title', { name })}
        body={t('users.reinstate.body', { name })}
        confirmLabel={t('users.reinstate.confirm')}
        busy={busy}
        error={error}
        onConfirm={() => void setSuspended(false)}
        onCancel={closeAction}
      />
      <ConfirmDialog
        open={action === 'delete'}
        title={t('users.delete.title', { name })}
        body={t('users.delete.body', { name })}
        confirmLabel={t('common.delete')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => void remove()}
        onCancel={closeAction}
      />
    </>
  );
}
