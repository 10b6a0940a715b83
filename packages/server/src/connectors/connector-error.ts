// The closed set of connector failures. Their HTTP mapping lives in @signet/schemas (errorCodes,
// `connector.<code>`), the one place every API error gets its status.

export const connectorErrorCodes = [
  /** The saved or proposed config does not fit the connector's schema. */
  'invalid_config',
  /** The provider answered, but not in the shape its documentation promises. */
  'invalid_response',
  /** The provider could not be reached or did not answer in time. */
  'provider_unavailable',
  /** The provider refused the request (wrong credentials, unverified sender …); its code and message are in `data`. */
  'general',
  'template_not_found',
  'rate_limit_exceeded',
  /** The authorization code from the callback is invalid, used or expired. */
  'social_auth_code_invalid',
  'social_access_token_invalid',
  'social_id_token_invalid',
  /** The user denied access at the provider, or the callback lacks what the flow needs. */
  'authorization_failed',
  /** The connector cannot do this (e.g. send a message from a social connector). */
  'not_implemented',
] as const;

export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    /** Safe to show an admin: the provider's own error code and message, never a secret. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
