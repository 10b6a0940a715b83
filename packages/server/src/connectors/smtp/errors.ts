// Maps nodemailer's failures to connector errors an admin can act on. What the server said is
// quoted (it explains most refusals), after removing the password in any form it could echo.
import type { ConnectorContext } from '../kit.ts';
import { ConnectorError } from '../kit.ts';
import { redactSecrets, truncate } from '../http-message/redact.ts';

/** The fields nodemailer puts on its errors (see nodemailer's errors.d.ts). */
type NodemailerFailure = {
  name?: string;
  code?: string;
  originalCode?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
};

// Codes a TLS handshake or certificate check fails with (Node's and OpenSSL's).
const tlsCodePattern = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$)/;
// How providers word sending limits (Gmail "Daily user sending limit exceeded", SES "Throttling"…).
const rateLimitPattern = /rate limit|too many|quota|sending limit|throttl|exceeded the (?:maximum|limit)/i;

export type SmtpSecrets = { user?: string | undefined; pass?: string | undefined };

/** The password as sent: raw, base64 (AUTH LOGIN) and inside the AUTH PLAIN token. */
function secretForms({ user, pass }: SmtpSecrets): (string | undefined)[] {
  if (!pass) return [];
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [pass, b64(pass), b64(`\u0000${user ?? ''}\u0000${pass}`), b64(`${user ?? ''}\u0000${user ?? ''}\u0000${pass}`)];
}

function describe(text: string | undefined, secrets: SmtpSecrets): string {
  return redactSecrets(truncate((text ?? '').trim(), 500), secretForms(secrets));
}

export function smtpFailure(error: unknown, secrets: SmtpSecrets, context: ConnectorContext): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NodemailerFailure;
  const code = failure.code ?? 'unknown';
  const reply = describe(failure.response, secrets);
  const message = describe(failure.message, secrets);
  const data: Record<string, unknown> = { providerCode: failure.responseCode ?? failure.originalCode ?? code, providerMessage: reply || message };
  if (failure.command) data.command = failure.command;
  const said = reply ? ` (the server said: ${reply})` : '';

  if (code === 'EABORT' || code === 'ETIMEDOUT') {
    return new ConnectorError('provider_unavailable', `The SMTP server did not answer within ${context.timeoutMs} ms${failure.command && failure.command !== 'CONN' ? ` (during ${failure.command})` : ''}`, data);
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') {
    return new ConnectorError('general', `The SMTP server rejected the login${reply ? `: ${reply}` : ` (${message})`}`, data);
  }
  if (code === 'ETLS' || (failure.originalCode !== undefined && tlsCodePattern.test(failure.originalCode))) {
    return new ConnectorError('general', tlsMessage(failure.originalCode, message), data);
  }
  if (code === 'EDNS') {
    return new ConnectorError('provider_unavailable', `The SMTP server's host name cannot be resolved (${failure.originalCode ?? message})`, data);
  }
  if (code === 'ESOCKET' || code === 'ECONNECTION' || failure.responseCode === 421) {
    const reason = failure.originalCode ?? (reply || message);
    return new ConnectorError('provider_unavailable', `The SMTP server cannot be reached (${reason})`, data);
  }
  if (reply && rateLimitPattern.test(reply)) {
    return new ConnectorError('rate_limit_exceeded', `The SMTP server is limiting sending${said}`, data);
  }
  if (code === 'EENVELOPE' && failure.command === 'RCPT TO') {
    return new ConnectorError('general', `The SMTP server rejected the recipient${said}`, data);
  }
  if (code === 'EENVELOPE' && failure.command === 'MAIL FROM') {
    const hint = failure.responseCode === 530 ? '; it requires a login: set "auth"' : '';
    return new ConnectorError('general', `The SMTP server rejected the sender${said}${hint}`, data);
  }
  if (code === 'EMESSAGE' || (code === 'EENVELOPE' && failure.command === 'DATA')) {
    return new ConnectorError('general', `The SMTP server rejected the message${said}`, data);
  }
  if (code === 'EPROTOCOL') {
    return new ConnectorError('invalid_response', `The SMTP server answered something unexpected${said}`, data);
  }
  return new ConnectorError('general', `Sending through the SMTP server failed (${code}): ${message}`, data);
}

function tlsMessage(originalCode: string | undefined, message: string): string {
  if (originalCode === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return 'TLS failed: the server does not speak TLS from the start on this port; turn "Secure" off (ports 587 and 25 use STARTTLS) or use port 465';
  }
  if (originalCode && /CERT|SIGNED|UNABLE_TO|HOSTNAME|ALTNAME/.test(originalCode)) {
    return `TLS failed: the server's certificate is not trusted (${originalCode}: ${message}); trust its CA with tls.ca, or set servername when the host is an IP address`;
  }
  return `TLS failed (${originalCode ?? 'ETLS'}): ${message}`;
}
