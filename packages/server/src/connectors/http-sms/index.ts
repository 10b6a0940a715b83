// HTTP SMS: hands each text message to an endpoint the admin runs, for SMS providers Signet has no
// connector for. The body keeps Logto's field names (`to`, `type`, `payload`).
import type { MessageConnector } from '../kit.ts';
import { defineConnector, findTemplate, renderTemplate, svgDataUri } from '../kit.ts';
import type { HttpMessageBody } from '../http-message/send.ts';
import { postHttpMessage } from '../http-message/send.ts';
import type { HttpSmsConfig } from './config.ts';
import { httpSmsConfigSchema } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export const httpSmsProviderName = 'HTTP SMS endpoint';

const connector: MessageConnector<HttpSmsConfig> = {
  type: 'Sms',
  metadata: {
    id: 'http-sms',
    target: 'http-sms',
    platform: null,
    name: { en: 'HTTP SMS', es: 'SMS por HTTP', fr: 'SMS via HTTP', 'zh-CN': 'HTTP 短信' },
    description: {
      en: 'Sends each text message as a JSON POST to an endpoint you run, for SMS providers without a built-in connector.',
      es: 'Envía cada SMS como un POST JSON a un endpoint que usted gestiona, para proveedores de SMS sin conector propio.',
      fr: 'Envoie chaque SMS en POST JSON vers un point de terminaison que vous gérez, pour les fournisseurs sans connecteur intégré.',
      'zh-CN': '将每条短信以 JSON POST 请求发送到你自己的端点，适用于没有内置连接器的短信服务商。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: httpSmsConfigSchema,
  async sendMessage(config, message, context) {
    const body: HttpMessageBody = { to: message.to, type: message.type, payload: message.payload };
    if (config.templates) body.content = renderTemplate(findTemplate(config.templates, message.type).content, message.payload);
    await postHttpMessage(httpSmsProviderName, config, body, context);
  },
};

export default defineConnector(connector);
