/**
 * Vitest globalSetup: provides a REAL PostgreSQL server for the whole test run.
 *
 * - If SIGNET_TEST_POSTGRES_URL is set, that server is used as-is and nothing is started.
 * - Otherwise a throwaway cluster is created with `initdb` in a fresh temp folder and a
 *   `postgres` server is started on 127.0.0.1 with a free port. As root, the cluster is
 *   owned by and run as the `postgres` user (through `runuser`), because PostgreSQL
 *   refuses to run as root.
 *
 * The server is stopped by the returned teardown. A small detached watchdog also stops it
 * (and removes the temp folder) if the test runner dies without running the teardown, so
 * no server outlives the run. Only the server started here is ever signalled, by its pid.
 *
 * Tests read the URL with `inject('postgresUrl')` and usually create their own database
 * with `createFreshPostgresDatabase` (./fresh-postgres-database.ts).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

const execFileAsync = promisify(execFile);

const POSTGRES_ROOT = '/usr/lib/postgresql';
const MIN_MAJOR_VERSION = 14;
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;
const OS_USER = 'postgres';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves true when `promise` settles within `ms`, false otherwise; leaves no timer behind. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Highest installed PostgreSQL (>= 14) server binaries folder, e.g. /usr/lib/postgresql/15/bin. */
function findPostgresBinDir(): string {
  let versions: number[] = [];
  try {
    versions = readdirSync(POSTGRES_ROOT)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((major) => major >= MIN_MAJOR_VERSION)
      .filter((major) => {
        const bin = join(POSTGRES_ROOT, String(major), 'bin');
        return existsSync(join(bin, 'postgres')) && existsSync(join(bin, 'initdb'));
      })
      .sort((a, b) => b - a);
  } catch {
    // no PostgreSQL installed at all
  }
  const best = versions[0];
  if (best === undefined) {
    throw new Error(
      `No PostgreSQL server >= ${MIN_MAJOR_VERSION} found in ${POSTGRES_ROOT}/<version>/bin. ` +
        'The tests need a real PostgreSQL server: install one with ' +
        '`apt-get install -y postgresql` (Debian/Ubuntu), or point the tests at an existing server ' +
        'by setting SIGNET_TEST_POSTGRES_URL=postgres://user:password@host:port/database ' +
        '(the user needs the CREATEDB privilege).',
    );
  }
  return join(POSTGRES_ROOT, String(best), 'bin');
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

const runningAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Command + args, wrapped in `runuser -u postgres --` when running as root. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return runningAsRoot() ? ['runuser', ['-u', OS_USER, '--', command, ...args]] : [command, args];
}

async function chownTreeToServerUser(dir: string): Promise<void> {
  if (!runningAsRoot()) return;
  // By name: the postgres OS user exists wherever the Debian package is installed.
  try {
    await execFileAsync('chown', ['-R', `${OS_USER}:`, dir]);
  } catch (error) {
    throw new Error(
      `Running as root, but could not give ${dir} to the "${OS_USER}" OS user (PostgreSQL refuses to run as root): ` +
        `${(error as Error).message}`,
    );
  }
}

/** Pid of the running postmaster, from the first line of postmaster.pid (undefined if not running). */
function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const first = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Detached shell that outlives a crashed test runner: once the runner (this pid) is gone,
 * it stops the postmaster recorded in <dir>/data/postmaster.pid (only if that pid is still
 * our postgres binary) and removes the temp folder. It exits by itself when the folder is
 * removed by the normal teardown.
 */
