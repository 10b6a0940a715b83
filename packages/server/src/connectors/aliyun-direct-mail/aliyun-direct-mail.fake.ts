/**
 * A fake Aliyun Direct Mail endpoint (action `SingleSendMail`, version `2015-11-23`) over real HTTP,
 * for connector tests, Management API tests and end-to-end tests.
 *
 *   const fake = await startAliyunDirectMailFake({ verifiedSenders: ['no-reply@mail.example.com'] });
 *   // config: { accessKeyId: fake.accessKeyId, accessKeySecret: fake.accessKeySecret, endpoint: fake.url, … }
 *   fake.mails        // accepted mails: { accountName, fromAlias, toAddress, subject, htmlBody, … }
 *   await fake.close();
 *
 * Signature, AccessKey, timestamp, nonce, Action and Version checks and the knobs (`failWith`,
 * `delayAnswers`, `answerMalformed`, `reset`) come from the shared core: see
 * ../aliyun-rpc/aliyun-rpc.fake.ts. Direct Mail's own checks, with its error codes:
 *   - `AccountName`, `AddressType`, `ReplyToAddress`, `ToAddress`, `Subject` present and
 *     `HtmlBody` or `TextBody` present → else 400 `Missing<Name>`;
 *   - `AccountName` a verified sender (when `verifiedSenders` is given) → else 404 `InvalidMailAddress.NotFound`;
 *   - `ToAddress` one or more comma-separated addresses (at most 100) → else 400 `InvalidToAddress`;
 *   - `AddressType` 0 or 1, `ReplyToAddress` true or false → else 400 `InvalidAddressType` / `InvalidReplyToAddress`.
 * Success: 200 `{ EnvId, RequestId }`.
 */
import { aliyunFakeError, aliyunFakeMissing, startAliyunRpcFake } from '../aliyun-rpc/aliyun-rpc.fake.ts';
import type { AliyunFakeAnswer, AliyunRpcFake } from '../aliyun-rpc/aliyun-rpc.fake.ts';

export type FakeDirectMail = {
  envId: string;
  requestId: string;
  accountName: string;
  fromAlias: string | undefined;
  toAddress: string;
  subject: string;
  htmlBody: string | undefined;
  textBody: string | undefined;
  addressType: string;
  replyToAddress: string;
  regionId: string | undefined;
};

export type AliyunDirectMailFake = AliyunRpcFake & {
  /** Mails accepted, oldest first (cleared by `reset()`). */
  mails: FakeDirectMail[];
};

export type AliyunDirectMailFakeOptions = {
  /** Sender addresses verified in the (fake) console; any address is accepted when omitted. */
  verifiedSenders?: string[];
  /** Known AccessKey pairs (id → secret); default one pair, see `accessKeyId` / `accessKeySecret`. */
  accessKeys?: Record<string, string>;
};

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export async function startAliyunDirectMailFake(options: AliyunDirectMailFakeOptions = {}): Promise<AliyunDirectMailFake> {
  const mails: FakeDirectMail[] = [];
  const verifiedSenders = options.verifiedSenders ? new Set(options.verifiedSenders) : undefined;

  function singleSendMail(params: Readonly<Record<string, string>>, requestId: string): AliyunFakeAnswer {
    for (const name of ['AccountName', 'AddressType', 'ReplyToAddress', 'ToAddress', 'Subject'] as const) {
      if (!params[name]) return aliyunFakeMissing(name);
    }
    if (!params.HtmlBody && !params.TextBody) return aliyunFakeMissing('HtmlBody');
    const accountName = params.AccountName ?? '';
    if (verifiedSenders && !verifiedSenders.has(accountName)) {
      return aliyunFakeError(404, 'InvalidMailAddress.NotFound', 'The specified mail address is not found.');
    }
    if (params.AddressType !== '0' && params.AddressType !== '1') {
      return aliyunFakeError(400, 'InvalidAddressType', 'The specified AddressType is invalid.');
    }
    if (params.ReplyToAddress !== 'true' && params.ReplyToAddress !== 'false') {
      return aliyunFakeError(400, 'InvalidReplyToAddress', 'The specified ReplyToAddress is invalid.');
    }
    const recipients = (params.ToAddress ?? '').split(',');
    if (recipients.length > 100 || !recipients.every((address) => EMAIL.test(address.trim()))) {
      return aliyunFakeError(400, 'InvalidToAddress', 'The specified toAddress is invalid.');
    }
    const envId = String(Math.floor(Math.random() * 1e12));
    mails.push({
      envId,
      requestId,
      accountName,
      fromAlias: params.FromAlias,
      toAddress: params.ToAddress ?? '',
      subject: params.Subject ?? '',
      htmlBody: params.HtmlBody,
      textBody: params.TextBody,
      addressType: params.AddressType,
      replyToAddress: params.ReplyToAddress,
      regionId: params.RegionId,
    });
    return { status: 200, body: { EnvId: envId } };
  }

  const core = await startAliyunRpcFake({
    actions: { SingleSendMail: { version: '2015-11-23', handle: singleSendMail } },
    hostId: 'dm.aliyuncs.com',
    ...(options.accessKeys ? { accessKeys: options.accessKeys } : {}),
  });
  return {
    ...core,
    mails,
    reset() {
      mails.length = 0;
      core.reset();
    },
  };
}
