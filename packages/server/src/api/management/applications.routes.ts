import { z } from 'zod';
import {
  applicationQuerySchema,
  applicationSchema,
  createApplicationBodySchema,
  idSchema,
  paginationQuerySchema,
  rotateApplicationSecretBodySchema,
  updateApplicationBodySchema,
  assignRolesBodySchema,
  roleSchema,
} from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { ApplicationsService } from '../../domain/applications/applications.service.ts';
import type { RolesService } from '../../domain/roles/roles.service.ts';

const idParams = z.object({ id: idSchema });

export function applicationRoutes(routes: RouteRegistry, applications: ApplicationsService, roles: RolesService): void {
  const tag = 'Applications';

  routes.add(
    { method: 'get', path: '/applications', tag, summary: 'List applications (secrets masked)', query: paginationQuerySchema, response: z.array(applicationSchema) },
    async ({ query, ctx }) => {
      const { items, total } = await applications.list(query.page, query.page_size);
      ctx.set('Total-Number', String(total));
      return items;
    },
  );

  routes.add(
    { method: 'post', path: '/applications', tag, summary: 'Create an application; the answer holds its secret', body: createApplicationBodySchema, response: applicationSchema, status: 201 },
    ({ body }) => applications.create(body),
  );

  routes.add(
    {
      method: 'get',
      path: '/applications/:id',
      tag,
      summary: 'Get an application; `includeSecret=true` reveals the secret',
      params: idParams,
      query: applicationQuerySchema,
      response: applicationSchema,
    },
    ({ params, query }) => applications.get(params.id, query.includeSecret),
  );

  routes.add(
    { method: 'patch', path: '/applications/:id', tag, summary: 'Update an application', params: idParams, body: updateApplicationBodySchema, response: applicationSchema },
    ({ params, body }) => applications.update(params.id, body),
  );

  routes.add(
    { method: 'delete', path: '/applications/:id', tag, summary: 'Delete an application and revoke its tokens', params: idParams, status: 204 },
    ({ params }) => applications.remove(params.id),
  );

  routes.add(
    {
      method: 'post',
      path: '/applications/:id/secret/rotate',
      tag,
      summary: 'Issue a new client secret; the old one stays valid for `gracePeriodSeconds`',
      params: idParams,
      body: rotateApplicationSecretBodySchema,
      response: applicationSchema,
    },
    ({ params, body }) => applications.rotateSecret(params.id, body.gracePeriodSeconds),
  );

  routes.add(
    { method: 'get', path: '/applications/:id/roles', tag, summary: 'Roles of a machine-to-machine application', params: idParams, response: z.array(roleSchema) },
    ({ params }) => roles.rolesOfApplication(params.id),
  );

  routes.add(
    { method: 'post', path: '/applications/:id/roles', tag, summary: 'Assign roles to a machine-to-machine application', params: idParams, body: assignRolesBodySchema, status: 201 },
    async ({ params, body }) => {
      await roles.assignToApplication(params.id, body.roleIds);
      return { roleIds: body.roleIds };
    },
  );

  routes.add(
    { method: 'delete', path: '/applications/:id/roles/:roleId', tag, summary: 'Remove a role from an application', params: z.object({ id: idSchema, roleId: idSchema }), status: 204 },
    ({ params }) => roles.removeFromApplication(params.id, params.roleId),
  );
}
