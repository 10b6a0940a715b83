// LISTEN on a dedicated PostgreSQL connection (a pooled connection cannot hold a LISTEN: the pool
// hands it to other queries and may close it). When the connection drops, the caller hears about
// the gap at once, and again when listening resumes, so it can distrust and then reload its caches.
import type pg from 'pg';
import type { NoticeListener } from './invalidation.ts';

const heartbeatMs = 15_000;
const maxBackoffMs = 5_000;

/** `driver` is the already loaded node-postgres module (see db/client.ts). */
export function createPgNoticeListener(driver: typeof pg, url: string): NoticeListener {
  let client: pg.Client | undefined;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;

  return {
    async listen(channel, handlers) {
      let backoffMs = 100;
      let started = false;

      const lost = (failed: pg.Client) => {
        if (client !== failed) return; // already replaced
        client = undefined;
        clearInterval(heartbeat);
        failed.removeAllListeners('notification');
        failed.end().catch(() => {});
        if (closed) return;
        handlers.onGap();
        retry = setTimeout(() => void connect().catch(() => {}), backoffMs);
        retry.unref();
        backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
      };

      const connect = async () => {
        const next = new driver.Client({
          connectionString: url,
          // A half-open connection (peer gone without a FIN) is noticed by the heartbeat below too.
          keepAlive: true,
          connectionTimeoutMillis: 10_000,
          application_name: 'signet-cache-listener',
        });
        next.on('error', () => lost(next));
        next.on('end', () => lost(next));
        next.on('notification', (message) => {
          if (message.channel === channel && message.payload !== undefined) handlers.onNotice(message.payload);
        });
        client = next;
        try {
          await next.connect();
          // The channel name is a constant of ours, never input: identifier quoting is enough.
          await next.query(`LISTEN "${channel}"`);
        } catch (error) {
          if (started) {
            lost(next);
          } else {
            client = undefined;
            await next.end().catch(() => {});
          }
          throw error;
        }
        if (closed) {
          await next.end().catch(() => {});
          return;
        }
        backoffMs = 100;
        heartbeat = setInterval(() => {
          next.query('select 1').catch(() => lost(next));
        }, heartbeatMs);
        heartbeat.unref();
        started = true;
        handlers.onReady();
      };

      // The first connection must work: a start without it would run with caches that never hear.
      await connect();
    },

    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
