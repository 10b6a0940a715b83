/**
 * A fake Alipay Open Platform gateway (`openapi.alipay.com/gateway.do`) over real HTTP on
 * 127.0.0.1, for the Alipay connectors' tests, Management API tests and end-to-end tests.
 *
 * It behaves like the real gateway for the sign-in methods:
 * - checks the common parameters (`app_id`, `method`, `format`, `charset`, `sign_type`,
 *   `timestamp` as `YYYY-MM-DD HH:mm:ss` Beijing time within `knobs.maxClockSkewMs`, `version`,
 *   `sign`) and the request signature with the app's registered public key (RSA → SHA1withRSA,
 *   RSA2 → SHA256withRSA), answering Alipay's own error shapes (`error_response` with 40001/40002
 *   and `isv.*` sub-codes);
 * - `alipay.system.oauth.token` (`grant_type=authorization_code` + `code`, or `refresh_token`):
 *   auth codes come from `issueAuthCode(profile)` — this is how a test "plays the Alipay app" —
 *   and are single-use (reuse or an unknown code → `isv.code-invalid`);
 * - `alipay.user.info.share` (`auth_token`): the profile behind the token, or code `20001`
 *   (`aop.invalid-auth-token` for an unknown or revoked token, `aop.auth-token-time-out` for an
 *   expired one — see `knobs.accessTokenTtlMs`), or `40006` for a token granted with `auth_base`;
 * - signs every answer with its own gateway key over the member's raw text, and writes `/` as `\/`
 *   the way the real gateway does (so a client that re-serializes the member fails the check).
 *
 * Usage:
 *   const app = createAlipayAppKeys();
 *   const fake = await startAlipayFake({ apps: [{ appId: '2021000000000001', publicKeyPem: app.publicKeyPem }] });
 *   const config = { appId: '2021000000000001', privateKey: app.privateKeyPkcs8Pem, signType: 'RSA2',
 *                    gatewayUrl: fake.url, alipayPublicKey: fake.gatewayPublicKeyPem };
 *   const authCode = fake.issueAuthCode({ user_id: '2088000000000001', nick_name: 'Ada', avatar: 'https://…' });
 *   // … `/callback/social/<id>?auth_code=${authCode}&state=…` …
 *   fake.requests;                       // what the gateway received: { method, params, signatureValid }
 *   fake.knobs.delayMs = 1000;           // see AlipayFakeKnobs; fake.reset() restores them
 *   await fake.close();
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readRsaKey } from './keys.ts';
import { buildSignContent, signContent, verifyContent } from './signature.ts';
import type { AlipaySignType } from './signature.ts';
import { readBody } from '../testing/read-body.ts';

/** What `alipay.user.info.share` returns for a user (give `user_id`, `open_id` or both). */
export type AlipayFakeProfile = {
  user_id?: string;
  open_id?: string;
  nick_name?: string;
  avatar?: string;
  [field: string]: string | undefined;
};

export type AlipayErrorMember = { code: string; msg: string; sub_code?: string; sub_msg?: string };

export type AlipayFakeKnobs = {
  /** Wait this long before answering (to exercise client timeouts). */
  delayMs: number;
  /** Answer with a signature that does not match the body. */
  tamperSignature: boolean;
  /** Answer without a `sign` member. */
  omitSignature: boolean;
  /** Answer every request with exactly this body (e.g. malformed JSON), skipping all checks. */
  rawBody: string | undefined;
  /** HTTP status of every answer (the real gateway uses 200 even for errors). */
  httpStatus: number;
  /**
   * After the request checks pass, answer calls of `method` (every method when omitted) with this
   * error: in `error_response` (as the gateway does for refused calls) or in the method's own member.
   */
  forceError: { method?: string; as: 'error_response' | 'method_response'; error: AlipayErrorMember } | undefined;
  /** How far the request `timestamp` may be from the fake's clock. */
  maxClockSkewMs: number;
  /** Lifetime of access tokens issued from now on (0: expired at once, to test token errors). */
  accessTokenTtlMs: number;
};

