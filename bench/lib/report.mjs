// The printed report: one table of every measured row, then start-up and memory, the physical
// limits with the ratios against them, and the issue's targets marked met or not.
import { cpus } from 'node:os';

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
// autocannon keeps whole milliseconds (truncated): 0 means under 1 ms.
const ms = (value) => (value === 0 ? '<1' : fmt(value, Number.isInteger(value) ? 0 : 1));

export const targets = {
  reqPerSec: { discovery: 6000, jwks: 6000, client_credentials: 1000, refresh_token: 600, userinfo: 2000 },
  tokenP99At50Ms: 100,
  tokenScenarios: ['client_credentials', 'refresh_token', 'introspection'],
  signInSequentialMs: 50,
  signInsPerArgon2: 0.5,
  rssMb: { postgres: { idle: 120, afterLoad: 250 }, embedded: { idle: 250 } },
  coldStartMs: { postgres: 1000, embedded: 1500 },
};

const best = (rows, scenario) => rows.filter((row) => row.scenario === scenario).sort((a, b) => b.reqPerSec - a.reqPerSec)[0];

/** Ratios and target checks for one mode; also stored in the JSON. */
export function evaluate(mode, limits) {
  const rows = mode.scenarios;
  const checks = [];
  const check = (what, value, target, ok, unit = '') => checks.push({ what, value, target, unit, met: ok });
  for (const [scenario, target] of Object.entries(targets.reqPerSec)) {
    const row = best(rows, scenario);
    if (row) check(`${scenario} req/s (best of ${row.connections} conns)`, row.reqPerSec, `≥ ${fmt(target)}`, row.reqPerSec >= target);
  }
  for (const scenario of targets.tokenScenarios) {
    const row = rows.find((candidate) => candidate.scenario === scenario && candidate.connections === 50);
    if (row) check(`${scenario} p99 at 50 conns`, row.latencyMs.p99, `≤ ${targets.tokenP99At50Ms} ms`, row.latencyMs.p99 <= targets.tokenP99At50Ms, ' ms');
  }
  if (mode.signIn) check('password sign-in, sequential median', mode.signIn.medianMs, `≤ ${targets.signInSequentialMs} ms`, mode.signIn.medianMs <= targets.signInSequentialMs, ' ms');
  const signIns = best(rows, 'password_sign_in');
  const ratios = {};
  if (signIns && limits?.argon2id) {
    ratios.signInsPerArgon2 = signIns.reqPerSec / limits.argon2id.verificationsPerSecond;
    check('sign-ins/s ÷ argon2id verifications/s', Number(ratios.signInsPerArgon2.toFixed(2)), `≥ ${targets.signInsPerArgon2}`, ratios.signInsPerArgon2 >= targets.signInsPerArgon2);
  }
  const clientCredentials = best(rows, 'client_credentials');
  if (clientCredentials && limits?.signatures) {
    ratios.clientCredentialsPerES384 = clientCredentials.reqPerSec / limits.signatures.ES384.oneCorePerSecond;
    ratios.clientCredentialsPerES256 = clientCredentials.reqPerSec / limits.signatures.ES256.oneCorePerSecond;
  }
  const rss = targets.rssMb[mode.mode];
  if (rss?.idle !== undefined && Number.isFinite(mode.memory.idleAfterSetupMb)) check('RSS idle', mode.memory.idleAfterSetupMb, `≤ ${rss.idle} MB`, mode.memory.idleAfterSetupMb <= rss.idle, ' MB');
  if (rss?.afterLoad !== undefined && Number.isFinite(mode.memory.peakMb)) check('RSS under load (peak)', mode.memory.peakMb, `≤ ${rss.afterLoad} MB`, mode.memory.peakMb <= rss.afterLoad, ' MB');
  const cold = targets.coldStartMs[mode.mode];
  if (cold !== undefined && mode.coldStart.existing) check('cold start, existing data', mode.coldStart.existing.ms, `≤ ${fmt(cold)} ms`, mode.coldStart.existing.ms <= cold, ' ms');
  const errors = rows.reduce((sum, row) => sum + row.errors, 0) + (mode.scaleOut?.rows ?? []).reduce((sum, row) => sum + row.errors, 0);
  check('errors in every run', errors, '0', errors === 0);
  return { checks, ratios };
}

