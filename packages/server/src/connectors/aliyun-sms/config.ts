// The Aliyun SMS config: the one source of validation and of the Console form.
// Field names follow Logto's connector of the same id, so configs move between the two.
import { z } from 'zod';
import { templatesSchema } from '../templates.ts';
import { accessKeyIdField, accessKeySecretField, endpointField } from '../aliyun-rpc/config-fields.ts';

export const defaultSmsEndpoint = 'https://dysmsapi.aliyuncs.com/';

const templateExample = JSON.stringify([
  { usageType: 'Register', templateCode: 'SMS_100000001' },
  { usageType: 'SignIn', templateCode: 'SMS_100000002' },
  { usageType: 'ForgotPassword', templateCode: 'SMS_100000003' },
  { usageType: 'Generic', templateCode: 'SMS_100000004' },
]);

export const aliyunSmsConfigSchema = z.object({
  accessKeyId: accessKeyIdField(),
  accessKeySecret: accessKeySecretField(),
  signName: z.string().trim().min(1, 'is required').meta({
    label: 'Signature',
    placeholder: 'Bookstore',
    description: 'An approved SMS signature (签名) of your account, exactly as it appears in the SMS console.',
  }),
  templates: templatesSchema({
    templateCode: z.string().trim().min(1, 'is required').max(64),
  }).meta({
    label: 'Templates',
    placeholder: templateExample,
    description:
      'One approved template code per usage type, at least Register, SignIn, ForgotPassword and Generic (others fall back to Generic). Each template must use the variable ${code}.',
  }),
  endpoint: endpointField(defaultSmsEndpoint),
});

export type AliyunSmsConfig = z.infer<typeof aliyunSmsConfigSchema>;

export function smsEndpoint(config: Pick<AliyunSmsConfig, 'endpoint'>): string {
  return config.endpoint ? config.endpoint : defaultSmsEndpoint;
}
