// Smoke run of the benchmark script itself, in its shortest mode (embedded only, 1 s per row,
// 2 connections), so `bench/run.mjs` cannot silently rot: every scenario must serve requests
// without a single error; cold start, sign-ins, memory and the physical limits must be measured;
// the argon2id parameters it measures must be Signet's.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordHashOptions } from '../packages/server/src/crypto/passwords.ts';
// @ts-expect-error plain JavaScript module without types
import { signetArgon2Options } from './lib/limits.mjs';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const serverMain = join(repoRoot, 'packages/server/dist/main.js');

/** Runs a command with a deadline; kills only the process it started, by pid. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      // SIGTERM lets bench/run.mjs stop the server it started before it exits.
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      fail(new Error(`${command} ${args.join(' ')} took longer than ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

type ScenarioRow = { scenario: string; connections: number; requests: number; errors: number; reqPerSec: number; latencyMs: { p50: number; p99: number }; probe: { ok: boolean } };
type ModeResult = {
  mode: string;
  error?: string;
  coldStart: { fresh?: { ms: number }; existing?: { ms: number } };
  signIn?: { count: number; medianMs: number };
  memory: { idleAfterSetupMb?: number; afterLoadMb?: number };
  scenarios: ScenarioRow[];
  evaluation: { checks: { what: string; met: boolean }[]; ratios: { signInsPerArgon2?: number; clientCredentialsPerES384?: number } };
};
type Limits = { argon2id: { verificationsPerSecond: number }; signatures: Record<'ES384' | 'ES256' | 'RS256', { oneCorePerSecond: number; allCoresPerSecond: number }> };

describe('bench/run.mjs (smoke)', () => {
  let dir: string;
  let results: { modes: ModeResult[]; limits: Limits };
  let printed: string;

  beforeAll(async () => {
    if (!existsSync(serverMain)) {
      const build = await run('npm', ['run', 'build', '--silent'], process.env, 60_000);
      expect(build.code, build.output).toBe(0);
    }
    dir = mkdtempSync(join(tmpdir(), 'signet-bench-test-'));
    const out = join(dir, 'results.json');
    // Embedded only: no DATABASE_URL, no --postgres.
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const bench = await run(
      process.execPath,
      ['bench/run.mjs', '--duration', '1', '--connections', '2', '--signins', '3', '--warmup', '0', '--instances', '1', '--out', out],
      env,
      200_000,
    );
    expect(bench.code, bench.output).toBe(0);
    printed = bench.output;
    results = JSON.parse(readFileSync(out, 'utf8')) as { modes: ModeResult[]; limits: Limits };
  }, 260_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('measured the embedded mode only, without failing', () => {
    expect(results.modes.map((mode) => mode.mode)).toEqual(['embedded']);
    expect(results.modes[0]?.error).toBeUndefined();
  });

  it('ran every scenario with requests and no errors', () => {
    const rows = results.modes[0]?.scenarios ?? [];
    expect(rows.map((row) => row.scenario)).toEqual(['discovery', 'jwks', 'client_credentials', 'refresh_token', 'userinfo', 'introspection', 'password_sign_in']);
    for (const row of rows) {
      expect(row.connections, row.scenario).toBe(2);
      expect(row.requests, row.scenario).toBeGreaterThan(0);
      expect(row.errors, row.scenario).toBe(0);
      expect(row.probe.ok, row.scenario).toBe(true);
      expect(row.reqPerSec, row.scenario).toBeGreaterThan(0);
    }
  });

  it('measured cold start, sign-in and memory', () => {
    const mode = results.modes[0]!;
    expect(mode.coldStart.fresh?.ms).toBeGreaterThan(0);
    expect(mode.coldStart.existing?.ms).toBeGreaterThan(0);
    expect(mode.signIn?.count).toBe(3);
    expect(mode.signIn?.medianMs).toBeGreaterThan(0);
    expect(mode.memory.idleAfterSetupMb).toBeGreaterThan(0);
    expect(mode.memory.afterLoadMb).toBeGreaterThan(0);
  });

  it('measured the physical limits with Signet\'s argon2id parameters, and the ratios against them', () => {
    expect(signetArgon2Options).toEqual(passwordHashOptions);
    expect(results.limits.argon2id.verificationsPerSecond).toBeGreaterThan(0);
    for (const alg of ['ES384', 'ES256', 'RS256'] as const) expect(results.limits.signatures[alg].oneCorePerSecond, alg).toBeGreaterThan(0);
    const { ratios, checks } = results.modes[0]!.evaluation;
    expect(ratios.signInsPerArgon2).toBeGreaterThan(0);
    expect(ratios.clientCredentialsPerES384).toBeGreaterThan(0);
    expect(checks.find((check) => check.what === 'errors in every run')?.met).toBe(true);
  });

  it('printed one table with the ratios', () => {
    expect(printed).toContain('| mode | scenario | conns | req/s | p50 ms | p99 ms | errors |');
    expect(printed).toContain('| embedded | introspection | 2 |');
    expect(printed).toContain('ratio password sign-ins/s ÷ argon2id verifications/s');
    expect(printed).toContain('ratio client_credentials tokens/s ÷ raw signatures/s');
  });
});
