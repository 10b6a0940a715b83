// SMTP: sends verification mail through any mail server (Gmail, SendGrid, Aliyun Direct Mail, a
// local Postfix …) with nodemailer, one connection per message.
import nodemailer from 'nodemailer';
import type { MessageConnector } from '../kit.ts';
import { ConnectorError, defineConnector, findTemplate, svgDataUri } from '../kit.ts';
import type { SmtpConfig } from './config.ts';
import { smtpConfigSchema } from './config.ts';
import { smtpFailure } from './errors.ts';
import { renderEmail } from './render.ts';
import { smtpTransportOptions } from './transport.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

// One plain address: nodemailer would read "a@x, b@y" or "Name <a@x>" as something else than the
// single recipient Signet means, so anything but a bare address is refused before connecting.
const singleAddress = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+$/;

const connector: MessageConnector<SmtpConfig> = {
  type: 'Email',
  metadata: {
    id: 'smtp',
    target: 'smtp',
    platform: null,
    name: { en: 'SMTP', es: 'SMTP', fr: 'SMTP', 'zh-CN': 'SMTP' },
    description: {
      en: 'Sends verification emails through any SMTP mail server (Gmail, SendGrid, Aliyun Direct Mail, your own server …).',
      es: 'Envía los correos de verificación a través de cualquier servidor SMTP (Gmail, SendGrid, Aliyun Direct Mail, su propio servidor…).',
      fr: 'Envoie les e-mails de vérification via n’importe quel serveur SMTP (Gmail, SendGrid, Aliyun Direct Mail, votre propre serveur…).',
      'zh-CN': '通过任意 SMTP 邮件服务器（Gmail、SendGrid、阿里云邮件推送、自建服务器等）发送验证邮件。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: smtpConfigSchema,
  async sendMessage(config, message, context) {
    if (!singleAddress.test(message.to)) {
      throw new ConnectorError('general', 'The recipient is not a single email address');
    }
    const rendered = renderEmail(findTemplate(config.templates, message.type), message.payload);
    const transport = nodemailer.createTransport(smtpTransportOptions(config, context));
    try {
      await transport.sendMail({
        from: config.fromEmail,
        to: message.to,
        ...(config.replyTo ? { replyTo: config.replyTo } : {}),
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html ? { html: rendered.html } : {}),
        // The timeouts above bound each step; this bounds the whole exchange.
        signal: AbortSignal.timeout(context.timeoutMs),
      });
    } catch (error) {
      throw smtpFailure(error, { user: config.auth?.user, pass: config.auth?.pass }, context);
    } finally {
      transport.close();
    }
  },
};

export default defineConnector(connector);
