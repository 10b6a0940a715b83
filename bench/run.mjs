// Signet load benchmarks: `npm run bench` (embedded PGlite), `npm run bench -- --postgres`
// (also a throwaway PostgreSQL server), or DATABASE_URL=postgres://… npm run bench.
//
// For each database mode this starts the built server (packages/server/dist/main.js) as a child
// process on a free 127.0.0.1 port with a fresh temp data folder, measures cold start, prepares an
// application, a user and tokens through the Management API and a real password sign-in, then runs
// autocannon against the hot endpoints. Plain ESM JavaScript: Node runs it as is. See README.md.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URLSearchParams } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');
const serverMain = join(repoRoot, 'packages/server/dist/main.js');

const SCENARIOS = ['discovery', 'jwks', 'client_credentials', 'refresh_token', 'userinfo'];
/** `--only` also accepts `signin`: the sequential sign-in timing. */
const SELECTABLE = [...SCENARIOS, 'signin'];
const REDIRECT_URI = 'http://localhost:3000/callback';
// Unique per run, so a run against a reused database (DATABASE_URL as is) never meets an older one.
const runId = randomBytes(4).toString('hex');
const ADMIN_CLIENT = { id: `bench-admin-${runId}`, secret: `bench-admin-secret-${randomBytes(12).toString('hex')}` };
const READY_TIMEOUT_MS = 120_000; // cold start on a busy shared machine, with a first PGlite create
const STOP_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npm run bench -- [options]      (or: node bench/run.mjs [options] after npm run build)

  --duration <s>      seconds per load scenario           (env BENCH_DURATION, default 10)
  --connections <n>   concurrent connections              (env BENCH_CONNECTIONS, default 10)
  --only <list>       comma-separated subset of: ${SELECTABLE.join(', ')}
                                                          (env BENCH_ONLY, default all)
  --signins <n>       sequential timed sign-ins           (env BENCH_SIGNINS, default 20)
  --warmup <s>        unmeasured load before each scenario (env BENCH_WARMUP, default 1; 0 = none)
  --postgres          also benchmark against a throwaway PostgreSQL server started here
                      (DATABASE_URL, when set, is used instead: a fresh database is created on it if allowed)
  --out <file>        where to write the raw JSON results (default bench/results/<timestamp>.json)
  --help`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      signins: { type: 'string' },
      warmup: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name, raw, fallback, { integer = false, min = 0 } = {}) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} >= ${min} (got "${raw}")`);
    }
    return value;
  };
  const onlyRaw = values.only ?? process.env.BENCH_ONLY;
  const only = onlyRaw ? onlyRaw.split(',').map((name) => name.trim()).filter(Boolean) : SELECTABLE;
  const unknown = only.filter((name) => !SELECTABLE.includes(name));
  if (unknown.length > 0) throw new UsageError(`--only: unknown scenario(s) ${unknown.join(', ')}; choose from ${SELECTABLE.join(', ')}`);
  return {
    duration: number('duration', values.duration ?? process.env.BENCH_DURATION, 10, { min: 1, integer: true }),
    connections: number('connections', values.connections ?? process.env.BENCH_CONNECTIONS, 10, { min: 1, integer: true }),
    signins: number('signins', values.signins ?? process.env.BENCH_SIGNINS, 20, { min: 1, integer: true }),
    warmup: number('warmup', values.warmup ?? process.env.BENCH_WARMUP, 1, { min: 0, integer: true }),
    only,
    postgres: values.postgres,
    databaseUrl: process.env.DATABASE_URL || undefined,
    out: values.out,
  };
}

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started here is stopped here, by pid, on success, error or signal.

/** Async cleanups, run last-registered first. */
const cleanups = [];
/** Synchronous last resorts for the 'exit' event: processes still running get killed by pid. */
const exitKills = new Map();
let cleaningUp;

function runCleanups() {
  cleaningUp ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop();
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return cleaningUp;
}

