// Signet load benchmarks: `npm run bench` (embedded PGlite), `npm run bench -- --postgres`
// (also a throwaway PostgreSQL server), or DATABASE_URL=postgres://… npm run bench.
//
// First measures this machine's physical limits (argon2id verifications/s with Signet's
// parameters, raw signatures/s). Then, for each database mode, starts the built server
// (packages/server/dist/main.js) as a child process on a free 127.0.0.1 port with a fresh temp data
// folder, measures cold start (empty data, then existing data), prepares an application and users
// through the Management API, times sequential password sign-ins, runs autocannon against the hot
// endpoints and concurrent sign-ins at each connection count, and (PostgreSQL) compares several
// instances on one database with one. Prints one table, the ratios and the targets. See README.md.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureLimits } from './lib/limits.mjs';
import { SCENARIOS, concurrentSignIns, runScenario, scenarioRequests, sequentialSignIns } from './lib/load.mjs';
import { prepareGivenDatabase, startThrowawayPostgres } from './lib/postgres.mjs';
import { freePort, memoryOf, progress, round, runCleanups, sleep, startWatchdog } from './lib/processes.mjs';
import { evaluate, report } from './lib/report.mjs';
import { REDIRECT_URI, managementCall, managementToken, signIn } from './lib/sign-in.mjs';
import { defaultServerMain, startSignetWithRetry } from './lib/signet.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));

/** `--only` also accepts: `signin` (sequential and concurrent sign-ins), `limits`, `scale` (several instances). */
const SELECTABLE = [...SCENARIOS, 'signin', 'limits', 'scale'];
// Unique per run, so a run against a reused database (DATABASE_URL as is) never meets an older one.
const runId = randomBytes(4).toString('hex');
const ADMIN_CLIENT = { id: `bench-admin-${runId}`, secret: `bench-admin-secret-${randomBytes(12).toString('hex')}` };
/** What the scale-out comparison runs, at the highest connection count. */
const SCALE_SCENARIOS = ['client_credentials', 'userinfo', 'signin'];

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npm run bench -- [options]      (or: node bench/run.mjs [options] after npm run build)

  --duration <s>       seconds per measured row                (env BENCH_DURATION, default 10)
  --connections <list> comma-separated connection counts       (env BENCH_CONNECTIONS, default 2,10,50)
  --only <list>        comma-separated subset of: ${SELECTABLE.join(', ')}
                                                               (env BENCH_ONLY, default all)
  --signins <n>        sequential timed sign-ins               (env BENCH_SIGNINS, default 20)
  --warmup <s>         unmeasured load before each row         (env BENCH_WARMUP, default 1; 0 = none)
  --instances <n>      PostgreSQL: also run n instances on the one database and compare with one
                                                               (env BENCH_INSTANCES, default 2; 1 = skip)
  --workers <n>        SIGNET_WORKERS for the PostgreSQL server (env BENCH_WORKERS, default: unset)
  --server <file>      the server bundle to start          (env BENCH_SERVER, default packages/server/dist/main.js)
  --skip-embedded      only the PostgreSQL mode (with --postgres or DATABASE_URL)
  --postgres           also benchmark against a throwaway PostgreSQL server started here
                       (DATABASE_URL, when set, is used instead: a fresh database is created on it if allowed)
  --out <file>         where to write the raw JSON results (default bench/results/<timestamp>.json)
  --help`;

class UsageError extends Error {}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      signins: { type: 'string' },
      warmup: { type: 'string' },
      instances: { type: 'string' },
      workers: { type: 'string' },
      server: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      'skip-embedded': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name, raw, fallback, { min = 0 } = {}) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${raw}")`);
    return value;
  };
  const onlyRaw = values.only ?? process.env.BENCH_ONLY;
  const only = onlyRaw ? onlyRaw.split(',').map((name) => name.trim()).filter(Boolean) : SELECTABLE;
  const unknown = only.filter((name) => !SELECTABLE.includes(name));
  if (unknown.length > 0) throw new UsageError(`--only: unknown scenario(s) ${unknown.join(', ')}; choose from ${SELECTABLE.join(', ')}`);
  const connectionsRaw = values.connections ?? process.env.BENCH_CONNECTIONS ?? '2,10,50';
  const connections = [...new Set(connectionsRaw.split(',').map((part) => number('connections', part.trim(), undefined, { min: 1 })))].sort((a, b) => a - b);
  if (connections.length === 0 || connections.some((value) => value === undefined)) throw new UsageError(`--connections: give counts like 2,10,50 (got "${connectionsRaw}")`);
  const workers = number('workers', values.workers ?? process.env.BENCH_WORKERS, undefined, { min: 1 });
  return {
    duration: number('duration', values.duration ?? process.env.BENCH_DURATION, 10, { min: 1 }),
    connections,
    signins: number('signins', values.signins ?? process.env.BENCH_SIGNINS, 20, { min: 1 }),
    warmup: number('warmup', values.warmup ?? process.env.BENCH_WARMUP, 1),
    instances: number('instances', values.instances ?? process.env.BENCH_INSTANCES, 2, { min: 1 }),
    workers,
    only,
    postgres: values.postgres,
    skipEmbedded: values['skip-embedded'],
    databaseUrl: process.env.DATABASE_URL || undefined,
    out: values.out,
    serverMain: resolve(values.server ?? process.env.BENCH_SERVER ?? defaultServerMain),
  };
}

