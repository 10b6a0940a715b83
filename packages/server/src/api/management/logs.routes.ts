import { z } from 'zod';
import { idSchema, listLogsQuerySchema, logSchema } from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { LogsService } from '../../domain/logs/logs.service.ts';

export function logRoutes(routes: RouteRegistry, logs: LogsService): void {
  const tag = 'Logs';

  routes.add(
    { method: 'get', path: '/logs', tag, summary: 'Sign-in history, newest first; filter by user, application or key', query: listLogsQuerySchema, response: z.array(logSchema) },
    async ({ query, ctx }) => {
      const { items, total } = await logs.list({ userId: query.userId, applicationId: query.applicationId, key: query.key }, query.page, query.page_size);
      ctx.set('Total-Number', String(total));
      return items;
    },
  );

  routes.add(
    { method: 'get', path: '/logs/:id', tag, summary: 'One sign-in history entry', params: z.object({ id: idSchema }), response: logSchema },
    ({ params }) => logs.get(params.id),
  );
}
