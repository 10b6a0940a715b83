// A tiny HTTP server for fake providers (tests only): real sockets on 127.0.0.1, every request
// recorded, and faults (error statuses, slow or malformed answers, dropped connections) injectable
// per route. The OAuth 2.0 and GitHub fakes are built on it.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeRequest = {
  method: string;
  /** The path without the query. */
  path: string;
  /** The first value of each query parameter. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw body text. */
  body: string;
  /** The body parsed as `application/x-www-form-urlencoded` when it was sent as such, else `{}`. */
  form: Record<string, string>;
};

export type FakeAnswer = { status: number; headers?: Record<string, string>; body?: string };

/** What a fake can be told to do instead of (or before) its normal answer. */
export type Fault =
  /** Answer with this status and body (e.g. a 503 page, a 429, a provider error JSON). */
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** Wait, then answer normally: beyond the connector's timeout this is a hung provider. */
  | { kind: 'delay'; ms: number }
  /** HTTP 200 with a body that is not valid JSON. */
  | { kind: 'malformed' }
  /** Close the connection without answering. */
  | { kind: 'drop' };

export type FakeServer = {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
};

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): FakeAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export const form = (status: number, value: Record<string, string>, headers: Record<string, string> = {}): FakeAnswer => ({
  status,
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
  body: new URLSearchParams(value).toString(),
});

export const redirect = (location: string): FakeAnswer => ({ status: 302, headers: { location }, body: '' });

async function readRequest(incoming: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  const isForm = (incoming.headers['content-type'] ?? '').toLowerCase().includes('application/x-www-form-urlencoded');
  const formFields: Record<string, string> = {};
  if (isForm) for (const [key, value] of new URLSearchParams(body)) if (!(key in formFields)) formFields[key] = value;
  return { method: incoming.method ?? 'GET', path: url.pathname, query, headers: incoming.headers, body, form: formFields };
}

function faultAnswer(fault: Exclude<Fault, { kind: 'delay' } | { kind: 'drop' }>): FakeAnswer {
  if (fault.kind === 'malformed') return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token": "tr' };
  return { status: fault.status, headers: { 'content-type': fault.contentType ?? 'application/json', ...fault.headers }, body: fault.body ?? '' };
}

/**
 * `route` answers a request; `faultFor` may return a fault for it first. Requests are recorded
 * before faults apply, so a test can see what reached a failing provider.
 */
export async function startFakeServer(
  route: (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>,
  faultFor: (request: FakeRequest) => Fault | undefined = () => undefined,
): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const request = await readRequest(incoming);
      requests.push(request);
      const fault = faultFor(request);
      if (fault?.kind === 'drop') {
        incoming.socket.destroy();
        return;
      }
      if (fault?.kind === 'delay') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, fault.ms);
          timers.add(timer);
        });
        if (outgoing.destroyed) return;
      }
      const answer = fault && fault.kind !== 'delay' ? faultAnswer(fault) : await route(request);
      outgoing.writeHead(answer.status, answer.headers ?? {});
      outgoing.end(answer.body ?? '');
    })().catch((error: unknown) => {
      console.error('fake provider failed', error);
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
