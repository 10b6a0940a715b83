import { z } from 'zod';
import { createRoleBodySchema, idSchema, paginationQuerySchema, roleSchema, roleUsersBodySchema, userSchema } from '@signet/schemas';
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

  const idParams = z.object({ id: idSchema });
  routes.add(
    { method: 'get', path: '/roles/:id/users', tag, summary: 'Users holding a role, most recently assigned first', params: idParams, query: paginationQuerySchema, response: z.array(userSchema) },
    async ({ params, query, ctx }) => {
      const { items, total } = await roles.usersOfRole(params.id, query.page, query.page_size);
      ctx.set('Total-Number', String(total));
      return items;
    },
  );
  routes.add(
    { method: 'post', path: '/roles/:id/users', tag, summary: 'Give a user role to several users (all or nothing)', params: idParams, body: roleUsersBodySchema, status: 201 },
    async ({ params, body }) => {
      await roles.assignToUsers(params.id, body.userIds);
      return { userIds: body.userIds };
    },
  );
  routes.add(
    {
      method: 'delete',
      path: '/roles/:id/users/:userId',
      tag,
      summary: 'Take a role from a user (refused for the last active Console admin)',
      params: z.object({ id: idSchema, userId: idSchema }),
      status: 204,
    },
    ({ params }) => roles.removeFromUser(params.userId, params.id),
  );
}
