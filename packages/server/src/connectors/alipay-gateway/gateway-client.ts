// One call to the Alipay Open Platform gateway: signed request out, verified member back.
import { callProvider } from '../kit.ts';
import type { ConnectorContext } from '../kit.ts';
import type { AlipayGatewayConfig } from './config.ts';
import { rsaKeyOfField } from './keys.ts';
import { signedGatewayParams } from './request.ts';
import { providerName, readGatewayResponse } from './response.ts';
import type { GatewayMember, GatewayVerifier } from './response.ts';

export type GatewayCall = {
  method: string;
  params: Readonly<Record<string, string>>;
  /** For tests; the request timestamp is taken from it. */
  now?: Date;
};

function verifierOf(config: AlipayGatewayConfig): GatewayVerifier | undefined {
  if (config.alipayPublicKey === undefined || config.alipayPublicKey.trim() === '') return undefined;
  // The gateway signs its answers with the same algorithm as the app's requests.
  return { publicKey: rsaKeyOfField('alipayPublicKey', config.alipayPublicKey, 'public'), signType: config.signType };
}

/** Calls `method` and returns its member when Alipay answered with success (see response.ts for errors). */
export async function callAlipayGateway(config: AlipayGatewayConfig, call: GatewayCall, context: ConnectorContext): Promise<GatewayMember> {
  const privateKey = rsaKeyOfField('privateKey', config.privateKey, 'private');
  const verifier = verifierOf(config);
  const params = signedGatewayParams({
    appId: config.appId,
    method: call.method,
    signType: config.signType,
    privateKey,
    params: call.params,
    now: call.now,
  });
  const response = await callProvider(
    providerName,
    config.gatewayUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
    },
    context,
  );
  return readGatewayResponse(call.method, response, verifier);
}
