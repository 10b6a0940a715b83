// The only reader of process.env. Everything configurable is parsed and validated here once;
// a bad value stops the start with one message that names the variable.
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalNonEmpty = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
    HOST: z.string().min(1).default('0.0.0.0'),
    ENDPOINT: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://localhost:3001' })
      .optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    SIGNET_DATA_DIR: z.string().min(1).default('./.signet'),
    SIGNET_SECRET_KEY: optionalNonEmpty.pipe(
      z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    ),
    SIGNET_ADMIN_USERNAME: optionalNonEmpty,
    SIGNET_ADMIN_PASSWORD: optionalNonEmpty,
    SIGNET_ADMIN_CLIENT_ID: optionalNonEmpty.pipe(
      z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'letters, digits, ".", "_" and "-" only').optional(),
    ),
    SIGNET_ADMIN_CLIENT_SECRET: optionalNonEmpty.pipe(
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    LOG_LEVEL: z.enum(logLevels).default('info'),
    SIGNET_TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    SIGNET_DEV_OUTBOX: z.enum(['true', 'false']).optional(),
    SIGNET_CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    SIGNET_WORKERS: z
      .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)], { message: 'must be a number from 1 to 64, or auto' })
      .default(1),
  })
  .superRefine((env, context) => {
    const pairs = [
      ['SIGNET_ADMIN_USERNAME', 'SIGNET_ADMIN_PASSWORD'],
      ['SIGNET_ADMIN_CLIENT_ID', 'SIGNET_ADMIN_CLIENT_SECRET'],
    ] as const;
    for (const [first, second] of pairs) {
      if (Boolean(env[first]) !== Boolean(env[second])) {
        const missing = env[first] ? second : first;
        context.addIssue({ code: 'custom', path: [missing], message: `must be set together with ${env[first] ? first : second}` });
      }
    }
    if (typeof env.SIGNET_WORKERS === 'number' && env.SIGNET_WORKERS > 1 && !env.DATABASE_URL) {
      context.addIssue({ code: 'custom', path: ['SIGNET_WORKERS'], message: 'needs DATABASE_URL: the embedded database belongs to one process' });
    }
    if (env.ENDPOINT && URL.canParse(env.ENDPOINT) && new URL(env.ENDPOINT).pathname !== '/') {
      context.addIssue({ code: 'custom', path: ['ENDPOINT'], message: 'must be an origin without a path' });
    }
  });

export type Env = Readonly<{
  port: number;
  host: string;
  /** Public origin, without a trailing slash. */
  endpoint: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string | undefined;
  bootstrapAdmin: { username: string; password: string } | undefined;
  bootstrapClient: { id: string; secret: string } | undefined;
  logLevel: (typeof logLevels)[number];
  trustProxy: boolean;
  /** Deliver codes to the dev outbox when no email/SMS connector is set up. Default: on only for the embedded database. */
  devOutboxFallback: boolean;
  connectorTimeoutMs: number;
  /** Server processes (a cluster sharing the port) when above 1; PostgreSQL only. */
  workers: number;
}>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  const endpoint = (env.ENDPOINT ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: env.PORT,
    host: env.HOST,
    endpoint,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.SIGNET_DATA_DIR,
    secretKey: env.SIGNET_SECRET_KEY,
    bootstrapAdmin:
      env.SIGNET_ADMIN_USERNAME && env.SIGNET_ADMIN_PASSWORD
        ? { username: env.SIGNET_ADMIN_USERNAME, password: env.SIGNET_ADMIN_PASSWORD }
        : undefined,
    bootstrapClient:
      env.SIGNET_ADMIN_CLIENT_ID && env.SIGNET_ADMIN_CLIENT_SECRET
        ? { id: env.SIGNET_ADMIN_CLIENT_ID, secret: env.SIGNET_ADMIN_CLIENT_SECRET }
        : undefined,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.SIGNET_TRUST_PROXY,
    devOutboxFallback: env.SIGNET_DEV_OUTBOX === undefined ? env.DATABASE_URL === undefined : env.SIGNET_DEV_OUTBOX === 'true',
    connectorTimeoutMs: env.SIGNET_CONNECTOR_TIMEOUT_MS,
    // auto: one per core with PostgreSQL; the embedded database belongs to one process.
    workers: env.SIGNET_WORKERS === 'auto' ? (env.DATABASE_URL ? availableParallelism() : 1) : env.SIGNET_WORKERS,
  });
}

export function readEnv(): Env {
  return parseEnv(process.env);
}
