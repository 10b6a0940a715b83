// The connector kit: what every connector is made of and what the rest of Signet may ask of it.
// A connector is a plain object (metadata + config schema + functions); it never sees Koa, the
// database or the logger, so it can be tested alone against its fake provider.
import type { z } from 'zod';
import type { ConnectorMetadata, ConnectorType, TemplateUsageType } from '@signet/schemas';
import { ConnectorError } from './connector-error.ts';

export { ConnectorError } from './connector-error.ts';
export type { ConnectorErrorCode } from './connector-error.ts';

/** A message the dev outbox keeps instead of sending. */
export type OutboxEntry = {
  channel: 'Email' | 'Sms';
  to: string;
  usageType: TemplateUsageType;
  subject: string | null;
  content: string;
  payload: MessagePayload;
};

/** What every outbound call of a connector may use. Tests pass a shorter timeout. */
export type ConnectorContext = {
  /** Milliseconds before an outbound request is abandoned with `provider_unavailable`. */
  timeoutMs: number;
  /** Where the dev outbox keeps messages (the database); other connectors never use it. */
  outbox?: (entry: OutboxEntry) => Promise<void>;
};

export const defaultConnectorContext: ConnectorContext = { timeoutMs: 5000 };

export type SocialUserInfo = {
  /** The provider's stable user id: the social identity key. */
  id: string;
  name?: string;
  avatar?: string;
  email?: string;
  /** Only a provider that says the email is verified may set this. */
  emailVerified?: boolean;
  phone?: string;
  /** The provider's profile as received (never tokens or secrets). */
  rawData: Record<string, unknown>;
};

/** State a social connector keeps between the redirect and the callback (PKCE verifier, nonce …). */
export type ConnectorSession = Record<string, string>;

export type AuthorizationRequest = {
  state: string;
  /** Where the provider sends the user back: `${ENDPOINT}/callback/${connectorInstanceId}` on the web. */
  redirectUri: string;
  connectorInstanceId: string;
  /** Keeps values for `getUserInfo` (stored server side with the sign-in state). */
  setSession: (session: ConnectorSession) => void;
};

export type CallbackRequest = {
  /** The same redirect URI as in the authorization request (token endpoints compare it). */
  redirectUri: string;
  /** What `setSession` stored, or an empty object. */
  session: ConnectorSession;
};

type ConnectorBase<Config> = {
  metadata: ConnectorMetadata;
  /**
   * The one source of the config: it validates saves and tests, and the Console form (`formItems`)
   * is derived from it (see form-items.ts). Field descriptions go in `.meta()`.
   */
  configSchema: z.ZodType<Config>;
};

export type SocialConnector<Config = unknown> = ConnectorBase<Config> & {
  type: 'Social';
  getAuthorizationUri(config: Config, request: AuthorizationRequest, context: ConnectorContext): Promise<string>;
  /** `callbackData`: the query parameters the provider (or the native app) came back with. */
  getUserInfo(config: Config, callbackData: Record<string, string>, request: CallbackRequest, context: ConnectorContext): Promise<SocialUserInfo>;
};

export type MessagePayload = {
  code?: string;
  link?: string;
  locale?: string;
  [key: string]: string | undefined;
};

export type Message = {
  /** An email address or an E.164-like phone number, depending on the connector type. */
  to: string;
  type: TemplateUsageType;
  payload: MessagePayload;
};

export type MessageConnector<Config = unknown> = ConnectorBase<Config> & {
  type: Exclude<ConnectorType, 'Social'>;
  sendMessage(config: Config, message: Message, context: ConnectorContext): Promise<void>;
};

export type Connector<Config = unknown> = SocialConnector<Config> | MessageConnector<Config>;

/** Lets each connector declare its own config type while the registry holds them all. */
export function defineConnector<Config>(connector: Connector<Config>): Connector<unknown> {
  return connector as Connector<unknown>;
}

/** `{{code}}`, `{{link}}` … replaced by the payload's values; unknown placeholders are left as they are. */
export function renderTemplate(text: string, payload: MessagePayload): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => payload[key] ?? whole);
}

/** The template for a usage type, falling back to `Generic` (every connector config must have one). */
export function findTemplate<T extends { usageType: string }>(templates: readonly T[], type: TemplateUsageType): T {
  const template = templates.find((item) => item.usageType === type) ?? templates.find((item) => item.usageType === 'Generic');
  if (!template) throw new ConnectorError('template_not_found', `No template for usage type "${type}" and no "Generic" template`);
  return template;
}

/** Pasted PEM keys often arrive with literal `\n` escapes (from JSON or env files): make them line breaks. */
export function normalizePem(text: string): string {
  return text.replace(/\\n/g, '\n').trim();
}

export type ProviderResponse = { status: number; headers: Headers; text: string };

/**
 * The one way a connector calls its provider: a timeout on every request, and failures turned into
 * connector errors that name the provider and never the request body (which may hold secrets).
 */
export async function callProvider(
  provider: string,
  url: string,
  init: RequestInit,
  context: ConnectorContext,
): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(context.timeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new ConnectorError(
      'provider_unavailable',
      timedOut ? `${provider} did not answer within ${context.timeoutMs} ms` : `${provider} cannot be reached (${describeNetworkError(error)})`,
    );
  }
  try {
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new ConnectorError(
      'provider_unavailable',
      timedOut ? `${provider} did not finish its answer within ${context.timeoutMs} ms` : `${provider} broke off its answer`,
    );
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message ?? 'network error';
}

/** Parses a provider's JSON answer with a schema; anything else is `invalid_response`. */
export function parseProviderJson<T extends z.ZodType>(provider: string, text: string, schema: T): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError('invalid_response', `${provider} answered with something that is not JSON`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const where = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new ConnectorError('invalid_response', `${provider} answered with an unexpected shape (at ${where})`);
  }
  return result.data;
}

/** Validates a config against the connector's schema; the error names every field that is wrong. */
export function parseConfig<Config>(connector: { configSchema: z.ZodType<Config> }, raw: unknown): Config {
  const result = connector.configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(config)', message: issue.message }));
  const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ConnectorError('invalid_config', `Invalid connector config: ${message}`, { issues });
}

/** Built-in logos ship as SVG text; the API serves them as `data:` URIs so they need no route. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg.trim()).toString('base64')}`;
}
