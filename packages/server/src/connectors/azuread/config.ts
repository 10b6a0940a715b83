// Config of the Microsoft (Entra ID) connector: the reference product's `clientId`,
// `clientSecret`, `cloudInstance`, `tenantId` and `prompts`.
import { z } from 'zod';
import { oidcPrompts, providerUrl } from '../oidc/config-fields.ts';

export const defaultCloudInstance = 'https://login.microsoftonline.com';

/** Sign-in audiences that are not one tenant: any work account / any work or personal / personal only. */
export const multiTenantIds = ['common', 'organizations', 'consumers'] as const;

export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A tenant's verified domain (contoso.onmicrosoft.com, contoso.com) also names it.
const domainPattern = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const azureAdConfigSchema = z.object({
  clientId: z.string().trim().min(1).meta({ label: 'Client ID', placeholder: '<application (client) id>' }),
  clientSecret: z.string().min(1).meta({ label: 'Client secret', placeholder: '<client secret value>', confidential: true }),
  cloudInstance: providerUrl()
    .default(defaultCloudInstance)
    .meta({
      label: 'Cloud instance',
      placeholder: defaultCloudInstance,
      description: 'Change only for a national cloud, e.g. https://login.microsoftonline.us or https://login.chinacloudapi.cn.',
    }),
  tenantId: z
    .string()
    .trim()
    .refine((value) => (multiTenantIds as readonly string[]).includes(value) || guidPattern.test(value) || domainPattern.test(value), {
      message: 'must be a tenant id (GUID), a tenant domain, or one of common, organizations, consumers',
    })
    .meta({
      label: 'Tenant ID',
      placeholder: '<directory (tenant) id>',
      description: 'Your directory (tenant) id for one organization; "organizations" for any work or school account, "consumers" for personal accounts, "common" for both.',
    }),
  prompts: z
    .array(z.enum(oidcPrompts))
    .refine((prompts) => !prompts.includes('none') || prompts.length === 1, '"none" cannot be combined with other prompts')
    .optional()
    .meta({ label: 'Prompts', description: 'login: always ask for credentials; select_account: always show the account picker; consent: always ask for consent; none: never show a screen.' }),
});

export type AzureAdConfig = z.infer<typeof azureAdConfigSchema>;
