import { z } from 'zod';

/** `GET /api/dashboard/users/total` */
export const totalUsersSchema = z.object({ totalUserCount: z.number().int() });
export type TotalUsers = z.infer<typeof totalUsersSchema>;

const countWithDeltaSchema = z.object({
  count: z.number().int(),
  delta: z.number().int().describe('count minus the count of the previous period of the same length'),
});

/** `GET /api/dashboard/users/new`: today (UTC) and the last 7 days, each compared with the period before. */
export const newUsersSchema = z.object({ today: countWithDeltaSchema, last7Days: countWithDeltaSchema });
export type NewUsers = z.infer<typeof newUsersSchema>;

export const activityWindows = [7, 30] as const;

/** `GET /api/dashboard/activity?days=7|30` */
export const activityQuerySchema = z
  .object({
    days: z.coerce
      .number()
      .pipe(z.union([z.literal(7), z.literal(30)]))
      .default(7),
  })
  .strict();
export type ActivityQuery = z.infer<typeof activityQuerySchema>;

/** Every day of the window is present (zeros included), oldest first, today (UTC) last. */
export const activitySchema = z.object({
  days: z.array(
    z.object({
      date: z.string().describe('YYYY-MM-DD, UTC'),
      newUsers: z.number().int(),
      signIns: z.number().int(),
      activeUsers: z.number().int(),
    }),
  ),
});
export type Activity = z.infer<typeof activitySchema>;
