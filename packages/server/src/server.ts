// One Signet server process: database → app → listen, and a graceful stop. Run directly by main.ts,
// or as one worker of a cluster (cluster.ts), where every worker listens on the same port.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Env } from './env.ts';
import { openDatabase } from './db/client.ts';
import { createSignet } from './app.ts';
import { createLogger } from './logger.ts';
import { resolveSecretKey } from './secret-key.ts';

/** How long a stop waits for requests under way before it closes their connections. */
const drainMs = 10_000;

export async function runServer(env: Env): Promise<void> {
  const logger = createLogger(env.logLevel);
  const worker = cluster.isWorker ? cluster.worker?.id : undefined;
  const secretKey = resolveSecretKey(env);
  const database = await openDatabase(
    env.databaseUrl ? { kind: 'postgres', url: env.databaseUrl } : { kind: 'pglite', dataDir: join(env.dataDir, 'db') },
  );
  const signet = await createSignet({ env, database, secretKey, logger });
  const server = createServer(signet.koa.callback());
  // Keep-alive longer than typical load balancers' idle timeout, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(env.port, env.host, resolve));

  // From the process start (module loading included), the figure a cold start is judged by.
  logger.info({ port: env.port, database: database.kind, worker, startupMs: Math.round(performance.now()) }, 'Signet is ready');
  if ((worker === undefined || worker === 1) && (process.stdout.isTTY || env.logLevel !== 'silent')) {
    const lines = [
      '',
      `  Signet is running at ${env.endpoint}${env.workers > 1 ? `   (${env.workers} worker processes)` : ''}`,
      `  OIDC issuer:      ${env.endpoint}/oidc`,
      `  Discovery:        ${env.endpoint}/oidc/.well-known/openid-configuration`,
      `  Console:          ${env.endpoint}/console`,
      `  Management API:   ${env.endpoint}/api   (OpenAPI: ${env.endpoint}/api/openapi.json)`,
      `  Database:         ${database.kind === 'pglite' ? `embedded (${join(env.dataDir, 'db')})` : 'PostgreSQL (DATABASE_URL)'}`,
      '',
      env.bootstrapClient || env.bootstrapAdmin
        ? '  Bootstrap admin / client from SIGNET_ADMIN_* variables are in place.'
        : `  Open ${env.endpoint}/console: with no admin yet, the first visit creates one.`,
      '',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, worker }, 'shutting down');
    // No new connections; idle keep-alive ones close now, busy ones once their response is sent.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
    // Only then the database: a request under way still had it.
    await signet.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