export function report(results) {
  const lines = [];
  const { options } = results;
  lines.push(
    `Signet benchmark — ${results.startedAt} — Node ${results.node}, ${results.cpus} × ${results.cpuModel ?? 'CPU'} ` +
      `(load generator, server${results.modes.some((mode) => mode.mode === 'postgres') ? ' and PostgreSQL' : ''} share them); ` +
      `${options.duration} s per row after ${options.warmup} s warm-up; load average at start ${results.loadAverageAtStart.join(' / ')}`,
    '',
    '| mode | scenario | conns | req/s | p50 ms | p99 ms | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const mode of results.modes) {
    if (mode.signIn) {
      const s = mode.signIn;
      lines.push(`| ${mode.mode} | password sign-in, sequential (${s.count}) | 1 | ${fmt(1000 / s.medianMs, 1)} | ${ms(s.medianMs)} | ${ms(s.p99Ms)} | 0 |`);
    }
    for (const row of mode.scenarios) {
      const name = row.scenario === 'password_sign_in' ? 'password sign-in, concurrent (sign-ins/s)' : row.scenario;
      lines.push(`| ${mode.mode} | ${name} | ${row.connections} | ${fmt(row.reqPerSec, row.scenario === 'password_sign_in' ? 1 : 0)} | ${ms(row.latencyMs.p50)} | ${ms(row.latencyMs.p99)} | ${row.errors} |`);
    }
    for (const row of mode.scaleOut?.rows ?? []) {
      lines.push(`| ${mode.mode} ×${row.instances} instances | ${row.scenario === 'password_sign_in' ? 'password sign-in, concurrent (sign-ins/s)' : row.scenario} | ${row.connections} | ${fmt(row.reqPerSec, row.scenario === 'password_sign_in' ? 1 : 0)} | ${ms(row.latencyMs.p50)} | ${ms(row.latencyMs.p99)} | ${row.errors} |`);
    }
  }

  lines.push('', '| mode | cold start, empty data | cold start, existing data | RSS at ready | RSS idle | RSS after load | RSS peak |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const mode of results.modes) {
    if (mode.error) continue;
    const c = mode.coldStart;
    const m = mode.memory;
    const processes = m.processes > 1 ? ` (${m.processes} processes)` : '';
    lines.push(`| ${mode.mode}${processes} | ${fmt(c.fresh?.ms)} ms | ${fmt(c.existing?.ms)} ms | ${fmt(m.atReadyMb)} MB | ${fmt(m.idleAfterSetupMb)} MB | ${fmt(m.afterLoadMb)} MB | ${fmt(m.peakMb)} MB |`);
  }

  const limits = results.limits;
  if (limits) {
    const sig = limits.signatures;
    lines.push(
      '',
      `Physical limits (this machine, this run): argon2id (m=${limits.argon2id.parameters.memoryCost} KiB, t=${limits.argon2id.parameters.timeCost}, p=${limits.argon2id.parameters.parallelism}) ` +
        `${fmt(limits.argon2id.verificationsPerSecond, 1)} verifications/s on ${limits.cores} cores (${fmt(limits.argon2id.verificationsPerSecondOneThread, 1)} on one); ` +
        `node:crypto signatures/s one core / all cores: ES384 ${fmt(sig.ES384.oneCorePerSecond)} / ${fmt(sig.ES384.allCoresPerSecond)}, ` +
        `ES256 ${fmt(sig.ES256.oneCorePerSecond)} / ${fmt(sig.ES256.allCoresPerSecond)}, RS256 ${fmt(sig.RS256.oneCorePerSecond)} / ${fmt(sig.RS256.allCoresPerSecond)}`,
    );
  }

  for (const mode of results.modes) {
    if (mode.error) {
      lines.push('', `${mode.mode}: FAILED — ${mode.error.split('\n')[0]}`);
      continue;
    }
    const { checks, ratios } = mode.evaluation;
    lines.push('', `${mode.mode}${mode.database?.version ? ` (PostgreSQL ${mode.database.version.split(' ')[0]})` : ' (PGlite)'}:`);
    if (ratios.signInsPerArgon2 !== undefined) lines.push(`- ratio password sign-ins/s ÷ argon2id verifications/s = ${ratios.signInsPerArgon2.toFixed(2)}`);
    if (ratios.clientCredentialsPerES384 !== undefined) {
      lines.push(
        `- ratio client_credentials tokens/s ÷ raw signatures/s (one core): ÷ ES384 = ${ratios.clientCredentialsPerES384.toFixed(2)}, ` +
          `÷ ES256 (the algorithm these tokens use) = ${ratios.clientCredentialsPerES256.toFixed(3)}; no database write per token (JWT, not stored)`,
      );
    }
    for (const ratio of mode.scaleOut?.ratios ?? []) {
      lines.push(`- ${ratio.instances} instances ÷ 1 instance, ${ratio.scenario} at ${ratio.connections} conns: ${ratio.ratio.toFixed(2)} (${fmt(ratio.single, ratio.scenario === 'password_sign_in' ? 1 : 0)} → ${fmt(ratio.several, ratio.scenario === 'password_sign_in' ? 1 : 0)})`);
    }
    if (mode.signIn) lines.push(`- sequential sign-in, median per step (ms): ${Object.entries(mode.signIn.stepMedianMs).map(([step, value]) => `${step} ${value}`).join(', ')}`);
    for (const item of checks) lines.push(`- [${item.met ? 'x' : ' '}] ${item.what}: ${fmt(item.value, Number.isInteger(item.value) ? 0 : 2)}${item.unit} (target ${item.target})`);
    if (mode.serverErrorLogs.length > 0) lines.push(`- the server logged ${mode.serverErrorLogs.length} error line(s); see the JSON results`);
  }
  lines.push(
    '',
    `refresh_token reuses one refresh token (the bench application sets rotateRefreshToken: false). Machine: ${cpus()[0]?.model ?? 'unknown'}. ` +
      'The machine may be shared: compare medians of several runs.',
  );
  return lines.join('\n');
}
