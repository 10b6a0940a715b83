// HTTP email: hands each message to an endpoint the admin runs, for mail services Signet has no
// connector for. The body keeps Logto's field names (`to`, `type`, `payload`).
import type { MessageConnector } from '../kit.ts';
import { defineConnector, findTemplate, svgDataUri } from '../kit.ts';
import type { HttpMessageBody } from '../http-message/send.ts';
import { postHttpMessage } from '../http-message/send.ts';
import { renderEmail } from '../smtp/render.ts';
import type { HttpEmailConfig } from './config.ts';
import { httpEmailConfigSchema } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export const httpEmailProviderName = 'HTTP email endpoint';

const connector: MessageConnector<HttpEmailConfig> = {
  type: 'Email',
  metadata: {
    id: 'http-email',
    target: 'http-email',
    platform: null,
    name: { en: 'HTTP email', es: 'Correo por HTTP', fr: 'E-mail via HTTP', 'zh-CN': 'HTTP 邮件' },
    description: {
      en: 'Sends each email as a JSON POST to an endpoint you run, for mail services without a built-in connector.',
      es: 'Envía cada correo como un POST JSON a un endpoint que usted gestiona, para servicios de correo sin conector propio.',
      fr: 'Envoie chaque e-mail en POST JSON vers un point de terminaison que vous gérez, pour les services sans connecteur intégré.',
      'zh-CN': '将每封邮件以 JSON POST 请求发送到你自己的端点，适用于没有内置连接器的邮件服务。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: httpEmailConfigSchema,
  async sendMessage(config, message, context) {
    const body: HttpMessageBody = { to: message.to, type: message.type, payload: message.payload };
    if (config.templates) {
      const template = findTemplate(config.templates, message.type);
      const rendered = renderEmail(template, message.payload);
      body.subject = rendered.subject;
      body.content = rendered.html ?? rendered.text;
      body.contentType = template.contentType;
    }
    await postHttpMessage(httpEmailProviderName, config, body, context);
  },
};

export default defineConnector(connector);
