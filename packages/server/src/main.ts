// Entry point: env → database → app → listen.
import { createServer } from 'node:http';
import { readEnv, EnvError } from './env.ts';
import { openDatabase } from './db/client.ts';
import { createSignet } from './app.ts';
import { createLogger } from './logger.ts';
import { resolveSecretKey } from './secret-key.ts';
import { join } from 'node:path';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const env = readEnv();
  const logger = createLogger(env.logLevel);
  const secretKey = resolveSecretKey(env);
  const database = await openDatabase(
    env.databaseUrl ? { kind: 'postgres', url: env.databaseUrl } : { kind: 'pglite', dataDir: join(env.dataDir, 'db') },
  );
  const signet = await createSignet({ env, database, secretKey, logger });
  const server = createServer(signet.koa.callback());
  // Keep-alive longer than typical load balancers' idle timeout, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(env.port, env.host, resolve));

  logger.info({ port: env.port, database: database.kind, startupMs: Math.round(performance.now() - startedAt) }, 'Signet is ready');
  if (process.stdout.isTTY || env.logLevel !== 'silent') {
    const lines = [
      '',
      `  Signet is running at ${env.endpoint}`,
      `  OIDC issuer:      ${env.endpoint}/oidc`,
      `  Discovery:        ${env.endpoint}/oidc/.well-known/openid-configuration`,
      `  Management API:   ${env.endpoint}/api   (OpenAPI: ${env.endpoint}/api/openapi.json)`,
      `  Database:         ${database.kind === 'pglite' ? `embedded (${join(env.dataDir, 'db')})` : 'PostgreSQL (DATABASE_URL)'}`,
      '',
      env.bootstrapClient || env.bootstrapAdmin
        ? '  Bootstrap admin / client from SIGNET_ADMIN_* variables are in place.'
        : '  No admin yet: restart with SIGNET_ADMIN_USERNAME/SIGNET_ADMIN_PASSWORD (first admin) and\n  SIGNET_ADMIN_CLIENT_ID/SIGNET_ADMIN_CLIENT_SECRET (a Management API client). See README.',
      '',
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    server.closeIdleConnections();
    await signet.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
