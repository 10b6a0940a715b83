// A fake receiver for the HTTP email and HTTP SMS connectors (and for any test that needs one):
// a real HTTP server on 127.0.0.1 that checks what a well-behaved receiver would check — the
// Authorization header and the Signet-Signature (HMAC over timestamp and raw body, with a
// timestamp tolerance) — records every request, and answers as the knobs say.
//
//   const fake = await startHttpMessageFake({ signingSecret: 's3cret-s3cret-s3cret', authorization: 'Bearer t' });
//   config = { endpoint: fake.url, signingSecret: ..., authorization: ... };
//   ... send ...
//   fake.requests[0].body  // { to, type, payload, subject?, content?, contentType? }
//   fake.knobs.status = 500; fake.knobs.body = 'boom';   // next answers fail
//   fake.knobs.delayMs = 1000;                             // answer later than a timeout
//   fake.reset();                                          // knobs back to defaults, requests cleared
//   await fake.close();
//
// A request with a missing or wrong Authorization / signature gets 401 with
// `{ "error": "unauthorized" | "invalid_signature", "reason"?: … }` and is recorded with
// `accepted: false`.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import type { SignatureCheck } from './signature.ts';
import { signatureHeaderName, verifySignatureHeader } from './signature.ts';
import { readBody } from '../testing/read-body.ts';

export type HttpMessageFakeOptions = {
  /** When set, every request must carry a valid Signet-Signature made with this secret. */
  signingSecret?: string;
  /** When set, every request must carry exactly this Authorization header. */
  authorization?: string;
  /** Signature timestamp tolerance in seconds (default 300). */
  toleranceSeconds?: number;
};

export type HttpMessageFakeKnobs = {
  /** Status of the answer to an accepted request (default 200). */
  status: number;
  /** Body of that answer (default `{"ok":true}`). */
  body: string;
  /** Extra answer headers (e.g. `retry-after`, `location`). */
  headers: Record<string, string>;
  /** Wait this long before answering (default 0). */
  delayMs: number;
  /** Close the socket instead of answering. */
  hangUp: boolean;
};

export type ReceivedHttpMessage = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact body bytes as UTF-8 text (what the signature covers). */
  rawBody: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  body: unknown;
  /** Outcome of the signature check, when the fake has a signing secret. */
  signature?: SignatureCheck;
  /** False when the fake refused it (authorization or signature). */
  accepted: boolean;
};

export type HttpMessageFake = {
  /** The endpoint URL to put in the connector config. */
  url: string;
  requests: ReceivedHttpMessage[];
  knobs: HttpMessageFakeKnobs;
  reset(): void;
  close(): Promise<void>;
};

const defaultKnobs = (): HttpMessageFakeKnobs => ({ status: 200, body: '{"ok":true}', headers: {}, delayMs: 0, hangUp: false });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function answerJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startHttpMessageFake(options: HttpMessageFakeOptions = {}): Promise<HttpMessageFake> {
  const requests: ReceivedHttpMessage[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const fake = { requests, knobs: defaultKnobs() };

  const server = createServer((request, response) => {
    void (async () => {
      const rawBody = await readBody(request);
      const received: ReceivedHttpMessage = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        rawBody,
        body: parseJson(rawBody),
        accepted: false,
      };
      requests.push(received);

      if (options.authorization !== undefined && request.headers.authorization !== options.authorization) {
        return answerJson(response, 401, { error: 'unauthorized' });
      }
      if (options.signingSecret !== undefined) {
        const header = request.headers[signatureHeaderName.toLowerCase()];
        received.signature = verifySignatureHeader(options.signingSecret, Array.isArray(header) ? header[0] : header, rawBody, {
          toleranceSeconds: options.toleranceSeconds,
        });
        if (!received.signature.ok) return answerJson(response, 401, { error: 'invalid_signature', reason: received.signature.reason });
      }
      received.accepted = true;

      const { status, body, headers, delayMs, hangUp } = fake.knobs;
      const answer = () => {
        if (hangUp) return void request.socket.destroy();
        response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
      };
      if (delayMs <= 0) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, delayMs);
      timers.add(timer);
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/messages`,
    requests,
    get knobs() {
      return fake.knobs;
    },
    set knobs(value) {
      fake.knobs = value;
    },
    reset() {
      requests.length = 0;
      fake.knobs = defaultKnobs();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (for "receiver down" tests). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
