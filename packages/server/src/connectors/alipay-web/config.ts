// The config of the Alipay (Web) connector: the reference product's `appId`, `privateKey`,
// `signType` and `scope`, plus our optional `alipayPublicKey`, `gatewayUrl` and
// `authorizationEndpoint`. (The reference's `charset` is not a field: Signet always talks UTF-8 with
// the gateway; a config that still carries it validates, the key is simply dropped.)
import { z } from 'zod';
import { alipayGatewayConfigFields } from '../alipay-gateway/config.ts';

export const defaultAuthorizationEndpoint = 'https://openauth.alipay.com/oauth2/publicAppAuthorize.htm';

export const alipayWebConfigSchema = z.object({
  ...alipayGatewayConfigFields,
  scope: z
    .enum(['auth_user', 'auth_base'])
    .default('auth_user')
    .meta({
      label: 'Scope',
      description: 'auth_user asks the user to share their Alipay nickname and avatar; auth_base only identifies them (silent, no profile).',
      itemTitles: { auth_user: 'auth_user (profile)', auth_base: 'auth_base (user id only)' },
    }),
  authorizationEndpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(defaultAuthorizationEndpoint)
    .meta({
      label: 'Authorization endpoint (optional)',
      placeholder: defaultAuthorizationEndpoint,
      description: 'Where the browser is sent to agree. Change it only for the sandbox or tests.',
    }),
});

export type AlipayWebConfig = z.infer<typeof alipayWebConfigSchema>;
