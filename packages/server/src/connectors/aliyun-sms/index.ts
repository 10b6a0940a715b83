// Aliyun SMS (Short Message Service / 短信服务): sends verification codes with `SendSms`.
import { z } from 'zod';
import { defineConnector, findTemplate, svgDataUri } from '../kit.ts';
import type { MessageConnector, MessagePayload } from '../kit.ts';
import { aliyunProviderError, callAliyunRpc } from '../aliyun-rpc/request.ts';
import { aliyunSmsConfigSchema, smsEndpoint } from './config.ts';
import type { AliyunSmsConfig } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

const provider = 'Aliyun SMS';

/** Business errors that mean "too many messages" (per number or per day), not a broken config. */
const smsRateLimitCodes = ['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL'];

// SendSms answers HTTP 200 for business errors too, with a non-OK `Code`.
const sendSmsAnswerSchema = z.object({
  Code: z.string().min(1),
  Message: z.string().optional(),
  RequestId: z.string().optional(),
  BizId: z.string().optional(),
});

/** Template variables: the code (and link, where one is sent); Aliyun wants a JSON object of strings. */
function templateParam(payload: MessagePayload): string {
  const variables: Record<string, string> = {};
  if (payload.code !== undefined) variables.code = payload.code;
  if (payload.link !== undefined) variables.link = payload.link;
  return JSON.stringify(variables);
}

const sendMessage: MessageConnector<AliyunSmsConfig>['sendMessage'] = async (config, message, context) => {
  const template = findTemplate(config.templates, message.type);
  const request = {
    provider,
    endpoint: smsEndpoint(config),
    action: 'SendSms',
    version: '2017-05-25',
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    regionId: 'cn-hangzhou',
    params: {
      // Signet keeps numbers as digits with the country code; Aliyun takes that form (and "+…").
      PhoneNumbers: message.to.replace(/^\+/, ''),
      SignName: config.signName,
      TemplateCode: template.templateCode,
      TemplateParam: templateParam(message.payload),
    },
  };
  const answer = await callAliyunRpc(request, sendSmsAnswerSchema, context, { rateLimitCodes: smsRateLimitCodes });
  if (answer.Code !== 'OK') throw aliyunProviderError(provider, answer, { status: 200, rateLimitCodes: smsRateLimitCodes });
};

export default defineConnector<AliyunSmsConfig>({
  type: 'Sms',
  metadata: {
    id: 'aliyun-sms',
    target: 'aliyun-sms',
    platform: null,
    name: {
      en: 'Aliyun SMS',
      es: 'Aliyun SMS',
      fr: 'Aliyun SMS',
      'zh-CN': '阿里云短信服务',
    },
    description: {
      en: 'Sends verification codes by text message through Alibaba Cloud Short Message Service.',
      es: 'Envía códigos de verificación por SMS a través de Alibaba Cloud Short Message Service.',
      fr: 'Envoie les codes de vérification par SMS via Alibaba Cloud Short Message Service.',
      'zh-CN': '通过阿里云短信服务发送短信验证码。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: aliyunSmsConfigSchema,
  sendMessage,
});
