import type { ConnectorPlatform, ConnectorType } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

const platformKeys: Record<ConnectorPlatform, MessageKey> = {
  Web: 'connectors.platform.web',
  Native: 'connectors.platform.native',
  Universal: 'connectors.platform.universal',
};

const typeKeys: Record<ConnectorType, MessageKey> = {
  Social: 'connectors.type.social',
  Email: 'connectors.type.email',
  Sms: 'connectors.type.sms',
};

export function PlatformBadge({ platform }: { platform: ConnectorPlatform }) {
  const t = useT();
  return <span className="badge">{t(platformKeys[platform])}</span>;
}

export function useTypeName(): (type: ConnectorType) => string {
  const t = useT();
  return (type) => t(typeKeys[type]);
}

/** The logo of a connector, decorative: its name is always written next to it. */
export function ConnectorLogo({ src, size = 32 }: { src: string; size?: number }) {
  return <img className="connector-logo" src={src} alt="" width={size} height={size} />;
}
