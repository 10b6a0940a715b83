// The config of the Alipay (Native) connector: the reference product's `appId`, `privateKey` and
// `signType`, plus the optional `alipayPublicKey` and `gatewayUrl` (see alipay-gateway/config.ts).
import { z } from 'zod';
import { alipayGatewayConfigFields } from '../alipay-gateway/config.ts';

export const alipayNativeConfigSchema = z.object({ ...alipayGatewayConfigFields });

export type AlipayNativeConfig = z.infer<typeof alipayNativeConfigSchema>;
