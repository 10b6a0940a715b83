// Delivers one message to the admin's own endpoint: a JSON POST, signed when a signing secret is
// set. Any 2xx is success; what the endpoint answers otherwise reaches the admin, minus secrets.
import type { Message, ConnectorContext } from '../kit.ts';
import { ConnectorError, callProvider } from '../kit.ts';
import type { HttpMessageConfig } from './config.ts';
import { redactSecrets, truncate } from './redact.ts';
import { signatureHeader, signatureHeaderName } from './signature.ts';

/** The JSON body: Logto's `to` / `type` / `payload`, plus the rendered template when there is one. */
export type HttpMessageBody = {
  to: string;
  type: Message['type'];
  payload: Message['payload'];
  subject?: string;
  content?: string;
  contentType?: 'text/plain' | 'text/html';
};

/** How much of the endpoint's answer an error message quotes. */
export const maxQuotedResponseLength = 500;

const unavailableStatuses = new Set([502, 503, 504]);

export async function postHttpMessage(
  provider: string,
  config: HttpMessageConfig,
  body: HttpMessageBody,
  context: ConnectorContext,
): Promise<void> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Signet' };
  if (config.authorization) headers.Authorization = config.authorization;
  if (config.signingSecret) headers[signatureHeaderName] = signatureHeader(config.signingSecret, text);

  const response = await callProvider(provider, config.endpoint, { method: 'POST', headers, body: text }, context);
  const { status } = response;
  if (status >= 200 && status < 300) return;

  const secrets = [config.authorization, config.signingSecret];
  const answer = redactSecrets(truncate(response.text.trim(), maxQuotedResponseLength), secrets);
  const data: Record<string, unknown> = { status, providerMessage: answer };
  const said = answer ? `: ${answer}` : '';

  if (status === 429) {
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter) data.retryAfter = truncate(retryAfter, 64);
    throw new ConnectorError('rate_limit_exceeded', `${provider} is rate limiting (HTTP 429)${said}`, data);
  }
  if (unavailableStatuses.has(status)) {
    throw new ConnectorError('provider_unavailable', `${provider} is unavailable (HTTP ${status})${said}`, data);
  }
  if (status >= 300 && status < 400) {
    // callProvider does not follow redirects: a moved endpoint must be updated in the config.
    const location = response.headers.get('location');
    if (location) data.location = redactSecrets(truncate(location, maxQuotedResponseLength), secrets);
    throw new ConnectorError('general', `${provider} answered with a redirect (HTTP ${status}${location ? ` to ${String(data.location)}` : ''}); redirects are not followed, put the final URL in the config`, data);
  }
  throw new ConnectorError('general', `${provider} refused the message (HTTP ${status})${said}`, data);
}
