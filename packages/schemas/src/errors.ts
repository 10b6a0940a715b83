import { z } from 'zod';

/** Every `/api/*` error has this shape. `code` is stable and meant for programs; `message` for people. */
export const apiErrorSchema = z.object({
  code: z.string().describe('stable error code, `domain.reason`'),
  message: z.string(),
  data: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** The closed set of error codes the API answers with, and their HTTP status. */
export const errorCodes = {
  'guard.invalid_input': 400,
  'guard.invalid_json': 400,
  'guard.unsupported_media_type': 415,
  'guard.payload_too_large': 413,
  'auth.unauthorized': 401,
  'auth.forbidden': 403,
  'request.csrf_rejected': 403,
  'entity.not_found': 404,
  'route.not_found': 404,
  'request.method_not_allowed': 405,
  'request.rate_limited': 429,
  'application.invalid_redirect_uri': 422,
  'application.invalid_cors_origin': 422,
  'application.id_already_exists': 422,
  'application.not_confidential': 422,
  'user.username_already_in_use': 422,
  'user.email_already_in_use': 422,
  'user.phone_already_in_use': 422,
  'user.password_policy_violation': 422,
  'user.identity_not_found': 404,
  'user.identity_already_in_use': 422,
  'role.name_in_use': 422,
  'role.type_mismatch': 422,
  'role.cannot_delete_built_in': 422,
  'oidc.key_not_found': 404,
  'oidc.cannot_delete_active_key': 422,
  'session.interaction_not_found': 400,
  'session.invalid_event': 400,
  'session.verification_not_found': 400,
  'session.verification_failed': 422,
  'session.identifier_not_verified': 400,
  'session.sign_in_failed': 422,
  'session.account_suspended': 403,
  'session.too_many_attempts': 429,
  // Connector failures (connectors/connector-error.ts): `connector.<code>`.
  'connector.invalid_config': 400,
  'connector.invalid_response': 502,
  'connector.provider_unavailable': 504,
  'connector.general': 400,
  'connector.template_not_found': 400,
  'connector.rate_limit_exceeded': 429,
  'connector.social_auth_code_invalid': 422,
  'connector.social_access_token_invalid': 422,
  'connector.social_id_token_invalid': 422,
  'connector.authorization_failed': 422,
  'connector.not_implemented': 400,
  // Connector management.
  'connector.factory_not_found': 404,
  'connector.not_found': 404,
  'connector.not_configured': 422,
  'connector.id_already_exists': 422,
  'connector.multiple_instances_not_supported': 422,
  'connector.target_in_use': 422,
  'server.internal_error': 500,
} as const;
export type ErrorCode = keyof typeof errorCodes;
