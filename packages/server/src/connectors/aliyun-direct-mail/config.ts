// The Aliyun Direct Mail config: the one source of validation and of the Console form.
// Field names follow Logto's connector of the same id, so configs move between the two.
import { z } from 'zod';
import { templatesSchema } from '../templates.ts';
import { accessKeyIdField, accessKeySecretField, endpointField } from '../aliyun-rpc/config-fields.ts';

/** Direct Mail's regions and their endpoints (Hangzhou's has no region in the host name). */
export const directMailEndpoints = {
  'cn-hangzhou': 'https://dm.aliyuncs.com/',
  'ap-southeast-1': 'https://dm.ap-southeast-1.aliyuncs.com/',
  'ap-southeast-2': 'https://dm.ap-southeast-2.aliyuncs.com/',
  'eu-central-1': 'https://dm.eu-central-1.aliyuncs.com/',
  'us-east-1': 'https://dm.us-east-1.aliyuncs.com/',
} as const;

export type DirectMailRegion = keyof typeof directMailEndpoints;
const regions = Object.keys(directMailEndpoints) as [DirectMailRegion, ...DirectMailRegion[]];

const templateExample = JSON.stringify([
  { usageType: 'Register', subject: 'Your sign-up code', content: '<p>Your code is <b>{{code}}</b>.</p>' },
  { usageType: 'SignIn', subject: 'Your sign-in code', content: '<p>Your code is <b>{{code}}</b>.</p>' },
  { usageType: 'ForgotPassword', subject: 'Reset your password', content: '<p>Your code is <b>{{code}}</b>.</p>' },
  { usageType: 'Generic', subject: 'Your verification code', content: '<p>Your code is <b>{{code}}</b>.</p>' },
]);

export const aliyunDirectMailConfigSchema = z.object({
  accessKeyId: accessKeyIdField(),
  accessKeySecret: accessKeySecretField(),
  accountName: z.string().trim().min(1, 'is required').meta({
    label: 'Sender Address',
    placeholder: 'no-reply@mail.example.com',
    description: 'A sender address verified in the Direct Mail console (Sender Addresses).',
  }),
  fromAlias: z.string().trim().optional().meta({
    label: 'Email Tag',
    placeholder: 'Example Inc.',
    description: 'The display name recipients see beside the sender address.',
  }),
  regionId: z
    .enum(regions)
    .default('cn-hangzhou')
    .meta({
      label: 'Region',
      description: 'The region of your Direct Mail account; it picks the endpoint.',
      itemTitles: {
        'cn-hangzhou': 'China (Hangzhou)',
        'ap-southeast-1': 'Singapore',
        'ap-southeast-2': 'Australia (Sydney)',
        'eu-central-1': 'Germany (Frankfurt)',
        'us-east-1': 'US (Virginia)',
      },
    }),
  endpoint: endpointField('https://dm.aliyuncs.com/'),
  templates: templatesSchema({
    subject: z.string().min(1, 'is required').max(256),
    content: z.string().min(1, 'is required').max(100_000),
  }).meta({
    label: 'Templates',
    placeholder: templateExample,
    description:
      'One template per usage type, at least Register, SignIn, ForgotPassword and Generic (others fall back to Generic). `content` may be HTML; `{{code}}` is replaced by the code.',
  }),
});

export type AliyunDirectMailConfig = z.infer<typeof aliyunDirectMailConfigSchema>;

/** The endpoint to call: the override when set, else the region's. */
export function directMailEndpoint(config: Pick<AliyunDirectMailConfig, 'regionId' | 'endpoint'>): string {
  return config.endpoint ? config.endpoint : directMailEndpoints[config.regionId];
}
