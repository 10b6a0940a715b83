// First-run setup of the Console: public (no token), because no admin exists yet to hold one.
// app.ts lists the path as open and guards it against cross-site requests like the Experience API.
import { consoleSetupStatusSchema, createFirstAdminBodySchema, userSchema } from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { ConsoleSetup } from '../../domain/roles/console-setup.ts';

export const consoleSetupPath = '/api/console/setup';

export function consoleSetupRoutes(routes: RouteRegistry, setup: ConsoleSetup): void {
  const tag = 'Console setup';

  routes.add(
    { method: 'get', path: '/console/setup', tag, summary: 'Whether the first Console administrator still has to be created (public)', response: consoleSetupStatusSchema },
    async ({ ctx }) => {
      ctx.set('Cache-Control', 'no-store');
      return { needsAdmin: await setup.needsAdmin() };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/console/setup',
      tag,
      summary: 'Create the first Console administrator (public, only while there is none; then 409 forever)',
      body: createFirstAdminBodySchema,
      response: userSchema,
      status: 201,
    },
    ({ ctx, body }) => setup.createFirstAdmin(body, ctx.ip),
  );
}
