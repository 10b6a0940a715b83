// SMTP config, with the field names of Logto's SMTP connector (nodemailer's own option names), so a
// Logto config carries over. Options Signet sets itself (timeouts, logging, file and URL access)
// are not fields; unknown fields are dropped.
import { z } from 'zod';
import { templatesSchema } from '../templates.ts';
import { emailTemplateFields } from './render.ts';

const loginAuthSchema = z.object({
  // Logto accepts these spellings; nodemailer treats them all as a password login.
  type: z.enum(['login', 'Login', 'LOGIN']).optional(),
  user: z.string().min(1).max(512),
  pass: z.string().min(1).max(1024),
});

const tlsSchema = z.object({
  /** false accepts any certificate: only for a server on a trusted network with a self-signed one. */
  rejectUnauthorized: z.boolean().optional(),
  minVersion: z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']).optional(),
  /** A PEM CA certificate to trust (a private CA or a self-signed server certificate). */
  ca: z.string().min(1).max(65_536).optional(),
});

export const smtpConfigSchema = z.object({
  host: z.string().trim().min(1).max(255).meta({ label: 'Host', placeholder: 'smtp.example.com', description: 'The SMTP server name or IP address.' }),
  port: z
    .number()
    .int()
    .min(1)
    .max(65_535)
    .meta({ label: 'Port', placeholder: '587', description: 'Usually 587 (STARTTLS), 465 (TLS from the start, turn on "Secure") or 25.' }),
  auth: loginAuthSchema.optional().meta({
    label: 'Authentication',
    placeholder: '{ "type": "login", "user": "apikey", "pass": "…" }',
    description: 'The SMTP login: { "user", "pass" } (and optionally "type": "login"). Leave empty for a relay that needs no login. The whole field is secret.',
    confidential: true,
  }),
  fromEmail: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .refine((value) => value.includes('@') && !/[\r\n]/.test(value), 'must be an email address, e.g. "no-reply@example.com" or "Example <no-reply@example.com>"')
    .meta({ label: 'From', placeholder: 'Example <no-reply@example.com>', description: 'The sender address (the server must allow you to send as it).' }),
  replyTo: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .refine((value) => value.includes('@') && !/[\r\n]/.test(value), 'must be an email address')
    .optional()
    .meta({ label: 'Reply-To', placeholder: 'support@example.com' }),
  templates: templatesSchema(emailTemplateFields).meta({
    label: 'Templates',
    description:
      'One template per usage type: { usageType, subject, content, contentType ("text/plain" or "text/html") }. {{code}} (and {{link}}) are filled in. Register, SignIn, ForgotPassword and Generic are required; other types fall back to Generic.',
  }),
  secure: z
    .boolean()
    .default(false)
    .meta({ label: 'Secure (TLS from the start)', description: 'On for port 465. Off for 587 and 25, where the connection is upgraded with STARTTLS when the server offers it.' }),
  requireTLS: z.boolean().optional().meta({ label: 'Require STARTTLS', description: 'Fail rather than send without encryption when the server does not offer STARTTLS.' }),
  ignoreTLS: z.boolean().optional().meta({ label: 'Ignore STARTTLS', description: 'Never upgrade with STARTTLS, even when offered (not recommended).' }),
  servername: z.string().trim().min(1).max(255).optional().meta({ label: 'TLS server name', description: 'The name to check the certificate against when "Host" is an IP address.' }),
  name: z.string().trim().min(1).max(255).optional().meta({ label: 'Client name', placeholder: 'auth.example.com', description: 'The host name Signet announces in EHLO (default: this machine\'s name).' }),
  tls: tlsSchema.optional().meta({
    label: 'TLS options',
    placeholder: '{ "ca": "-----BEGIN CERTIFICATE-----…" }',
    description: 'Optional: { "ca": PEM certificate to trust, "minVersion": "TLSv1.2", "rejectUnauthorized": false to accept any certificate }.',
  }),
});

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;
