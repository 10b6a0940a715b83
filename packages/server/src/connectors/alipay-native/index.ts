// Alipay (Native): sign in with the Alipay app from a native iOS / Android app. The native SDK opens
// `alipay://…`, the Alipay app hands back an `auth_code`, and the app loads our social callback with
// it; the server then trades the code for the user's Alipay profile (alipay-gateway/user-info.ts).
import { defineConnector, svgDataUri } from '../kit.ts';
import { getAlipayUserInfo } from '../alipay-gateway/user-info.ts';
import { alipayNativeConfigSchema } from './config.ts';
import type { AlipayNativeConfig } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export default defineConnector<AlipayNativeConfig>({
  type: 'Social',
  metadata: {
    id: 'alipay-native',
    target: 'alipay',
    platform: 'Native',
    name: { en: 'Alipay', es: 'Alipay', fr: 'Alipay', 'zh-CN': '支付宝' },
    description: {
      en: 'Sign in with the Alipay app from your iOS or Android app.',
      es: 'Inicio de sesión con la aplicación Alipay desde su aplicación iOS o Android.',
      fr: 'Connexion avec l’application Alipay depuis votre application iOS ou Android.',
      'zh-CN': '在你的 iOS 或 Android 原生应用中使用支付宝 App 登录。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: alipayNativeConfigSchema,

  // The native SDK hands this URI to the Alipay app; the state comes back with the auth code.
  async getAuthorizationUri(config, { state }) {
    return `alipay://?app_id=${encodeURIComponent(config.appId)}&state=${encodeURIComponent(state)}`;
  },

  async getUserInfo(config, callbackData, _request, context) {
    return getAlipayUserInfo(config, callbackData, context);
  },
});
