// Config fields shared by the HTTP email and HTTP SMS connectors. `endpoint` and `authorization`
// carry the names Logto's HTTP connectors use, so their configs carry over; `signingSecret` is ours.
import { z } from 'zod';

// Header values must be printable ASCII: fetch would refuse anything else with an error that may
// quote the value, and that value is a secret.
const headerSafe = /^[\t\x20-\x7e]*$/;

export const httpMessageConfigFields = {
  endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    // Credentials in the URL would end up in logs and error messages: they belong in `authorization`.
    .refine((value) => {
      const url = URL.canParse(value) ? new URL(value) : undefined;
      return !url || (url.username === '' && url.password === '');
    }, 'must not contain a user name or password; use the Authorization header field instead')
    .meta({
      label: 'Endpoint',
      placeholder: 'https://messages.example.com/signet',
      description: 'Signet POSTs every message to this URL as JSON. Any 2xx answer counts as delivered.',
    }),
  authorization: z
    .string()
    .min(1)
    .max(4096)
    .regex(headerSafe, 'must be printable ASCII (no line breaks)')
    .optional()
    .meta({
      label: 'Authorization header',
      placeholder: 'Bearer <token>',
      description: 'Sent as is in the Authorization header of every request.',
      confidential: true,
    }),
  signingSecret: z
    .string()
    .min(16, 'must be at least 16 characters')
    .max(512)
    .optional()
    .meta({
      label: 'Signing secret',
      placeholder: 'a long random string',
      description: 'When set, every request carries a Signet-Signature header (HMAC-SHA256 of the timestamp and the body) that your endpoint can verify.',
      confidential: true,
    }),
};

export type HttpMessageConfig = {
  endpoint: string;
  authorization?: string | undefined;
  signingSecret?: string | undefined;
};
