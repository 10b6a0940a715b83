// One signed call to an Aliyun RPC API (Direct Mail, SMS …): adds the common parameters, signs,
// POSTs the form through `callProvider`, and turns Aliyun's error answers into connector errors.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { callProvider, ConnectorError, parseProviderJson } from '../kit.ts';
import type { ConnectorContext } from '../kit.ts';
import { aliyunTimestamp, canonicalQuery, percentEncode, signParams } from './signature.ts';

export type AliyunRpcRequest = {
  /** Names the service in error messages, e.g. "Aliyun Direct Mail". */
  provider: string;
  /** The service endpoint, e.g. `https://dm.aliyuncs.com/`. */
  endpoint: string;
  action: string;
  version: string;
  accessKeyId: string;
  accessKeySecret: string;
  regionId?: string;
  /** The action's own parameters (the common ones are added here). */
  params: Readonly<Record<string, string>>;
};

export type AliyunRpcOptions = {
  /** Error codes that mean "slow down", besides Aliyun's common `Throttling*` family. */
  rateLimitCodes?: readonly string[];
  /** Fixed clock and nonce, for tests of the provider's replay and clock checks. */
  now?: Date;
  nonce?: string;
};

/** Aliyun's error answer (`HostId` and `Recommend` are not always there). */
export const aliyunErrorBodySchema = z.object({
  Code: z.string().min(1),
  Message: z.string().optional(),
  RequestId: z.string().optional(),
  HostId: z.string().optional(),
  Recommend: z.string().optional(),
});
export type AliyunErrorBody = z.infer<typeof aliyunErrorBodySchema>;

/** The full form a request sends: action parameters, common parameters and `Signature`. */
export function signedAliyunForm(request: AliyunRpcRequest, options: AliyunRpcOptions = {}): Record<string, string> {
  const params: Record<string, string> = {
    ...request.params,
    Action: request.action,
    Version: request.version,
    Format: 'JSON',
    AccessKeyId: request.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    // A fresh nonce per request: Aliyun refuses a reused one (replay protection).
    SignatureNonce: options.nonce ?? randomUUID(),
    Timestamp: aliyunTimestamp(options.now ?? new Date()),
  };
  if (request.regionId !== undefined) params.RegionId = request.regionId;
  return { ...params, Signature: signParams(params, request.accessKeySecret) };
}

/**
 * Calls the action and returns its success answer parsed with `schema`. Failures: Aliyun's error
 * answer → `general` (or `rate_limit_exceeded` for throttling) naming Aliyun's code and message;
 * anything else unreadable → `invalid_response`; no answer in time → `provider_unavailable`.
 */
export async function callAliyunRpc<T extends z.ZodType>(
  request: AliyunRpcRequest,
  schema: T,
  context: ConnectorContext,
  options: AliyunRpcOptions = {},
): Promise<z.output<T>> {
  const form = signedAliyunForm(request, options);
  const { Signature, ...unsigned } = form;
  // The same encoding as the signature's canonical query, so the body is what was signed.
  const body = `${canonicalQuery(unsigned)}&Signature=${percentEncode(Signature ?? '')}`;
  const response = await callProvider(
    request.provider,
    request.endpoint,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' }, body },
    context,
  );
  if (response.status >= 200 && response.status < 300) return parseProviderJson(request.provider, response.text, schema);

  const error = readAliyunError(response.text);
  if (error) throw aliyunProviderError(request.provider, error, { status: response.status, rateLimitCodes: options.rateLimitCodes });
  if (response.status >= 500) {
    // A gateway or proxy page rather than Aliyun's own error: the service is not answering.
    throw new ConnectorError('provider_unavailable', `${request.provider} answered HTTP ${response.status} without an Aliyun error body`);
  }
  throw new ConnectorError('invalid_response', `${request.provider} answered HTTP ${response.status} with something that is not an Aliyun error`);
}

function readAliyunError(text: string): AliyunErrorBody | undefined {
  try {
    const result = aliyunErrorBodySchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Aliyun's common throttling codes: `Throttling`, `Throttling.User`, `Throttling.Api` … */
export function isThrottlingCode(code: string, extraCodes: readonly string[] = []): boolean {
  return code === 'Throttling' || code.startsWith('Throttling.') || extraCodes.includes(code);
}

/**
 * The connector error for one of Aliyun's error answers (also used for SMS business errors, which
 * come with HTTP 200). Aliyun's code and message are safe to show: they never hold the secret.
 */
export function aliyunProviderError(
  provider: string,
  error: AliyunErrorBody,
  options: { status?: number; rateLimitCodes?: readonly string[] | undefined } = {},
): ConnectorError {
  const message = error.Message ?? '';
  const data: Record<string, unknown> = { providerCode: error.Code, providerMessage: message };
  if (error.RequestId !== undefined) data.requestId = error.RequestId;
  if (error.HostId !== undefined) data.hostId = error.HostId;
  if (error.Recommend !== undefined) data.recommend = error.Recommend;
  if (options.status !== undefined) data.httpStatus = options.status;
  const code = isThrottlingCode(error.Code, options.rateLimitCodes) ? 'rate_limit_exceeded' : 'general';
  return new ConnectorError(code, `${provider} refused the request: ${error.Code}${message ? `: ${shorten(message)}` : ''}`, data);
}

// Some Aliyun messages quote the whole server-side string to sign; the message stays readable and
// `data.providerMessage` keeps the full text.
function shorten(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
