// The connectors an admin can add: a card per factory with its logo, name and description. A social
// factory already in use (same target and platform) is shown but cannot be picked twice.
import { useId } from 'react';
import type { ConnectorFactory, ConnectorResponse } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { EmptyState } from '../../components/Page.tsx';
import { connectorName, localized } from './connector-text.ts';
import { PlatformBadge } from './badges.tsx';

export function isAlreadyAdded(factory: ConnectorFactory, existing: ConnectorResponse[]): boolean {
  // Standard connectors (OIDC, OAuth 2.0) take a new target each time, so they can be added again.
  if (factory.type !== 'Social' || factory.isStandard) return false;
  return existing.some((connector) => connector.type === 'Social' && connector.target === factory.target && connector.platform === factory.platform);
}

export function FactoryPicker({ factories, existing, onPick }: { factories: ConnectorFactory[]; existing: ConnectorResponse[]; onPick(factory: ConnectorFactory): void }) {
  const t = useT();
  const idPrefix = useId();
  if (factories.length === 0) return <EmptyState>{t('connectors.picker.none')}</EmptyState>;
  const sorted = [...factories].sort((a, b) => Number(a.isDemo) - Number(b.isDemo) || connectorName(a, t.locale).localeCompare(connectorName(b, t.locale), t.locale));
  return (
    <ul className="connector-factory-grid" aria-label={t('connectors.picker.list_label')}>
      {sorted.map((factory) => {
        const name = connectorName(factory, t.locale);
        const added = isAlreadyAdded(factory, existing);
        return (
          <li key={factory.id}>
            <button
              type="button"
              className="connector-factory-card"
              onClick={() => onPick(factory)}
              disabled={added}
              data-factory-id={factory.id}
              // The name names the card; the description and badges describe it.
              aria-labelledby={`${idPrefix}-${factory.id}-name`}
              aria-describedby={`${idPrefix}-${factory.id}-description ${idPrefix}-${factory.id}-badges`}
            >
              <img className="connector-logo" src={factory.logo} alt="" width={36} height={36} />
              <span className="connector-factory-text">
                <span className="connector-factory-name" id={`${idPrefix}-${factory.id}-name`}>
                  {name}
                </span>
                <span className="connector-factory-description" id={`${idPrefix}-${factory.id}-description`}>
                  {localized(factory.description, t.locale)}
                </span>
                <span className="connector-factory-badges" id={`${idPrefix}-${factory.id}-badges`}>
                  {factory.platform && <PlatformBadge platform={factory.platform} />}
                  {factory.isDemo && <span className="badge">{t('connectors.badge.development')}</span>}
                  {added && <span className="badge badge-success">{t('connectors.badge.added')}</span>}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
