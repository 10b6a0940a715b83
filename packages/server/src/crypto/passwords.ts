// argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). @node-rs/argon2 hashes on
// libuv's thread pool (a native async task), so a hash never blocks the event loop and several run
// on several cores at once: measured, the event loop stays free while verifications run (bench/).
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

const Algorithm = { Argon2id: 2 } as const; // the library's const enum cannot be imported under isolatedModules
/** Exported for the benchmark, which measures this machine's verifications/s with the same parameters. */
export const passwordHashOptions = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const options = passwordHashOptions;

/**
 * At most one hash per core at a time; the rest wait their turn here, in order. More at once would
 * not finish sooner (each keeps a core busy ~10 ms) but would hold 19 MiB more memory each and take
 * the thread pool's other threads from token signatures. Deviation from the library's default,
 * which runs as many as libuv has threads (4).
 */
const maxConcurrentHashes = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrentHashes) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight on
    else running -= 1;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, options));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => verify(passwordHash, password));
  } catch {
    return false; // a malformed stored hash never verifies
  }
}

/** A real hash of a random password: verifying against it costs the same as for a real user, so
 * "no such user" and "wrong password" take equally long and reveal nothing. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  return decoyHash;
}
