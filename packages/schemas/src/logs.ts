import { z } from 'zod';
import { epochMillisSchema, idSchema, paginationQuerySchema } from './common.ts';

/** What happened: one key per Experience API event. */
export const logKeys = ['Interaction.SignIn', 'Interaction.Register', 'Interaction.ForgotPassword'] as const;
export const logKeySchema = z.enum(logKeys);
export type LogKey = z.infer<typeof logKeySchema>;

export const logResults = ['Success', 'Error'] as const;

/** One sign-in history entry. Never holds secrets, nor the identifier typed for an unknown account. */
export const logSchema = z.object({
  id: z.string(),
  key: logKeySchema,
  result: z.enum(logResults),
  userId: z.string().nullable(),
  applicationId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: epochMillisSchema,
});
export type Log = z.infer<typeof logSchema>;

/** `GET /api/logs`: newest first; the total count is in the `Total-Number` header. */
export const listLogsQuerySchema = paginationQuerySchema
  .extend({
    userId: idSchema.optional(),
    applicationId: idSchema.optional(),
    key: logKeySchema.optional(),
  })
  .strict();
export type ListLogsQuery = z.infer<typeof listLogsQuerySchema>;
