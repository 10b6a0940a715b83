// Which issuers a Microsoft Entra ID tenant setting accepts. A single tenant's issuer is
// `${cloudInstance}/${tenantGuid}/v2.0`. For `common` and `organizations`, discovery answers with the
// template `…/{tenantid}/v2.0` and each ID token's `iss` holds the user's own tenant (its `tid`
// claim), so the issuer to expect is only known per token.
import type { JWTPayload } from 'jose';
import { guidPattern } from './config.ts';

/** The tenant of personal Microsoft accounts (outlook.com, xbox …). */
export const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

const tenantPlaceholder = '{tenantid}';

export function tenantIssuer(cloudInstance: string, tenant: string): string {
  return `${cloudInstance.replace(/\/+$/, '')}/${tenant}/v2.0`;
}

/** Discovery for `tenantId` may name an issuer other than the one it was fetched from. */
export function acceptsDiscoveredIssuer(cloudInstance: string, tenantId: string, discovered: string): boolean {
  if (tenantId === 'common' || tenantId === 'organizations') return discovered === tenantIssuer(cloudInstance, tenantPlaceholder);
  if (tenantId === 'consumers') return discovered === tenantIssuer(cloudInstance, consumersTenantId);
  if (guidPattern.test(tenantId)) return false; // a GUID tenant's issuer is itself
  // A domain name: discovery names the tenant's GUID.
  const prefix = `${cloudInstance.replace(/\/+$/, '')}/`;
  const suffix = '/v2.0';
  if (!discovered.startsWith(prefix) || !discovered.endsWith(suffix)) return false;
  return guidPattern.test(discovered.slice(prefix.length, -suffix.length));
}

/** For the template issuer: the issuer of the token's own tenant, when that tenant may sign in here. */
export function issuerForToken(tenantId: string, claims: JWTPayload, expected: string): string | undefined {
  const { tid } = claims;
  if (!expected.includes(tenantPlaceholder) || typeof tid !== 'string' || !guidPattern.test(tid)) return undefined;
  // `organizations` is for work and school accounts only.
  if (tenantId === 'organizations' && tid === consumersTenantId) return undefined;
  return expected.replace(tenantPlaceholder, tid);
}
