// Real Signet processes for the scale-out test: a private build of the server (so a concurrent
// build by another test never hands us a half-written file), each instance started as
// `timeout -s KILL <s> node main.js` so it stops itself even if this test process dies.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds the server into a folder of its own under packages/server/dist; `remove` deletes it. */
export async function buildPrivateServer(): Promise<{ main: string; remove: () => void }> {
  // Inside dist/ (git-ignored) so the bundle finds node_modules, the migrations and the sign-in pages.
  const dir = join(root, 'packages/server/dist', `scale-out-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  await promisify(execFile)(process.execPath, [join(root, 'scripts/build.mjs'), dir], { cwd: root });
  const main = join(dir, 'main.js');
  return { main, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type ServerProcess = {
  name: string;
  url: string;
  /** The `timeout` process; the server (and any workers of it) are its descendants. */
  pid: number;
  /** Ends at once with SIGKILL, as a crash or a lost machine would: nothing is flushed. */
  crash(): void;
  /** SIGTERM (graceful stop) and wait for the exit. */
  stop(): Promise<void>;
  readonly exited: Promise<number | null>;
  output(): string;
};

/** The node process under `timeout` (its only child). */
async function childPid(parent: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      const [pid] = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').split(/\s+/).filter(Boolean);
      if (pid) return Number(pid);
    } catch {
      // not there yet
    }
    await sleep(10);
  }
  throw new Error(`no child process under ${parent}`);
}

export async function startServerProcess(options: { name: string; main: string; env: Record<string, string>; lifetimeSeconds: number }): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('timeout', ['-s', 'KILL', String(options.lifetimeSeconds), process.execPath, options.main], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const nodePid = await childPid(child.pid!);

  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited: ${output}`);
    try {
      if ((await fetch(`${url}/api/status`)).status === 204) break;
    } catch {
      // not listening yet
    }
    if (attempt > 1200) throw new Error(`${options.name} did not start: ${output}`);
    await sleep(50);
  }

  return {
    name: options.name,
    url,
    pid: child.pid!,
    crash() {
      try {
        process.kill(nodePid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); // timeout passes it on to node
      await exited;
    },
    exited,
    output: () => output,
  };
}
