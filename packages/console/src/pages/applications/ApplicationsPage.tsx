// The applications list: name, type, App ID and creation date, paginated; "Create application" opens
// the same framework gallery as Get started.
import { useState } from 'react';
import type { Application } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Link } from '../../router.tsx';
import { Card, EmptyState, LoadError, Loading, PageHeader, Pagination } from '../../components/Page.tsx';
import { Button } from '../../components/Button.tsx';
import { CreateApplicationModal } from './CreateApplicationModal.tsx';

const pageSize = 20;

export function ApplicationsPage() {
  const t = useT();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useResource(() => api.list<Application>('/applications', { page, page_size: pageSize }), [page]);

  let content;
  if (list.error) content = <LoadError error={list.error} retry={list.reload} />;
  else if (!list.data) content = <Loading />;
  else if (list.data.total === 0)
    content = (
      <EmptyState>
        <p>{t('applications.list.empty')}</p>
        <Button variant="primary" onClick={() => setCreating(true)}>
          {t('applications.create.title')}
        </Button>
      </EmptyState>
    );
  else
    content = (
      <>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('applications.list.name')}</th>
                <th scope="col">{t('applications.list.type')}</th>
                <th scope="col">{t('applications.details.app_id')}</th>
                <th scope="col">{t('applications.list.created')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((application) => (
                <tr key={application.id}>
                  <td>
                    <Link to={`/console/applications/${encodeURIComponent(application.id)}`}>{application.name}</Link>
                    {application.description && <div className="field-hint">{application.description}</div>}
                  </td>
                  <td>
                    <span className="badge">{t(`applications.type.${application.type}`)}</span>
                  </td>
                  <td>
                    <code>{application.id}</code>
                  </td>
                  <td>{new Date(application.createdAt).toLocaleDateString(t.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageSize={pageSize} total={list.data.total} onPage={setPage} />
      </>
    );

  return (
    <>
      <PageHeader
        title={t('applications.title')}
        subtitle={t('applications.subtitle')}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('applications.create.title')}
          </Button>
        }
      />
      <Card>{content}</Card>
      <CreateApplicationModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
