import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { MessageConnector } from '../kit.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import { confidentialKeysOf, formItemsOf } from '../form-items.ts';
import smtpConnector from './index.ts';
import type { SmtpConfig } from './config.ts';
import { htmlToText } from './render.ts';
import { createSelfSignedCertificate } from './self-signed.ts';
import type { SmtpFake } from './smtp.fake.ts';
import { closedPort, startSmtpFake } from './smtp.fake.ts';
import { connectorErrorHiding } from '../testing/connector-error-of.ts';

const connector = smtpConnector as MessageConnector<SmtpConfig>;
const password = 'Sup3r-S3cret-Pa55!';
const templates = [
  { usageType: 'Register', contentType: 'text/plain', subject: 'Welcome, code {{code}}', content: 'Your sign-up code is {{code}}.' },
  {
    usageType: 'SignIn',
    contentType: 'text/html',
    subject: 'Your sign-in code',
    content: '<html><head><style>p { color: red }</style></head><body><p>Your code is <b>{{code}}</b>.</p><p><a href="{{link}}">Open Signet</a></p></body></html>',
  },
  { usageType: 'ForgotPassword', contentType: 'text/plain', subject: 'Reset', content: 'Reset code: {{code}}' },
  { usageType: 'Generic', subject: 'Your code', content: 'Generic code: {{code}}' },
];

function rawConfig(fake: { host: string; port: number }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { host: fake.host, port: fake.port, auth: { type: 'login', user: 'mailer', pass: password }, fromEmail: 'Signet <no-reply@signet.test>', templates, ...overrides };
}

function configFor(fake: { host: string; port: number }, overrides: Record<string, unknown> = {}): SmtpConfig {
  return parseConfig(connector, rawConfig(fake, overrides));
}

/** Runs `send`, expects a ConnectorError, and checks that no form of the password leaks from it. */
async function failure(send: Promise<void>): Promise<ConnectorError> {
  const encodings = [Buffer.from(password).toString('base64'), Buffer.from(`\u0000mailer\u0000${password}`).toString('base64')];
  return connectorErrorHiding(send, [password, ...encodings]);
}

