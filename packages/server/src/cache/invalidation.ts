// Cache invalidation shared by every instance of one deployment. A write publishes a topic; every
// instance (this one at once, the others through the database) drops what it cached under it.
//
// PostgreSQL carries the notice with NOTIFY on one channel, heard by each instance on a dedicated
// LISTEN connection (pg-listener.ts). The embedded database serves one process only, so there the
// notice never leaves the process.
import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** Every cache subscribes to this topic too: it means "drop everything" (a reconnect, a bulk change). */
export const everyTopic = '*';

export const notifyChannel = 'signet_cache';

/** SQLSTATE of a command the database does not implement. */
const featureNotSupported = '0A000';

/** Topics are short names; a payload stays far below NOTIFY's 8000-byte limit. */
const topicPattern = /^[a-z0-9*][a-z0-9:._-]{0,63}$/;

export type InvalidationBus = {
  /**
   * Drops what every instance cached under `topic`: this instance before the promise resolves,
   * the others as soon as the database delivers the notice (milliseconds). Call it after the
   * change is committed, never before (a read in between would cache the old value again).
   */
  publish(topic: string): Promise<void>;
  /** `listener` runs for each topic published anywhere, and with `everyTopic` after a gap in delivery. */
  subscribe(listener: (topic: string) => void): () => void;
  /**
   * False while notices from other instances could be missed (the LISTEN connection is down):
   * caches must then read through instead of serving what they hold.
   */
  readonly reliable: boolean;
  close(): Promise<void>;
};

/** What the database offers for notices: PostgreSQL has it, the embedded database does not need it. */
export type NoticeListener = {
  /** Starts listening; `onNotice` gets each payload, `onGap` is called when notices may have been lost. */
  listen(channel: string, handlers: { onNotice(payload: string): void; onGap(): void; onReady(): void }): Promise<void>;
  close(): Promise<void>;
};

function assertTopic(topic: string): void {
  if (!topicPattern.test(topic)) throw new Error(`invalid cache topic "${topic}"`);
}

function createListeners(logger: Logger | undefined) {
  const listeners = new Set<(topic: string) => void>();
  return {
    add(listener: (topic: string) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(topic: string) {
      for (const listener of listeners) {
        try {
          listener(topic);
        } catch (error) {
          logger?.error({ err: error, topic }, 'cache invalidation listener failed');
        }
      }
    },
  };
}

/** One process, one database (embedded): publishing is a function call. */
export function createLocalInvalidationBus(logger?: Logger): InvalidationBus {
  const listeners = createListeners(logger);
  return {
    async publish(topic) {
      assertTopic(topic);
      listeners.emit(topic);
    },
    subscribe: listeners.add,
    reliable: true,
    async close() {},
  };
}

/**
 * Several processes on one PostgreSQL: NOTIFY through the shared pool, LISTEN on a connection of
 * its own. Each instance also hears its own notices; dropping a cache twice costs one reload.
 */
export async function createPostgresInvalidationBus(options: { db: Db; listener: NoticeListener; logger?: Logger }): Promise<InvalidationBus> {
  const { db, listener, logger } = options;
  const listeners = createListeners(logger);
  let reliable = false;
  let supported = true;
  try {
    await listener.listen(notifyChannel, {
      onNotice(payload) {
        if (topicPattern.test(payload)) listeners.emit(payload);
      },
      onGap() {
        // Until LISTEN is back, no cache may trust what it holds; then everything is reloaded once.
        reliable = false;
        listeners.emit(everyTopic);
      },
      onReady() {
        reliable = true;
        listeners.emit(everyTopic);
      },
    });
  } catch (error) {
    // A PostgreSQL-compatible engine without LISTEN/NOTIFY: Signet still works, every cache reads
    // through (never reliable) and signing keys follow through their poll.
    if ((error as { code?: unknown }).code !== featureNotSupported) throw error;
    logger?.warn('the database does not support LISTEN/NOTIFY: in-memory caches are off on this instance');
    supported = false;
    await listener.close();
  }
  return {
    async publish(topic) {
      assertTopic(topic);
      // Local first: this instance must never answer with the old value after the write returned.
      listeners.emit(topic);
      // Even while this instance's own LISTEN is down: the others must hear of the change.
      if (supported) await db.execute(sql`select pg_notify(${notifyChannel}, ${topic})`);
    },
    subscribe: listeners.add,
    get reliable() {
      return reliable;
    },
    close: () => listener.close(),
  };
}
