// nodemailer transport options from the config: the admin's connection settings plus what Signet
// always wants — its own timeouts, no logging (the SMTP dialogue carries credentials), and no
// reading of local files or URLs from message content.
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { ConnectorContext } from '../kit.ts';
import { normalizePem } from '../kit.ts';
import type { SmtpConfig } from './config.ts';

export function smtpTransportOptions(config: SmtpConfig, context: ConnectorContext): SMTPTransportOptions {
  const options: SMTPTransportOptions = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    connectionTimeout: context.timeoutMs,
    greetingTimeout: context.timeoutMs,
    socketTimeout: context.timeoutMs,
    dnsTimeout: context.timeoutMs,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (config.auth) options.auth = { type: 'login', user: config.auth.user, pass: config.auth.pass };
  if (config.requireTLS !== undefined) options.requireTLS = config.requireTLS;
  if (config.ignoreTLS !== undefined) options.ignoreTLS = config.ignoreTLS;
  if (config.name !== undefined) options.name = config.name;
  const tls: NonNullable<SMTPTransportOptions['tls']> = {};
  if (config.servername !== undefined) {
    options.servername = config.servername;
    tls.servername = config.servername;
  }
  if (config.tls?.ca !== undefined) tls.ca = normalizePem(config.tls.ca);
  if (config.tls?.minVersion !== undefined) tls.minVersion = config.tls.minVersion;
  if (config.tls?.rejectUnauthorized !== undefined) tls.rejectUnauthorized = config.tls.rejectUnauthorized;
  if (Object.keys(tls).length > 0) options.tls = tls;
  return options;
}
