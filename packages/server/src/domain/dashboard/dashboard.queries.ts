// Dashboard figures, computed in SQL. Days are UTC calendar days: `dayStart` turns a date into the
// instant its UTC day starts, so the same rows count the same whatever the session time zone.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { tenantId } from '../../tenant.ts';

const today = sql`(now() at time zone 'UTC')::date`;
const dayStart = (date: ReturnType<typeof sql>) => sql`((${date})::timestamp at time zone 'UTC')`;

export async function countUsers(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users where tenant_id = ${tenantId}`);
  return Number(row?.n ?? 0);
}

/** Users created today, yesterday, in the last 7 days (today included) and in the 7 days before. */
export async function countNewUsers(db: Db): Promise<{ today: number; yesterday: number; last7Days: number; previous7Days: number }> {
  const [row] = await queryRows<{ today: number; yesterday: number; last7: number; previous7: number }>(db, sql`
    select
      count(*) filter (where created_at >= ${dayStart(today)})::int as today,
      count(*) filter (where created_at >= ${dayStart(sql`${today} - 1`)} and created_at < ${dayStart(today)})::int as yesterday,
      count(*) filter (where created_at >= ${dayStart(sql`${today} - 6`)})::int as last7,
      count(*) filter (where created_at < ${dayStart(sql`${today} - 6`)})::int as previous7
    from users
    where tenant_id = ${tenantId}
      and created_at >= ${dayStart(sql`${today} - 13`)}
      and created_at < ${dayStart(sql`${today} + 1`)}`);
  return { today: Number(row?.today ?? 0), yesterday: Number(row?.yesterday ?? 0), last7Days: Number(row?.last7 ?? 0), previous7Days: Number(row?.previous7 ?? 0) };
}

export type ActivityRow = { date: string; newUsers: number; signIns: number; activeUsers: number };

/**
 * One row per UTC day of the last `days` days, oldest first, today last, zeros included. Sign-ins
 * are successful `Interaction.SignIn` entries; active users are the distinct users with any
 * successful entry (sign-in, registration or recovery) that day.
 */
export async function activity(db: Db, days: number): Promise<ActivityRow[]> {
  const from = sql`${dayStart(sql`d.day`)}`;
  const to = sql`${dayStart(sql`d.day + 1`)}`;
  const rows = await queryRows<{ date: string; new_users: number; sign_ins: number; active_users: number }>(db, sql`
    with d as (
      select ${today} - back as day from generate_series(${days - 1}::int, 0, -1) as back
    )
    select
      to_char(d.day, 'YYYY-MM-DD') as date,
      (select count(*) from users u
        where u.tenant_id = ${tenantId} and u.created_at >= ${from} and u.created_at < ${to})::int as new_users,
      (select count(*) from logs l
        where l.tenant_id = ${tenantId} and l.key = 'Interaction.SignIn' and l.result = 'Success'
          and l.created_at >= ${from} and l.created_at < ${to})::int as sign_ins,
      (select count(distinct l.user_id) from logs l
        where l.tenant_id = ${tenantId} and l.result = 'Success' and l.user_id is not null
          and l.created_at >= ${from} and l.created_at < ${to})::int as active_users
    from d
    order by d.day`);
  return rows.map((row) => ({ date: row.date, newUsers: Number(row.new_users), signIns: Number(row.sign_ins), activeUsers: Number(row.active_users) }));
}
