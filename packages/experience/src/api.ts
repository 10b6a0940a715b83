// The Experience API client. Same-origin JSON calls (the server checks Origin against CSRF); every
// failure becomes an ExperienceApiError carrying the API's stable `code` so the UI can translate it.
import type {
  AddProfileBody,
  CodeIdentifier,
  ConsentDetails,
  ExperienceSettings,
  ExperienceStep,
  InteractionEvent,
} from '@signet/schemas';

export class ExperienceApiError extends Error {
  readonly code: string;
  readonly data: unknown;
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;

  constructor(code: string, message: string, data: unknown, status: number) {
    super(message);
    this.name = 'ExperienceApiError';
    this.code = code;
    this.data = data;
    this.status = status;
  }
}

/** The code a page shows when the request never got an answer. */
export const networkErrorCode = 'request.network_error';

function isErrorBody(value: unknown): value is { code: string; message?: unknown; data?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

async function request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ExperienceApiError(networkErrorCode, 'The server could not be reached', undefined, 0);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) {
      throw new ExperienceApiError(parsed.code, typeof parsed.message === 'string' ? parsed.message : parsed.code, parsed.data, response.status);
    }
    throw new ExperienceApiError('server.internal_error', `HTTP ${response.status}`, undefined, response.status);
  }
  return parsed as T;
}

export interface VerificationResult {
  verificationId: string;
}
export interface SentCode extends VerificationResult {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}
export interface Redirect {
  redirectTo: string;
}
export type PasswordIdentifier = { type: 'username' | 'email' | 'phone'; value: string };

export const api = {
  settings: () => request<ExperienceSettings>('GET', '/experience/settings'),
  current: () => request<ExperienceStep>('GET', '/experience'),
  start: (interactionEvent: InteractionEvent) => request<ExperienceStep>('PUT', '/experience', { interactionEvent }),
  /** Changes the event but keeps the verifications (e.g. "no account: create it?"). */
  switchEvent: (interactionEvent: InteractionEvent) => request<unknown>('PUT', '/experience/interaction-event', { interactionEvent }),
  verifyPassword: (identifier: PasswordIdentifier, password: string) =>
    request<VerificationResult>('POST', '/experience/verification/password', { identifier, password }),
  sendCode: (identifier: CodeIdentifier, interactionEvent: InteractionEvent) =>
    request<SentCode>('POST', '/experience/verification/verification-code', { identifier, interactionEvent }),
  verifyCode: (identifier: CodeIdentifier, verificationId: string, code: string) =>
    request<VerificationResult>('POST', '/experience/verification/verification-code/verify', { identifier, verificationId, code }),
  socialAuthorizationUri: (connectorId: string) =>
    request<VerificationResult & { authorizationUri: string }>('POST', `/experience/verification/social/${encodeURIComponent(connectorId)}/authorization-uri`),
  identify: (body: { verificationId?: string; linkSocialVerificationId?: string }) => request<ExperienceStep>('POST', '/experience/identification', body),
  addProfile: (body: AddProfileBody) => request<ExperienceStep>('POST', '/experience/profile', body),
  resetPassword: (password: string) => request<ExperienceStep>('PUT', '/experience/profile/password', { password }),
  submit: () => request<Redirect>('POST', '/experience/submit'),
  consent: () => request<ConsentDetails>('GET', '/experience/consent'),
  decideConsent: (decision: 'allow' | 'deny') => request<Redirect>('POST', '/experience/consent', { decision }),
};