export type AlipayFakeRequest = {
  method: string | undefined;
  params: Record<string, string>;
  /** Whether the request signature checked out (undefined when the fake did not get that far). */
  signatureValid: boolean | undefined;
};

export type AlipayFakeOptions = {
  /** Apps the gateway knows: their APPID and the public key uploaded to Alipay. */
  apps?: { appId: string; publicKeyPem: string }[];
  /** The gateway's own key pair (default: a fresh 2048-bit one). */
  gatewayKeys?: { privateKeyPem: string; publicKeyPem: string };
};

export type AlipayFake = {
  /** The gateway URL, to use as the connector's `gatewayUrl`. */
  url: string;
  /** The key to put in the connector's `alipayPublicKey`. */
  gatewayPublicKeyPem: string;
  knobs: AlipayFakeKnobs;
  requests: AlipayFakeRequest[];
  registerApp(appId: string, publicKeyPem: string): void;
  /**
   * What the Alipay app hands back after the user agrees: a fresh single-use auth code for this
   * profile. `appId` binds it to one app (default: any registered app); `scope: 'auth_base'` gives
   * a token that cannot read the profile.
   */
  issueAuthCode(profile: AlipayFakeProfile, options?: { appId?: string; scope?: 'auth_user' | 'auth_base' }): string;
  /** Makes every access token issued so far invalid (as if expired or revoked). */
  revokeAllTokens(): void;
  /** Restores the knobs and forgets the recorded requests (apps, codes and tokens stay). */
  reset(): void;
  close(): Promise<void>;
};

/** A throwaway app key pair in every shape an admin might paste. */
export function createAlipayAppKeys(): { privateKeyPkcs8Pem: string; privateKeyPkcs1Pem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKeyPkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const defaultKnobs = (): AlipayFakeKnobs => ({
  delayMs: 0,
  tamperSignature: false,
  omitSignature: false,
  rawBody: undefined,
  httpStatus: 200,
  forceError: undefined,
  maxClockSkewMs: 10 * 60 * 1000,
  accessTokenTtlMs: 1296000 * 1000,
});

type Grant = { appId: string | undefined; profile: AlipayFakeProfile; scope: 'auth_user' | 'auth_base' };
type Answer = { member: string; body: Record<string, unknown> };

const missing = (subCode: string, subMsg: string): AlipayErrorMember => ({ code: '40001', msg: 'Missing Required Arguments', sub_code: subCode, sub_msg: subMsg });
const invalid = (subCode: string, subMsg: string): AlipayErrorMember => ({ code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subMsg });
const errorAnswer = (error: AlipayErrorMember): Answer => ({ member: 'error_response', body: { ...error } });
const success = { code: '10000', msg: 'Success' };

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch of a Beijing-time `YYYY-MM-DD HH:mm:ss`, or undefined. */
function parseBeijingTime(text: string): number | undefined {
  const parts = timestampPattern.exec(text);
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second] = parts.map(Number) as [number, number, number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - 8 * 60 * 60 * 1000;
  // Rejects 2026-02-31 and the like, which Date.UTC would roll over.
  const back = new Date(utc + 8 * 60 * 60 * 1000);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return utc;
}

/** The gateway writes `/` as `\/`; `/` only ever occurs inside JSON strings, so this is safe. */
function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, '\\/');
}

function fail(message: string): never {
  throw new Error(`startAlipayFake: ${message}`);
}

