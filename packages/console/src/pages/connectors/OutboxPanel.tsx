// The dev outbox: messages the "Dev outbox" connector kept instead of sending (local development and
// tests), newest first, paginated. Message bodies are shown as text, never rendered as HTML.
import { useState } from 'react';
import type { OutboxMessage } from '@signet/schemas';
import { api, type Page } from '../../api/client.ts';
import { useT } from '../../i18n/i18n.tsx';
import { useResource } from '../../hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { EmptyState, LoadError, Loading, Pagination } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';

const pageSize = 10;

export function OutboxPanel() {
  const t = useT();
  const [page, setPage] = useState(1);
  const [recipient, setRecipient] = useState('');
  const [filter, setFilter] = useState('');
  const [confirmClear, setConfirmClear] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [clearError, setClearError] = useState<string | undefined>();
  const messages = useResource<Page<OutboxMessage>>(() => api.list<OutboxMessage>('/dev-outbox/messages', { page, page_size: pageSize, to: filter }), [page, filter]);
  const time = new Intl.DateTimeFormat(t.locale, { dateStyle: 'short', timeStyle: 'medium' });

  const clear = async () => {
    setClearing(true);
    setClearError(undefined);
    try {
      await api.delete('/dev-outbox/messages');
      setConfirmClear(false);
      setPage(1);
      messages.reload();
      toast(t('connectors.outbox.cleared'));
    } catch (error) {
      setClearError(t.error(error));
    } finally {
      setClearing(false);
    }
  };

  let body;
  if (messages.error) body = <LoadError error={messages.error} retry={messages.reload} />;
  else if (!messages.data) body = <Loading />;
  else if (messages.data.items.length === 0) body = <EmptyState>{filter ? t('connectors.outbox.none_for', { to: filter }) : t('connectors.outbox.empty')}</EmptyState>;
  else {
    body = (
      <>
        <div className="connector-table-scroll">
          <table className="table connector-outbox-table">
            <thead>
              <tr>
                <th scope="col">{t('connectors.outbox.time')}</th>
                <th scope="col">{t('connectors.outbox.to')}</th>
                <th scope="col">{t('connectors.outbox.usage_type')}</th>
                <th scope="col">{t('connectors.outbox.subject')}</th>
                <th scope="col">{t('connectors.outbox.code')}</th>
                <th scope="col">{t('connectors.outbox.content')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.data.items.map((message) => (
                <tr key={message.id} data-message-id={message.id}>
                  <td>
                    <time dateTime={new Date(message.createdAt).toISOString()}>{time.format(message.createdAt)}</time>
                  </td>
                  <td>
                    <span className="badge">{message.channel === 'Email' ? t('connectors.type.email') : t('connectors.type.sms')}</span> {message.to}
                  </td>
                  <td>{message.usageType}</td>
                  <td>{message.subject ?? '—'}</td>
                  <td>{message.payload.code ? <code className="connector-outbox-code">{message.payload.code}</code> : '—'}</td>
                  <td>
                    <details>
                      <summary>{t('connectors.outbox.show_content')}</summary>
                      <pre className="connector-outbox-content">{message.content}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageSize={pageSize} total={messages.data.total} onPage={setPage} />
      </>
    );
  }

  return (
    <section className="card connector-outbox" aria-labelledby="connector-outbox-title">
      <div className="card-header">
        <div>
          <h2 id="connector-outbox-title" className="card-title">
            {t('connectors.outbox.title')}
          </h2>
          <p className="card-description">{t('connectors.outbox.description')}</p>
        </div>
        <div className="page-actions">
          <Button onClick={messages.reload}>{t('connectors.outbox.refresh')}</Button>
          <Button variant="ghost" onClick={() => setConfirmClear(true)} disabled={!messages.data || messages.data.total === 0}>
            {t('connectors.outbox.clear')}
          </Button>
        </div>
      </div>
      <form
        className="connector-outbox-filter"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setPage(1);
          setFilter(recipient.trim());
        }}
      >
        <label className="connector-outbox-filter-label">
          <span>{t('connectors.outbox.filter_label')}</span>
          <input className="input" name="to" type="search" value={recipient} placeholder="you@example.com" onChange={(event) => setRecipient(event.target.value)} />
        </label>
        <Button type="submit">{t('common.search')}</Button>
      </form>
      {body}
      <ConfirmDialog
        open={confirmClear}
        title={t('connectors.outbox.clear_title')}
        body={t('connectors.outbox.clear_body')}
        confirmLabel={t('connectors.outbox.clear')}
        danger
        busy={clearing}
        error={clearError}
        onCancel={() => setConfirmClear(false)}
        onConfirm={() => void clear()}
      />
    </section>
  );
}
