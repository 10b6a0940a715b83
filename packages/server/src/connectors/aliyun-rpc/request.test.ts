// The shared request helper against the shared fake core, with a toy `Echo` action: every check the
// fake makes like Aliyun, and every way a call can fail.
import { randomUUID } from 'node:crypto';
import { describe, test, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { z } from 'zod';
import { aliyunFakeMissing, startAliyunRpcFake } from './aliyun-rpc.fake.ts';
import type { AliyunRpcFake } from './aliyun-rpc.fake.ts';
import { callAliyunRpc, signedAliyunForm } from './request.ts';
import type { AliyunRpcOptions, AliyunRpcRequest } from './request.ts';
import { signParams } from './signature.ts';
import { connectorErrorOf as failure } from '../testing/connector-error-of.ts';

const echoSchema = z.object({ Echo: z.string(), RequestId: z.string() });
const context = { timeoutMs: 2000 };
let fake: AliyunRpcFake;

beforeAll(async () => {
  fake = await startAliyunRpcFake({
    hostId: 'echo.aliyuncs.com',
    actions: {
      Echo: {
        version: '2020-01-01',
        handle: (params) => (params.Value === undefined ? aliyunFakeMissing('Value') : { status: 200, body: { Echo: params.Value } }),
      },
    },
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function request(overrides: Partial<AliyunRpcRequest> = {}): AliyunRpcRequest {
  return {
    provider: 'Aliyun Echo',
    endpoint: fake.url,
    action: 'Echo',
    version: '2020-01-01',
    accessKeyId: fake.accessKeyId,
    accessKeySecret: fake.accessKeySecret,
    regionId: 'cn-hangzhou',
    params: { Value: 'hello' },
    ...overrides,
  };
}

const call = (overrides: Partial<AliyunRpcRequest> = {}, options?: AliyunRpcOptions, ctx = context) =>
  callAliyunRpc(request(overrides), echoSchema, ctx, options);

describe('signedAliyunForm', () => {
  test('adds the common parameters and a signature over all of them', () => {
    const form = signedAliyunForm(request(), { now: new Date('2026-11-21T10:00:00.123Z'), nonce: 'n-1' });
    const { Signature, ...unsigned } = form;
    expect(unsigned).toEqual({
      Value: 'hello',
      Action: 'Echo',
      Version: '2020-01-01',
      Format: 'JSON',
      AccessKeyId: fake.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'n-1',
      Timestamp: '2026-11-21T10:00:00Z',
      RegionId: 'cn-hangzhou',
    });
    expect(Signature).toBe(signParams(unsigned, fake.accessKeySecret));
  });

  test('a fresh UUID nonce per request; no RegionId when none is given', () => {
    const first = signedAliyunForm(request({ regionId: undefined }));
    const second = signedAliyunForm(request({ regionId: undefined }));
    expect(first.SignatureNonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.SignatureNonce).not.toBe(second.SignatureNonce);
    expect(first).not.toHaveProperty('RegionId');
  });
});

describe('callAliyunRpc against the fake', () => {
  test('success: a signed form POST, answer parsed', async () => {
    const answer = await call();
    expect(answer.Echo).toBe('hello');
    expect(answer.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(fake.requests).toHaveLength(1);
    const received = fake.requests[0]!;
    expect(received.method).toBe('POST');
    expect(received.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(received.outcome).toBe('accepted');
    expect(received.params.Timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('values with spaces, reserved characters and UTF-8 arrive unchanged and verify', async () => {
    const value = "Code 123 * ~ + & = % ! ' ( ) 验证码 <b>x</b>";
    const answer = await call({ params: { Value: value } });
    expect(answer.Echo).toBe(value);
  });

  test('wrong secret → general, SignatureDoesNotMatch named, no secret anywhere', async () => {
    const secret = 'the-wrong-secret-value';
    const error = await failure(call({ accessKeySecret: secret }));
    expect(error.code).toBe('general');
    expect(error.message).toMatch(/^Aliyun Echo refused the request: SignatureDoesNotMatch: Specified signature is not matched/);
    expect(error.data).toMatchObject({ providerCode: 'SignatureDoesNotMatch', hostId: 'echo.aliyuncs.com', httpStatus: 400 });
    expect(fake.requests[0]).toMatchObject({ outcome: 'rejected', status: 400, code: 'SignatureDoesNotMatch' });
    expect(error.data?.requestId).toBe(fake.requests[0]?.requestId);
    expect(String(error.data?.providerMessage)).toContain('server string to sign is:POST&%2F&AccessKeyId%3D');
    expect(`${error.message} ${JSON.stringify(error.data)}`).not.toContain(secret);
    expect(`${error.message} ${JSON.stringify(error.data)}`).not.toContain(fake.accessKeySecret);
  });

  test('unknown AccessKeyId → InvalidAccessKeyId.NotFound (404)', async () => {
    const error = await failure(call({ accessKeyId: 'LTAI-unknown' }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('Aliyun Echo refused the request: InvalidAccessKeyId.NotFound: Specified access key is not found.');
    expect(error.data).toMatchObject({ providerCode: 'InvalidAccessKeyId.NotFound', providerMessage: 'Specified access key is not found.', httpStatus: 404 });
  });

  test('a second key added to the fake works', async () => {
    fake.addAccessKey('LTAI-second', 'second-secret');
    await expect(call({ accessKeyId: 'LTAI-second', accessKeySecret: 'second-secret' })).resolves.toMatchObject({ Echo: 'hello' });
  });

  test('a timestamp more than 15 minutes old or ahead → InvalidTimeStamp.Expired', async () => {
    for (const shift of [-16, 16]) {
      const error = await failure(call({}, { now: new Date(Date.now() + shift * 60_000) }));
      expect(error.data).toMatchObject({ providerCode: 'InvalidTimeStamp.Expired', providerMessage: 'Specified time stamp or date value is expired.' });
    }
    await expect(call({}, { now: new Date(Date.now() - 14 * 60_000) })).resolves.toMatchObject({ Echo: 'hello' });
  });

  test('a reused nonce → SignatureNonceUsed', async () => {
    const nonce = randomUUID();
    await call({}, { nonce });
    const error = await failure(call({}, { nonce }));
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: 'SignatureNonceUsed', providerMessage: 'Specified signature nonce was used already.' });
  });

  test('unknown action, wrong version, missing action parameter', async () => {
    expect((await failure(call({ action: 'Nope' }))).data).toMatchObject({ providerCode: 'InvalidAction.NotFound', httpStatus: 404 });
    expect((await failure(call({ version: '2019-01-01' }))).data).toMatchObject({ providerCode: 'InvalidVersion' });
    expect((await failure(call({ params: {} }))).data).toMatchObject({ providerCode: 'MissingValue', providerMessage: 'Value is mandatory for this action.' });
  });

  test('a request without a common parameter → Missing<Name>', async () => {
    const form = signedAliyunForm(request());
    delete form.SignatureNonce;
    const response = await fetch(fake.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Code: 'MissingSignatureNonce', Message: 'SignatureNonce is mandatory for this action.', HostId: 'echo.aliyuncs.com' });
  });

  test("the fake rejects a signature computed with '+' for spaces (form encoding instead of RFC 3986)", async () => {
    const params = { ...signedAliyunForm(request({ params: { Value: 'a b' } })) };
    delete params.Signature;
    const formEncoded = new URLSearchParams(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1))).toString();
    const { createHmac } = await import('node:crypto');
    const wrong = createHmac('sha1', `${fake.accessKeySecret}&`)
      .update(`POST&%2F&${encodeURIComponent(formEncoded)}`)
      .digest('base64');
    const response = await fetch(fake.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, Signature: wrong }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Code: 'SignatureDoesNotMatch' });
  });

  test('Throttling* → rate_limit_exceeded, with Aliyun’s code and message', async () => {
    fake.failWith({ status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' });
    const error = await failure(call());
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toBe('Aliyun Echo refused the request: Throttling.User: Request was denied due to user flow control.');
    expect(error.data).toMatchObject({ providerCode: 'Throttling.User', providerMessage: 'Request was denied due to user flow control.', httpStatus: 400 });
  });

  test('extra rate limit codes are honoured', async () => {
    fake.failWith({ status: 400, code: 'Echo.TooMany', message: 'Slow down.' });
    expect((await failure(call())).code).toBe('general');
    expect((await failure(call({}, { rateLimitCodes: ['Echo.TooMany'] }))).code).toBe('rate_limit_exceeded');
  });

  test('any other Aliyun error → general with code, message, request id, host id and recommendation', async () => {
    fake.failWith({ status: 403, code: 'Forbidden.RAM', message: 'User not authorized to operate on the specified resource.' });
    const error = await failure(call());
    expect(error.code).toBe('general');
    expect(error.data).toEqual({
      providerCode: 'Forbidden.RAM',
      providerMessage: 'User not authorized to operate on the specified resource.',
      requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      hostId: 'echo.aliyuncs.com',
      recommend: expect.stringContaining('Forbidden.RAM'),
      httpStatus: 403,
    });
  });

  test('a long provider message is shortened in the error message, kept whole in data', async () => {
    const long = 'x'.repeat(1000);
    fake.failWith({ code: 'InvalidParameter', message: long });
    const error = await failure(call());
    expect(error.message).toBe(`Aliyun Echo refused the request: InvalidParameter: ${'x'.repeat(300)}…`);
    expect(error.data?.providerMessage).toBe(long);
  });

  test('malformed JSON with 200 → invalid_response', async () => {
    fake.answerMalformed();
    const error = await failure(call());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Aliyun Echo answered with something that is not JSON');
  });

  test('200 with an unexpected shape → invalid_response', async () => {
    fake.answerMalformed('{"RequestId":"r-1"}');
    const error = await failure(call());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Aliyun Echo answered with an unexpected shape (at Echo)');
  });

  test('4xx that is not an Aliyun error → invalid_response; 5xx without one → provider_unavailable', async () => {
    fake.answerMalformed('<html>nope</html>', 400);
    expect((await failure(call())).code).toBe('invalid_response');
    fake.answerMalformed('<html>Bad gateway</html>', 502);
    const error = await failure(call());
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('Aliyun Echo answered HTTP 502 without an Aliyun error body');
  });

  test('a slow answer → provider_unavailable within the timeout', async () => {
    fake.delayAnswers(2000);
    const started = Date.now();
    const error = await failure(call({}, undefined, { timeoutMs: 200 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('Aliyun Echo did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('an endpoint nobody listens on → provider_unavailable', async () => {
    const closed = await startAliyunRpcFake({ hostId: 'x', actions: {} });
    await closed.close();
    const error = await failure(call({ endpoint: closed.url }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toMatch(/^Aliyun Echo cannot be reached/);
  });
});