const token = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export async function startAlipayFake(options: AlipayFakeOptions = {}): Promise<AlipayFake> {
  const gatewayKeys =
    options.gatewayKeys ??
    (() => {
      const { privateKeyPkcs8Pem, publicKeyPem } = createAlipayAppKeys();
      return { privateKeyPem: privateKeyPkcs8Pem, publicKeyPem };
    })();
  const gatewayPrivateKey: KeyObject = readRsaKey(gatewayKeys.privateKeyPem, 'private') ?? fail('gatewayKeys.privateKeyPem is not an RSA private key');

  const apps = new Map<string, KeyObject>();
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, Grant & { appId: string; expiresAt: number }>();
  const refreshTokens = new Map<string, Grant & { appId: string }>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const registerApp = (appId: string, publicKeyPem: string) => {
    const key = readRsaKey(publicKeyPem, 'public');
    apps.set(appId, key ?? fail(`the public key of app ${appId} is not an RSA public key`));
  };
  for (const app of options.apps ?? []) registerApp(app.appId, app.publicKeyPem);

  const fake: Omit<AlipayFake, 'url' | 'close'> = {
    gatewayPublicKeyPem: gatewayKeys.publicKeyPem,
    knobs: defaultKnobs(),
    requests: [],
    registerApp,
    issueAuthCode(profile, issueOptions = {}) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { appId: issueOptions.appId, profile: { ...profile }, scope: issueOptions.scope ?? 'auth_user' });
      return code;
    },
    revokeAllTokens() {
      accessTokens.clear();
      refreshTokens.clear();
    },
    reset() {
      Object.assign(fake.knobs, defaultKnobs());
      fake.requests.length = 0;
    },
  };

  /** Checks what the gateway checks before looking at the method. */
  function checkCommon(params: Record<string, string>, record: AlipayFakeRequest): AlipayErrorMember | undefined {
    const required: [string, string][] = [
      ['app_id', 'isv.missing-app-id'],
      ['method', 'isv.missing-method'],
      ['charset', 'isv.missing-charset'],
      ['sign_type', 'isv.missing-signature-type'],
      ['sign', 'isv.missing-signature'],
      ['timestamp', 'isv.missing-timestamp'],
      ['version', 'isv.missing-version'],
    ];
    for (const [name, subCode] of required) if (!params[name]) return missing(subCode, `缺少${name}参数`);
    if (params.format !== undefined && params.format.toUpperCase() !== 'JSON') return invalid('isv.invalid-format', '无效的数据格式');
    if (!['utf-8', 'utf8', 'gbk', 'gb2312'].includes((params.charset ?? '').toLowerCase())) {
      return invalid('isv.invalid-charset', '字符集错误');
    }
    if (params.version !== '1.0') return invalid('isv.invalid-version', '版本号错误');
    if (params.sign_type !== 'RSA' && params.sign_type !== 'RSA2') return invalid('isv.invalid-signature-type', '无效签名类型');
    const sentAt = parseBeijingTime(params.timestamp ?? '');
    if (sentAt === undefined || Math.abs(Date.now() - sentAt) > fake.knobs.maxClockSkewMs) {
      return invalid('isv.invalid-timestamp', '非法的时间戳参数');
    }
    const appKey = apps.get(params.app_id ?? '');
    if (!appKey) return invalid('isv.invalid-app-id', '无效的AppID参数');
    const content = buildSignContent(params);
    record.signatureValid = verifyContent(content, params.sign ?? '', appKey, params.sign_type);
    if (!record.signatureValid) {
      // The real gateway echoes the string it verified, to help developers find the difference.
      return invalid('isv.invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${content}`);
    }
    return undefined;
  }

  function issueTokens(appId: string, grant: Grant): Record<string, unknown> {
    const accessToken = token('authusrB');
    const refreshToken = token('authusrB');
    accessTokens.set(accessToken, { ...grant, appId, expiresAt: Date.now() + fake.knobs.accessTokenTtlMs });
    refreshTokens.set(refreshToken, { ...grant, appId });
    const identity: Record<string, string> = {};
    if (grant.profile.user_id !== undefined) identity.user_id = grant.profile.user_id;
    if (grant.profile.open_id !== undefined) identity.open_id = grant.profile.open_id;
    return { ...success, ...identity, access_token: accessToken, expires_in: 1296000, refresh_token: refreshToken, re_expires_in: 2592000 };
  }

  function oauthToken(params: Record<string, string>, appId: string): Answer {
    const member = 'alipay_system_oauth_token_response';
    if (params.grant_type === 'authorization_code') {
      const grant = codes.get(params.code ?? '');
      if (!grant || (grant.appId !== undefined && grant.appId !== appId)) return errorAnswer(invalid('isv.code-invalid', '授权码code无效'));
      codes.delete(params.code ?? ''); // Single use, like the real thing.
      return { member, body: issueTokens(appId, grant) };
    }
    if (params.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(params.refresh_token ?? '');
      if (!grant || grant.appId !== appId) return errorAnswer(invalid('isv.refresh-token-invalid', '刷新令牌refresh_token无效'));
      refreshTokens.delete(params.refresh_token ?? '');
      return { member, body: issueTokens(appId, grant) };
    }
    return errorAnswer(invalid('isv.grant-type-invalid', 'grant_type参数不正确'));
  }

  function userInfoShare(params: Record<string, string>, appId: string): Answer {
    const member = 'alipay_user_info_share_response';
    const grant = accessTokens.get(params.auth_token ?? '');
    if (!grant || grant.appId !== appId) {
      return { member, body: { code: '20001', msg: 'Invalid Auth Token', sub_code: 'aop.invalid-auth-token', sub_msg: '无效的访问令牌' } };
    }
    if (Date.now() >= grant.expiresAt) {
      return { member, body: { code: '20001', msg: 'Insufficient Token Permissions', sub_code: 'aop.auth-token-time-out', sub_msg: '访问令牌已过期' } };
    }
    if (grant.scope !== 'auth_user') {
      return { member, body: { code: '40006', msg: 'Insufficient Permissions', sub_code: 'isv.insufficient-user-permissions', sub_msg: '用户未授权' } };
    }
    return { member, body: { ...success, ...grant.profile } };
  }

  function answer(params: Record<string, string>, record: AlipayFakeRequest): Answer {
    const refused = checkCommon(params, record);
    if (refused) return errorAnswer(refused);
    const method = params.method ?? '';
    const appId = params.app_id ?? '';
    const forced = fake.knobs.forceError;
    if (forced && (forced.method === undefined || forced.method === method)) {
      return forced.as === 'error_response' ? errorAnswer(forced.error) : { member: `${method.replaceAll('.', '_')}_response`, body: { ...forced.error } };
    }
    if (method === 'alipay.system.oauth.token') return oauthToken(params, appId);
    if (method === 'alipay.user.info.share') return userInfoShare(params, appId);
    return errorAnswer(invalid('isv.invalid-method', '不存在的方法名'));
  }

  /** `{"<member>":<text>,"sign":"…"}`, the sign covering `<text>` exactly as written. */
  function render({ member, body }: Answer, signType: AlipaySignType): string {
    const memberText = serialize(body);
    let sign = signContent(memberText, gatewayPrivateKey, signType);
    if (fake.knobs.tamperSignature) {
      const bytes = Buffer.from(sign, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      sign = bytes.toString('base64');
    }
    return fake.knobs.omitSignature ? `{"${member}":${memberText}}` : `{"${member}":${memberText},"sign":"${sign}"}`;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    const send = (status: number, text: string) => {
      const write = () => {
        timers.delete(timer);
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'text/html;charset=utf-8' });
        response.end(text);
      };
      const timer = setTimeout(write, fake.knobs.delayMs);
      timers.add(timer);
    };
    if (url.pathname !== '/gateway.do') return send(404, 'Not Found');

    // Like the real gateway, read parameters from the query string and the form body alike.
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [key, value] of new URLSearchParams(body)) params[key] = value;
    const record: AlipayFakeRequest = { method: params.method, params, signatureValid: undefined };
    fake.requests.push(record);

    if (fake.knobs.rawBody !== undefined) return send(fake.knobs.httpStatus, fake.knobs.rawBody);
    const signType: AlipaySignType = params.sign_type === 'RSA' ? 'RSA' : 'RSA2';
    send(fake.knobs.httpStatus, render(answer(params, record), signType));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/gateway.do`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  });
}
