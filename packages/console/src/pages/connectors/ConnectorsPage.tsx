// Connectors > "Social connectors" (a list; "Add social connector") and "Email and SMS connectors"
// (one email slot and one SMS slot, since only one of each can be in use; "Set up", edit, "Change";
// and the dev outbox's messages).
import { useState } from 'react';
import type { ConnectorFactory, ConnectorResponse } from '@signet/schemas';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { useResource } from '../../hooks.ts';
import { Button } from '../../components/Button.tsx';
import { Card, EmptyState, LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { LinkTabs } from '../../components/Tabs.tsx';
import { CreateConnectorModal, type CreateMode } from './CreateConnectorModal.tsx';
import { OutboxPanel } from './OutboxPanel.tsx';
import { ConnectorLogo, PlatformBadge } from './badges.tsx';
import { connectorName } from './connector-text.ts';

export type ConnectorTab = 'social' | 'passwordless';

export const signUpAndSignInPath = '/console/sign-in-experience/sign-up-and-sign-in';

export function tabOf(connector: Pick<ConnectorResponse, 'type'>): ConnectorTab {
  return connector.type === 'Social' ? 'social' : 'passwordless';
}

export function detailsPath(connector: Pick<ConnectorResponse, 'type' | 'id'>): string {
  return `/console/connectors/${tabOf(connector)}/${encodeURIComponent(connector.id)}`;
}

type Loaded = { factories: ConnectorFactory[]; connectors: ConnectorResponse[] };

export function ConnectorsPage({ tab }: { tab: ConnectorTab }) {
  const t = useT();
  const resource = useResource<Loaded>(async () => {
    const [factories, connectors] = await Promise.all([api.get<ConnectorFactory[]>('/connector-factories'), api.get<ConnectorResponse[]>('/connectors')]);
    return { factories, connectors };
  }, []);
  const [createMode, setCreateMode] = useState<CreateMode | undefined>();

  const tabs = [
    { id: 'social', to: '/console/connectors/social', label: t('connectors.tabs.social') },
    { id: 'passwordless', to: '/console/connectors/passwordless', label: t('connectors.tabs.passwordless') },
  ];

  let body;
  if (resource.error) body = <LoadError error={resource.error} retry={resource.reload} />;
  else if (!resource.data) body = <Loading />;
  else if (tab === 'social') body = <SocialTab connectors={resource.data.connectors} onAdd={() => setCreateMode({ type: 'Social' })} />;
  else body = <PasswordlessTab connectors={resource.data.connectors} onSetUp={setCreateMode} />;

  return (
    <>
      <PageHeader title={t('connectors.title')} subtitle={t('connectors.subtitle')} />
      <LinkTabs label={t('connectors.tabs.label')} tabs={tabs} current={tab} />
      {body}
      {createMode && resource.data && (
        <CreateConnectorModal
          mode={createMode}
          factories={resource.data.factories}
          existing={resource.data.connectors}
          onClose={() => setCreateMode(undefined)}
          onCreated={(connector) => {
            setCreateMode(undefined);
            navigate(`${detailsPath(connector)}?created=1`);
          }}
        />
      )}
    </>
  );
}

function SocialTab({ connectors, onAdd }: { connectors: ConnectorResponse[]; onAdd(): void }) {
  const t = useT();
  const social = connectors.filter((connector) => connector.type === 'Social');
  return (
    <Card
      title={t('connectors.social.title')}
      description={
        <>
          {t('connectors.social.description')} <Link to={signUpAndSignInPath}>{t('connectors.sie_link')}</Link>
        </>
      }
      actions={
        <Button variant="primary" onClick={onAdd}>
          {t('connectors.social.add')}
        </Button>
      }
    >
      {social.length === 0 ? (
        <EmptyState>{t('connectors.social.empty')}</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('connectors.column.name')}</th>
              <th scope="col">{t('connectors.column.platform')}</th>
              <th scope="col">{t('connectors.column.id')}</th>
              <th scope="col">
                <span className="connector-sr-only">{t('connectors.column.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {social.map((connector) => {
              const name = connectorName(connector, t.locale);
              return (
                <tr key={connector.id} data-connector-id={connector.id}>
                  <td>
                    <span className="connector-name-cell">
                      <ConnectorLogo src={connector.logo} size={24} />
                      <Link to={detailsPath(connector)}>{name}</Link>
                    </span>
                  </td>
                  <td>{connector.platform && <PlatformBadge platform={connector.platform} />}</td>
                  <td>
                    <code>{connector.id}</code>
                  </td>
                  <td className="connector-row-actions">
                    <Link to={detailsPath(connector)} aria-label={`${t('common.edit')}: ${name}`}>
                      {t('common.edit')}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function PasswordlessTab({ connectors, onSetUp }: { connectors: ConnectorResponse[]; onSetUp(mode: CreateMode): void }) {
  const t = useT();
  const email = connectors.find((connector) => connector.type === 'Email');
  const sms = connectors.find((connector) => connector.type === 'Sms');
  return (
    <>
      <p className="connector-tab-intro">
        {t('connectors.passwordless.description')} <Link to={signUpAndSignInPath}>{t('connectors.sie_link')}</Link>
      </p>
      <div className="grid-2">
        <Slot type="Email" connector={email} onSetUp={onSetUp} />
        <Slot type="Sms" connector={sms} onSetUp={onSetUp} />
      </div>
      <OutboxPanel />
    </>
  );
}

function Slot({ type, connector, onSetUp }: { type: 'Email' | 'Sms'; connector: ConnectorResponse | undefined; onSetUp(mode: CreateMode): void }) {
  const t = useT();
  const title = type === 'Email' ? t('connectors.slot.email_title') : t('connectors.slot.sms_title');
  const name = connector && connectorName(connector, t.locale);
  return (
    <section className="card connector-slot" aria-label={title} data-slot={type}>
      <div className="card-header">
        <div>
          <h2 className="card-title">{title}</h2>
          <p className="card-description">{type === 'Email' ? t('connectors.slot.email_description') : t('connectors.slot.sms_description')}</p>
        </div>
      </div>
      {connector ? (
        <>
          <div className="connector-slot-current">
            <ConnectorLogo src={connector.logo} size={36} />
            <div>
              <Link to={detailsPath(connector)} className="connector-slot-name">
                {name}
              </Link>
              <div className="connector-slot-meta">
                <span className="badge badge-success">{t('connectors.slot.in_use')}</span> <code>{connector.id}</code>
              </div>
            </div>
          </div>
          <div className="connector-slot-actions">
            <Button onClick={() => navigate(detailsPath(connector))} aria-label={`${t('common.edit')}: ${name}`}>
              {t('common.edit')}
            </Button>
            <Button variant="ghost" onClick={() => onSetUp({ type, replacing: connector })} aria-label={`${t('connectors.slot.change')}: ${title}`}>
              {t('connectors.slot.change')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="connector-slot-empty">{type === 'Email' ? t('connectors.slot.email_empty') : t('connectors.slot.sms_empty')}</p>
          <div className="connector-slot-actions">
            <Button variant="primary" onClick={() => onSetUp({ type })} aria-label={`${t('connectors.slot.set_up')}: ${title}`}>
              {t('connectors.slot.set_up')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
