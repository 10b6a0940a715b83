// PostgreSQL for the benchmark: a throwaway server started here, or a fresh database on the server
// DATABASE_URL points at.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { exitKills, freePort, isAlive, onCleanup, progress, sleep, tryKill, watchdogKill, watchdogRemove } from './processes.mjs';

const execFileAsync = promisify(execFile);
const STOP_TIMEOUT_MS = 15_000;

const POSTGRES_ROOT = '/usr/lib/postgresql';
const runningAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const asPostgresUser = (command, args) => (runningAsRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);

function postgresBinDir() {
  const preferred = join(POSTGRES_ROOT, '15', 'bin');
  if (existsSync(join(preferred, 'postgres'))) return preferred;
  const majors = existsSync(POSTGRES_ROOT)
    ? readdirSync(POSTGRES_ROOT).filter((name) => /^\d+$/.test(name) && Number(name) >= 14 && existsSync(join(POSTGRES_ROOT, name, 'bin', 'postgres')))
    : [];
  const best = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!best) throw new Error(`--postgres needs PostgreSQL >= 14 server binaries in ${POSTGRES_ROOT}/<version>/bin (apt-get install postgresql), or set DATABASE_URL`);
  return join(POSTGRES_ROOT, best, 'bin');
}

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
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

export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Starts PostgreSQL on a free loopback port in a fresh folder; registers its own stop. */
export async function startThrowawayPostgres() {
  const binDir = postgresBinDir();
  const postgresBinary = join(binDir, 'postgres');
  const dir = await mkdtemp(join(tmpdir(), 'signet-bench-pg-'));
  watchdogRemove(dir);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  let child;
  let exited = Promise.resolve();
  let exitInfo;
  const postmasterPid = () => {
    try {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  const settles = async (promise, ms) => {
    let timer;
    try {
      return await Promise.race([promise.then(() => true), new Promise((done) => (timer = setTimeout(() => done(false), ms)))]);
    } finally {
      clearTimeout(timer);
    }
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const pid = postmasterPid();
    if (child && exitInfo === undefined) {
      // SIGINT = fast shutdown. As root the child is runuser; signal the postmaster itself.
      if (pid !== undefined) tryKill(pid, 'SIGINT');
      else tryKill(child.pid, 'SIGTERM');
      if (!(await settles(exited, STOP_TIMEOUT_MS)) && pid !== undefined) {
        tryKill(pid, 'SIGQUIT');
        if (!(await settles(exited, 5000))) tryKill(pid, 'SIGKILL');
      }
    }
    for (let i = 0; pid !== undefined && isAlive(pid) && i < 50; i++) await sleep(100);
    exitKills.delete(dir);
    await rm(dir, { recursive: true, force: true });
    progress('PostgreSQL stopped');
  };
  onCleanup(stop);

  if (runningAsRoot()) await execFileAsync('chown', ['-R', 'postgres:', dir]);
  const [initCommand, initArgs] = asPostgresUser(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  try {
    await execFileAsync(initCommand, initArgs, { cwd: dir, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`initdb failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // Durability settings stay at PostgreSQL's defaults (fsync on): what a deployment runs.
    const [command, args] = asPostgresUser(postgresBinary, ['-D', dataDir, '-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', dir]);
    const logFd = openSync(logFile, 'a');
    exitInfo = undefined;
    try {
      child = spawn(command, args, { cwd: dir, stdio: ['ignore', logFd, logFd] });
    } finally {
      closeSync(logFd);
    }
    const started = child;
    exited = new Promise((done) => {
      started.once('exit', (code, signal) => {
        exitInfo = signal ?? `code ${code}`;
        done();
      });
      started.once('error', (error) => {
        exitInfo = error.message;
        done();
      });
    });
    exitKills.set(dir, () => {
      const pid = postmasterPid();
      if (pid !== undefined) tryKill(pid, 'SIGQUIT');
    });

    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && exitInfo === undefined && Date.now() < deadline) {
      ready = await canConnect(url);
      if (!ready) await sleep(100);
    }
    if (ready) {
      const pid = postmasterPid();
      if (pid !== undefined) watchdogKill(pid, 'INT', postgresBinary);
      const version = await withClient(url, async (client) => (await client.query('show server_version')).rows[0].server_version);
      progress(`PostgreSQL ${version} ready on 127.0.0.1:${port}`);
      return { url, version, source: 'throwaway', fresh: true, stop };
    }
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (exitInfo !== undefined && attempt < 3 && /could not (bind|create listen)|in use/i.test(log)) continue;
    throw new Error(`PostgreSQL did not start (${exitInfo ?? 'timeout'}). Log:\n${log.slice(-3000)}`);
  }
}

/** DATABASE_URL given: a fresh database on that server when allowed (so cold start includes migrations), else the URL as is. */
export async function prepareGivenDatabase(adminUrl) {
  const version = await withClient(adminUrl, async (client) => (await client.query('show server_version')).rows[0].server_version);
  const name = `signet_bench_${randomBytes(6).toString('hex')}`;
  try {
    await withClient(adminUrl, (client) => client.query(`create database "${name}"`));
  } catch (error) {
    progress(`could not create a fresh database on DATABASE_URL's server (${error.message}); benchmarking DATABASE_URL as is`);
    // An existing Signet database only opens with its own key.
    return { url: adminUrl, version, source: 'DATABASE_URL (as is)', fresh: false, secretKey: process.env.SIGNET_SECRET_KEY, stop: async () => {} };
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  const stop = async () => {
    if (dropped) return;
    dropped = true;
    await withClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    progress(`dropped database ${name}`);
  };
  onCleanup(stop);
  return { url: url.toString(), version, source: `DATABASE_URL (fresh database ${name})`, fresh: true, stop };
}
