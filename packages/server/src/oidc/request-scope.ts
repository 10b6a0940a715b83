// A memo of oidc-provider rows that lives as long as one HTTP request. It lets the adapter answer
// the lookups the provider makes one after the other (a token, then its grant) from the single
// database round trip that fetched both, and lookups it makes at the same moment (introspection
// tries three token kinds) from one query. Rows never outlive the request, so nothing here can
// serve data older than the request itself, on this instance or another.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AdapterPayload } from 'oidc-provider';
import type { UserRow } from '../db/schema.ts';

export type RequestScope = {
  /** oidc-provider rows by model and id. */
  rows: Map<string, Promise<AdapterPayload | undefined>>;
  /** User rows that came with a token row (its account). */
  users: Map<string, UserRow>;
};

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `work` (the rest of a request) with a fresh memo. */
export function withRequestScope<T>(work: () => Promise<T>): Promise<T> {
  return storage.run({ rows: new Map(), users: new Map() }, work);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

export const rowKey = (model: string, id: string) => `${model}\u0000${id}`;
