/**
 * A fake Aliyun RPC endpoint over real HTTP (127.0.0.1, random port), the shared core of the
 * Direct Mail and SMS fakes (`startAliyunDirectMailFake`, `startAliyunSmsFake`). It checks requests
 * the way Aliyun's API gateway does, in this order, answering Aliyun's error shape
 * `{ RequestId, HostId, Code, Message, Recommend }`:
 *   - POST form (`application/x-www-form-urlencoded`; query parameters are merged in, as Aliyun does);
 *   - common parameters present → else 400 `Missing<Name>` ("<Name> is mandatory for this action.");
 *   - `Format=JSON`, `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0` → else 400 `InvalidParameter`-style codes;
 *   - `AccessKeyId` known → else 404 `InvalidAccessKeyId.NotFound`;
 *   - `Timestamp` well formed (`YYYY-MM-DDThh:mm:ssZ`) and within 15 minutes of now → else 400
 *     `InvalidTimeStamp.Format` / `InvalidTimeStamp.Expired`;
 *   - `Signature` equal to the one recomputed from the received form → else 400 `SignatureDoesNotMatch`
 *     (the message quotes the server's string to sign, like Aliyun's);
 *   - `SignatureNonce` not seen before → else 400 `SignatureNonceUsed`;
 *   - `Action` served → else 404 `InvalidAction.NotFound`; `Version` the action's → else 400 `InvalidVersion`;
 *   - then the action's own handler (its parameters, its success answer).
 * Every request is kept in `requests` (params and outcome) for assertions.
 *
 * Knobs (cleared by `reset()`):
 *   - `failWith({ status?, code, message })`: answer every verified request with this error
 *     (status default 400; SMS business errors come with 200);
 *   - `delayAnswers(ms)`: wait before answering (for timeouts);
 *   - `answerMalformed(body?, status?)`: answer verified requests with this raw body (default: broken JSON).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { canonicalQuery, signParams, stringToSign } from './signature.ts';
import { readBody } from '../testing/read-body.ts';

/** What an action handler answers: an HTTP status and an Aliyun JSON body (without RequestId). */
export type AliyunFakeAnswer = { status: number; body: Record<string, unknown> };

export type AliyunFakeAction = {
  /** The API version the action belongs to, e.g. `2015-11-23`. */
  version: string;
  /**
   * Checks the action's parameters and answers. Use `aliyunFakeError` for errors. `requestId`
   * is the id the answer will carry.
   */
  handle(params: Readonly<Record<string, string>>, requestId: string): AliyunFakeAnswer;
};

export type AliyunRpcFakeOptions = {
  /** The actions served, by name (e.g. `SingleSendMail`). */
  actions: Record<string, AliyunFakeAction>;
  /** Aliyun's `HostId` in answers, e.g. `dm.aliyuncs.com`. */
  hostId: string;
  /** Known AccessKey pairs (id → secret). Default: one pair, exposed as `accessKeyId` / `accessKeySecret`. */
  accessKeys?: Record<string, string>;
};

export type ForcedAliyunError = { status?: number; code: string; message: string };

export type ReceivedAliyunRequest = {
  method: string;
  contentType: string | undefined;
  /** Every parameter received (query and form), `Signature` included. */
  params: Record<string, string>;
  /** `accepted` when it passed every check (the action's included). */
  outcome: 'accepted' | 'rejected';
  status: number;
  /** The `RequestId` answered. */
  requestId: string;
  /** The Aliyun error code answered, if any. */
  code?: string;
};

export type AliyunRpcFake = {
  /** The endpoint to configure, with a trailing `/` (e.g. `http://127.0.0.1:40123/`). */
  url: string;
  /** The default known AccessKey pair. */
  accessKeyId: string;
  accessKeySecret: string;
  addAccessKey(id: string, secret: string): void;
  requests: ReceivedAliyunRequest[];
  failWith(error: ForcedAliyunError): void;
  delayAnswers(ms: number): void;
  answerMalformed(body?: string, status?: number): void;
  /** Turns every knob off and forgets requests (keys and used nonces stay). */
  reset(): void;
  close(): Promise<void>;
};

export const DEFAULT_FAKE_ACCESS_KEY_ID = 'LTAI5tFakeAccessKeyId';
export const DEFAULT_FAKE_ACCESS_KEY_SECRET = 'fake-access-key-secret-0123456789';

const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
const TIMESTAMP_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const REQUIRED_COMMON = ['Action', 'Version', 'Format', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'Signature'] as const;

/** An Aliyun error answer. */
export function aliyunFakeError(status: number, code: string, message: string): AliyunFakeAnswer {
  return { status, body: { Code: code, Message: message } };
}

