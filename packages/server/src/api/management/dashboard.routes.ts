import { activityQuerySchema, activitySchema, newUsersSchema, totalUsersSchema } from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { DashboardService } from '../../domain/dashboard/dashboard.service.ts';

export function dashboardRoutes(routes: RouteRegistry, dashboard: DashboardService): void {
  const tag = 'Dashboard';

  routes.add(
    { method: 'get', path: '/dashboard/users/total', tag, summary: 'How many users there are', response: totalUsersSchema },
    () => dashboard.totalUsers(),
  );

  routes.add(
    {
      method: 'get',
      path: '/dashboard/users/new',
      tag,
      summary: 'New users today and in the last 7 days (UTC), each with the change from the period before',
      response: newUsersSchema,
    },
    () => dashboard.newUsers(),
  );

  routes.add(
    {
      method: 'get',
      path: '/dashboard/activity',
      tag,
      summary: 'New users, sign-ins and active users per UTC day of the last 7 or 30 days, oldest first',
      query: activityQuerySchema,
      response: activitySchema,
    },
    ({ query }) => dashboard.activity(query.days),
  );
}
