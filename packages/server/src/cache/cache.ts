// A read-through cache for values that change rarely and are read on every request (clients,
// their Management API scopes, the sign-in experience). Correctness rules:
// - a publish of one of its topics (here or on any instance) drops everything it holds;
// - a value read while a drop happened is returned to its caller but never kept, so a read that
//   raced a write cannot put the old value back after the drop;
// - while the invalidation bus is not reliable (LISTEN connection down) nothing is served from
//   memory: every call reads through;
// - entries also expire after `ttlMs`, a bound on staleness should a notice ever be lost;
// - at most `maxEntries` values are kept (oldest dropped first), so unknown keys cannot grow it.
// Absent values (undefined) are not kept: a client created a moment ago must be found at once.
import { everyTopic, type InvalidationBus } from './invalidation.ts';

export type Cache<K, V> = {
  get(key: K, load: (key: K) => Promise<V | undefined>): Promise<V | undefined>;
  /** Drops everything now (this instance only). */
  clear(): void;
  readonly size: number;
};

export type CacheOptions = {
  bus: InvalidationBus;
  topics: readonly string[];
  ttlMs?: number;
  maxEntries?: number;
  /** For tests: the clock. */
  now?: () => number;
};

export const defaultCacheTtlMs = 60_000;

export function createCache<K, V>(options: CacheOptions): Cache<K, V> {
  const { bus } = options;
  const ttlMs = options.ttlMs ?? defaultCacheTtlMs;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const topics = new Set([...options.topics, everyTopic]);

  const entries = new Map<K, { value: V; expiresAt: number }>();
  /** Loads under way, shared by concurrent callers of one key (one database read, not fifty). */
  const loading = new Map<K, Promise<V | undefined>>();
  /** Bumped by every drop; a load that saw it change keeps nothing. */
  let generation = 0;

  const clear = () => {
    generation += 1;
    entries.clear();
    loading.clear();
  };
  bus.subscribe((topic) => {
    if (topics.has(topic)) clear();
  });

  return {
    get(key, load) {
      if (!bus.reliable) return load(key);
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) return Promise.resolve(entry.value);
      const pending = loading.get(key);
      if (pending) return pending;

      const startedAt = generation;
      const promise = load(key).then(
        (value) => {
          if (loading.get(key) === promise) loading.delete(key);
          if (value !== undefined && startedAt === generation && bus.reliable) {
            entries.delete(key); // re-inserted last: Map order is the eviction order
            entries.set(key, { value, expiresAt: now() + ttlMs });
            if (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
          }
          return value;
        },
        (error: unknown) => {
          if (loading.get(key) === promise) loading.delete(key);
          throw error;
        },
      );
      loading.set(key, promise);
      return promise;
    },
    clear,
    get size() {
      return entries.size;
    },
  };
}
