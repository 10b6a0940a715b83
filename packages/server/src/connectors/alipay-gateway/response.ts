// Reads one gateway answer: finds the method's member (or `error_response`), checks its signature
// when the gateway's public key is known, and turns Alipay's error codes into connector errors.
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConnectorError, parseProviderJson } from '../kit.ts';
import type { ProviderResponse } from '../kit.ts';
import { extractRawMember } from './raw-member.ts';
import { verifyContent } from './signature.ts';
import type { AlipaySignType } from './signature.ts';

export const providerName = 'Alipay gateway';

/** Alipay's business success code; any other `code` in a member is a refusal. */
const successCode = '10000';
/** The token given as `auth_token` is invalid or expired. */
const invalidTokenCode = '20001';
/** The `auth_code` is invalid, expired or already used. */
const invalidCodeSubCode = 'isv.code-invalid';

const envelopeSchema = z.looseObject({ sign: z.string().optional() });

const memberSchema = z.looseObject({
  code: z.string().optional(),
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
});

export type GatewayMember = z.output<typeof memberSchema>;

export type GatewayVerifier = { publicKey: KeyObject; signType: AlipaySignType };

/** `alipay.system.oauth.token` answers in `alipay_system_oauth_token_response`. */
export function responseMemberName(method: string): string {
  return `${method.replaceAll('.', '_')}_response`;
}

/**
 * The gateway echoes the sign content (which holds `code=` or `auth_token=`) in some error
 * messages; those values must not reach an admin's screen or a log.
 */
function redact(text: string | undefined): string | undefined {
  return text?.replace(/\b(\w*token|code|sign)=[^&\s"]*/g, '$1=***');
}

function errorOf(method: string, member: GatewayMember): ConnectorError {
  const { code, msg, sub_code: subCode } = member;
  const subMsg = redact(member.sub_msg);
  const providerMessage = redact(msg);
  const data: Record<string, unknown> = { providerCode: code, providerMessage, subCode, subMsg };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  const detail = [code, subCode].filter(Boolean).join(' / ');
  const text = [providerMessage, subMsg].filter(Boolean).join(': ');
  if (subCode === invalidCodeSubCode) {
    return new ConnectorError('social_auth_code_invalid', `Alipay refused the auth code (${detail}): ${text}`, data);
  }
  if (code === invalidTokenCode) {
    return new ConnectorError('social_access_token_invalid', `Alipay refused the access token (${detail}): ${text}`, data);
  }
  return new ConnectorError('general', `Alipay refused ${method} (${detail}): ${text}`, data);
}

function checkStatus(status: number): void {
  // The gateway answers business errors with 200; anything else comes from its front (or a proxy).
  if (status >= 500) throw new ConnectorError('provider_unavailable', `${providerName} answered HTTP ${status}`);
  if (status !== 200) throw new ConnectorError('invalid_response', `${providerName} answered HTTP ${status}`);
}

/**
 * The member of a successful answer to `method`. Throws `invalid_response` for anything that is not
 * a signed (when `verifier` is given) gateway answer, and the mapped error for Alipay's refusals.
 */
export function readGatewayResponse(method: string, response: ProviderResponse, verifier: GatewayVerifier | undefined): GatewayMember {
  checkStatus(response.status);
  const envelope = parseProviderJson(providerName, response.text, envelopeSchema);

  // Alipay answers in the method's member, or in `error_response` when it refused the call itself.
  let memberName = responseMemberName(method);
  let rawMember = extractRawMember(response.text, memberName);
  if (rawMember === undefined) {
    memberName = 'error_response';
    rawMember = extractRawMember(response.text, memberName);
  }
  if (rawMember === undefined) {
    throw new ConnectorError('invalid_response', `${providerName} answered without "${responseMemberName(method)}" or "error_response"`);
  }

  if (verifier) {
    const valid = envelope.sign !== undefined && verifyContent(rawMember, envelope.sign, verifier.publicKey, verifier.signType);
    if (!valid) {
      throw new ConnectorError(
        'invalid_response',
        `${providerName} answer to ${method}: signature check failed (${envelope.sign === undefined ? 'no sign' : 'sign does not match alipayPublicKey'})`,
      );
    }
  }

  // The member is parsed from the very text that was verified, never from a second copy.
  const member = parseProviderJson(providerName, rawMember, memberSchema);
  if (memberName === 'error_response') {
    if (member.code === undefined) throw new ConnectorError('invalid_response', `${providerName} answered with an "error_response" without "code"`);
    throw errorOf(method, member);
  }
  if (member.code !== undefined && member.code !== successCode) throw errorOf(method, member);
  return member;
}
