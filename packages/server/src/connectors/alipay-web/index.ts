// Alipay (Web): sign in with Alipay in a browser. The user is sent to Alipay's authorization page
// (QR code on desktop, the Alipay app on mobile), comes back to our callback with an `auth_code`, and
// the server trades it for the user's Alipay profile (alipay-gateway/user-info.ts).
import { defineConnector, svgDataUri } from '../kit.ts';
import { getAlipayUserInfo } from '../alipay-gateway/user-info.ts';
import { alipayWebConfigSchema } from './config.ts';
import type { AlipayWebConfig } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export default defineConnector<AlipayWebConfig>({
  type: 'Social',
  metadata: {
    id: 'alipay-web',
    target: 'alipay',
    platform: 'Web',
    name: { en: 'Alipay', es: 'Alipay', fr: 'Alipay', 'zh-CN': '支付宝' },
    description: {
      en: 'Sign in with Alipay on the web: scan a QR code or continue in the Alipay app.',
      es: 'Inicio de sesión con Alipay en la web: escanee un código QR o continúe en la aplicación Alipay.',
      fr: 'Connexion avec Alipay sur le web : scannez un QR code ou continuez dans l’application Alipay.',
      'zh-CN': '在网页中使用支付宝登录：扫码或在支付宝 App 中继续。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: alipayWebConfigSchema,

  async getAuthorizationUri(config, { state, redirectUri }) {
    const url = new URL(config.authorizationEndpoint);
    url.searchParams.set('app_id', config.appId);
    url.searchParams.set('scope', config.scope);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  },

  // Alipay redirects back with `auth_code` (plus `app_id`, `scope`, `state`; the caller checks state).
  async getUserInfo(config, callbackData, _request, context) {
    return getAlipayUserInfo(config, callbackData, context, config.scope);
  },
});