// ---------------------------------------------------------------------------------------------
// One database mode

async function prepare(server, options) {
  const token = await managementToken(server.base, ADMIN_CLIENT, server.endpoint);
  const created = await managementCall(server.base, token, 'POST', '/api/applications', {
    name: 'bench app',
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [REDIRECT_URI] },
    // Lets the refresh benchmark reuse one refresh token.
    customClientMetadata: { rotateRefreshToken: false },
  });
  let secret = created.secret;
  if (!secret || secret.includes('*')) {
    secret = (await managementCall(server.base, token, 'GET', `/api/applications/${encodeURIComponent(created.id)}?includeSecret=true`)).secret;
  }
  const app = { id: created.id, secret };
  const createUser = async (i) => {
    const user = { username: `bench_${runId}_${i}`, password: `Bench-${randomBytes(12).toString('base64url')}-9` };
    user.id = (await managementCall(server.base, token, 'POST', '/api/users', user)).id;
    return user;
  };
  const users = [await createUser(0)];
  const first = await signIn(server.base, app, users[0]); // also warms up the sign-in path
  return {
    app,
    users,
    adminClient: ADMIN_CLIENT,
    userId: users[0].id,
    tokens: first.tokens,
    /** One user per concurrent sign-in client, so per-account limits never interfere. */
    async addUsers() {
      const count = Math.max(...options.connections) + 1;
      while (users.length < count) users.push(await createUser(users.length));
    },
  };
}

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
  const extraEnv = mode.name === 'postgres' && options.workers !== undefined ? { SIGNET_WORKERS: String(options.workers) } : {};
  if (extraEnv.SIGNET_WORKERS) result.workers = options.workers;
  const common = { dataDir, databaseUrl: database?.url, secretKey, adminClient: ADMIN_CLIENT, extraEnv, serverMain: options.serverMain };
  const what = mode.name === 'embedded' ? 'data folder' : 'database';

  try {
    const port = await freePort();
    progress(`${mode.name}: cold start on ${result.database.fresh ? 'an empty' : 'the given'} ${what}…`);
    const first = await startSignetWithRetry({ ...common, label: `${mode.name} (first start)`, port });
    result.coldStart.fresh = { ms: first.coldStartMs, serverReportedMs: first.reportedStartupMs, rssAtReadyMb: first.memoryAtReady.rssMb };
    result.serverErrorLogs.push(...first.errorLogs);
    await first.stop();

    progress(`${mode.name}: cold start on the existing ${what}…`);
    const server = await startSignetWithRetry({ ...common, label: `${mode.name} (second start)`, port });
    result.coldStart.existing = { ms: server.coldStartMs, serverReportedMs: server.reportedStartupMs, rssAtReadyMb: server.memoryAtReady.rssMb };
    result.memory.atReadyMb = server.memoryAtReady.rssMb;
    try {
      progress(`${mode.name}: setup through the Management API and a first sign-in…`);
      const fixtures = await prepare(server, options);
      await sleep(1000);
      const idle = memoryOf(server.pid);
      result.memory.idleAfterSetupMb = idle.rssMb;
      result.memory.processes = idle.processes;
      // After the idle figure: hashing one password per client takes memory of its own (argon2id
      // uses 19 MiB per hash), which the idle figure should not count.
      await fixtures.addUsers();

      if (options.only.includes('signin')) {
        progress(`${mode.name}: ${options.signins} sequential sign-ins…`);
        result.signIn = await sequentialSignIns({ base: server.base, app: fixtures.app, user: fixtures.users[0], count: options.signins });
        progress(`${mode.name}: sign-in median ${result.signIn.medianMs} ms; median per step ${JSON.stringify(result.signIn.stepMedianMs)}`);
      }

      const requests = scenarioRequests(server.endpoint, fixtures);
      const rowOptions = { duration: options.duration, warmup: options.warmup, pid: server.pid };
      for (const name of [...SCENARIOS, 'signin'].filter((scenario) => options.only.includes(scenario))) {
        for (const connections of options.connections) {
          if (!server.alive()) throw new Error(`${mode.name}: the server exited during the benchmark. Output:\n${server.output().slice(-4000)}`);
          if (name === 'signin') {
            result.scenarios.push(await concurrentSignIns({ bases: [server.base], endpoint: server.endpoint, app: fixtures.app, users: fixtures.users, concurrency: connections, duration: options.duration }));
          } else {
            result.scenarios.push(await runScenario({ name, bases: [server.base], spec: requests[name], connections, ...rowOptions }));
          }
        }
      }
      const memory = memoryOf(server.pid);
      result.memory.afterLoadMb = memory.rssMb;
      result.memory.peakMb = memory.peakRssMb;

      if (mode.name === 'postgres' && options.instances > 1 && options.only.includes('scale')) {
        result.scaleOut = await scaleOut({ server, common, options, fixtures, requests });
      }
    } finally {
      result.serverErrorLogs.push(...server.errorLogs);
      await server.stop();
    }
  } finally {
    await database?.stop();
  }
  return result;
}

