// How a user can be found and sign in: the identifiers they hold (read-only here; the profile form
// edits them), and the social accounts linked to them, which an admin can unlink.
import { useState } from 'react';
import type { User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { CopyField } from '../../components/Copy.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { Card, EmptyState } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';
import { formatDateTime, formatPhone } from './user-helpers.ts';

export function IdentifiersCard({ user }: { user: User }) {
  const t = useT();
  const rows: [string, string][] = [
    [t('users.field.username'), user.username ?? ''],
    [t('users.field.email'), user.primaryEmail ?? ''],
    [t('users.field.phone'), formatPhone(user.primaryPhone)],
    [t('users.field.password'), user.hasPassword ? t('users.password.set') : t('users.password.not_set')],
    [t('users.field.created'), formatDateTime(user.createdAt, t.locale)],
    [t('users.field.updated'), formatDateTime(user.updatedAt, t.locale)],
    [t('users.field.last_sign_in'), user.lastSignInAt ? formatDateTime(user.lastSignInAt, t.locale) : t('users.never')],
  ];
  return (
    <Card title={t('users.identifiers.title')} description={t('users.identifiers.description')}>
      <CopyField label={t('users.field.id')} value={user.id} testId="user-id" />
      <dl className="users-facts">
        {rows.map(([label, value]) => (
          <div key={label} className="users-fact">
            <dt>{label}</dt>
            <dd>{value || <span className="users-muted">{t('common.none')}</span>}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** A readable line from what the provider told us (name, email), when it told us anything. */
function identitySummary(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  const pick = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : '');
  return [pick('name'), pick('email')].filter(Boolean).join(' · ');
}

export function SocialIdentitiesCard({ user, onChange }: { user: User; onChange(user: User): void }) {
  const t = useT();
  const [unlinking, setUnlinking] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const entries = Object.entries(user.identities);

  const unlink = async () => {
    if (!unlinking) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.delete(`/users/${encodeURIComponent(user.id)}/identities/${encodeURIComponent(unlinking)}`);
      onChange(await api.get<User>(`/users/${encodeURIComponent(user.id)}`));
      setUnlinking(undefined);
      toast(t('users.identities.unlinked'));
    } catch (cause) {
      setError(t.error(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('users.identities.title')} description={t('users.identities.description')}>
      {entries.length === 0 ? (
        <EmptyState>{t('users.identities.empty')}</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('users.identities.provider')}</th>
              <th scope="col">{t('users.identities.account')}</th>
              <th scope="col">{t('users.identities.details')}</th>
              <th scope="col">
                <span className="users-sr-only">{t('users.table.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([target, identity]) => (
              <tr key={target}>
                <td>{target}</td>
                <td>
                  <code>{identity.userId}</code>
                </td>
                <td>{identitySummary(identity.details)}</td>
                <td className="users-cell-actions">
                  <Button variant="ghost" onClick={() => setUnlinking(target)} aria-label={t('users.identities.unlink_label', { provider: target })}>
                    {t('users.identities.unlink')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={unlinking !== undefined}
        title={t('users.identities.unlink_title', { provider: unlinking ?? '' })}
        body={t('users.identities.unlink_body', { provider: unlinking ?? '' })}
        confirmLabel={t('users.identities.unlink')}
        danger
        busy={busy}
        error={error}
        onConfirm={() => void unlink()}
        onCancel={() => {
          setUnlinking(undefined);
          setError(undefined);
        }}
      />
    </Card>
  );
}
