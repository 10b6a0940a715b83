// A real SMTP server for tests (smtp-server on 127.0.0.1, a free port): it checks AUTH PLAIN/LOGIN
// logins against `users`, offers STARTTLS or implicit TLS when given a certificate, parses every
// accepted message with mailparser, and has knobs for the failures a real server produces.
//
//   const fake = await startSmtpFake({ users: { mailer: 'p4ss' } });
//   config = { host: fake.host, port: fake.port, auth: { user: 'mailer', pass: 'p4ss' }, ... };
//   ... send ...
//   fake.messages[0].parsed.subject / .text / .html, fake.messages[0].envelope.to
//   fake.knobs.rejectRecipients['nobody@example.com'] = { code: 550, message: '5.1.1 No such user' };
//   fake.knobs.rejectMessage = { code: 554, message: '5.7.1 Spam detected' };
//   fake.knobs.greetingDelayMs = Infinity;      // accepts TCP connections, never says hello
//   fake.reset();                               // knobs back to defaults, messages and logins cleared
//   await fake.close();
//
// TLS: `startSmtpFake({ tls: createSelfSignedCertificate() })` offers STARTTLS;
// add `secure: true` for TLS from the first byte (port-465 style). Clients trust it with the
// certificate as CA.
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { SMTPServer } from 'smtp-server';

export type SmtpReply = { code: number; message: string };

export type SmtpFakeOptions = {
  /** Accounts for AUTH PLAIN / LOGIN (user → password). Without it the server offers no AUTH and needs none. */
  users?: Record<string, string>;
  /** Certificate and key (PEM): offers STARTTLS, or TLS from the start with `secure`. */
  tls?: { key: string; cert: string };
  /** TLS from the first byte (needs `tls`). */
  secure?: boolean;
  /** SASL methods to offer (default PLAIN and LOGIN). */
  authMethods?: ('PLAIN' | 'LOGIN')[];
  /** Allow AUTH before STARTTLS (default true; false makes the fake insist on TLS first, like most providers). */
  allowInsecureAuth?: boolean;
};

export type SmtpFakeKnobs = {
  /** Wait before the 220 greeting (default 0); Infinity never greets. */
  greetingDelayMs: number;
  /** Recipients to refuse at RCPT TO, with the reply to give. */
  rejectRecipients: Record<string, SmtpReply>;
  /** Refuse every MAIL FROM with this reply. */
  rejectSender?: SmtpReply;
  /** Refuse every message after DATA with this reply (the message is still recorded as refused). */
  rejectMessage?: SmtpReply;
};

export type ReceivedMail = {
  envelope: { from: string; to: string[] };
  /** The authenticated user, if any. */
  user?: string;
  /** Whether the session was encrypted (STARTTLS or implicit TLS). */
  secure: boolean;
  /** The raw RFC 5322 message. */
  raw: string;
  parsed: ParsedMail;
  /** False when `rejectMessage` refused it. */
  accepted: boolean;
};

export type SmtpLogin = { username: string; method: string; accepted: boolean };

export type SmtpFake = {
  host: string;
  port: number;
  /** Messages received, in order (accepted and refused). */
  messages: ReceivedMail[];
  /** Login attempts (never the password). */
  logins: SmtpLogin[];
  knobs: SmtpFakeKnobs;
  reset(): void;
  close(): Promise<void>;
};

const defaultKnobs = (): SmtpFakeKnobs => ({ greetingDelayMs: 0, rejectRecipients: {} });

function replyError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

export async function startSmtpFake(options: SmtpFakeOptions = {}): Promise<SmtpFake> {
  const messages: ReceivedMail[] = [];
  const logins: SmtpLogin[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const state = { knobs: defaultKnobs() };
  const users = options.users;

  const serverOptions: SMTPServerOptions = {
    logger: false,
    disableReverseLookup: true,
    // Let close() end lingering sessions (e.g. ones that were never greeted) quickly.
    closeTimeout: 50,
    secure: options.secure === true,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    // Without a certificate there is no STARTTLS at all (smtp-server would otherwise use its
    // built-in, publicly known certificate).
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(users ? [] : ['AUTH'])],
    ...(users ? { authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'], allowInsecureAuth: options.allowInsecureAuth ?? true } : { authOptional: true }),
    onConnect(_session, callback) {
      const delay = state.knobs.greetingDelayMs;
      if (delay <= 0) return callback();
      if (!Number.isFinite(delay)) return; // never greet: the client waits until it gives up
      const timer = setTimeout(() => {
        timers.delete(timer);
        callback();
      }, delay);
      timers.add(timer);
    },
    onAuth(auth, _session, callback) {
      const username = auth.username ?? '';
      const accepted = users !== undefined && Object.hasOwn(users, username) && auth.password === users[username];
      logins.push({ username, method: auth.method, accepted });
      if (!accepted) return callback(replyError({ code: 535, message: '5.7.8 Authentication credentials invalid' }));
      callback(null, { user: username });
    },
    onMailFrom(_address, _session, callback) {
      const reply = state.knobs.rejectSender;
      callback(reply ? replyError(reply) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const reply = state.knobs.rejectRecipients[address.address];
      callback(reply ? replyError(reply) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const reply = state.knobs.rejectMessage;
        simpleParser(raw)
          .then((parsed) => {
            const from = session.envelope.mailFrom;
            messages.push({
              envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
              ...(typeof session.user === 'string' ? { user: session.user } : {}),
              secure: session.secure,
              raw,
              parsed,
              accepted: !reply,
            });
            callback(reply ? replyError(reply) : null);
          })
          .catch((error: Error) => callback(error));
      });
    },
  };

  const server = new SMTPServer(serverOptions);
  // Client-side aborts (TLS refused by the client, timeouts) surface here; they are expected in tests.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    logins,
    get knobs() {
      return state.knobs;
    },
    set knobs(value) {
      state.knobs = value;
    },
    reset() {
      messages.length = 0;
      logins.length = 0;
      state.knobs = defaultKnobs();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (for "server down" tests). */
export { closedPort } from '../http-message/http-message.fake.ts';
