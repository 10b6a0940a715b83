import { api } from '../api.ts';
import { connectorName, goToProvider, visibleConnectors } from '../bridge.ts';
import { useExperience } from '../context.ts';

interface SocialButtonsProps {
  run: (action: () => Promise<void>) => void;
  /** Checks the form's preconditions (terms accepted) before leaving for the provider. */
  canStart: () => boolean;
  busy: boolean;
  /** An "or" line above the buttons, when a form comes before them. */
  divider: boolean;
}

/** "Continue with …" for each connector this browser (or native app) can use, in the admin's order. */
export function SocialButtons({ run, canStart, busy, divider }: SocialButtonsProps) {
  const { settings, bridge, t, locale, scheme } = useExperience();
  const connectors = visibleConnectors(settings.socialConnectors, bridge);
  if (connectors.length === 0) return null;
  return (
    <div className="social">
      {divider && (
        <p className="divider">
          <span>{t('social.or')}</span>
        </p>
      )}
      {connectors.map((connector) => (
        <button
          key={connector.id}
          type="button"
          className="secondary social-button"
          data-connector-id={connector.id}
          disabled={busy}
          onClick={() => {
            if (!canStart()) return;
            run(async () => {
              const { authorizationUri } = await api.socialAuthorizationUri(connector.id);
              goToProvider(connector, authorizationUri, bridge);
            });
          }}
        >
          <img src={(scheme === 'dark' && connector.logoDark) || connector.logo} alt="" width={20} height={20} />
          <span>{t('social.continue_with', { name: connectorName(connector.name, locale) })}</span>
        </button>
      ))}
    </div>
  );
}