describe('smtp connector metadata', () => {
  test('metadata and form', () => {
    expect(connector.type).toBe('Email');
    expect(connector.metadata).toMatchObject({ id: 'smtp', target: 'smtp', platform: null, logoDark: null });
    expect(Object.keys(connector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(connector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(connector.metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(connector.metadata.readme).toContain('# SMTP');

    const items = Object.fromEntries(formItemsOf(connector.configSchema).map((item) => [item.key, item]));
    expect(Object.keys(items)).toEqual(['host', 'port', 'auth', 'fromEmail', 'replyTo', 'templates', 'secure', 'requireTLS', 'ignoreTLS', 'servername', 'name', 'tls']);
    expect(items.host).toMatchObject({ type: 'Text', required: true });
    expect(items.port).toMatchObject({ type: 'Number', required: true });
    expect(items.auth).toMatchObject({ type: 'Json', required: false, isConfidential: true });
    expect(items.fromEmail).toMatchObject({ type: 'Text', required: true });
    expect(items.templates).toMatchObject({ type: 'Json', required: true });
    expect(items.secure).toMatchObject({ type: 'Switch', required: false, defaultValue: false });
    expect(confidentialKeysOf(connector.configSchema)).toEqual(['auth']);
  });
});

describe('smtp config validation', () => {
  const server = { host: 'smtp.example.com', port: 587 };

  function issues(raw: Record<string, unknown>): string[] {
    try {
      parseConfig(connector, raw);
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).code).toBe('invalid_config');
      return ((error as ConnectorError).data?.issues as { path: string; message: string }[]).map((issue) => `${issue.path}: ${issue.message}`);
    }
    throw new Error('the config was accepted');
  }

  test('a Logto-shaped config parses, with defaults', () => {
    const config = configFor(server);
    expect(config.secure).toBe(false);
    expect(config.auth).toEqual({ type: 'login', user: 'mailer', pass: password });
    expect(config.templates.find((template) => template.usageType === 'Generic')?.contentType).toBe('text/plain');
  });

  test('auth may be left out (open relay)', () => {
    const { auth: _auth, ...rest } = rawConfig(server);
    expect(parseConfig(connector, rest).auth).toBeUndefined();
  });

  test.each(['host', 'port', 'fromEmail', 'templates'])('missing %s', (field) => {
    const raw = rawConfig(server);
    delete raw[field];
    expect(issues(raw).some((issue) => issue.startsWith(`${field}:`))).toBe(true);
  });

  test.each([0, 65_536, 25.5, '587', -1])('bad port %s', (port) => {
    expect(issues(rawConfig(server, { port })).some((issue) => issue.startsWith('port:'))).toBe(true);
  });

  test('templates missing usage types are named', () => {
    const list = issues(rawConfig(server, { templates: templates.filter((template) => template.usageType === 'SignIn' || template.usageType === 'Generic') }));
    expect(list).toEqual(['templates: needs a template for every one of Register, SignIn, ForgotPassword, Generic; missing: Register, ForgotPassword']);
  });

  test('bad contentType, empty subject, unknown usage type', () => {
    const broken = [...templates.slice(1), { usageType: 'Register', contentType: 'text/markdown', subject: '', content: 'x' }];
    const list = issues(rawConfig(server, { templates: broken }));
    expect(list.some((issue) => issue.startsWith('templates.3.contentType:'))).toBe(true);
    expect(list.some((issue) => issue.startsWith('templates.3.subject:'))).toBe(true);
    expect(issues(rawConfig(server, { templates: [...templates, { usageType: 'Welcome', subject: 's', content: 'c' }] })).some((issue) => issue.startsWith('templates.4.usageType:'))).toBe(true);
  });

  test('auth needs user and pass; fromEmail must be an address', () => {
    expect(issues(rawConfig(server, { auth: { user: 'mailer' } }))).toEqual([expect.stringMatching(/^auth\.pass:/)]);
    expect(issues(rawConfig(server, { auth: { user: 'mailer', pass: password, type: 'oauth2' } }))).toEqual([expect.stringMatching(/^auth\.type:/)]);
    expect(issues(rawConfig(server, { fromEmail: 'not an address' }))).toEqual([expect.stringMatching(/^fromEmail: must be an email address/)]);
  });

  test('the password is not in a validation error', () => {
    const list = issues(rawConfig(server, { port: 'x', auth: { user: 'mailer', pass: password, type: 'nope' } }));
    expect(list.join(' ')).not.toContain(password);
  });
});

describe('smtp connector against a real SMTP server', () => {
  let fake: SmtpFake;

  beforeAll(async () => {
    fake = await startSmtpFake({ users: { mailer: password } });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });

  test('sends a text/plain template with the code', async () => {
    await connector.sendMessage(configFor(fake, { replyTo: 'help@signet.test' }), { to: 'jane@example.com', type: 'Register', payload: { code: '123456', locale: 'fr' } }, { timeoutMs: 5000 });

    expect(fake.logins).toEqual([{ username: 'mailer', method: 'PLAIN', accepted: true }]);
    expect(fake.messages).toHaveLength(1);
    const [mail] = fake.messages;
    expect(mail?.envelope).toEqual({ from: 'no-reply@signet.test', to: ['jane@example.com'] });
    expect(mail?.user).toBe('mailer');
    expect(mail?.accepted).toBe(true);
    expect(mail?.parsed.subject).toBe('Welcome, code 123456');
    expect(mail?.parsed.text?.trim()).toBe('Your sign-up code is 123456.');
    expect(mail?.parsed.html).toBe(false);
    expect(mail?.parsed.from?.value).toEqual([{ address: 'no-reply@signet.test', name: 'Signet' }]);
    expect(mail?.parsed.replyTo?.value).toEqual([{ address: 'help@signet.test', name: '' }]);
    const to = mail?.parsed.to;
    expect(Array.isArray(to) ? to : to?.value).toEqual([{ address: 'jane@example.com', name: '' }]);
  });

  test('sends a text/html template with a text alternative, escaping values in the HTML', async () => {
    const link = 'https://auth.signet.test/verify?token=a1&next=<x>';
    await connector.sendMessage(configFor(fake), { to: 'jane@example.com', type: 'SignIn', payload: { code: '654321', link } }, { timeoutMs: 5000 });

    const mail = fake.messages[0];
    expect(mail?.parsed.subject).toBe('Your sign-in code');
    expect(mail?.parsed.html).toContain('<p>Your code is <b>654321</b>.</p>');
    expect(mail?.parsed.html).toContain('<a href="https://auth.signet.test/verify?token=a1&amp;next=&lt;x&gt;">Open Signet</a>');
    expect(mail?.parsed.text?.trim()).toBe(`Your code is 654321.\nOpen Signet (${link})`);
  });

  test('a usage type without a template uses Generic', async () => {
    await connector.sendMessage(configFor(fake), { to: 'jane@example.com', type: 'MfaVerification', payload: { code: '777777' } }, { timeoutMs: 5000 });
    expect(fake.messages[0]?.parsed.subject).toBe('Your code');
    expect(fake.messages[0]?.parsed.text?.trim()).toBe('Generic code: 777777');
  });

  test('AUTH LOGIN works too when the server offers only that', async () => {
    const loginOnly = await startSmtpFake({ users: { mailer: password }, authMethods: ['LOGIN'] });
    try {
      await connector.sendMessage(configFor(loginOnly), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 });
      expect(loginOnly.logins).toEqual([{ username: 'mailer', method: 'LOGIN', accepted: true }]);
      expect(loginOnly.messages).toHaveLength(1);

      const error = await failure(
        connector.sendMessage(configFor(loginOnly, { auth: { user: 'mailer', pass: 'wrong-password' } }), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }),
      );
      expect(error.message).toBe('The SMTP server rejected the login: 535 5.7.8 Authentication credentials invalid');
      expect(error.data).toMatchObject({ command: 'AUTH LOGIN' });
    } finally {
      await loginOnly.close();
    }
  });

  test('wrong password: general error quoting the server, without the password', async () => {
    const error = await failure(
      connector.sendMessage(configFor(fake, { auth: { user: 'mailer', pass: `${password}-wrong` } }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }),
    );
    expect(error.code).toBe('general');
    expect(error.message).toBe('The SMTP server rejected the login: 535 5.7.8 Authentication credentials invalid');
    expect(error.data).toEqual({ providerCode: 535, providerMessage: '535 5.7.8 Authentication credentials invalid', command: 'AUTH PLAIN' });
    expect(error.message).not.toContain(`${password}-wrong`);
    expect(fake.logins).toEqual([{ username: 'mailer', method: 'PLAIN', accepted: false }]);
    expect(fake.messages).toHaveLength(0);
  });

  test('no login configured but the server wants one: general error saying so', async () => {
    const error = await failure(connector.sendMessage(configFor(fake, { auth: undefined }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toMatch(/^The SMTP server rejected the sender \(the server said: 530 .*\); it requires a login: set "auth"$/);
  });

  test('recipient rejected: general error with the server reply', async () => {
    fake.knobs.rejectRecipients['nobody@example.com'] = { code: 550, message: '5.1.1 No such user here' };
    const error = await failure(connector.sendMessage(configFor(fake), { to: 'nobody@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('The SMTP server rejected the recipient (the server said: 550 5.1.1 No such user here)');
    expect(error.data).toMatchObject({ providerCode: 550, command: 'RCPT TO' });
    expect(fake.messages).toHaveLength(0);
  });

  test('a server reply that echoes the password is redacted', async () => {
    fake.knobs.rejectRecipients['nobody@example.com'] = { code: 550, message: `5.1.1 user mailer with ${password} may not send here` };
    const error = await failure(connector.sendMessage(configFor(fake), { to: 'nobody@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.message).toBe('The SMTP server rejected the recipient (the server said: 550 5.1.1 user mailer with [redacted] may not send here)');
  });

  test('sender rejected: general error', async () => {
    fake.knobs.rejectSender = { code: 553, message: '5.7.1 Sender address not verified' };
    const error = await failure(connector.sendMessage(configFor(fake), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('The SMTP server rejected the sender (the server said: 553 5.7.1 Sender address not verified)');
  });

  test('message rejected after DATA: general error', async () => {
    fake.knobs.rejectMessage = { code: 554, message: '5.7.1 Message refused as spam' };
    const error = await failure(connector.sendMessage(configFor(fake), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('The SMTP server rejected the message (the server said: 554 5.7.1 Message refused as spam)');
    expect(fake.messages.map((mail) => mail.accepted)).toEqual([false]);
  });

  test('a sending limit reply: rate_limit_exceeded', async () => {
    fake.knobs.rejectMessage = { code: 451, message: '4.7.1 Too many messages, slow down' };
    const error = await failure(connector.sendMessage(configFor(fake), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toBe('The SMTP server is limiting sending (the server said: 451 4.7.1 Too many messages, slow down)');
  });

  test('a recipient that is not one plain address is refused before connecting', async () => {
    for (const to of ['jane@example.com, eve@example.com', 'Eve <eve@example.com>', 'jane@example.com\r\nBcc: eve@example.com', 'not-an-address']) {
      const error = await failure(connector.sendMessage(configFor(fake), { to, type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
      expect(error.code).toBe('general');
      expect(error.message).toBe('The recipient is not a single email address');
    }
    expect(fake.logins).toHaveLength(0);
  });

  test('requireTLS against a server without STARTTLS: general TLS error, nothing sent', async () => {
    const error = await failure(connector.sendMessage(configFor(fake, { requireTLS: true }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toMatch(/^TLS failed/);
    expect(fake.logins).toHaveLength(0);
    expect(fake.messages).toHaveLength(0);
  });

  test('secure (TLS from the start) against a plain server: general error with a hint', async () => {
    const error = await failure(connector.sendMessage(configFor(fake, { secure: true }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toBe(
      'TLS failed: the server does not speak TLS from the start on this port; turn "Secure" off (ports 587 and 25 use STARTTLS) or use port 465',
    );
  });
});

describe('smtp connector when the server is unreachable or silent', () => {
  test('server down (closed port): provider_unavailable', async () => {
    const port = await closedPort();
    const error = await failure(connector.sendMessage(configFor({ host: '127.0.0.1', port }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 2000 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('The SMTP server cannot be reached (ECONNREFUSED)');
  });

  test('a host name that does not resolve: provider_unavailable', async () => {
    const error = await failure(connector.sendMessage(configFor({ host: 'smtp.does-not-exist.invalid', port: 25 }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 2000 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toMatch(/^The SMTP server's host name cannot be resolved \(/);
  });

  test('a server that accepts the connection but never greets: provider_unavailable within about the timeout', async () => {
    const silent = await startSmtpFake({ users: { mailer: password } });
    silent.knobs.greetingDelayMs = Infinity;
    try {
      const started = Date.now();
      const error = await failure(connector.sendMessage(configFor(silent), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 300 }));
      const elapsed = Date.now() - started;
      expect(error.code).toBe('provider_unavailable');
      expect(error.message).toBe('The SMTP server did not answer within 300 ms');
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1500);
      expect(silent.messages).toHaveLength(0);
    } finally {
      await silent.close();
    }
  });

  test('a slow greeting within the timeout still works', async () => {
    const slow = await startSmtpFake({ users: { mailer: password } });
    slow.knobs.greetingDelayMs = 100;
    try {
      await connector.sendMessage(configFor(slow), { to: 'jane@example.com', type: 'SignIn', payload: { code: '42' } }, { timeoutMs: 3000 });
      expect(slow.messages).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

const certificate = createSelfSignedCertificate();

describe.skipIf(!certificate)('smtp connector over TLS (self-signed certificate)', () => {
  const tls = certificate!;
  const other = createSelfSignedCertificate('other');
  let implicit: SmtpFake;
  let starttls: SmtpFake;

  beforeAll(async () => {
    implicit = await startSmtpFake({ users: { mailer: password }, tls, secure: true });
    starttls = await startSmtpFake({ users: { mailer: password }, tls, allowInsecureAuth: false });
  });
  afterAll(async () => {
    await implicit.close();
    await starttls.close();
  });

  test('implicit TLS (secure) trusting the certificate as CA', async () => {
    await connector.sendMessage(configFor(implicit, { secure: true, tls: { ca: tls.cert } }), { to: 'jane@example.com', type: 'Register', payload: { code: '246810' } }, { timeoutMs: 5000 });
    expect(implicit.messages).toHaveLength(1);
    expect(implicit.messages[0]?.secure).toBe(true);
    expect(implicit.messages[0]?.parsed.subject).toBe('Welcome, code 246810');
  });

  test('a CA pasted with \\n escapes is understood', async () => {
    implicit.reset();
    await connector.sendMessage(configFor(implicit, { secure: true, tls: { ca: tls.cert.replace(/\n/g, '\\n') } }), { to: 'jane@example.com', type: 'Register', payload: { code: '1' } }, { timeoutMs: 5000 });
    expect(implicit.messages).toHaveLength(1);
  });

  test('STARTTLS (requireTLS) with the certificate as CA; the login happens over TLS', async () => {
    await connector.sendMessage(configFor(starttls, { requireTLS: true, tls: { ca: tls.cert } }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '135790' } }, { timeoutMs: 5000 });
    expect(starttls.messages).toHaveLength(1);
    expect(starttls.messages[0]?.secure).toBe(true);
    expect(starttls.messages[0]?.user).toBe('mailer');
    expect(starttls.messages[0]?.parsed.html).toContain('<b>135790</b>');
  });

  test('an untrusted certificate: general TLS error, no login attempted', async () => {
    starttls.reset();
    const error = await failure(connector.sendMessage(configFor(implicit, { secure: true }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toMatch(/^TLS failed: the server's certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: /);

    const viaStarttls = await failure(connector.sendMessage(configFor(starttls), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(viaStarttls.code).toBe('general');
    expect(viaStarttls.message).toMatch(/^TLS failed: the server's certificate is not trusted/);
    expect(starttls.logins).toHaveLength(0);
  });

  test.skipIf(!other)('a certificate for another name: general TLS error', async () => {
    const mismatched = await startSmtpFake({ users: { mailer: password }, tls: other!, secure: true });
    try {
      const error = await failure(
        connector.sendMessage(configFor(mismatched, { secure: true, servername: 'mail.example.com', tls: { ca: other!.cert } }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 }),
      );
      expect(error.code).toBe('general');
      expect(error.message).toMatch(/^TLS failed: the server's certificate is not trusted \(ERR_TLS_CERT_ALTNAME_INVALID: /);
    } finally {
      await mismatched.close();
    }
  });

  test('rejectUnauthorized: false accepts the self-signed certificate', async () => {
    implicit.reset();
    await connector.sendMessage(configFor(implicit, { secure: true, tls: { rejectUnauthorized: false } }), { to: 'jane@example.com', type: 'SignIn', payload: { code: '1' } }, { timeoutMs: 5000 });
    expect(implicit.messages).toHaveLength(1);
  });
});

describe('htmlToText', () => {
  test('block ends become line breaks, entities are decoded, styles dropped', () => {
    expect(htmlToText('<style>b{}</style><h1>Hi&nbsp;there</h1><p>Code: <b>1&#50;3</b> &amp; more&#x21;</p><ul><li>one</li><li>two</li></ul>line<br>break &bogus; &#99999999;')).toBe(
      'Hi there\nCode: 123 & more!\n- one\n- two\nline\nbreak &bogus; &#99999999;',
    );
  });
});
