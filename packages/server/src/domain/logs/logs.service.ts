// Sign-in history. Rows are written by the sign-in flow (experience.service.ts) and read by admins
// through the Management API; nothing here knows about Koa.
import type { Log, LogKey } from '@signet/schemas';
import type { Db } from '../../db/client.ts';
import type { LogRow } from '../../db/schema.ts';
import { generateId } from '../../crypto/ids.ts';
import { notFound } from '../../http/api-error.ts';
import * as queries from './logs.queries.ts';

/** How long sign-in history is kept (the sweeper deletes older rows). */
export const logRetentionDays = 90;

/** Who made the request: stored with each entry. Header values are bounded so one request cannot bloat the table. */
export type RequestOrigin = { ip?: string | undefined; userAgent?: string | undefined };

export type LogEntry = {
  key: LogKey;
  result: 'Success' | 'Error';
  userId?: string | undefined;
  applicationId?: string | undefined;
} & RequestOrigin;

const bounded = (text: string | undefined, max: number) => text?.replaceAll('\u0000', '').slice(0, max) || null;

export function toApiLog(row: LogRow): Log {
  return {
    id: row.id,
    key: row.key,
    result: row.result,
    userId: row.userId,
    applicationId: row.applicationId,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt.getTime(),
  };
}

/** Writes one entry with `executor` (a transaction, to land with the change it records). */
export async function writeLog(executor: Db, entry: LogEntry): Promise<void> {
  await queries.insertLog(executor, {
    id: generateId(),
    key: entry.key,
    result: entry.result,
    userId: entry.userId ?? null,
    applicationId: bounded(entry.applicationId, 128),
    ip: bounded(entry.ip, 64),
    userAgent: bounded(entry.userAgent, 512),
  });
}

export function createLogsService({ db }: { db: Db }) {
  return {
    async list(filter: queries.LogFilter, page: number, pageSize: number): Promise<{ items: Log[]; total: number }> {
      const { rows, total } = await queries.listLogs(db, filter, pageSize, (page - 1) * pageSize);
      return { items: rows.map(toApiLog), total };
    },

    async get(id: string): Promise<Log> {
      const row = await queries.findLog(db, id);
      if (!row) throw notFound('log', id);
      return toApiLog(row);
    },
  };
}

export type LogsService = ReturnType<typeof createLogsService>;
