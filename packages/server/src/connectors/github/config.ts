// GitHub OAuth app config: Logto's `clientId`, `clientSecret`, `scope`, plus optional endpoint
// overrides for GitHub Enterprise Server and tests (blank = github.com).
import { z } from 'zod';
import { endpointUrlSchema } from '../oauth2/config.ts';

export const githubDefaults = {
  authorizationEndpoint: 'https://github.com/login/oauth/authorize',
  tokenEndpoint: 'https://github.com/login/oauth/access_token',
  apiBaseUrl: 'https://api.github.com',
  /** `read:user` for the profile, `user:email` for private email addresses. */
  scope: 'read:user user:email',
} as const;

export const githubConfigSchema = z.object({
  clientId: z.string().trim().min(1).meta({ label: 'Client ID', placeholder: '<client-id>', description: 'From the OAuth app page (GitHub > Settings > Developer settings > OAuth Apps).' }),
  clientSecret: z.string().min(1).meta({ label: 'Client secret', placeholder: '<client-secret>', confidential: true }),
  scope: z.string().trim().max(1000).optional().meta({
    label: 'Scope',
    placeholder: githubDefaults.scope,
    description: `Space-separated OAuth scopes. Blank means "${githubDefaults.scope}"; without user:email, private email addresses cannot be read.`,
  }),
  authorizationEndpoint: endpointUrlSchema().optional().meta({
    label: 'Authorization endpoint',
    placeholder: githubDefaults.authorizationEndpoint,
    description: 'Only for GitHub Enterprise Server (https://HOST/login/oauth/authorize); leave blank for github.com.',
  }),
  tokenEndpoint: endpointUrlSchema().optional().meta({
    label: 'Token endpoint',
    placeholder: githubDefaults.tokenEndpoint,
    description: 'Only for GitHub Enterprise Server (https://HOST/login/oauth/access_token); leave blank for github.com.',
  }),
  apiBaseUrl: endpointUrlSchema().optional().meta({
    label: 'API base URL',
    placeholder: githubDefaults.apiBaseUrl,
    description: 'Only for GitHub Enterprise Server (https://HOST/api/v3); leave blank for github.com.',
  }),
});

export type GitHubConfig = z.output<typeof githubConfigSchema>;
