// Config of the Google connector: the reference product's `clientId`, `clientSecret`, `scope` and
// `prompts`, plus `issuer`, which only tests (or a proxy) change.
import { z } from 'zod';
import { providerUrl, withOpenidScope } from '../oidc/config-fields.ts';

export const googleIssuer = 'https://accounts.google.com';

/** Google supports these `prompt` values (not `login`). */
export const googlePrompts = ['none', 'consent', 'select_account'] as const;

export const googleConfigSchema = z.object({
  clientId: z.string().trim().min(1).meta({ label: 'Client ID', placeholder: '<client-id>.apps.googleusercontent.com' }),
  clientSecret: z.string().min(1).meta({ label: 'Client secret', placeholder: '<client-secret>', confidential: true }),
  scope: z
    .string()
    .default('openid profile email')
    .transform(withOpenidScope)
    .meta({ label: 'Scope', placeholder: 'openid profile email', description: 'Space-separated; leave empty for openid profile email ("openid" is always added).' }),
  prompts: z
    .array(z.enum(googlePrompts))
    .refine((prompts) => !prompts.includes('none') || prompts.length === 1, '"none" cannot be combined with other prompts')
    .optional()
    .meta({
      label: 'Prompts',
      description: 'consent: always show the consent screen; select_account: always let the user pick an account; none: never show a screen.',
      itemTitles: { none: 'none', consent: 'consent', select_account: 'select_account' },
    }),
  issuer: providerUrl()
    .default(googleIssuer)
    .meta({ label: 'Issuer (advanced)', placeholder: googleIssuer, description: 'Leave as it is. Only tests or a proxy in front of Google change it.' }),
});

export type GoogleConfig = z.infer<typeof googleConfigSchema>;