process.on('exit', () => {
  for (const kill of exitKills.values()) kill();
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping what was started…`);
    const deadline = setTimeout(() => process.exit(1), 30_000);
    deadline.unref();
    void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

function tryKill(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * A detached shell that outlives this process if it is killed without a chance to clean up
 * (SIGKILL, OOM): it then stops every process listed in the registry (only while that pid still
 * runs the same executable) and removes the listed folders. It exits by itself once the registry
 * file is gone, which the normal cleanup does.
 */
const WATCHDOG = `
runner="$1"; list="$2"
while kill -0 "$runner" 2>/dev/null && [ -f "$list" ]; do sleep 1; done
[ -f "$list" ] || exit 0
ours() { [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ]; }
while read -r kind a b c; do
  if [ "$kind" = kill ] && ours "$b" "$c"; then kill -s "$a" "$b" 2>/dev/null; fi
done < "$list"
i=0
while [ "$i" -lt 100 ]; do
  left=0
  while read -r kind a b c; do
    if [ "$kind" = kill ] && ours "$b" "$c"; then left=1; fi
  done < "$list"
  [ "$left" = 0 ] && break
  sleep 0.1; i=$((i + 1))
done
while read -r kind a b c; do
  if [ "$kind" = kill ] && ours "$b" "$c"; then kill -s KILL "$b" 2>/dev/null; fi
done < "$list"
sleep 0.5
while read -r kind a b c; do
  if [ "$kind" = rm ]; then rm -rf "$a"; fi
done < "$list"
rm -rf "$(dirname "$list")"
`;

let watchdogRegistry;

async function startWatchdog() {
  const root = await mkdtemp(join(tmpdir(), 'signet-bench-'));
  watchdogRegistry = join(root, 'cleanup.list');
  writeFileSync(watchdogRegistry, '');
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'signet-bench-watchdog', String(process.pid), watchdogRegistry], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  // Removing the root (and with it the registry) tells the watchdog to exit.
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return root;
}

function watchdogKill(pid, signal, executable) {
  if (watchdogRegistry) appendFileSync(watchdogRegistry, `kill ${signal} ${pid} ${realpathSync(executable)}\n`);
}

function watchdogRemove(dir) {
  if (watchdogRegistry) appendFileSync(watchdogRegistry, `rm ${dir}\n`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc/<pid>/status. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: round(kb('VmRSS') / 1024, 1), peakRssMb: round(kb('VmHWM') / 1024, 1) };
  } catch {
    return { rssMb: NaN, peakRssMb: NaN };
  }
}

const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function progress(message) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** fetch with a deadline; every request made here is bounded in time. */
function request(url, init = {}) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

async function bodyText(response) {
  const text = await response.text().catch(() => '');
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

async function expectJson(response, what, statuses = [200]) {
  if (!statuses.includes(response.status)) {
    throw new Error(`${what}: HTTP ${response.status} ${await bodyText(response)}`);
  }
  return response.status === 204 ? {} : response.json();
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a throwaway server, or a fresh database on DATABASE_URL's server

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

async function withClient(url, work) {
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
async function startThrowawayPostgres() {
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
  cleanups.push(stop);

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
async function prepareGivenDatabase(adminUrl) {
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
  cleanups.push(stop);
  return { url: url.toString(), version, source: `DATABASE_URL (fresh database ${name})`, fresh: true, stop };
}

// ---------------------------------------------------------------------------------------------
// Signet as a child process

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
async function startSignet({ label, port, dataDir, databaseUrl, secretKey }) {
  const base = `http://127.0.0.1:${port}`;
  const env = serverEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    ENDPOINT: base,
    SIGNET_DATA_DIR: dataDir,
    SIGNET_ADMIN_CLIENT_ID: ADMIN_CLIENT.id,
    SIGNET_ADMIN_CLIENT_SECRET: ADMIN_CLIENT.secret,
    // info logs only startup lines here (no per-request logging), and errors still show.
    LOG_LEVEL: 'info',
    ...(databaseUrl && { DATABASE_URL: databaseUrl, SIGNET_SECRET_KEY: secretKey }),
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
  cleanups.push(stop);

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

async function startSignetWithRetry(options) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSignet(options);
    } catch (error) {
      if (!error.addressInUse || attempt >= 3) throw error;
      options = { ...options, port: await freePort() };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Management API and a real password sign-in

async function managementToken(base) {
  const response = await request(`${base}/oidc/token`, {
    method: 'POST',
    headers: { authorization: basic(ADMIN_CLIENT.id, ADMIN_CLIENT.secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${base}/api`, scope: 'all' }).toString(),
  });
  const body = await expectJson(response, 'management token (client_credentials)');
  if (!body.access_token) throw new Error(`management token: no access_token in ${JSON.stringify(body)}`);
  return body.access_token;
}

async function managementCall(base, token, method, path, body, statuses = [200, 201]) {
  const response = await request(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return expectJson(response, `${method} ${path}`, statuses);
}

/** Cookies as a browser keeps them for one site: by name and path; expired ones removed. */
class CookieJar {
  #cookies = new Map();

  store(response, requestUrl) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const equals = pair.indexOf('=');
      if (equals < 1) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const requestPath = new URL(requestUrl).pathname;
      let path = requestPath.lastIndexOf('/') > 0 ? requestPath.slice(0, requestPath.lastIndexOf('/')) : '/';
      let expired = false;
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const attributeKey = rawKey.trim().toLowerCase();
        const attributeValue = rest.join('=').trim();
        if (attributeKey === 'path' && attributeValue.startsWith('/')) path = attributeValue;
        if (attributeKey === 'max-age' && Number(attributeValue) <= 0) expired = true;
        if (attributeKey === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
      }
      const key = `${name}\t${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const path = new URL(url).pathname;
    const matches = (cookiePath) =>
      path === cookiePath || (path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] === '/'));
    return [...this.#cookies.values()]
      .filter((cookie) => matches(cookie.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

/**
 * One complete browserless sign-in: authorize (PKCE) → Experience API with the interaction cookie →
 * follow redirects to the app's redirect URI → code for tokens. Returns the tokens and its duration.
 */
async function signIn(base, app, user) {
  const jar = new CookieJar();
  const send = async (url, init = {}) => {
    const cookie = jar.header(url);
    const response = await request(url, {
      redirect: 'manual',
      ...init,
      headers: { ...init.headers, ...(cookie && { cookie }) },
    });
    jar.store(response, url);
    return response;
  };
  const experience = async (method, path, body) => {
    const response = await send(`${base}/api/experience${path}`, {
      method,
      // What the sign-in page sends: same-origin JSON.
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(body),
    });
    return expectJson(response, `${method} /api/experience${path}`);
  };

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const startedAt = performance.now();
  // Time per step, to see where a slow sign-in spends it.
  const steps = {};
  let stepStart = startedAt;
  const step = (name) => {
    const now = performance.now();
    steps[name] = round((steps[name] ?? 0) + now - stepStart, 1);
    stepStart = now;
  };

  const authorize = new URL(`${base}/oidc/auth`);
  authorize.search = new URLSearchParams({
    client_id: app.id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid offline_access profile',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  }).toString();
  const authorizeResponse = await send(authorize.href);
  await authorizeResponse.arrayBuffer();
  const signInLocation = authorizeResponse.headers.get('location');
  if (authorizeResponse.status < 300 || authorizeResponse.status >= 400 || !signInLocation) {
    throw new Error(`authorize: expected a redirect to the sign-in page, got HTTP ${authorizeResponse.status}`);
  }
  step('authorize');

  await experience('PUT', '', { interactionEvent: 'SignIn' });
  step('experienceStart');
  const { verificationId } = await experience('POST', '/verification/password', {
    identifier: { type: 'username', value: user.username },
    password: user.password,
  });
  step('passwordVerification');
  await experience('POST', '/identification', { verificationId });
  step('identification');
  const { redirectTo } = await experience('POST', '/submit', {});
  step('submit');

  let location = new URL(redirectTo, base);
  for (let hop = 0; !location.href.startsWith(REDIRECT_URI); hop++) {
    if (hop >= 10) throw new Error('sign-in: more than 10 redirects after submit');
    const response = await send(location.href);
    const next = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !next) {
      throw new Error(`sign-in: GET ${location.pathname} answered HTTP ${response.status} ${await bodyText(response)}`);
    }
    await response.arrayBuffer();
    location = new URL(next, location);
  }
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`sign-in: no code in ${location.href.replace(/code=[^&]+/, 'code=…')} (error=${location.searchParams.get('error')})`);
  if (location.searchParams.get('state') !== state) throw new Error('sign-in: state mismatch');
  step('redirectsToCode');

  const tokenResponse = await request(`${base}/oidc/token`, {
    method: 'POST',
    headers: { authorization: basic(app.id, app.secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
  });
  const tokens = await expectJson(tokenResponse, 'authorization_code token');
  step('codeForTokens');
  const ms = performance.now() - startedAt;
  for (const field of ['access_token', 'refresh_token', 'id_token']) {
    if (!tokens[field]) throw new Error(`sign-in: the token response has no ${field}: ${JSON.stringify(Object.keys(tokens))}`);
  }
  return { ms, steps, tokens };
}

// ---------------------------------------------------------------------------------------------
// Load scenarios

function scenarioRequests(base, fixtures) {
  const form = 'application/x-www-form-urlencoded';
  return {
    discovery: { method: 'GET', path: '/oidc/.well-known/openid-configuration', check: (body) => body.issuer === `${base}/oidc` },
    jwks: { method: 'GET', path: '/oidc/jwks', check: (body) => Array.isArray(body.keys) && body.keys.length > 0 },
    client_credentials: {
      method: 'POST',
      path: '/oidc/token',
      headers: { authorization: basic(ADMIN_CLIENT.id, ADMIN_CLIENT.secret), 'content-type': form },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${base}/api`, scope: 'all' }).toString(),
      check: (body) => typeof body.access_token === 'string',
    },
    refresh_token: {
      method: 'POST',
      path: '/oidc/token',
      headers: { authorization: basic(fixtures.app.id, fixtures.app.secret), 'content-type': form },
      // The application has rotateRefreshToken: false, so this one refresh token stays valid for every request.
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: fixtures.tokens.refresh_token }).toString(),
      check: (body) => typeof body.access_token === 'string' && typeof body.id_token === 'string',
    },
    userinfo: {
      method: 'GET',
      path: '/oidc/me',
      headers: { authorization: `Bearer ${fixtures.tokens.access_token}` },
      check: (body) => body.sub === fixtures.userId,
    },
  };
}

function runAutocannon({ base, spec, connections, duration }) {
  return autocannon({
    url: `${base}${spec.path}`,
    method: spec.method,
    headers: spec.headers ?? {},
    ...(spec.body !== undefined && { body: spec.body }),
    connections,
    duration,
    timeout: 10,
  });
}

async function runScenario({ name, base, spec, options, pid }) {
  // One request first: a wrong setup shows its real answer instead of a wall of non-2xx.
  const probe = await request(`${base}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body });
  const probeText = await probe.text();
  let probeOk = probe.status === 200;
  try {
    probeOk &&= spec.check(JSON.parse(probeText));
  } catch {
    probeOk = false;
  }
  if (!probeOk) progress(`${name}: the probe request answered HTTP ${probe.status} ${probeText.slice(0, 300)}`);

  if (options.warmup > 0) await runAutocannon({ base, spec, connections: options.connections, duration: options.warmup });
  const load = loadavg()[0];
  const result = await runAutocannon({ base, spec, connections: options.connections, duration: options.duration });
  const memory = memoryOf(pid);
  const errors = result.non2xx + result.errors;
  const row = {
    scenario: name,
    connections: options.connections,
    durationS: result.duration,
    requests: result.requests.total,
    reqPerSec: round(result.requests.total / result.duration, 0),
    reqPerSecAutocannonMean: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    errors,
    non2xx: result.non2xx,
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, stat]) => [status, stat.count])),
    probe: { status: probe.status, ok: probeOk, ...(!probeOk && { body: probeText.slice(0, 1000) }) },
    loadAverage1mBefore: round(load, 2),
    rssAfterMb: memory.rssMb,
  };
  progress(
    `${name}: ${row.reqPerSec} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, ${errors} errors` +
      (errors > 0 ? ` (status ${JSON.stringify(row.statusCodes)}, timeouts ${row.timeouts})` : ''),
  );
  return row;
}

// ---------------------------------------------------------------------------------------------
// One database mode

async function runMode(mode, options, benchRoot) {
  const result = { mode: mode.name, database: undefined, coldStart: {}, memory: {}, signIn: undefined, scenarios: [], serverErrorLogs: [] };
  let database;
  if (mode.name === 'postgres') {
    database = mode.databaseUrl ? await prepareGivenDatabase(mode.databaseUrl) : await startThrowawayPostgres();
    result.database = { kind: 'postgres', source: database.source, version: database.version, fresh: database.fresh };
  } else {
    result.database = { kind: 'pglite', fresh: true };
  }
  const dataDir = join(benchRoot, mode.name);
  mkdirSync(dataDir, { recursive: true });
  const secretKey = database?.secretKey || randomBytes(32).toString('base64url');
  const common = { dataDir, databaseUrl: database?.url, secretKey };

  try {
    const port = await freePort();
    progress(`${mode.name}: cold start on ${result.database.fresh ? 'an empty' : 'the given'} ${mode.name === 'embedded' ? 'data folder' : 'database'}…`);
    const first = await startSignetWithRetry({ ...common, label: `${mode.name} (first start)`, port });
    result.coldStart.fresh = { ms: first.coldStartMs, serverReportedMs: first.reportedStartupMs, rssAtReadyMb: first.memoryAtReady.rssMb };
    result.serverErrorLogs.push(...first.errorLogs);
    await first.stop();

    progress(`${mode.name}: cold start on the existing ${mode.name === 'embedded' ? 'data folder' : 'database'}…`);
    const server = await startSignetWithRetry({ ...common, label: `${mode.name} (second start)`, port });
    result.coldStart.existing = { ms: server.coldStartMs, serverReportedMs: server.reportedStartupMs, rssAtReadyMb: server.memoryAtReady.rssMb };
    result.memory.atReadyMb = server.memoryAtReady.rssMb;
    try {
      progress(`${mode.name}: setup through the Management API and a first sign-in…`);
      const token = await managementToken(server.base);
      const created = await managementCall(server.base, token, 'POST', '/api/applications', {
        name: 'bench app',
        type: 'Traditional',
        oidcClientMetadata: { redirectUris: [REDIRECT_URI] },
        // Lets the refresh benchmark reuse one refresh token.
        customClientMetadata: { rotateRefreshToken: false },
      });
      let secret = created.secret;
      if (!secret || secret.includes('…')) {
        secret = (await managementCall(server.base, token, 'GET', `/api/applications/${encodeURIComponent(created.id)}?includeSecret=true`)).secret;
      }
      const app = { id: created.id, secret };
      const user = { username: `bench_user_${runId}`, password: `Bench-${randomBytes(12).toString('base64url')}-9` };
      const createdUser = await managementCall(server.base, token, 'POST', '/api/users', user);
      const setupSignIn = await signIn(server.base, app, user); // also warms up the sign-in path
      const fixtures = { app, userId: createdUser.id, tokens: setupSignIn.tokens };

      await sleep(1000);
      result.memory.idleAfterSetupMb = memoryOf(server.pid).rssMb;

      if (options.only.includes('signin')) {
        progress(`${mode.name}: ${options.signins} sequential sign-ins…`);
        const durations = [];
        const stepTimes = [];
        for (let i = 0; i < options.signins; i++) {
          const { ms, steps } = await signIn(server.base, app, user);
          durations.push(ms);
          stepTimes.push(steps);
        }
        const sorted = [...durations].sort((a, b) => a - b);
        result.signIn = {
          count: durations.length,
          medianMs: round(median(durations), 1),
          p90Ms: round(percentile(sorted, 90), 1),
          minMs: round(sorted[0], 1),
          maxMs: round(sorted[sorted.length - 1], 1),
          allMs: durations.map((ms) => round(ms, 1)),
          stepMedianMs: Object.fromEntries(Object.keys(stepTimes[0] ?? {}).map((name) => [name, round(median(stepTimes.map((steps) => steps[name])), 1)])),
        };
        progress(`${mode.name}: sign-in median ${result.signIn.medianMs} ms; median per step ${JSON.stringify(result.signIn.stepMedianMs)}`);
      }

      const requests = scenarioRequests(server.base, fixtures);
      for (const name of SCENARIOS.filter((scenario) => options.only.includes(scenario))) {
        if (!server.alive()) throw new Error(`${mode.name}: the server exited during the benchmark. Output:\n${server.output().slice(-4000)}`);
        progress(`${mode.name}: ${name} (${options.connections} connections, ${options.duration} s)…`);
        result.scenarios.push(await runScenario({ name, base: server.base, spec: requests[name], options, pid: server.pid }));
      }
      const memory = memoryOf(server.pid);
      result.memory.afterLoadMb = memory.rssMb;
      result.memory.peakMb = memory.peakRssMb;
    } finally {
      result.serverErrorLogs.push(...server.errorLogs);
      await server.stop();
    }
  } finally {
    await database?.stop();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function report(results, options) {
  const lines = [];
  const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  // autocannon keeps whole milliseconds (truncated): 0 means under 1 ms.
  const ms = (value) => (value === 0 ? '<1' : fmt(value));
  lines.push(
    `Signet benchmark — ${results.startedAt} — Node ${process.version}, ${cpus().length} CPUs (load generator and server share them), ` +
      `${options.duration} s per scenario${options.warmup > 0 ? ` after ${options.warmup} s warm-up` : ''}`,
    '',
    '| mode | scenario | conns | req/s | p50 ms | p99 ms | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const mode of results.modes) {
    for (const row of mode.scenarios) {
      lines.push(`| ${mode.mode} | ${row.scenario} | ${row.connections} | ${fmt(row.reqPerSec)} | ${ms(row.latencyMs.p50)} | ${ms(row.latencyMs.p99)} | ${row.errors} |`);
    }
  }
  lines.push('');
  for (const mode of results.modes) {
    const what = mode.mode === 'embedded' ? 'data folder' : 'database';
    const db = mode.database?.kind === 'postgres' ? ` [PostgreSQL ${mode.database.version}, ${mode.database.source}]` : mode.database ? ' [PGlite]' : '';
    if (mode.error) {
      lines.push(`- ${mode.mode}${db}: FAILED — ${mode.error.split('\n')[0]}`);
      continue;
    }
    const cold = mode.coldStart;
    const startLine = (start) => `${fmt(start.ms)} ms (server-reported ${fmt(start.serverReportedMs)} ms)`;
    if (cold.fresh) {
      const first = mode.database?.fresh === false ? `first start on the given ${what}` : `empty ${what}`;
      lines.push(`- Cold start ${mode.mode}${db}: ${first} ${startLine(cold.fresh)}${cold.existing ? `; existing ${what} ${startLine(cold.existing)}` : ''} (spawn → first 200 on discovery)`);
    }
    if (mode.signIn) {
      lines.push(
        `- Sign-in ${mode.mode}: median ${fmt(mode.signIn.medianMs, 1)} ms over ${mode.signIn.count} sequential password sign-ins ` +
          `(p90 ${fmt(mode.signIn.p90Ms, 1)}, min ${fmt(mode.signIn.minMs, 1)}, max ${fmt(mode.signIn.maxMs, 1)}; authorize → Experience API → code → tokens)`,
      );
    }
    const m = mode.memory;
    lines.push(`- RSS ${mode.mode}: at ready ${fmt(m.atReadyMb)} MB, idle after setup ${fmt(m.idleAfterSetupMb)} MB, after load ${fmt(m.afterLoadMb)} MB (peak ${fmt(m.peakMb)} MB)`);
    if (mode.serverErrorLogs.length > 0) lines.push(`- ${mode.mode}: the server logged ${mode.serverErrorLogs.length} error line(s); see the JSON results`);
  }
  lines.push(
    '',
    'refresh_token reuses one refresh token: the bench application has customClientMetadata.rotateRefreshToken = false ' +
      '(with rotation, the default, each refresh token is single-use). The machine may be shared: compare medians of several runs.',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || error.code?.startsWith?.('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (!existsSync(serverMain)) {
    console.error(`${serverMain} is missing: run \`npm run build\` first (npm run bench does it).`);
    process.exit(2);
  }

  const benchRoot = await startWatchdog();
  const modes = [{ name: 'embedded' }];
  if (options.databaseUrl) modes.push({ name: 'postgres', databaseUrl: options.databaseUrl });
  else if (options.postgres) modes.push({ name: 'postgres' });

  const results = {
    startedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: loadavg().map((value) => round(value, 2)),
    options: { duration: options.duration, connections: options.connections, warmup: options.warmup, signins: options.signins, only: options.only },
    notes: ['refresh_token: the bench application sets rotateRefreshToken=false so one refresh token is reused by every request'],
    modes: [],
  };
  let failed = false;
  try {
    for (const mode of modes) {
      try {
        results.modes.push(await runMode(mode, options, benchRoot));
      } catch (error) {
        failed = true;
        console.error(`bench: ${mode.name} failed: ${error instanceof Error ? error.stack : error}`);
        results.modes.push({ mode: mode.name, error: error instanceof Error ? error.message : String(error), scenarios: [], coldStart: {}, memory: {}, serverErrorLogs: [] });
      }
    }
  } finally {
    await runCleanups();
  }

  const out = options.out ? resolve(options.out) : join(benchDir, 'results', `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(report(results, options));
  console.log(`\nRaw results: ${out}`);
  const withErrors = results.modes.flatMap((mode) => mode.scenarios.filter((row) => row.errors > 0 || !row.probe.ok).map((row) => `${mode.mode}/${row.scenario}`));
  if (withErrors.length > 0) console.error(`bench: errors in ${withErrors.join(', ')}`);
  // autocannon and fetch may keep idle sockets around for a while: leave now.
  process.exit(failed ? 1 : 0);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.stack : error);
  await runCleanups();
  process.exit(1);
});
