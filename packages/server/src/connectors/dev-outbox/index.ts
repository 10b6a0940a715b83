// The dev outbox: email and SMS "delivery" into Signet's own database, for laptops and tests. Two
// factories (one per message type), because an instance has one type and "one email connector in
// use" and "one SMS connector in use" are separate rules.
import { findTemplate, renderTemplate, svgDataUri, ConnectorError, defineConnector, type ConnectorContext, type Message } from '../kit.ts';
import { devOutboxEmailConfigSchema, devOutboxSmsConfigSchema } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

function outboxOf(context: ConnectorContext) {
  if (!context.outbox) throw new ConnectorError('not_implemented', 'The dev outbox has no storage in this context');
  return context.outbox;
}

const description = {
  en: 'Keeps emails and text messages in Signet instead of sending them. For development and tests.',
  es: 'Guarda los correos y SMS en Signet en lugar de enviarlos. Para desarrollo y pruebas.',
  fr: 'Conserve les e-mails et SMS dans Signet au lieu de les envoyer. Pour le développement et les tests.',
  'zh-CN': '将邮件和短信保存在 Signet 中而不发送，用于开发和测试。',
};

const common = { platform: null, logo: svgDataUri(logo), logoDark: null, readme, description };

export const devOutboxEmail = defineConnector({
  type: 'Email',
  metadata: {
    ...common,
    id: 'dev-outbox-email',
    target: 'dev-outbox',
    name: { en: 'Dev outbox (email)', es: 'Buzón de desarrollo (correo)', fr: 'Boîte de développement (e-mail)', 'zh-CN': '开发发件箱（邮件）' },
  },
  configSchema: devOutboxEmailConfigSchema,
  async sendMessage(config, message: Message, context) {
    const template = findTemplate(config.templates, message.type);
    await outboxOf(context)({
      channel: 'Email',
      to: message.to,
      usageType: message.type,
      subject: renderTemplate(template.subject, message.payload),
      content: renderTemplate(template.content, message.payload),
      payload: message.payload,
    });
  },
});

export const devOutboxSms = defineConnector({
  type: 'Sms',
  metadata: {
    ...common,
    id: 'dev-outbox-sms',
    target: 'dev-outbox',
    name: { en: 'Dev outbox (SMS)', es: 'Buzón de desarrollo (SMS)', fr: 'Boîte de développement (SMS)', 'zh-CN': '开发发件箱（短信）' },
  },
  configSchema: devOutboxSmsConfigSchema,
  async sendMessage(config, message: Message, context) {
    const template = findTemplate(config.templates, message.type);
    await outboxOf(context)({
      channel: 'Sms',
      to: message.to,
      usageType: message.type,
      subject: null,
      content: renderTemplate(template.content, message.payload),
      payload: message.payload,
    });
  },
});
