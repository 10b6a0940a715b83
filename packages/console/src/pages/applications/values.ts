// Signet's addresses as an app sees them, and which applications hold a secret.
import type { ApplicationType } from '@signet/schemas';

/** The Console is served by Signet itself, so its origin is Signet's public URL (ENDPOINT). */
export function signetUrls() {
  const origin = window.location.origin;
  const issuer = `${origin}/oidc`;
  return { origin, issuer, discoveryUrl: `${issuer}/.well-known/openid-configuration` };
}

/** Single page and native apps are public clients: they cannot keep a secret, so they use none (PKCE instead). */
export function isConfidential(type: ApplicationType): boolean {
  return type === 'Traditional' || type === 'MachineToMachine';
}
