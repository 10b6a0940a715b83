// Where a provider sends people back: Signet serves the Console and the callbacks from one origin.

/** The web callback URI to register at the provider. */
export function callbackUri(connectorId: string): string {
  return `${window.location.origin}/callback/${connectorId}`;
}

/** The page a native app loads in its web view with the provider's answer (Native connectors). */
export function nativeCallbackUri(connectorId: string): string {
  return `${window.location.origin}/callback/social/${connectorId}`;
}
