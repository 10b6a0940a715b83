import { z } from 'zod';
import { templatesSchema } from '../templates.ts';

const emailDefaults = [
  { usageType: 'Register' as const, subject: 'Your Signet registration code', content: 'Your verification code is {{code}}. It expires in 10 minutes.' },
  { usageType: 'SignIn' as const, subject: 'Your Signet sign-in code', content: 'Your sign-in code is {{code}}. It expires in 10 minutes.' },
  { usageType: 'ForgotPassword' as const, subject: 'Reset your Signet password', content: 'Your password reset code is {{code}}. It expires in 10 minutes.' },
  { usageType: 'Generic' as const, subject: 'Your Signet code', content: 'Your code is {{code}}. It expires in 10 minutes.' },
];

export const devOutboxEmailConfigSchema = z.object({
  templates: templatesSchema({
    subject: z.string().min(1).max(500),
    content: z.string().min(1).max(100_000),
  })
    .default(emailDefaults)
    .meta({ label: 'Templates', description: 'Subject and body per usage type; `{{code}}` is replaced by the code.' }),
});
export type DevOutboxEmailConfig = z.infer<typeof devOutboxEmailConfigSchema>;

export const devOutboxSmsConfigSchema = z.object({
  templates: templatesSchema({ content: z.string().min(1).max(1000) })
    .default(emailDefaults.map(({ usageType, content }) => ({ usageType, content })))
    .meta({ label: 'Templates', description: 'Text per usage type; `{{code}}` is replaced by the code.' }),
});
export type DevOutboxSmsConfig = z.infer<typeof devOutboxSmsConfigSchema>;
