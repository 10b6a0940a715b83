// What the Console's dashboard shows: totals, new users compared with the period before, and
// activity per UTC day.
import type { Activity, NewUsers, TotalUsers } from '@signet/schemas';
import type { Db } from '../../db/client.ts';
import * as queries from './dashboard.queries.ts';

export function createDashboardService({ db }: { db: Db }) {
  return {
    async totalUsers(): Promise<TotalUsers> {
      return { totalUserCount: await queries.countUsers(db) };
    },

    async newUsers(): Promise<NewUsers> {
      const counts = await queries.countNewUsers(db);
      return {
        today: { count: counts.today, delta: counts.today - counts.yesterday },
        last7Days: { count: counts.last7Days, delta: counts.last7Days - counts.previous7Days },
      };
    },

    async activity(days: number): Promise<Activity> {
      return { days: await queries.activity(db, days) };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