function spawnWatchdog(dir: string, postgresBinary: string): ChildProcess {
  const script = `
runner="$1"; dir="$2"; bin="$3"
while kill -0 "$runner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
[ -d "$dir" ] || exit 0
pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
case "$pid" in ''|*[!0-9]*) pid= ;; esac
if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$bin" ]; then
  kill -INT "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -0 "$pid" 2>/dev/null && kill -QUIT "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  sleep 0.5
fi
rm -rf "$dir"
`;
  const watchdog = spawn('sh', ['-c', script, 'signet-postgres-watchdog', String(process.pid), dir, postgresBinary], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
}

async function tailOfFile(path: string, chars = 4000): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.length > chars ? `...${text.slice(-chars)}` : text;
  } catch {
    return '(no log)';
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  // A refused connection can also be reported as an 'error' event; never let it go unhandled.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

async function startServer(): Promise<RunningServer> {
  const binDir = findPostgresBinDir();
  const postgresBinary = join(binDir, 'postgres');
  const dir = await mkdtemp(join(tmpdir(), 'signet-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const watchdog = spawnWatchdog(dir, postgresBinary);

  let child: ChildProcess | undefined;
  let childExited: Promise<void> = Promise.resolve();
  let exitInfo: string | undefined;

  const stop = async () => {
    const pid = readPostmasterPid(dataDir);
    if (child && exitInfo === undefined) {
      if (pid !== undefined) {
        // SIGINT = "fast shutdown": disconnect clients, stop cleanly.
        tryKill(pid, 'SIGINT');
      } else if (child.pid !== undefined) {
        // No postmaster.pid yet: signal the process we spawned (postgres itself, or runuser,
        // which passes SIGTERM on to postgres).
        tryKill(child.pid, runningAsRoot() ? 'SIGTERM' : 'SIGINT');
      }
      const stopped = await settlesWithin(childExited, STOP_TIMEOUT_MS);
      if (!stopped) {
        const target = pid ?? readPostmasterPid(dataDir) ?? (runningAsRoot() ? undefined : child.pid);
        if (target !== undefined) {
          tryKill(target, 'SIGQUIT'); // immediate shutdown
          await settlesWithin(childExited, 5000);
          if (isAlive(target)) tryKill(target, 'SIGKILL');
        }
      }
    }
    // With runuser, the runuser parent exits only after the postmaster is gone; be sure anyway.
    for (let i = 0; pid !== undefined && isAlive(pid) && i < 50; i++) await sleep(100);
    await rm(dir, { recursive: true, force: true });
    // The watchdog is detached, so it leads its own process group: end it together with its `sleep`.
    if (watchdog.pid !== undefined) tryKill(-watchdog.pid, 'SIGTERM');
  };

  try {
    await chownTreeToServerUser(dir);
    const [initCommand, initArgs] = asServerUser(join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    try {
      await execFileAsync(initCommand, initArgs, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '', message } = error as Error & { stdout?: string; stderr?: string };
      throw new Error(`initdb failed: ${message}\n${stdout}\n${stderr}`);
    }

    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const [command, args] = asServerUser(postgresBinary, [
        '-D',
        dataDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ]);
      const logFd = openSync(logFile, 'a');
      exitInfo = undefined;
      try {
        child = spawn(command, args, { cwd: dir, stdio: ['ignore', logFd, logFd] });
      } finally {
        closeSync(logFd);
      }
      const started = child;
      childExited = new Promise<void>((resolve) => {
        started.once('exit', (code, signal) => {
          exitInfo = `exited with ${signal ?? `code ${code}`}`;
          resolve();
        });
        started.once('error', (error) => {
          exitInfo = `could not be started: ${error.message}`;
          resolve();
        });
      });

      const deadline = Date.now() + READY_TIMEOUT_MS;
      let ready = false;
      while (!ready && exitInfo === undefined && Date.now() < deadline) {
        ready = await canConnect(url);
        if (!ready) await sleep(100);
      }
      if (ready) return { url, stop };

      const log = await tailOfFile(logFile);
      if (exitInfo !== undefined && attempt < START_ATTEMPTS && /could not (bind|create listen)|in use/i.test(log)) {
        continue; // the port was taken in the meantime: try another one
      }
      if (exitInfo === undefined) {
        throw new Error(`PostgreSQL did not accept connections on ${url} within ${READY_TIMEOUT_MS} ms. Log:\n${log}`);
      }
      throw new Error(`PostgreSQL (${postgresBinary}) ${exitInfo}. Log:\n${log}`);
    }
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.SIGNET_TEST_POSTGRES_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return async () => {};
  }

  const server = await startServer();
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}
