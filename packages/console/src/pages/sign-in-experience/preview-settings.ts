// What the live preview renders: the same ExperienceSettings the sign-in pages get from the server
// (packages/server/src/domain/experience/experience.settings.ts), built from the unsaved draft.
import type { ConnectorResponse, ExperienceLocale, ExperiencePreviewMessage, ExperienceSettings, ExperienceSocialConnector } from '@signet/schemas';
import type { Config } from './draft.ts';

export type PreviewPage = NonNullable<ExperiencePreviewMessage['page']>;
export type PreviewScheme = NonNullable<ExperiencePreviewMessage['colorScheme']>;

/** Social buttons in the draft's order; one target may have a Web and a Native connector. */
export function previewSocialConnectors(config: Config, connectors: readonly ConnectorResponse[]): ExperienceSocialConnector[] {
  return config.socialSignInConnectorTargets.flatMap((target) =>
    connectors
      .filter((connector) => connector.type === 'Social' && connector.target === target && connector.platform)
      .map((connector) => ({ id: connector.id, target: connector.target, platform: connector.platform!, name: connector.name, logo: connector.logo, logoDark: connector.logoDark })),
  );
}

export function hasMessaging(connectors: readonly ConnectorResponse[]): { email: boolean; sms: boolean } {
  return { email: connectors.some((connector) => connector.type === 'Email'), sms: connectors.some((connector) => connector.type === 'Sms') };
}

export function previewMessage(options: {
  config: Config;
  connectors: readonly ConnectorResponse[];
  locale: ExperienceLocale | undefined;
  page: PreviewPage;
  colorScheme: PreviewScheme;
}): ExperiencePreviewMessage {
  const { config, connectors } = options;
  const settings: ExperienceSettings = {
    signInExperience: config,
    socialConnectors: previewSocialConnectors(config, connectors),
    messaging: hasMessaging(connectors),
    application: null,
    locale: options.locale ?? config.languageInfo.fallbackLanguage,
  };
  // Dark only when the draft allows it: the real page never shows dark otherwise.
  const colorScheme = options.colorScheme === 'dark' && config.color.isDarkModeEnabled ? 'dark' : 'light';
  return { type: 'signet:preview', settings, page: options.page, colorScheme };
}
