// Test helpers: drive a social connector through a whole sign-in against a fake provider, the way
// Signet does (parse the config, get the authorization URI and session, follow the provider back
// to the callback, get the user info). Shared by the OIDC connector's and the presets' tests.
import { parseConfig } from '../kit.ts';
import type { Connector, ConnectorContext, ConnectorSession, SocialConnector, SocialUserInfo } from '../kit.ts';

export const testRedirectUri = 'http://localhost:3001/callback/test-connector';
export const testContext: ConnectorContext = { timeoutMs: 3000 };

export function socialConnector(connector: Connector<unknown>): SocialConnector<unknown> {
  if (connector.type !== 'Social') throw new Error(`not a social connector: ${connector.metadata.id}`);
  return connector;
}

export type BegunSignIn = { url: URL; session: ConnectorSession; state: string; config: unknown };

export async function beginSignIn(
  connector: Connector<unknown>,
  rawConfig: unknown,
  options: { redirectUri?: string; state?: string; context?: ConnectorContext } = {},
): Promise<BegunSignIn> {
  const social = socialConnector(connector);
  const config = parseConfig(social, rawConfig);
  const state = options.state ?? `state-${Math.random().toString(36).slice(2)}`;
  let session: ConnectorSession = {};
  const url = await social.getAuthorizationUri(
    config,
    { state, redirectUri: options.redirectUri ?? testRedirectUri, connectorInstanceId: 'test-connector', setSession: (value) => (session = value) },
    options.context ?? testContext,
  );
  return { url: new URL(url), session, state, config };
}

export async function completeSignIn(
  connector: Connector<unknown>,
  begun: BegunSignIn,
  callbackData: Record<string, string>,
  options: { redirectUri?: string; session?: ConnectorSession; context?: ConnectorContext } = {},
): Promise<SocialUserInfo> {
  return socialConnector(connector).getUserInfo(
    begun.config,
    callbackData,
    { redirectUri: options.redirectUri ?? testRedirectUri, session: options.session ?? begun.session },
    options.context ?? testContext,
  );
}

/** What a rejected promise was rejected with (tests assert its code, message and data). */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string; data?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; data?: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}
