// SIGNET_WORKERS > 1 (PostgreSQL only): this process only starts and watches the workers; each
// worker is a complete Signet server (server.ts) and they share the port (node:cluster hands out
// connections in turn). Instances share nothing but the database, so workers are simply several
// instances on one machine: the protocol work, which runs on one thread per process, then uses
// every core. (Password hashing and token signatures already run on libuv's thread pool in every
// process.)
import cluster, { type Worker } from 'node:cluster';
import type { Env } from './env.ts';
import { createLogger } from './logger.ts';

/**
 * V8 flags for the workers. A young generation of 2 × 4 MB instead of 2 × 16 MB: ~20 MB less RSS
 * per process, and no loss of throughput measured (bench/). Kept when the caller set its own.
 */
const workerFlags = ['--max-semi-space-size=4'];

/** A worker that dies this soon after starting is failing to start: stop instead of looping. */
const crashLoopMs = 5_000;
const maxQuickDeaths = 5;

export function runPrimary(env: Env): void {
  const logger = createLogger(env.logLevel);
  const flags = workerFlags.filter((flag) => !process.execArgv.some((given) => given.startsWith(flag.split('=')[0]!)));
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...flags] });

  let stopping = false;
  let quickDeaths = 0;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) process.exit(0);
      return;
    }
    logger.error({ worker: worker.id, code, signal, livedMs: lived }, 'a worker stopped; starting another');
    quickDeaths = lived < crashLoopMs ? quickDeaths + 1 : 0;
    if (quickDeaths >= maxQuickDeaths) {
      logger.fatal('workers keep failing right after they start; stopping (see the errors above)');
      process.exit(1);
    }
    setTimeout(fork, quickDeaths * 200);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down the workers');
    if (startedAt.size === 0) process.exit(0);
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    // Each worker drains for at most 10 s (server.ts); then no waiting any longer.
    setTimeout(() => {
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, 20_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  for (let i = 0; i < env.workers; i++) fork();
}
