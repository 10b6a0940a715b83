// Smoke run of the benchmark script itself, in its shortest mode (embedded only, 1 s per scenario,
// 2 connections), so `bench/run.mjs` cannot silently rot: every scenario must serve requests
// without a single error, and cold start, sign-in and memory must be measured.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

type ScenarioRow = { scenario: string; requests: number; errors: number; reqPerSec: number; latencyMs: { p50: number; p99: number }; probe: { ok: boolean } };
type ModeResult = {
  mode: string;
  error?: string;
  coldStart: { fresh?: { ms: number }; existing?: { ms: number } };
  signIn?: { count: number; medianMs: number };
  memory: { idleAfterSetupMb?: number; afterLoadMb?: number };
  scenarios: ScenarioRow[];
};

describe('bench/run.mjs (smoke)', () => {
  let dir: string;
  let results: { modes: ModeResult[] };

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
      ['bench/run.mjs', '--duration', '1', '--connections', '2', '--signins', '3', '--warmup', '0', '--out', out],
      env,
      80_000,
    );
    expect(bench.code, bench.output).toBe(0);
    results = JSON.parse(readFileSync(out, 'utf8')) as { modes: ModeResult[] };
  }, 150_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('measured the embedded mode only, without failing', () => {
    expect(results.modes.map((mode) => mode.mode)).toEqual(['embedded']);
    expect(results.modes[0]?.error).toBeUndefined();
  });

  it('ran every scenario with requests and no errors', () => {
    const rows = results.modes[0]?.scenarios ?? [];
    expect(rows.map((row) => row.scenario)).toEqual(['discovery', 'jwks', 'client_credentials', 'refresh_token', 'userinfo']);
    for (const row of rows) {
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
});