/** Aliyun's "missing parameter" error: `Missing<Name>`. */
export function aliyunFakeMissing(name: string): AliyunFakeAnswer {
  return aliyunFakeError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

export async function startAliyunRpcFake(options: AliyunRpcFakeOptions): Promise<AliyunRpcFake> {
  const accessKeys = new Map(Object.entries(options.accessKeys ?? { [DEFAULT_FAKE_ACCESS_KEY_ID]: DEFAULT_FAKE_ACCESS_KEY_SECRET }));
  const [defaultKey] = accessKeys;
  if (!defaultKey) throw new Error('startAliyunRpcFake needs at least one access key');
  const usedNonces = new Set<string>();
  const requests: ReceivedAliyunRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let forcedError: ForcedAliyunError | undefined;
  let delayMs = 0;
  let malformed: { body: string; status: number } | undefined;

  function verify(method: string, params: Record<string, string>, requestId: string): AliyunFakeAnswer {
    for (const name of REQUIRED_COMMON) if (!params[name]) return aliyunFakeMissing(name);
    if (params.Format !== 'JSON') return aliyunFakeError(400, 'InvalidParameter', 'Specified parameter Format is not valid.');
    if (params.SignatureMethod !== 'HMAC-SHA1') return aliyunFakeError(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.');
    if (params.SignatureVersion !== '1.0') return aliyunFakeError(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.');
    const secret = accessKeys.get(params.AccessKeyId ?? '');
    if (secret === undefined) return aliyunFakeError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const timestamp = params.Timestamp ?? '';
    if (!TIMESTAMP_FORMAT.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
      return aliyunFakeError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    if (Math.abs(Date.now() - Date.parse(timestamp)) > TIMESTAMP_WINDOW_MS) {
      return aliyunFakeError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const { Signature: received = '', ...unsigned } = params;
    const expected = signParams(unsigned, secret, method);
    if (!sameText(received, expected)) {
      const serverStringToSign = stringToSign(canonicalQuery(unsigned), method);
      return aliyunFakeError(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`);
    }
    const nonce = params.SignatureNonce ?? '';
    if (usedNonces.has(nonce)) return aliyunFakeError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    usedNonces.add(nonce);
    const action = options.actions[params.Action ?? ''];
    if (!action) return aliyunFakeError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (params.Version !== action.version) return aliyunFakeError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    if (forcedError) return aliyunFakeError(forcedError.status ?? 400, forcedError.code, forcedError.message);
    return action.handle(params, requestId);
  }

  function answer(response: ServerResponse, requestId: string, result: AliyunFakeAnswer): void {
    const isError = typeof result.body.Code === 'string' && result.body.Code !== 'OK';
    const body: Record<string, unknown> = { RequestId: requestId, ...result.body };
    if (isError && result.status !== 200) {
      body.HostId = options.hostId;
      body.Recommend = `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(String(result.body.Code))}&product=fake&requestId=${requestId}`;
    }
    response.writeHead(result.status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    const method = request.method ?? 'GET';
    const contentType = request.headers['content-type'];
    const url = new URL(request.url ?? '/', 'http://fake');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (method === 'POST' && contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(text)));
    }
    const requestId = randomUUID().toUpperCase();
    const result: AliyunFakeAnswer =
      method !== 'POST' && method !== 'GET'
        ? aliyunFakeError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.')
        : verify(method, params, requestId);
    const accepted = result.status >= 200 && result.status < 300 && (typeof result.body.Code !== 'string' || result.body.Code === 'OK');
    const record: ReceivedAliyunRequest = { method, contentType, params, outcome: accepted ? 'accepted' : 'rejected', status: result.status, requestId };
    if (!accepted && typeof result.body.Code === 'string') record.code = result.body.Code;
    requests.push(record);

    const send = () => {
      // Malformed answers replace only verified ones: a broken signature still gets Aliyun's error.
      if (malformed && accepted) response.writeHead(malformed.status, { 'content-type': 'application/json' }).end(malformed.body);
      else answer(response, requestId, result);
    };
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, delayMs);
      timers.add(timer);
    } else send();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`fake failure: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    accessKeyId: defaultKey[0],
    accessKeySecret: defaultKey[1],
    addAccessKey: (id, secret) => void accessKeys.set(id, secret),
    requests,
    failWith: (error) => void (forcedError = error),
    delayAnswers: (ms) => void (delayMs = ms),
    answerMalformed: (body = '{"RequestId": "broken', status = 200) => void (malformed = { body, status }),
    reset() {
      forcedError = undefined;
      delayMs = 0;
      malformed = undefined;
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
