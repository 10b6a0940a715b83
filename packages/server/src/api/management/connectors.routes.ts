import { z } from 'zod';
import {
  connectorFactorySchema,
  connectorSchema,
  createConnectorBodySchema,
  idSchema,
  outboxMessageSchema,
  outboxQuerySchema,
  testConnectorBodySchema,
  updateConnectorBodySchema,
} from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { ConnectorsService } from '../../domain/connectors/connectors.service.ts';

const idParams = z.object({ id: idSchema });
const factoryParams = z.object({ factoryId: idSchema });

export function connectorRoutes(routes: RouteRegistry, connectors: ConnectorsService): void {
  const tag = 'Connectors';

  routes.add(
    { method: 'get', path: '/connector-factories', tag, summary: 'Every available connector: metadata, config form and README', response: z.array(connectorFactorySchema) },
    async () => connectors.factories(),
  );

  routes.add(
    { method: 'get', path: '/connector-factories/:id', tag, summary: 'One connector factory', params: idParams, response: connectorFactorySchema },
    async ({ params }) => connectors.factory(params.id),
  );

  routes.add(
    { method: 'get', path: '/connectors', tag, summary: 'Connectors in use (secrets masked)', response: z.array(connectorSchema) },
    () => connectors.list(),
  );

  routes.add(
    {
      method: 'post',
      path: '/connectors',
      tag,
      summary: 'Add a connector; `id` may be proposed so its callback URI can be registered at the provider first',
      body: createConnectorBodySchema,
      response: connectorSchema,
      status: 201,
    },
    ({ body }) => connectors.create(body),
  );

  routes.add(
    { method: 'get', path: '/connectors/:id', tag, summary: 'Get a connector (secrets masked)', params: idParams, response: connectorSchema },
    ({ params }) => connectors.get(params.id),
  );

  routes.add(
    {
      method: 'patch',
      path: '/connectors/:id',
      tag,
      summary: 'Update a connector; `config` replaces the whole config (masked secrets sent back keep their value)',
      params: idParams,
      body: updateConnectorBodySchema,
      response: connectorSchema,
    },
    ({ params, body }) => connectors.update(params.id, body),
  );

  routes.add(
    { method: 'delete', path: '/connectors/:id', tag, summary: 'Remove a connector', params: idParams, status: 204 },
    ({ params }) => connectors.remove(params.id),
  );

  routes.add(
    {
      method: 'post',
      path: '/connectors/:factoryId/test',
      tag,
      summary: 'Send a Generic test message with an unsaved config',
      params: factoryParams,
      body: testConnectorBodySchema,
      status: 204,
    },
    ({ params, body }) => connectors.test(params.factoryId, body),
  );

  routes.add(
    { method: 'get', path: '/dev-outbox/messages', tag, summary: 'Messages kept by the dev outbox, newest first', query: outboxQuerySchema, response: z.array(outboxMessageSchema) },
    async ({ query, ctx }) => {
      const { items, total } = await connectors.outboxMessages({ to: query.to, channel: query.channel }, query.page, query.page_size);
      ctx.set('Total-Number', String(total));
      return items;
    },
  );

  routes.add(
    { method: 'delete', path: '/dev-outbox/messages', tag, summary: 'Empty the dev outbox', status: 204 },
    () => connectors.clearOutbox(),
  );
}
