// First-run setup from env vars: the first Console admin and the first machine-to-machine client.
// Both are idempotent: an existing admin or client is left untouched.
import type { Env } from './env.ts';
import type { ApplicationsService } from './domain/applications/applications.service.ts';
import type { UsersService } from './domain/users/users.service.ts';
import type { RolesService } from './domain/roles/roles.service.ts';
import { builtInRoles } from './domain/roles/roles.service.ts';
import { consoleClientId } from '@signet/schemas';
import { ApiError } from './http/api-error.ts';
import type { Logger } from 'pino';

export async function bootstrap(deps: {
  env: Env;
  applications: ApplicationsService;
  users: UsersService;
  roles: RolesService;
  logger: Logger;
}): Promise<void> {
  const { env, applications, users, roles, logger } = deps;
  await roles.ensureBuiltIns();

  if (env.bootstrapClient) {
    const { id, secret } = env.bootstrapClient;
    // The Console's client is built in (oidc/clients.ts): an application with its id would be shadowed.
    if (id === consoleClientId) throw new Error(`SIGNET_ADMIN_CLIENT_ID must not be "${consoleClientId}": that id belongs to the built-in Console client`);
    if (!(await applications.findRecord(id))) {
      try {
        await applications.create(
          { name: 'Signet bootstrap client', type: 'MachineToMachine', description: 'Created from SIGNET_ADMIN_CLIENT_ID', oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [], idTokenSignedResponseAlg: 'ES384' }, customClientMetadata: {}, isThirdParty: false },
          { id, secret },
        );
        logger.info({ clientId: id }, 'created the bootstrap machine-to-machine application');
      } catch (error) {
        // Another instance created it at the same moment.
        if (!(error instanceof ApiError && error.code === 'application.id_already_exists')) throw error;
      }
      await roles.assignToApplication(id, [builtInRoles.managementApiAccess.id]);
    }
  }

  if (env.bootstrapAdmin) {
    const { username, password } = env.bootstrapAdmin;
    if (!(await roles.hasAdmin())) {
      let userId: string;
      try {
        userId = (await users.create({ username, password })).id;
        logger.info({ username }, 'created the bootstrap admin user');
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'user.username_already_in_use')) throw error;
        const { items: matches } = await users.list(username, 1, 100);
        const match = matches.find((user) => user.username?.toLowerCase() === username.toLowerCase());
        if (!match) throw error;
        userId = match.id;
      }
      await roles.assignToUser(userId, [builtInRoles.admin.id]);
    }
  }
}
