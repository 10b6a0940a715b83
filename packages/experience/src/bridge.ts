// The native bridge (shared/specs/connectors.md, "Native bridge"): mobile SDKs open this page in a
// web view and inject `window.logtoNativeSdk` before it runs. It decides which social buttons show
// and how a Native connector's sign-in is handed to the app.
import type { ExperienceSocialConnector } from '@signet/schemas';

export interface NativeBridge {
  platform: 'ios' | 'android';
  /** The app's own callback link. */
  callbackLink?: string;
  getPostMessage: () => (data: { callbackUri?: string; redirectTo?: string }) => void;
  supportedConnector: { universal: boolean; nativeTargets: string[] };
}

declare global {
  interface Window {
    logtoNativeSdk?: NativeBridge;
  }
}

/** The injected bridge, when it looks usable (a half-injected object is treated as a plain browser). */
export function getNativeBridge(scope: { logtoNativeSdk?: unknown } = window): NativeBridge | undefined {
  const candidate = scope.logtoNativeSdk as Partial<NativeBridge> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.getPostMessage !== 'function') return undefined;
  const supported = candidate.supportedConnector;
  if (!supported || !Array.isArray(supported.nativeTargets)) return undefined;
  return candidate as NativeBridge;
}

/**
 * Which connectors get a button, in the given order.
 * - Plain browser: Web and Universal; Native hidden; Web wins over Universal for the same target.
 * - With the bridge: Native whose target the app supports, Universal when the app supports it and has
 *   a callback link; Web hidden; Native wins over Universal for the same target.
 */
export function visibleConnectors(connectors: readonly ExperienceSocialConnector[], bridge: NativeBridge | undefined): ExperienceSocialConnector[] {
  const preferred = bridge ? 'Native' : 'Web';
  const allowed = connectors.filter((connector) => {
    if (!bridge) return connector.platform === 'Web' || connector.platform === 'Universal';
    if (connector.platform === 'Native') return bridge.supportedConnector.nativeTargets.includes(connector.target);
    if (connector.platform === 'Universal') return bridge.supportedConnector.universal && Boolean(bridge.callbackLink);
    return false;
  });
  const preferredTargets = new Set(allowed.filter((connector) => connector.platform === preferred).map((connector) => connector.target));
  return allowed.filter((connector) => connector.platform !== 'Universal' || !preferredTargets.has(connector.target));
}

/**
 * Sends the user to the provider. A Native connector is handed to the app, which opens the
 * provider's app and then loads `callbackUri` with its answer in this web view.
 */
export function goToProvider(
  connector: Pick<ExperienceSocialConnector, 'id' | 'platform'>,
  authorizationUri: string,
  bridge: NativeBridge | undefined,
  location: Pick<Location, 'origin' | 'assign'> = window.location,
): void {
  if (bridge && connector.platform === 'Native') {
    bridge.getPostMessage()({ callbackUri: `${location.origin}/callback/social/${connector.id}`, redirectTo: authorizationUri });
    return;
  }
  location.assign(authorizationUri);
}

/** The connector's name in the page's language, else the base language, else English. */
export function connectorName(name: Record<string, string> & { en: string }, locale: string): string {
  return name[locale] ?? name[locale.split('-')[0]!] ?? name.en;
}

/** For "link your … account": the connector's name, or its id when it is no longer listed. */
export function connectorNameById(settings: { socialConnectors: readonly ExperienceSocialConnector[] }, connectorId: string, locale: string): string {
  const connector = settings.socialConnectors.find((candidate) => candidate.id === connectorId);
  return connector ? connectorName(connector.name, locale) : connectorId;
}
