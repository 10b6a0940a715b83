// Aliyun Direct Mail (DirectMail / 邮件推送): sends verification emails with `SingleSendMail`.
import { defineConnector, findTemplate, renderTemplate, svgDataUri } from '../kit.ts';
import type { MessageConnector } from '../kit.ts';
import { z } from 'zod';
import { callAliyunRpc } from '../aliyun-rpc/request.ts';
import { aliyunDirectMailConfigSchema, directMailEndpoint } from './config.ts';
import type { AliyunDirectMailConfig } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

const provider = 'Aliyun Direct Mail';

const singleSendMailAnswerSchema = z.object({ EnvId: z.string(), RequestId: z.string() });

const sendMessage: MessageConnector<AliyunDirectMailConfig>['sendMessage'] = async (config, message, context) => {
  const template = findTemplate(config.templates, message.type);
  const params: Record<string, string> = {
    AccountName: config.accountName,
    // 1: a sender address (0 would be a random account address).
    AddressType: '1',
    ReplyToAddress: 'false',
    ToAddress: message.to,
    Subject: renderTemplate(template.subject, message.payload),
    HtmlBody: renderTemplate(template.content, message.payload),
  };
  if (config.fromAlias) params.FromAlias = config.fromAlias;
  await callAliyunRpc(
    {
      provider,
      endpoint: directMailEndpoint(config),
      action: 'SingleSendMail',
      version: '2015-11-23',
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      regionId: config.regionId,
      params,
    },
    singleSendMailAnswerSchema,
    context,
  );
};

export default defineConnector<AliyunDirectMailConfig>({
  type: 'Email',
  metadata: {
    id: 'aliyun-direct-mail',
    target: 'aliyun-direct-mail',
    platform: null,
    name: {
      en: 'Aliyun Direct Mail',
      es: 'Aliyun Direct Mail',
      fr: 'Aliyun Direct Mail',
      'zh-CN': '阿里云邮件推送',
    },
    description: {
      en: 'Sends verification emails through Alibaba Cloud Direct Mail.',
      es: 'Envía correos de verificación a través de Alibaba Cloud Direct Mail.',
      fr: 'Envoie les e-mails de vérification via Alibaba Cloud Direct Mail.',
      'zh-CN': '通过阿里云邮件推送发送验证邮件。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: aliyunDirectMailConfigSchema,
  sendMessage,
});
