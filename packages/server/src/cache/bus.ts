// Picks the invalidation bus that fits the database: NOTIFY/LISTEN on PostgreSQL (any number of
// instances), in-process for the embedded database (one process by construction).
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import { createLocalInvalidationBus, createPostgresInvalidationBus, type InvalidationBus } from './invalidation.ts';

export async function createInvalidationBus(database: DatabaseHandle, logger?: Logger): Promise<InvalidationBus> {
  const listener = database.openNoticeListener?.();
  if (!listener) return createLocalInvalidationBus(logger);
  return createPostgresInvalidationBus({ db: database.db, listener, logger });
}
