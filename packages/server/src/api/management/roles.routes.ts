import { z } from 'zod';
import { createRoleBodySchema, idSchema, roleSchema } from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { RolesService } from '../../domain/roles/roles.service.ts';

export function roleRoutes(routes: RouteRegistry, roles: RolesService): void {
  const tag = 'Roles';
  routes.add({ method: 'get', path: '/roles', tag, summary: 'List roles', response: z.array(roleSchema) }, () => roles.list());
  routes.add(
    { method: 'post', path: '/roles', tag, summary: 'Create a role', body: createRoleBodySchema, response: roleSchema, status: 201 },
    ({ body }) => roles.create(body),
  );
  routes.add(
    { method: 'delete', path: '/roles/:id', tag, summary: 'Delete a role (built-in roles cannot be deleted)', params: z.object({ id: idSchema }), status: 204 },
    ({ params }) => roles.remove(params.id),
  );
}
