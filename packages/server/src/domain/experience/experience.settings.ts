// What the sign-in pages render from: the sign-in experience, the social buttons in order, which
// codes can be delivered, the app being signed in to, and the language to speak.
import { experienceLocales, type ExperienceLocale, type ExperienceSettings, type ExperienceSocialConnector } from '@signet/schemas';
import type { ConnectorsService } from '../connectors/connectors.service.ts';
import type { SignInExperienceService } from '../sign-in-experience/sign-in-experience.service.ts';
import { experiencePolicy } from './experience.policy.ts';

/**
 * The first supported language among the user's preferences: exact tags first, then by language
 * (`es-MX` → `es`, any Chinese → `zh-CN`, the only Chinese the pages are written in).
 */
export function matchLocale(preferences: readonly string[]): ExperienceLocale | undefined {
  for (const preference of preferences) {
    const tag = preference.trim().toLowerCase();
    const exact = experienceLocales.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const language = tag.split('-')[0];
    const byLanguage = experienceLocales.find((locale) => locale.toLowerCase().split('-')[0] === language);
    if (byLanguage) return byLanguage;
  }
  return undefined;
}

/** `fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5` → `['fr-CH', 'fr', 'en']` by weight (q=0 means "not this one"). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

export function createExperienceSettings(deps: { signInExperience: SignInExperienceService; connectors: ConnectorsService }) {
  return {
    async settings(request: {
      application: { id: string; name: string; isThirdParty: boolean } | null;
      /** The authorization request's `ui_locales` (space separated). */
      uiLocales?: string | undefined;
      acceptLanguage?: string | undefined;
    }): Promise<ExperienceSettings> {
      const [signInExperience, connectors, availability] = await Promise.all([
        deps.signInExperience.get(),
        deps.connectors.list(),
        deps.connectors.availability(),
      ]);
      const { tenantId: _tenantId, id: _id, ...stored } = signInExperience;
      // The same rules the Experience API enforces for this application (the Console has its own).
      const { config, codes } = experiencePolicy(stored, request.application?.id);
      // Button order is the configured target order; a target may have a Web and a Native connector.
      const socialConnectors: ExperienceSocialConnector[] = config.socialSignInConnectorTargets.flatMap((target) =>
        connectors
          .filter((connector) => connector.type === 'Social' && connector.target === target && connector.platform)
          .map((connector) => ({
            id: connector.id,
            target: connector.target,
            platform: connector.platform!,
            name: connector.name,
            logo: connector.logo,
            logoDark: connector.logoDark,
          })),
      );
      const locale =
        matchLocale(request.uiLocales?.split(' ').filter(Boolean) ?? []) ??
        (config.languageInfo.autoDetect ? matchLocale(parseAcceptLanguage(request.acceptLanguage)) : undefined) ??
        config.languageInfo.fallbackLanguage;
      return {
        signInExperience: config,
        socialConnectors,
        messaging: { email: codes && availability.email, sms: codes && availability.sms },
        application: request.application,
        locale,
      };
    },
  };
}

export type ExperienceSettingsService = ReturnType<typeof createExperienceSettings>;