/**
 * Several instances on one PostgreSQL against one, back to back at the highest connection count:
 * the connections are split evenly between the instances (what a load balancer does).
 */
async function scaleOut({ server, common, options, fixtures, requests }) {
  const connections = Math.max(...options.connections);
  const others = [];
  const rows = [];
  const ratios = [];
  try {
    for (let i = 1; i < options.instances; i++) {
      progress(`postgres: starting instance ${i + 1} on the same database…`);
      others.push(await startSignetWithRetry({ ...common, label: `postgres (instance ${i + 1})`, port: await freePort(), endpoint: server.endpoint }));
    }
    const bases = [server.base, ...others.map((other) => other.base)];
    for (const name of SCALE_SCENARIOS.filter((scenario) => options.only.includes(scenario))) {
      const measure = (targets) =>
        name === 'signin'
          ? concurrentSignIns({ bases: targets, endpoint: server.endpoint, app: fixtures.app, users: fixtures.users, concurrency: connections, duration: options.duration })
          : runScenario({ name, bases: targets, spec: requests[name], connections, duration: options.duration, warmup: options.warmup });
      const single = await measure([server.base]);
      const several = await measure(bases);
      rows.push(single, several);
      ratios.push({ scenario: single.scenario, connections, instances: bases.length, single: single.reqPerSec, several: several.reqPerSec, ratio: several.reqPerSec / single.reqPerSec });
    }
  } finally {
    for (const other of others) await other.stop();
  }
  return { rows, ratios };
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
  if (!existsSync(options.serverMain)) {
    console.error(`${options.serverMain} is missing: run \`npm run build\` first (npm run bench does it).`);
    process.exit(2);
  }

  const benchRoot = await startWatchdog();
  const modes = options.skipEmbedded ? [] : [{ name: 'embedded' }];
  if (options.databaseUrl) modes.push({ name: 'postgres', databaseUrl: options.databaseUrl });
  else if (options.postgres) modes.push({ name: 'postgres' });
  if (modes.length === 0) {
    console.error(`--skip-embedded leaves nothing to measure: add --postgres or set DATABASE_URL\n\n${USAGE}`);
    process.exit(2);
  }

  const results = {
    startedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: loadavg().map((value) => round(value, 2)),
    server: options.serverMain,
    options: { duration: options.duration, connections: options.connections, warmup: options.warmup, signins: options.signins, instances: options.instances, workers: options.workers, only: options.only },
    notes: ['refresh_token: the bench application sets rotateRefreshToken=false so one refresh token is reused by every request'],
    limits: undefined,
    modes: [],
  };
  let failed = false;
  try {
    if (options.only.includes('limits')) {
      progress('physical limits: argon2id verifications/s and raw signatures/s…');
      results.limits = await measureLimits({ seconds: Math.min(3, options.duration) });
    }
    for (const mode of modes) {
      try {
        const measured = await runMode(mode, options, benchRoot);
        measured.evaluation = evaluate(measured, results.limits);
        results.modes.push(measured);
      } catch (error) {
        failed = true;
        console.error(`bench: ${mode.name} failed: ${error instanceof Error ? error.stack : error}`);
        results.modes.push({ mode: mode.name, error: error instanceof Error ? error.message : String(error), scenarios: [], coldStart: {}, memory: {}, serverErrorLogs: [] });
      }
    }
  } finally {
    await runCleanups();
  }
  results.loadAverageAtEnd = loadavg().map((value) => round(value, 2));

  const out = options.out ? resolve(options.out) : join(benchDir, 'results', `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(report(results));
  console.log(`\nRaw results: ${out}`);
  const withErrors = results.modes.flatMap((mode) =>
    [...mode.scenarios, ...(mode.scaleOut?.rows ?? [])].filter((row) => row.errors > 0 || !row.probe.ok).map((row) => `${mode.mode}/${row.scenario}×${row.connections}`),
  );
  if (withErrors.length > 0) console.error(`bench: errors in ${withErrors.join(', ')}`);
  // autocannon and fetch may keep idle sockets around for a while: leave now.
  process.exit(failed ? 1 : 0);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.stack : error);
  await runCleanups();
  process.exit(1);
});
