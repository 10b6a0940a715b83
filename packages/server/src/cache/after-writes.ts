// Every write request through the Management API drops every cache on every instance. Admin
// writes are rare, a dropped cache costs a few reads, and this way no route (today's or one added
// later) can change what a cache holds without the caches hearing of it. Failed writes publish too:
// a handler may have committed part of its work before it failed. Services also publish their own
// topics, for writes made outside HTTP.
import type { Middleware } from 'koa';
import { everyTopic, type InvalidationBus } from './invalidation.ts';

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

export function dropCachesAfterWrites(bus: InvalidationBus, options: { skip: (path: string) => boolean }): Middleware {
  return async (ctx, next) => {
    if (reads.has(ctx.method) || options.skip(ctx.path)) return next();
    try {
      await next();
    } finally {
      // Before the response leaves, so this instance never answers the caller's next request from
      // the old value; the other instances drop theirs when the database delivers the notice.
      // If the database cannot take the notice, the write most likely failed too; the caches'
      // time limit bounds what the other instances could miss.
      await bus.publish(everyTopic).catch(() => {});
    }
  };
}
