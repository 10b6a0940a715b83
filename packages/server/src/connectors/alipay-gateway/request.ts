// Builds the signed parameter set of one Alipay gateway call.
import type { KeyObject } from 'node:crypto';
import { buildSignContent, signContent } from './signature.ts';
import type { AlipaySignType } from './signature.ts';

const chinaOffsetMs = 8 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * `YYYY-MM-DD HH:mm:ss` in China Standard Time (UTC+8, no daylight saving), whatever the server's
 * own timezone: the gateway reads the timestamp as Beijing time and refuses one that is too far off.
 */
export function alipayTimestamp(now: Date = new Date()): string {
  const beijing = new Date(now.getTime() + chinaOffsetMs);
  return (
    `${beijing.getUTCFullYear()}-${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())} ` +
    `${pad(beijing.getUTCHours())}:${pad(beijing.getUTCMinutes())}:${pad(beijing.getUTCSeconds())}`
  );
}

export type GatewayRequest = {
  appId: string;
  method: string;
  signType: AlipaySignType;
  privateKey: KeyObject;
  /** The method's own parameters (e.g. `grant_type` and `code`). */
  params: Readonly<Record<string, string>>;
  now?: Date;
};

/** The common parameters, the method's parameters and `sign`, ready to be form-encoded. */
export function signedGatewayParams(request: GatewayRequest): Record<string, string> {
  const params: Record<string, string> = {
    ...request.params,
    // Common parameters last, so a method parameter can never shadow one of them.
    app_id: request.appId,
    method: request.method,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: request.signType,
    timestamp: alipayTimestamp(request.now),
    version: '1.0',
  };
  return { ...params, sign: signContent(buildSignContent(params), request.privateKey, request.signType) };
}
