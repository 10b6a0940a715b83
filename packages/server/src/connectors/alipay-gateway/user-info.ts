// The server side of "Sign in with Alipay", shared by the Native and Web connectors: exchange the
// `auth_code` for an access token, then read the user's shared profile with it.
import { z } from 'zod';
import { ConnectorError } from '../kit.ts';
import type { ConnectorContext, SocialUserInfo } from '../kit.ts';
import type { AlipayGatewayConfig } from './config.ts';
import { callAlipayGateway } from './gateway-client.ts';
import { providerName } from './response.ts';
import type { GatewayMember } from './response.ts';

export const oauthTokenMethod = 'alipay.system.oauth.token';
export const userInfoMethod = 'alipay.user.info.share';

/** `auth_user` reads the profile; `auth_base` only identifies the user (no profile call). */
export type AlipayScope = 'auth_user' | 'auth_base';

// Alipay's newer apps identify users by `open_id` instead of `user_id`; either will do.
const identity = {
  user_id: z.string().min(1).optional(),
  open_id: z.string().min(1).optional(),
};

const tokenMemberSchema = z.looseObject({ ...identity, access_token: z.string().min(1) });

const userInfoMemberSchema = z.looseObject({
  ...identity,
  nick_name: z.string().optional(),
  avatar: z.string().optional(),
});

function memberOf<T extends z.ZodType>(method: string, member: GatewayMember, schema: T): z.output<T> {
  const result = schema.safeParse(member);
  if (!result.success) {
    const where = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new ConnectorError('invalid_response', `${providerName} answered ${method} with an unexpected shape (at ${where})`);
  }
  return result.data;
}

/** The profile as Alipay shared it, without the call's status fields. */
function profileOf(member: Record<string, unknown>): Record<string, unknown> {
  const { code: _code, msg: _msg, sub_code: _subCode, sub_msg: _subMsg, ...profile } = member;
  return profile;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

export async function getAlipayUserInfo(
  config: AlipayGatewayConfig,
  callbackData: Record<string, string>,
  context: ConnectorContext,
  scope: AlipayScope = 'auth_user',
): Promise<SocialUserInfo> {
  const authCode = callbackData.auth_code;
  if (authCode === undefined || authCode === '') {
    throw new ConnectorError('authorization_failed', 'The Alipay callback has no auth_code (the user may have cancelled)');
  }

  const token = memberOf(
    oauthTokenMethod,
    await callAlipayGateway(config, { method: oauthTokenMethod, params: { grant_type: 'authorization_code', code: authCode } }, context),
    tokenMemberSchema,
  );

  if (scope === 'auth_base') {
    // auth_base grants no profile: the token answer is all Alipay will tell.
    const id = token.user_id ?? token.open_id;
    if (id === undefined) throw new ConnectorError('invalid_response', `${providerName} answered ${oauthTokenMethod} without user_id or open_id`);
    return { id, rawData: token.user_id === undefined ? { open_id: id } : { user_id: id } };
  }

  const info = memberOf(
    userInfoMethod,
    await callAlipayGateway(config, { method: userInfoMethod, params: { auth_token: token.access_token } }, context),
    userInfoMemberSchema,
  );
  const id = info.user_id ?? info.open_id ?? token.user_id ?? token.open_id;
  if (id === undefined) throw new ConnectorError('invalid_response', `${providerName} answered without user_id or open_id`);

  const userInfo: SocialUserInfo = { id, rawData: profileOf(info) };
  const name = nonEmpty(info.nick_name);
  const avatar = nonEmpty(info.avatar);
  if (name !== undefined) userInfo.name = name;
  if (avatar !== undefined) userInfo.avatar = avatar;
  return userInfo;
}
