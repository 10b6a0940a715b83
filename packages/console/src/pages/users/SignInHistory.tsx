// A user's sign-in history (GET /api/logs?userId=…), newest first: when, what, through which
// application, from where, with what result.
import { useState } from 'react';
import { consoleClientId, type Application, type Log, type LogKey } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Card, EmptyState, LoadError, Loading, Pagination } from '../../components/Page.tsx';
import { Link } from '../../router.tsx';
import { formatDateTime } from './user-helpers.ts';

const pageSize = 20;

const eventLabels: Record<LogKey, MessageKey> = {
  'Interaction.SignIn': 'users.log.sign_in',
  'Interaction.Register': 'users.log.register',
  'Interaction.ForgotPassword': 'users.log.forgot_password',
};

/** The names of the applications on one page of history (a deleted one keeps its id). */
async function applicationNames(logs: Log[]): Promise<Map<string, string>> {
  const ids = [...new Set(logs.map((log) => log.applicationId).filter((id): id is string => id !== null && id !== consoleClientId))];
  const names = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      const application = await api.get<Application>(`/applications/${encodeURIComponent(id)}`).catch(() => undefined);
      if (application) names.set(id, application.name);
    }),
  );
  return names;
}

export function SignInHistory({ userId }: { userId: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const history = useResource(async () => {
    const logs = await api.list<Log>('/logs', { userId, page, page_size: pageSize });
    return { ...logs, names: await applicationNames(logs.items) };
  }, [userId, page]);

  const applicationCell = (id: string | null, names: Map<string, string>) => {
    if (id === null) return <span className="users-muted">{t('common.none')}</span>;
    if (id === consoleClientId) return t('app.name');
    const name = names.get(id);
    return name ? <Link to={`/console/applications/${encodeURIComponent(id)}`}>{name}</Link> : <code>{id}</code>;
  };

  return (
    <Card title={t('users.log.title')} description={t('users.log.description')}>
      {history.error ? (
        <LoadError error={history.error} retry={history.reload} />
      ) : !history.data ? (
        <Loading />
      ) : history.data.items.length === 0 ? (
        <EmptyState>{t('users.log.empty')}</EmptyState>
      ) : (
        <div className="users-table-scroll">
          <table className="table" aria-label={t('users.log.title')}>
            <thead>
              <tr>
                <th scope="col">{t('users.log.time')}</th>
                <th scope="col">{t('users.log.event')}</th>
                <th scope="col">{t('users.log.application')}</th>
                <th scope="col">{t('users.log.ip')}</th>
                <th scope="col">{t('users.log.user_agent')}</th>
                <th scope="col">{t('users.log.result')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((log) => (
                <tr key={log.id}>
                  <td>{formatDateTime(log.createdAt, t.locale)}</td>
                  <td>{t(eventLabels[log.key])}</td>
                  <td>{applicationCell(log.applicationId, history.data!.names)}</td>
                  <td>{log.ip ?? ''}</td>
                  <td className="users-user-agent" title={log.userAgent ?? undefined}>
                    {log.userAgent ?? ''}
                  </td>
                  <td>
                    {log.result === 'Success' ? (
                      <span className="badge badge-success">{t('users.log.success')}</span>
                    ) : (
                      <span className="badge badge-danger">{t('users.log.failure')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.data && history.data.total > 0 && <Pagination page={page} pageSize={pageSize} total={history.data.total} onPage={setPage} />}
    </Card>
  );
}
