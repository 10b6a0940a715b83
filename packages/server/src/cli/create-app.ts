// `signet create-app`: creates an application for a framework through the Management API and prints
// the env lines to paste into the app — what the Console's integration guide shows, from the same
// source (@signet/schemas frameworks).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { applicationSchema, defaultRedirectUris, envLinesFor, frameworks, type Framework } from '@signet/schemas';
import { CliError } from './cli-error.ts';
import { connectManagementApi } from './management-client.ts';

export const createAppUsage = `Usage: npm run signet -- create-app --framework <framework> --name <name> [options]

Creates an application in a running Signet and prints the environment lines to paste into your app.

  --framework <id>          ${frameworks.map((f) => (f.variants ? f.variants.map((v) => `${f.id}-${v.id}`).join(', ') : f.id)).join(', ')}
  --name <name>             the application's name, shown on the sign-in page
  --redirect-uri <uri>      redirect URI to register (repeatable); default: the framework's, on --base-url
  --post-sign-out-uri <uri> post sign-out redirect URI (repeatable); default: the framework's, on --base-url
  --base-url <url>          where the app runs; default: the framework's usual one (Auth.js: http://localhost:3000)
  --endpoint <url>          Signet's URL (env SIGNET_ENDPOINT; default http://localhost:3001)
  --client-id <id>          Management API client (env SIGNET_ADMIN_CLIENT_ID)
  --client-secret <secret>  its secret (env SIGNET_ADMIN_CLIENT_SECRET)
  --no-session-secret       do not generate the app's session secret (AUTH_SECRET…); print how to make one
  --json                    print one JSON object instead (application, env lines)
`;

/** `authjs-v4` → Auth.js, variant v4; `ios-swift` → iOS (Swift); `authjs` → Auth.js, default variant. */
export function resolveFramework(spec: string): { framework: Framework; variant: string | undefined } {
  const exact = frameworks.find((framework) => framework.id === spec);
  if (exact) return { framework: exact, variant: exact.variants?.[0]?.id };
  const dash = spec.lastIndexOf('-');
  const framework = dash > 0 ? frameworks.find((candidate) => candidate.id === spec.slice(0, dash)) : undefined;
  const variant = framework?.variants?.find((candidate) => candidate.id === spec.slice(dash + 1));
  if (!framework || !variant) {
    const known = frameworks.flatMap((f) => (f.variants ? [f.id, ...f.variants.map((v) => `${f.id}-${v.id}`)] : [f.id]));
    throw new CliError(`unknown framework "${spec}"; one of: ${known.join(', ')}`, 2);
  }
  return { framework, variant: variant.id };
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const optionsSchema = z.object({
  framework: z.string({ error: 'is required' }).min(1, 'is required'),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(256),
  'redirect-uri': z.array(z.string().min(1)).default([]),
  'post-sign-out-uri': z.array(z.string().min(1)).default([]),
  'base-url': z.string().optional(),
  endpoint: httpUrl,
  'client-id': z.string({ error: 'is required (or set SIGNET_ADMIN_CLIENT_ID)' }).min(1, 'is required (or set SIGNET_ADMIN_CLIENT_ID)'),
  'client-secret': z.string({ error: 'is required (or set SIGNET_ADMIN_CLIENT_SECRET)' }).min(1, 'is required (or set SIGNET_ADMIN_CLIENT_SECRET)'),
  'no-session-secret': z.boolean().default(false),
  json: z.boolean().default(false),
});

export type CreateAppIo = { stdout: (text: string) => void; stderr: (text: string) => void };

export async function createAppCommand(argv: string[], env: Record<string, string | undefined>, io: CreateAppIo): Promise<void> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        framework: { type: 'string' },
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'post-sign-out-uri': { type: 'string', multiple: true },
        'base-url': { type: 'string' },
        endpoint: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'no-session-secret': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${createAppUsage}`, 2);
  }
  // An unknown framework is the likeliest mistake: name it first, with the list.
  if (typeof values.framework === 'string') resolveFramework(values.framework);
  const parsed = optionsSchema.safeParse({
    ...values,
    endpoint: values.endpoint ?? (env.SIGNET_ENDPOINT || 'http://localhost:3001'),
    'client-id': values['client-id'] ?? (env.SIGNET_ADMIN_CLIENT_ID || undefined),
    'client-secret': values['client-secret'] ?? (env.SIGNET_ADMIN_CLIENT_SECRET || undefined),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`);
    throw new CliError(`${problems.join('\n')}\n\n${createAppUsage}`, 2);
  }
  const options = parsed.data;
  const { framework, variant } = resolveFramework(options.framework);
  if (options['base-url'] !== undefined && framework.type !== 'Native' && !httpUrl.safeParse(options['base-url']).success) {
    throw new CliError(`--base-url must be an http(s) URL such as ${framework.defaultBaseUrl}`, 2);
  }

  const defaults = defaultRedirectUris(framework, options['base-url'] ?? framework.defaultBaseUrl);
  const redirectUris = options['redirect-uri'].length > 0 ? options['redirect-uri'] : defaults.redirectUri ? [defaults.redirectUri] : [];
  const postLogoutRedirectUris =
    options['post-sign-out-uri'].length > 0 ? options['post-sign-out-uri'] : defaults.postSignOutRedirectUri ? [defaults.postSignOutRedirectUri] : [];

  const client = await connectManagementApi({ endpoint: options.endpoint, clientId: options['client-id'], clientSecret: options['client-secret'] });
  const created = await client.request('POST', '/applications', {
    name: options.name,
    type: framework.type,
    oidcClientMetadata: { redirectUris, postLogoutRedirectUris },
  }, applicationSchema);

  // Public clients (SPA, native) have no secret; Signet answers an empty one.
  const appSecret = created.secret || undefined;
  // 32 random bytes, as `npx auth secret` makes: the app's own cookie-encryption key, never sent to Signet.
  const sessionSecret = options['no-session-secret'] ? undefined : randomBytes(32).toString('base64');
  const lines = envLinesFor(framework, { issuer: client.issuer, appId: created.id, appSecret, redirectUri: redirectUris[0], sessionSecret }, variant);

  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        {
          application: { id: created.id, name: created.name, type: created.type, redirectUris, postLogoutRedirectUris },
          framework: framework.id,
          variant: variant ?? null,
          issuer: client.issuer,
          env: lines,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const variantName = framework.variants?.find((candidate) => candidate.id === variant)?.name;
  io.stderr(
    [
      `Created "${created.name}" for ${variantName ?? framework.name}: a ${created.type} application.`,
      `  App ID:         ${created.id}`,
      ...redirectUris.map((uri) => `  Redirect URI:   ${uri}`),
      ...postLogoutRedirectUris.map((uri) => `  After sign-out: ${uri}`),
      '',
      `Paste into your app's environment (e.g. .env.local):`,
      '',
    ].join('\n'),
  );
  io.stdout(`${lines.join('\n')}\n`);
}
