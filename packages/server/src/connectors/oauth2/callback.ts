// Reads what the provider sent back to `/callback/<id>`: a code, or an RFC 6749 §4.1.2.1 error.
import { ConnectorError } from '../kit.ts';
import { sanitizeProviderText } from './provider-errors.ts';

/**
 * The authorization code of a callback. A denial (`error=access_denied`) or any other error the
 * provider put in the redirect, or a callback without a code, is `authorization_failed`: the
 * sign-in cannot go on, and the provider's code and description tell the admin why.
 */
export function readAuthorizationCode(provider: string, callbackData: Record<string, string>): string {
  const { error, error_description: description, code } = callbackData;
  if (error) {
    const data: Record<string, unknown> = { providerCode: sanitizeProviderText(error) };
    if (description) data.providerMessage = sanitizeProviderText(description);
    const message =
      error === 'access_denied' ? `The user denied access at ${provider}` : `${provider} returned an error to the callback (${data.providerCode as string})`;
    throw new ConnectorError('authorization_failed', message, data);
  }
  if (!code) throw new ConnectorError('authorization_failed', `The callback from ${provider} has no authorization code`);
  return code;
}
