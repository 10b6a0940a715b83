// The physical limits of this machine, measured in the same run as the server so the ratios compare
// like with like: argon2id verifications per second with Signet's parameters (the floor of a
// password sign-in) and raw signatures per second with node:crypto (the floor of a signed token).
import { generateKeyPairSync, sign } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { hash, verify } from '@node-rs/argon2';

/** Signet's parameters (packages/server/src/crypto/passwords.ts; bench.test.ts checks they match). */
export const signetArgon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const signatureAlgorithms = {
  ES384: { type: 'ec', options: { namedCurve: 'P-384' }, digest: 'sha384' },
  ES256: { type: 'ec', options: { namedCurve: 'P-256' }, digest: 'sha256' },
  RS256: { type: 'rsa', options: { modulusLength: 2048 }, digest: 'sha256' },
};

/** Signatures per second on the calling thread (one core), over a JWT-sized input. */
export function signaturesPerSecond(alg, seconds) {
  const { type, options, digest } = signatureAlgorithms[alg];
  const { privateKey } = generateKeyPairSync(type, options);
  const input = Buffer.alloc(420, 'a'); // about a JWS signing input of an ID token
  const dsaEncoding = type === 'ec' ? 'ieee-p1363' : undefined;
  for (let i = 0; i < 20; i++) sign(digest, input, { key: privateKey, dsaEncoding }); // warm up
  let count = 0;
  const startedAt = performance.now();
  const end = startedAt + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) sign(digest, input, { key: privateKey, dsaEncoding });
    count += 10;
  }
  return count / ((performance.now() - startedAt) / 1000);
}

/** The same on every core at once (one worker thread per core), summed. */
async function signaturesPerSecondAllCores(alg, seconds, threads) {
  const source = `
    import { workerData, parentPort } from 'node:worker_threads';
    const { signaturesPerSecond } = await import(workerData.module);
    parentPort.postMessage(signaturesPerSecond(workerData.alg, workerData.seconds));
  `;
  const rates = await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise((done, fail) => {
        const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
          workerData: { module: import.meta.url, alg, seconds },
        });
        worker.once('message', done);
        worker.once('error', fail);
        worker.once('exit', (code) => code !== 0 && fail(new Error(`signature worker exited with ${code}`)));
      }),
    ),
  );
  return rates.reduce((sum, rate) => sum + rate, 0);
}

/** argon2id verifications per second with `inFlight` at once (on libuv's thread pool, as in Signet). */
async function argon2VerificationsPerSecond(seconds, inFlight) {
  const password = 'correct horse battery staple';
  const stored = await hash(password, signetArgon2Options);
  await verify(stored, password); // warm up
  let count = 0;
  const startedAt = performance.now();
  const end = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        if (!(await verify(stored, password))) throw new Error('argon2id verification failed');
        count += 1;
      }
    }),
  );
  return count / ((performance.now() - startedAt) / 1000);
}

export async function measureLimits({ seconds = 2 } = {}) {
  const cores = availableParallelism();
  const result = { cores, seconds, argon2id: { parameters: signetArgon2Options }, signatures: {} };
  result.argon2id.verificationsPerSecondOneThread = Math.round(await argon2VerificationsPerSecond(seconds, 1) * 10) / 10;
  result.argon2id.verificationsPerSecond = Math.round(await argon2VerificationsPerSecond(seconds, cores) * 10) / 10;
  for (const alg of Object.keys(signatureAlgorithms)) {
    result.signatures[alg] = {
      oneCorePerSecond: Math.round(signaturesPerSecond(alg, seconds / 2)),
      allCoresPerSecond: Math.round(await signaturesPerSecondAllCores(alg, seconds / 2, cores)),
    };
  }
  return result;
}
