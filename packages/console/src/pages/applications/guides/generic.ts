// The short guide for every framework without a guide of its own: the values any OpenID Connect
// library asks for, the redirect URIs already registered, and how to sign out.
import { envLinesFor, type Framework } from '@signet/schemas';
import { codeSpan, type Guide, type GuideStep } from './types.ts';

export const scopes = 'openid offline_access profile email';

export function genericGuide(framework: Framework): Guide {
  return {
    variants: [],
    steps(values, t) {
      const confidential = values.appSecret !== undefined;
      const env = envLinesFor(framework, {
        issuer: values.issuer,
        appId: values.appId,
        appSecret: values.appSecret,
        redirectUri: values.redirectUri,
        sessionSecret: values.sessionSecret,
      });
      const settings = [
        t('applications.guide.generic.setting_discovery', { value: codeSpan(values.discoveryUrl) }),
        t('applications.guide.generic.setting_issuer', { value: codeSpan(values.issuer) }),
        t('applications.guide.generic.setting_client_id', { value: codeSpan(values.appId) }),
        confidential ? t('applications.guide.generic.setting_secret') : t('applications.guide.generic.setting_public'),
        t('applications.guide.generic.setting_scopes', { value: codeSpan(scopes) }),
        t('applications.guide.generic.setting_algorithm', { value: codeSpan(values.idTokenAlgorithm) }),
      ];
      const redirectBody = values.redirectUri
        ? t('applications.guide.generic.redirect_body', {
            redirectUri: codeSpan(values.redirectUri),
            postSignOutRedirectUri: codeSpan(values.postSignOutRedirectUri ?? '—'),
          })
        : t('applications.guide.redirect_missing', { redirectUri: codeSpan(`${framework.defaultBaseUrl}${framework.redirectUriPath ?? ''}`) });
      const steps: GuideStep[] = [
        {
          id: 'values',
          title: t('applications.guide.generic.values_title'),
          body: t('applications.guide.generic.values_body', { framework: framework.name }),
          code: [{ label: '.env', code: `${env.join('\n')}\n` }],
        },
        {
          id: 'library',
          title: t('applications.guide.generic.library_title'),
          body: `${t('applications.guide.generic.library_body', { framework: framework.name })}\n\n${settings.map((line) => `- ${line}`).join('\n')}\n`,
        },
        {
          id: 'redirect-uri',
          title: t('applications.guide.redirect_title'),
          body: values.type === 'Native' ? `${redirectBody}\n\n${t('applications.guide.generic.native_scheme', { scheme: codeSpan('io.signet.example') })}` : redirectBody,
        },
        {
          id: 'sign-out',
          title: t('applications.guide.generic.sign_out_title'),
          body: t('applications.guide.generic.sign_out_body', { endSession: codeSpan(`${values.issuer}/session/end`) }),
        },
        {
          id: 'checkpoint',
          title: t('applications.guide.checkpoint_title'),
          body: t('applications.guide.generic.checkpoint_body'),
        },
      ];
      return steps;
    },
  };
}
