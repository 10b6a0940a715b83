// The cache and its invalidation across instances, on a real PostgreSQL: a drop published by one
// instance reaches the others; a read that raced a drop is never kept; a lost LISTEN connection
// makes every cache read through until it is back, then everything is reloaded once.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { createCache } from '../../src/cache/cache.ts';
import { createInvalidationBus } from '../../src/cache/bus.ts';
import { createLocalInvalidationBus, type InvalidationBus } from '../../src/cache/invalidation.ts';
import { createFreshPostgresDatabase, type FreshPostgresDatabase } from '../support/fresh-postgres-database.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<number> {
  const startedAt = Date.now();
  while (!(await check())) {
    if (Date.now() - startedAt > ms) throw new Error(`not within ${ms} ms`);
    await sleep(10);
  }
  return Date.now() - startedAt;
}

describe('cache invalidation on PostgreSQL (two instances)', () => {
  let database: FreshPostgresDatabase;
  let handles: DatabaseHandle[] = [];
  let busA: InvalidationBus;
  let busB: InvalidationBus;

  beforeAll(async () => {
    database = await createFreshPostgresDatabase(inject('postgresUrl'));
    handles = await Promise.all([0, 1].map(() => openDatabase({ kind: 'postgres', url: database.url, maxConnections: 2 })));
    [busA, busB] = (await Promise.all(handles.map((handle) => createInvalidationBus(handle)))) as [InvalidationBus, InvalidationBus];
  });
  afterAll(async () => {
    await Promise.all([busA?.close(), busB?.close()]);
    await Promise.all(handles.map((handle) => handle.close()));
    await database.drop();
  });

  it('drops what another instance cached when one publishes, within milliseconds', async () => {
    expect(busA.reliable && busB.reliable).toBe(true);
    let version = 1;
    let loads = 0;
    const onB = createCache<string, number>({ bus: busB, topics: ['things'] });
    const load = async () => {
      loads += 1;
      return version;
    };
    expect(await onB.get('x', load)).toBe(1);
    expect(await onB.get('x', load)).toBe(1);
    expect(loads).toBe(1); // served from memory

    version = 2;
    await busA.publish('other-topic');
    await sleep(100);
    expect(await onB.get('x', load)).toBe(1); // another topic leaves it alone

    await busA.publish('things');
    const delay = await eventually(() => onB.size === 0);
    expect(delay).toBeLessThan(1000);
    expect(await onB.get('x', load)).toBe(2);
    expect(loads).toBe(2);
  });

  it('never keeps a value read while a drop happened', async () => {
    const cache = createCache<string, string>({ bus: busA, topics: ['things'] });
    let release!: () => void;
    const slowRead = cache.get('k', () => new Promise<string>((resolve) => (release = () => resolve('old'))));
    await busA.publish('things'); // the write committed while the read was under way
    release();
    expect(await slowRead).toBe('old'); // the caller gets what it read…
    expect(await cache.get('k', async () => 'new')).toBe('new'); // …but it was not kept
  });

  it('shares one database read between concurrent callers of one key', async () => {
    const cache = createCache<string, number>({ bus: busA, topics: ['things'] });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(20);
      return 7;
    };
    expect(await Promise.all(Array.from({ length: 20 }, () => cache.get('k', load)))).toEqual(Array(20).fill(7));
    expect(loads).toBe(1);
  });

  it('reads through while the LISTEN connection is down, and reloads everything once it is back', async () => {
    const cache = createCache<string, number>({ bus: busB, topics: ['things'] });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('k', load);
    expect(await cache.get('k', load)).toBe(1);

    // The listener's connection dies (a restart of PostgreSQL, a network cut, an idle-kill).
    await handles[0]!.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'signet-cache-listener' and datname = current_database()`);
    await eventually(() => !busB.reliable);
    expect(cache.size).toBe(0);
    const during = [await cache.get('k', load), await cache.get('k', load)];
    expect(during[1]).toBe(during[0]! + 1); // every call read the database

    await eventually(() => busB.reliable && busA.reliable, 15_000);
    const first = await cache.get('k', load);
    expect(await cache.get('k', load)).toBe(first); // cached again
    // And notices flow again.
    await busA.publish('things');
    await eventually(() => cache.size === 0);
  });
});

describe('cache limits', () => {
  it('expires entries after the time limit and keeps at most maxEntries', async () => {
    let now = 0;
    const bus = createLocalInvalidationBus();
    const cache = createCache<number, number>({ bus, topics: ['t'], ttlMs: 1000, maxEntries: 3, now: () => now });
    let loads = 0;
    const load = async (key: number) => {
      loads += 1;
      return key * 10;
    };
    await cache.get(1, load);
    now = 999;
    await cache.get(1, load);
    expect(loads).toBe(1);
    now = 1001;
    await cache.get(1, load);
    expect(loads).toBe(2);
    for (const key of [2, 3, 4]) await cache.get(key, load);
    expect(cache.size).toBe(3);
    await cache.get(1, load); // the oldest went first
    expect(loads).toBe(6);
  });

  it('keeps no absent value: something created a moment ago is found at once', async () => {
    const cache = createCache<string, string>({ bus: createLocalInvalidationBus(), topics: ['t'] });
    expect(await cache.get('new', async () => undefined)).toBeUndefined();
    expect(await cache.get('new', async () => 'created')).toBe('created');
  });
});
