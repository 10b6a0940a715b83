// Load: autocannon against one endpoint (or several instances at once), and full password sign-ins
// run one after another (latency) or side by side (sign-ins per second).
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import autocannon from 'autocannon';
import { median, memoryOf, percentile, progress, round } from './processes.mjs';
import { basic, request, signIn } from './sign-in.mjs';

export const SCENARIOS = ['discovery', 'jwks', 'client_credentials', 'refresh_token', 'userinfo', 'introspection'];

/**
 * What each scenario sends. `endpoint` is the deployment's public URL (issuer, resource
 * indicators); requests go to whichever instance's base URL the runner picks.
 */
export function scenarioRequests(endpoint, fixtures) {
  const form = 'application/x-www-form-urlencoded';
  return {
    discovery: { method: 'GET', path: '/oidc/.well-known/openid-configuration', check: (body) => body.issuer === `${endpoint}/oidc` },
    jwks: { method: 'GET', path: '/oidc/jwks', check: (body) => Array.isArray(body.keys) && body.keys.length > 0 },
    client_credentials: {
      method: 'POST',
      path: '/oidc/token',
      headers: { authorization: basic(fixtures.adminClient.id, fixtures.adminClient.secret), 'content-type': form },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${endpoint}/api`, scope: 'all' }).toString(),
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
    introspection: {
      method: 'POST',
      path: '/oidc/token/introspection',
      headers: { authorization: basic(fixtures.app.id, fixtures.app.secret), 'content-type': form },
      body: new URLSearchParams({ token: fixtures.tokens.access_token, token_type_hint: 'access_token' }).toString(),
      check: (body) => body.active === true && body.sub === fixtures.userId,
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

/** One request first: a wrong setup shows its real answer instead of a wall of non-2xx. */
async function probe(base, name, spec) {
  const response = await request(`${base}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body });
  const text = await response.text();
  let ok = response.status === 200;
  try {
    ok &&= spec.check(JSON.parse(text));
  } catch {
    ok = false;
  }
  if (!ok) progress(`${name}: the probe request answered HTTP ${response.status} ${text.slice(0, 300)}`);
  return { status: response.status, ok, ...(!ok && { body: text.slice(0, 1000) }) };
}

function summarize(name, connections, results, elapsedS) {
  const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
  const errors = results.reduce((sum, result) => sum + result.non2xx + result.errors, 0);
  // With several instances the percentiles of the slowest one are reported (conservative).
  const worst = (field) => Math.max(...results.map((result) => result.latency[field]));
  const statusCodes = {};
  for (const result of results) {
    for (const [status, stat] of Object.entries(result.statusCodeStats)) statusCodes[status] = (statusCodes[status] ?? 0) + stat.count;
  }
  return {
    scenario: name,
    connections,
    durationS: round(elapsedS, 2),
    requests,
    reqPerSec: round(requests / elapsedS, 0),
    latencyMs: { p50: worst('p50'), p90: worst('p90'), p99: worst('p99'), max: worst('max') },
    errors,
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
    statusCodes,
  };
}

/**
 * One scenario at one connection count. With several `bases` (instances of one deployment), the
 * connections are split between them and run at the same time; req/s is the sum.
 */
export async function runScenario({ name, bases, spec, connections, duration, warmup, pid }) {
  const probes = await Promise.all(bases.map((base) => probe(base, name, spec)));
  const share = (index) => Math.floor(connections / bases.length) + (index < connections % bases.length ? 1 : 0);
  const load = (seconds) => Promise.all(bases.map((base, index) => runAutocannon({ base, spec, connections: share(index), duration: seconds })));
  if (warmup > 0) await load(warmup);
  const loadAverage = loadavg()[0];
  const startedAt = performance.now();
  const results = await load(duration);
  const row = summarize(name, connections, results, (performance.now() - startedAt) / 1000);
  row.instances = bases.length;
  row.probe = { ok: probes.every((one) => one.ok), ...probes.find((one) => !one.ok) };
  row.loadAverage1mBefore = round(loadAverage, 2);
  if (pid !== undefined) row.rssAfterMb = memoryOf(pid).rssMb;
  progress(
    `${name} ×${connections}${bases.length > 1 ? ` on ${bases.length} instances` : ''}: ${row.reqPerSec} req/s, ` +
      `p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, ${row.errors} errors` +
      (row.errors > 0 ? ` (status ${JSON.stringify(row.statusCodes)}, timeouts ${row.timeouts})` : ''),
  );
  return row;
}

/** `count` sign-ins one after another: the end-to-end latency of one user signing in. */
export async function sequentialSignIns({ base, app, user, count }) {
  const durations = [];
  const stepTimes = [];
  for (let i = 0; i < count; i++) {
    const { ms, steps } = await signIn(base, app, user);
    durations.push(ms);
    stepTimes.push(steps);
  }
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    count: durations.length,
    medianMs: round(median(durations), 1),
    p90Ms: round(percentile(sorted, 90), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    minMs: round(sorted[0], 1),
    maxMs: round(sorted[sorted.length - 1], 1),
    allMs: durations.map((ms) => round(ms, 1)),
    stepMedianMs: Object.fromEntries(Object.keys(stepTimes[0] ?? {}).map((name) => [name, round(median(stepTimes.map((steps) => steps[name])), 1)])),
  };
}

/**
 * `concurrency` clients signing in side by side for `duration` seconds, each as its own user (so
 * per-account limits never interfere): complete sign-ins per second, latency and errors.
 */
export async function concurrentSignIns({ bases, endpoint, app, users, concurrency, duration }) {
  const durations = [];
  const errors = [];
  const loadAverage = loadavg()[0];
  const startedAt = performance.now();
  const end = startedAt + duration * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, index) => {
      const user = users[index % users.length];
      const base = bases[index % bases.length];
      while (performance.now() < end) {
        try {
          durations.push((await signIn(base, app, user, endpoint)).ms);
        } catch (error) {
          errors.push(error instanceof Error ? error.message.slice(0, 300) : String(error));
        }
      }
    }),
  );
  const elapsedS = (performance.now() - startedAt) / 1000;
  const sorted = [...durations].sort((a, b) => a - b);
  const row = {
    scenario: 'password_sign_in',
    connections: concurrency,
    durationS: round(elapsedS, 2),
    requests: durations.length,
    reqPerSec: round(durations.length / elapsedS, 1),
    latencyMs: { p50: round(percentile(sorted, 50), 1), p90: round(percentile(sorted, 90), 1), p99: round(percentile(sorted, 99), 1), max: round(sorted.at(-1), 1) },
    errors: errors.length,
    errorSamples: [...new Set(errors)].slice(0, 5),
    instances: bases.length,
    probe: { ok: true },
    loadAverage1mBefore: round(loadAverage, 2),
  };
  progress(`password sign-in ×${concurrency}: ${row.reqPerSec} sign-ins/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, ${row.errors} errors`);
  return row;
}
