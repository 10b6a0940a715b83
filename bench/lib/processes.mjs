// Everything the benchmark starts is stopped here, by pid: on success, on error, on a signal, and
// (through a detached watchdog) even when the runner itself is killed without a chance to clean up.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function progress(message) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Async cleanups, run last-registered first. */
const cleanups = [];
/** Synchronous last resorts for the 'exit' event: processes still running get killed by pid. */
export const exitKills = new Map();
let cleaningUp;

export function onCleanup(cleanup) {
  cleanups.push(cleanup);
}

export function runCleanups() {
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

export function tryKill(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

export function isAlive(pid) {
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

/** Starts the watchdog; returns a fresh temp folder (removed at the end) for this run's data. */
export async function startWatchdog() {
  const root = await mkdtemp(join(tmpdir(), 'signet-bench-'));
  watchdogRegistry = join(root, 'cleanup.list');
  writeFileSync(watchdogRegistry, '');
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'signet-bench-watchdog', String(process.pid), watchdogRegistry], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  // Removing the root (and with it the registry) tells the watchdog to exit.
  onCleanup(() => rm(root, { recursive: true, force: true }));
  return root;
}

export function watchdogKill(pid, signal, executable) {
  if (watchdogRegistry) appendFileSync(watchdogRegistry, `kill ${signal} ${pid} ${realpathSync(executable)}\n`);
}

export function watchdogRemove(dir) {
  if (watchdogRegistry) appendFileSync(watchdogRegistry, `rm ${dir}\n`);
}

export function freePort() {
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

export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * VmRSS and VmHWM (peak) in MB of a process and all its descendants (a clustered server is several
 * processes), from /proc/<pid>/status. Peak is the sum of each process's own peak.
 */
export function memoryOf(pid) {
  let rss = 0;
  let peak = 0;
  let processes = 0;
  const visit = (current) => {
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      rss += kb('VmRSS');
      peak += kb('VmHWM');
      processes += 1;
    } catch {
      return;
    }
    for (const child of childrenOf(current)) visit(child);
  };
  visit(pid);
  if (processes === 0) return { rssMb: NaN, peakRssMb: NaN, processes };
  return { rssMb: round(rss / 1024, 1), peakRssMb: round(peak / 1024, 1), processes };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
