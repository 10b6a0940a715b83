// Composition root: database → secrets → keys → services → provider → HTTP. Nothing below this
// file reads the environment or builds its own dependencies.
import Koa from 'koa';
import compose from 'koa-compose';
import mount from 'koa-mount';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Logger } from 'pino';
import type { Env } from './env.ts';
import type { DatabaseHandle } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { SecretBox } from './crypto/secret-box.ts';
import { assertSecretKeyMatches } from './secret-key.ts';
import { ensureSigningKeys, sharedSecret } from './oidc/keys.ts';
import { generateSecretKey } from './crypto/secret-box.ts';
import { createApplicationsService } from './domain/applications/applications.service.ts';
import { createUsersService } from './domain/users/users.service.ts';
import { createRolesService } from './domain/roles/roles.service.ts';
import { createRateLimits } from './domain/rate-limits/rate-limits.ts';
import { createExperienceService } from './domain/experience/experience.service.ts';
import { createExperienceSettings } from './domain/experience/experience.settings.ts';
import { createVerificationCodes } from './domain/verification-codes/verification-codes.ts';
import { toClientMetadata } from './oidc/clients.ts';
import { startOidcRuntime, type OidcRuntime } from './oidc/runtime.ts';
import { ttlSeconds } from './oidc/provider.ts';
import { sweepExpired } from './oidc/adapter.ts';
import { rememberOfflineAccessRequest } from './oidc/offline-access.ts';
import { normalizeClientAuthentication } from './oidc/client-authentication.ts';
import { bootstrap } from './bootstrap.ts';
import { apiErrors } from './http/error-middleware.ts';
import { RouteRegistry, buildOpenApi } from './http/route.ts';
import { ApiError } from './http/api-error.ts';
import { sameOriginOnly } from './http/same-origin.ts';
import { experiencePages, findExperienceBuild } from './http/experience-pages.ts';
import { consolePages, findConsoleBuild } from './http/console-pages.ts';
import { socialCallbacks } from './http/social-callback.ts';
import { requireManagementAccess } from './api/management/auth.ts';
import { applicationRoutes } from './api/management/applications.routes.ts';
import { userRoutes } from './api/management/users.routes.ts';
import { roleRoutes } from './api/management/roles.routes.ts';
import { oidcKeyRoutes } from './api/management/oidc-keys.routes.ts';
import { experienceRoutes } from './api/experience/experience.routes.ts';
import { connectorRoutes } from './api/management/connectors.routes.ts';
import { createConnectorsService, type ConnectorsService } from './domain/connectors/connectors.service.ts';
import { createSignInExperienceService } from './domain/sign-in-experience/sign-in-experience.service.ts';
import { signInExperienceRoutes } from './api/management/sign-in-experience.routes.ts';
import { createInvalidationBus } from './cache/bus.ts';
import { dropCachesAfterWrites } from './cache/after-writes.ts';
import { cachedApplicationScopes } from './cache/management-scopes.ts';
import { withRequestScope } from './oidc/request-scope.ts';
import { serveCachedMetadata } from './oidc/metadata-cache.ts';
import { consoleClientId } from '@signet/schemas';
import { consoleClientMetadata } from './oidc/clients.ts';
import { createLogsService } from './domain/logs/logs.service.ts';
import { createDashboardService } from './domain/dashboard/dashboard.service.ts';
import { createConsoleSetup } from './domain/roles/console-setup.ts';
import { logRoutes } from './api/management/logs.routes.ts';
import { dashboardRoutes } from './api/management/dashboard.routes.ts';
import { consoleSetupPath, consoleSetupRoutes } from './api/management/console-setup.routes.ts';

export type SignetOptions = {
  env: Env;
  database: DatabaseHandle;
  secretKey: string;
  logger: Logger;
  /** How often to look for signing keys rotated by another instance. */
  keyPollIntervalMs?: number;
  /** How often to delete expired rows; 0 disables the sweeper (tests). */
  sweepIntervalMs?: number;
  /** The built sign-in pages (packages/experience/dist); found next to the server by default. */
  experienceBuildDirectory?: string;
  /** The built Console (packages/console/dist); found next to the server by default. */
  consoleBuildDirectory?: string;
};

