import { z } from 'zod';
import {
  assignRolesBodySchema,
  createUserBodySchema,
  identitiesSchema,
  idSchema,
  listUsersQuerySchema,
  putUserIdentityBodySchema,
  roleSchema,
  updateUserBodySchema,
  updateUserCustomDataBodySchema,
  updateUserPasswordBodySchema,
  updateUserSuspensionBodySchema,
  userSchema,
  verifyUserPasswordBodySchema,
} from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { UsersService } from '../../domain/users/users.service.ts';
import type { RolesService } from '../../domain/roles/roles.service.ts';
import { ApiError } from '../../http/api-error.ts';

const idParams = z.object({ id: idSchema });
const identityParams = z.object({ id: idSchema, target: z.string().regex(/^[\w-]{1,64}$/) });

export function userRoutes(routes: RouteRegistry, users: UsersService, roles: RolesService): void {
  const tag = 'Users';

  routes.add(
    { method: 'get', path: '/users', tag, summary: 'Search and page through users', query: listUsersQuerySchema, response: z.array(userSchema) },
    async ({ query, ctx }) => {
      const { items, total } = await users.list(query.search, query.page, query.page_size);
      ctx.set('Total-Number', String(total));
      return items;
    },
  );

  routes.add(
    { method: 'post', path: '/users', tag, summary: 'Create a user', body: createUserBodySchema, response: userSchema, status: 201 },
    ({ body }) => users.create(body),
  );

  routes.add({ method: 'get', path: '/users/:id', tag, summary: 'Get a user', params: idParams, response: userSchema }, ({ params }) =>
    users.get(params.id),
  );

  routes.add(
    { method: 'patch', path: '/users/:id', tag, summary: 'Update a user', params: idParams, body: updateUserBodySchema, response: userSchema },
    ({ params, body }) => users.update(params.id, body),
  );

  routes.add(
    { method: 'delete', path: '/users/:id', tag, summary: 'Delete a user and end their sessions', params: idParams, status: 204 },
    ({ params }) => users.remove(params.id),
  );

  routes.add(
    { method: 'patch', path: '/users/:id/password', tag, summary: "Set a user's password", params: idParams, body: updateUserPasswordBodySchema, response: userSchema },
    ({ params, body }) => users.setPassword(params.id, body.password),
  );

  routes.add(
    { method: 'post', path: '/users/:id/password/verify', tag, summary: "Check a user's password (204 if it matches)", params: idParams, body: verifyUserPasswordBodySchema, status: 204 },
    async ({ params, body }) => {
      if (!(await users.checkPassword(params.id, body.password))) {
        throw new ApiError('session.verification_failed', 'The password does not match');
      }
    },
  );

  routes.add(
    { method: 'patch', path: '/users/:id/is-suspended', tag, summary: 'Suspend (ending every session) or reinstate a user', params: idParams, body: updateUserSuspensionBodySchema, response: userSchema },
    ({ params, body }) => users.setSuspended(params.id, body.isSuspended),
  );

  routes.add(
    { method: 'patch', path: '/users/:id/custom-data', tag, summary: "Replace a user's customData", params: idParams, body: updateUserCustomDataBodySchema, response: z.record(z.string(), z.unknown()) },
    ({ params, body }) => users.replaceCustomData(params.id, body.customData),
  );

  routes.add(
    { method: 'put', path: '/users/:id/identities/:target', tag, summary: 'Link or replace a social identity', params: identityParams, body: putUserIdentityBodySchema, response: identitiesSchema },
    ({ params, body }) => users.putIdentity(params.id, params.target, body.socialUserId, body.socialIdentity),
  );

  routes.add(
    { method: 'delete', path: '/users/:id/identities/:target', tag, summary: 'Unlink a social identity', params: identityParams, response: identitiesSchema },
    ({ params }) => users.deleteIdentity(params.id, params.target),
  );

  routes.add(
    { method: 'get', path: '/users/:id/roles', tag, summary: 'Roles of a user', params: idParams, response: z.array(roleSchema) },
    ({ params }) => roles.rolesOfUser(params.id),
  );

  routes.add(
    { method: 'post', path: '/users/:id/roles', tag, summary: 'Assign roles to a user', params: idParams, body: assignRolesBodySchema, status: 201 },
    async ({ params, body }) => {
      await roles.assignToUser(params.id, body.roleIds);
      return { roleIds: body.roleIds };
    },
  );

  routes.add(
    { method: 'delete', path: '/users/:id/roles/:roleId', tag, summary: 'Remove a role from a user', params: z.object({ id: idSchema, roleId: idSchema }), status: 204 },
    ({ params }) => roles.removeFromUser(params.id, params.roleId),
  );
}
