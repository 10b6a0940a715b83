// The example Next.js apps (examples/nextjs-authjs/v5 and v4) as real production servers: built once
// with `next build` (skipped while the app's sources are unchanged since the last build: a hash of
// them is kept in .next), then `next start` on a free port of `localhost` — Next.js rewrites 127.0.0.1
// to localhost, so the redirect URIs must say localhost. Each server stops with its test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type NextVariant = 'v5' | 'v4';

export const exampleRoot = fileURLToPath(new URL('../../../../../examples/nextjs-authjs/', import.meta.url));
export const appDirectory = (variant: NextVariant) => path.join(exampleRoot, variant);

/** What `next build` makes or rewrites, and the dependencies (covered by package-lock.json). */
const notSource = new Set(['node_modules', '.next', 'next-env.d.ts', 'tsconfig.tsbuildinfo', '.env.local']);
const stampFile = 'signet-source-hash';

async function sourceHash(directory: string): Promise<string> {
  const hash = createHash('sha256');
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(path.join(directory, relative), { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (notSource.has(entry.name)) continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) hash.update(child).update('\0').update(await readFile(path.join(directory, child))).update('\0');
    }
  }
  await walk('');
  return hash.digest('hex');
}

/** Runs a command to the end; rejects with its output when it fails. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${options.cwd}:\n${output.slice(-6000)}`));
    });
  });
}

/** The environment of the example's processes: this machine's, without Vitest's NODE_ENV=test. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...extra };
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  return env;
}

const nextBin = (directory: string) => path.join(directory, 'node_modules', 'next', 'dist', 'bin', 'next');

/** Installs the app's dependencies when missing (CI does it in .ci/run), and builds it unless up to date. */
export async function buildNextApp(variant: NextVariant): Promise<void> {
  const directory = appDirectory(variant);
  if (!existsSync(nextBin(directory))) {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: directory, env: childEnv(), timeoutMs: 300_000 });
  }
  const stamp = path.join(directory, '.next', stampFile);
  const before = await sourceHash(directory);
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === before && existsSync(path.join(directory, '.next', 'BUILD_ID'))) return;
  await run(process.execPath, [nextBin(directory), 'build'], { cwd: directory, env: childEnv(), timeoutMs: 300_000 });
  // `next build` may adjust tsconfig.json; the stamp is the hash of what was built.
  await writeFile(stamp, await sourceHash(directory));
}

export async function freeLocalhostPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, 'localhost', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type NextServer = {
  /** http://localhost:<port> */
  url: string;
  /** What the server printed (its errors, Auth.js's warnings), for failure messages. */
  output(): string;
  close(): Promise<void>;
};

/** `next start` on `port` with `env` (the lines printed by `signet create-app`, and the app's own). */
export async function startNextApp(variant: NextVariant, port: number, env: Record<string, string>): Promise<NextServer> {
  const directory = appDirectory(variant);
  const child: ChildProcess = spawn(process.execPath, [nextBin(directory), 'start', '--hostname', 'localhost', '--port', String(port)], {
    cwd: directory,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stopping it stops any worker it forks, and nothing else.
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://localhost:${port}`;

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
    if (!stopped) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start (${variant}) exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/auth/providers`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`next start (${variant}) did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output: () => output, close };
}