export type Signet = {
  koa: Koa;
  oidc: OidcRuntime;
  /** Domain services, for in-process callers (tests, a CLI); HTTP clients use the APIs. */
  services: { connectors: ConnectorsService };
  close(): Promise<void>;
};

export async function createSignet(options: SignetOptions): Promise<Signet> {
  const { env, logger } = options;
  const { db } = options.database;
  const issuer = `${env.endpoint}/oidc`;
  const managementApiResource = `${env.endpoint}/api`;

  await migrate(db);
  const box = new SecretBox(options.secretKey);
  await assertSecretKeyMatches(db, box);
  await ensureSigningKeys(db, box);
  const cookieKeys = JSON.parse(
    await sharedSecret(db, box, 'oidc-cookie-keys', () => JSON.stringify([generateSecretKey(), generateSecretKey()])),
  ) as string[];

  // Caches of what every request reads (clients, their scopes, the sign-in experience), dropped
  // on every instance when anything changes; see cache/.
  const bus = await createInvalidationBus(options.database, logger);
  const applications = createApplicationsService({ db, box, bus });
  const users = createUsersService({ db });
  const roles = createRolesService({ db });
  const rateLimits = createRateLimits(db);
  const connectors = createConnectorsService({ db, box, devOutboxFallback: env.devOutboxFallback, timeoutMs: env.connectorTimeoutMs });
  const signInExperience = createSignInExperienceService({ db, connectors, bus });
  if (env.devOutboxFallback) {
    logger.warn('SIGNET_DEV_OUTBOX is on: without an email/SMS connector, codes are kept in the dev outbox (readable by admins), not sent. Do not use this in production.');
  }
  const verificationCodes = createVerificationCodes({ box, rateLimits, connectors });
  const experience = createExperienceService({
    db,
    users,
    rateLimits,
    connectors,
    signInExperience,
    verificationCodes,
    endpoint: env.endpoint,
    interactionTtlSeconds: ttlSeconds.interaction,
  });
  const experienceSettings = createExperienceSettings({ signInExperience, connectors });
  const logs = createLogsService({ db });
  const dashboard = createDashboardService({ db });
  const consoleSetup = createConsoleSetup({ db, users, rateLimits, signInExperience });
  const consoleClient = consoleClientMetadata(env.endpoint);

  await bootstrap({ env, applications, users, roles, logger });
  const scopesOfApplication = cachedApplicationScopes(roles, bus);

  const oidc = await startOidcRuntime({
    issuer,
    managementApiResource,
    db,
    box,
    cookieKeys,
    users,
    roles: { ...roles, managementScopesOfApplication: scopesOfApplication },
    bus,
    findClient: async (clientId) => {
      if (clientId === consoleClientId) return consoleClient;
      const app = await applications.findRecord(clientId);
      return app && toClientMetadata(app, applications.decryptSecret(app));
    },
    ...(options.keyPollIntervalMs !== undefined && { pollIntervalMs: options.keyPollIntervalMs }),
  });
  oidc.provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc server error'));

  const koa = new Koa({ keys: cookieKeys, proxy: env.trustProxy });
  koa.silent = true;

  koa.use(async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  });

  // OIDC
  koa.use(serveCachedMetadata(() => oidc.provider));
  // Both call oidc-provider's models: each request gets its own memo of the rows they read.
  koa.use((ctx, next) => (ctx.path.startsWith('/oidc/') || ctx.path.startsWith('/api/experience') ? withRequestScope(next) : next()));
  koa.use(rememberOfflineAccessRequest());
  koa.use(normalizeClientAuthentication(applications));
  koa.use(mount('/oidc', oidc.middleware));

  // APIs
  const publicRouter = new Router({ prefix: '/api' });
  const managementRouter = new Router({ prefix: '/api' });
  const experienceRouter = new Router({ prefix: '/api' });
  const management = new RouteRegistry(managementRouter, '/api', 'management');
  const experienceApi = new RouteRegistry(experienceRouter, '/api', 'interaction');
  applicationRoutes(management, applications, roles);
  userRoutes(management, users, roles);
  roleRoutes(management, roles);
  oidcKeyRoutes(management, { db, box, oidc });
  connectorRoutes(management, connectors);
  signInExperienceRoutes(management, signInExperience);
  experienceRoutes(experienceApi, { experience, settings: experienceSettings, applications, users, oidc });
  logRoutes(management, logs);
  dashboardRoutes(management, dashboard);
  const publicApi = new RouteRegistry(publicRouter, '/api', 'none');
  consoleSetupRoutes(publicApi, consoleSetup);

  // Built on first request, not at start: turning every zod contract into JSON Schema takes ~30–50 ms
  // of a cold start, for a document few clients ever fetch.
  let openApi: ReturnType<typeof buildOpenApi> | undefined;
  publicRouter.get('/status', (ctx) => {
    ctx.status = 204;
  });
  publicRouter.get('/openapi.json', (ctx) => {
    ctx.body = openApi ??= buildOpenApi([management, experienceApi, publicApi], env.endpoint);
  });

  const publicOrigin = new URL(env.endpoint).origin;
  const csrfGuard = sameOriginOnly(publicOrigin);
  const managementAccess = requireManagementAccess({
    keys: oidc.jwtKeys,
    issuer,
    audience: managementApiResource,
    currentAccess: {
      ofApplication: scopesOfApplication,
      ofUser: async (userId) => ((await users.find(userId))?.isSuspended === false ? roles.managementScopesOfUser(userId) : []),
    },
  });
  const isOpenPath = (path: string) =>
    path === '/api/status' || path === '/api/openapi.json' || path.startsWith('/api/experience') || path === consoleSetupPath;
  const apiStack = compose([
    apiErrors(logger),
    // Authenticate before reading any body: strangers get a 401, not a parser working for them.
    (ctx, next) => (isOpenPath(ctx.path) ? next() : managementAccess(ctx, next)),
    dropCachesAfterWrites(bus, { skip: (path) => path.startsWith('/api/experience') }),
    (ctx, next) => (ctx.path.startsWith('/api/experience') || ctx.path === consoleSetupPath ? csrfGuard(ctx, next) : next()),
    async (ctx, next) => {
      // Bodies are JSON only; anything else is refused before it reaches a handler.
      const hasBody = Number(ctx.get('content-length') || 0) > 0 || Boolean(ctx.get('transfer-encoding'));
      if (hasBody && !ctx.is('application/json')) throw new ApiError('guard.unsupported_media_type', 'Send the request body as application/json');
      await next();
    },
    bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }),
    publicRouter.routes(),
    experienceRouter.routes(),
    experienceRouter.allowedMethods(),
    managementRouter.routes(),
    managementRouter.allowedMethods(),
  ] as Koa.Middleware[]);
  koa.use((ctx, next) => (ctx.path === '/api' || ctx.path.startsWith('/api/') ? apiStack(ctx, next) : next()));

  koa.use(experiencePages({ buildDirectory: options.experienceBuildDirectory ?? findExperienceBuild() }));
  koa.use(consolePages({ buildDirectory: options.consoleBuildDirectory ?? findConsoleBuild() }));
  koa.use(socialCallbacks({ experience, oidc, logger }));
  koa.use(async (ctx, next) => {
    if (ctx.path === '/') {
      ctx.redirect(`${issuer}/.well-known/openid-configuration`);
      return;
    }
    await next();
  });

  let sweeper: NodeJS.Timeout | undefined;
  if (options.sweepIntervalMs !== 0) {
    sweeper = setInterval(() => {
      sweepExpired(db).catch((error: unknown) => logger.warn({ err: error }, 'sweeping expired rows failed'));
    }, options.sweepIntervalMs ?? 10 * 60_000);
    sweeper.unref();
  }

  return {
    koa,
    oidc,
    services: { connectors },
    async close() {
      if (sweeper) clearInterval(sweeper);
      oidc.close();
      await bus.close();
    },
  };
}

