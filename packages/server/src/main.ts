// Entry point: env → one server, or (SIGNET_WORKERS > 1) a cluster of them. The server is loaded
// with a dynamic import so that a cluster's primary process, which serves nothing, never loads it.
import cluster from 'node:cluster';
import { readEnv, EnvError } from './env.ts';

async function main(): Promise<void> {
  const env = readEnv();
  if (env.workers > 1 && cluster.isPrimary) {
    const { runPrimary } = await import('./cluster.ts');
    runPrimary(env);
    return;
  }
  const { runServer } = await import('./server.ts');
  await runServer(env);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
