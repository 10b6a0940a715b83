// The Management API scopes of a machine-to-machine application, from memory. Every
// client_credentials token for the Management API and every Management API call made with one
// needs them; they change only when an admin changes roles or applications, and every such change
// goes through the Management API, which drops all caches on every instance (see app.ts).
import type { RolesService } from '../domain/roles/roles.service.ts';
import { applicationsTopic } from '../domain/applications/applications.service.ts';
import { createCache } from './cache.ts';
import type { InvalidationBus } from './invalidation.ts';

export const rolesTopic = 'roles';

export function cachedApplicationScopes(roles: RolesService, bus: InvalidationBus): (applicationId: string) => Promise<string[]> {
  const cache = createCache<string, readonly string[]>({ bus, topics: [rolesTopic, applicationsTopic] });
  // A copy each time: the caller owns the array it gets.
  return async (applicationId) => [...((await cache.get(applicationId, (id) => roles.managementScopesOfApplication(id))) ?? [])];
}
