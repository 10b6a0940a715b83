// Signet as a child process: the built server, started the way it is deployed.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { exitKills, freePort, memoryOf, onCleanup, progress, round, sleep, tryKill, watchdogKill } from './processes.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultServerMain = join(repoRoot, 'packages/server/dist/main.js');

const READY_TIMEOUT_MS = 120_000; // cold start on a busy shared machine, with a first PGlite create
const STOP_TIMEOUT_MS = 15_000;

/** Environment for the server: ours, minus anything that would configure Signet differently. */
function serverEnv(overrides) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(SIGNET_|DATABASE_URL$|PORT$|HOST$|ENDPOINT$|LOG_LEVEL$)/.test(name)) delete env[name];
  }
  return { ...env, ...overrides };
}

/**
 * Spawns the server and waits for the first 200 from discovery. Cold start = spawn → that 200.
 * Returns a handle whose `stop()` ends it (SIGTERM, then SIGKILL) by pid.
 */
export async function startSignet({ label, port, endpoint, dataDir, databaseUrl, secretKey, adminClient, extraEnv = {}, serverMain = defaultServerMain }) {
  const base = `http://127.0.0.1:${port}`;
  const env = serverEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    ENDPOINT: endpoint ?? base,
    SIGNET_DATA_DIR: dataDir,
    SIGNET_ADMIN_CLIENT_ID: adminClient.id,
    SIGNET_ADMIN_CLIENT_SECRET: adminClient.secret,
    // info logs only startup lines here (no per-request logging), and errors still show.
    LOG_LEVEL: 'info',
    ...(databaseUrl && { DATABASE_URL: databaseUrl, SIGNET_SECRET_KEY: secretKey }),
    ...extraEnv,
  });

  const output = [];
  let outputChars = 0;
  const errorLogs = [];
  let reportedStartupMs;
  const onLine = (line) => {
    output.push(line);
    outputChars += line.length;
    while (outputChars > 200_000 && output.length > 1) outputChars -= output.shift().length;
    if (!line.startsWith('{')) return;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === 'Signet is ready' && typeof entry.startupMs === 'number') reportedStartupMs = entry.startupMs;
      if (typeof entry.level === 'number' && entry.level >= 50 && errorLogs.length < 50) errorLogs.push(entry);
    } catch {
      // not a log line
    }
  };
  const lineReader = () => {
    let pending = '';
    return (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
  };

  const startedAt = performance.now();
  const child = spawn(process.execPath, [serverMain], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', lineReader());
  child.stderr.setEncoding('utf8').on('data', lineReader());
  let exitInfo;
  const exited = new Promise((done) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ?? `code ${code}`;
      done();
    });
    child.once('error', (error) => {
      exitInfo = error.message;
      done();
    });
  });
  const key = `signet-${child.pid}`;
  exitKills.set(key, () => {
    if (exitInfo === undefined) tryKill(child.pid, 'SIGKILL');
  });
  if (child.pid !== undefined) watchdogKill(child.pid, 'TERM', process.execPath);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exitInfo === undefined) {
      tryKill(child.pid, 'SIGTERM');
      const timer = new Promise((done) => setTimeout(() => done('timeout'), STOP_TIMEOUT_MS));
      if ((await Promise.race([exited, timer])) === 'timeout') {
        progress(`${label}: no exit ${STOP_TIMEOUT_MS} ms after SIGTERM; SIGKILL`);
        tryKill(child.pid, 'SIGKILL');
        await exited;
      }
    }
    exitKills.delete(key);
  };
  onCleanup(stop);

  const discovery = `${base}/oidc/.well-known/openid-configuration`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let coldStartMs;
  while (exitInfo === undefined && Date.now() < deadline) {
    try {
      const response = await fetch(discovery, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) {
        coldStartMs = performance.now() - startedAt;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  if (coldStartMs === undefined) {
    await stop();
    const tail = output.slice(-40).join('\n');
    const error = new Error(`${label}: Signet ${exitInfo ? `exited (${exitInfo})` : `gave no 200 on discovery within ${READY_TIMEOUT_MS} ms`}. Output:\n${tail}`);
    error.addressInUse = /EADDRINUSE/.test(tail);
    throw error;
  }
  return {
    label,
    base,
    /** The public URL (issuer prefix); the same for every instance of one deployment. */
    endpoint: endpoint ?? base,
    pid: child.pid,
    coldStartMs: round(coldStartMs, 0),
    reportedStartupMs,
    memoryAtReady: memoryOf(child.pid),
    errorLogs,
    output: () => output.join('\n'),
    alive: () => exitInfo === undefined,
    stop,
  };
}

export async function startSignetWithRetry(options) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSignet(options);
    } catch (error) {
      if (!error.addressInUse || attempt >= 3) throw error;
      options = { ...options, port: await freePort() };
    }
  }
}
