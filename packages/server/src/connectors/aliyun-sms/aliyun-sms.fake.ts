/**
 * A fake Aliyun SMS endpoint (Dysmsapi action `SendSms`, version `2017-05-25`) over real HTTP, for
 * connector tests, Management API tests and end-to-end tests.
 *
 *   const fake = await startAliyunSmsFake({ signNames: ['Bookstore'], templateCodes: ['SMS_100001'] });
 *   // config: { accessKeyId: fake.accessKeyId, accessKeySecret: fake.accessKeySecret, endpoint: fake.url, … }
 *   fake.messages     // accepted messages: { phoneNumbers, signName, templateCode, templateParam, … }
 *   await fake.close();
 *
 * Signature, AccessKey, timestamp, nonce, Action and Version checks and the knobs (`failWith`,
 * `delayAnswers`, `answerMalformed`, `reset`) come from the shared core: see
 * ../aliyun-rpc/aliyun-rpc.fake.ts. SMS business errors come, as from Aliyun, with HTTP 200 and a
 * non-`OK` `Code` (use `failWith({ status: 200, code: 'isv.BUSINESS_LIMIT_CONTROL', … })` to force one).
 * SendSms's own checks:
 *   - `PhoneNumbers`, `SignName`, `TemplateCode` present → else 400 `Missing<Name>`;
 *   - each phone number digits (optionally after `+` or `00`) → else 200 `isv.MOBILE_NUMBER_ILLEGAL`;
 *   - `SignName` approved (when `signNames` is given) → else 200 `isv.SMS_SIGNATURE_ILLEGAL`;
 *   - `TemplateCode` approved (when `templateCodes` is given) → else 200 `isv.SMS_TEMPLATE_ILLEGAL`;
 *   - `TemplateParam`, when present, a JSON object of strings → else 200 `isv.INVALID_JSON_PARAM`.
 * Success: 200 `{ Code: "OK", Message: "OK", BizId, RequestId }`.
 */
import { aliyunFakeError, aliyunFakeMissing, startAliyunRpcFake } from '../aliyun-rpc/aliyun-rpc.fake.ts';
import type { AliyunFakeAnswer, AliyunRpcFake } from '../aliyun-rpc/aliyun-rpc.fake.ts';

export type FakeSms = {
  bizId: string;
  requestId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  /** `TemplateParam` as received (JSON text). */
  templateParam: string | undefined;
  /** `TemplateParam` parsed. */
  variables: Record<string, string>;
  regionId: string | undefined;
};

export type AliyunSmsFake = AliyunRpcFake & {
  /** Messages accepted, oldest first (cleared by `reset()`). */
  messages: FakeSms[];
};

export type AliyunSmsFakeOptions = {
  /** Approved signatures; any is accepted when omitted. */
  signNames?: string[];
  /** Approved template codes; any is accepted when omitted. */
  templateCodes?: string[];
  /** Known AccessKey pairs (id → secret); default one pair, see `accessKeyId` / `accessKeySecret`. */
  accessKeys?: Record<string, string>;
};

const PHONE = /^(\+|00)?\d{5,20}$/;

/** An SMS business error: HTTP 200 with a non-OK code. */
function businessError(code: string, message: string): AliyunFakeAnswer {
  return aliyunFakeError(200, code, message);
}

function parseVariables(text: string): Record<string, string> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    return entries.every(([, item]) => typeof item === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startAliyunSmsFake(options: AliyunSmsFakeOptions = {}): Promise<AliyunSmsFake> {
  const messages: FakeSms[] = [];
  const signNames = options.signNames ? new Set(options.signNames) : undefined;
  const templateCodes = options.templateCodes ? new Set(options.templateCodes) : undefined;

  function sendSms(params: Readonly<Record<string, string>>, requestId: string): AliyunFakeAnswer {
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode'] as const) if (!params[name]) return aliyunFakeMissing(name);
    const phoneNumbers = params.PhoneNumbers ?? '';
    const signName = params.SignName ?? '';
    const templateCode = params.TemplateCode ?? '';
    const numbers = phoneNumbers.split(',');
    if (numbers.length > 1000) return businessError('isv.MOBILE_COUNT_OVER_LIMIT', 'Too many phone numbers.');
    if (!numbers.every((number) => PHONE.test(number.trim()))) return businessError('isv.MOBILE_NUMBER_ILLEGAL', 'Invalid mobile number.');
    if (signNames && !signNames.has(signName)) return businessError('isv.SMS_SIGNATURE_ILLEGAL', 'The signature is not approved for this account.');
    if (templateCodes && !templateCodes.has(templateCode)) return businessError('isv.SMS_TEMPLATE_ILLEGAL', 'The template is not approved for this account.');
    let variables: Record<string, string> = {};
    if (params.TemplateParam !== undefined) {
      const parsed = parseVariables(params.TemplateParam);
      if (!parsed) return businessError('isv.INVALID_JSON_PARAM', 'TemplateParam must be a JSON object of string values.');
      variables = parsed;
    }
    const bizId = `${Math.floor(Math.random() * 1e15)}^0`;
    messages.push({ bizId, requestId, phoneNumbers, signName, templateCode, templateParam: params.TemplateParam, variables, regionId: params.RegionId });
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: bizId } };
  }

  const core = await startAliyunRpcFake({
    actions: { SendSms: { version: '2017-05-25', handle: sendSms } },
    hostId: 'dysmsapi.aliyuncs.com',
    ...(options.accessKeys ? { accessKeys: options.accessKeys } : {}),
  });
  return {
    ...core,
    messages,
    reset() {
      messages.length = 0;
      core.reset();
    },
  };
}
