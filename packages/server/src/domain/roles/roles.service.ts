// Roles grant Management API scopes: to machine-to-machine applications (client_credentials) and to
// users (the Console, later). Two built-in roles give full access and cannot be deleted.
import type { Role } from '@signet/schemas';
import { transaction, uniqueViolationOf, type Db } from '../../db/client.ts';
import type { RoleRow } from '../../db/schema.ts';
import { generateId } from '../../crypto/ids.ts';
import { ApiError, notFound } from '../../http/api-error.ts';
import * as queries from './roles.queries.ts';
import { findApplication } from '../applications/applications.queries.ts';
import { findUser } from '../users/users.queries.ts';

export const builtInRoles = {
  managementApiAccess: {
    id: 'management-api-access',
    name: 'Management API access',
    description: 'Full access to the Management API for machine-to-machine applications',
    type: 'MachineToMachine',
    managementScopes: ['all'],
  },
  admin: {
    id: 'admin',
    name: 'Admin',
    description: 'Console administrators: full access to the Management API',
    type: 'User',
    managementScopes: ['all'],
  },
} as const;

function toApiRole(row: RoleRow): Role {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    managementScopes: row.managementScopes,
    isBuiltIn: row.isBuiltIn,
    createdAt: row.createdAt.getTime(),
  };
}

const scopesOf = (rows: RoleRow[]) => [...new Set(rows.flatMap((row) => row.managementScopes))];

export function createRolesService({ db }: { db: Db }) {
  async function mustFindRoles(ids: string[], type: RoleRow['type'], executor: Db): Promise<void> {
    const found = await queries.findRoles(executor, ids);
    const missing = ids.find((id) => !found.some((row) => row.id === id));
    if (missing) throw notFound('role', missing);
    const wrong = found.find((row) => row.type !== type);
    if (wrong) throw new ApiError('role.type_mismatch', `Role "${wrong.name}" is for ${wrong.type} subjects, not ${type}`, { roleId: wrong.id });
  }

  return {
    async ensureBuiltIns(): Promise<void> {
      for (const role of Object.values(builtInRoles)) {
        await queries.insertRole(db, { ...role, managementScopes: [...role.managementScopes], isBuiltIn: true }, true);
      }
    },

    list: async () => (await queries.listRoles(db)).map(toApiRole),

    async create(body: { name: string; description: string; type: RoleRow['type']; managementScopes: string[] }): Promise<Role> {
      const id = generateId(16);
      try {
        await queries.insertRole(db, { id, ...body });
      } catch (error) {
        if (uniqueViolationOf(error)) throw new ApiError('role.name_in_use', `A role named "${body.name}" already exists`);
        throw error;
      }
      const [row] = await queries.findRoles(db, [id]);
      return toApiRole(row!);
    },

    async remove(id: string): Promise<void> {
      const [row] = await queries.findRoles(db, [id]);
      if (!row) throw notFound('role', id);
      if (row.isBuiltIn) throw new ApiError('role.cannot_delete_built_in', `The built-in role "${row.name}" cannot be deleted`, { roleId: row.id });
      await queries.deleteRole(db, id);
    },

    async rolesOfApplication(applicationId: string): Promise<Role[]> {
      if (!(await findApplication(db, applicationId))) throw notFound('application', applicationId);
      return (await queries.rolesOfApplication(db, applicationId)).map(toApiRole);
    },

    async assignToApplication(applicationId: string, roleIds: string[]): Promise<void> {
      await transaction(db, async (tx) => {
        const application = await findApplication(tx, applicationId);
        if (!application) throw notFound('application', applicationId);
        if (application.type !== 'MachineToMachine') {
          throw new ApiError('role.type_mismatch', 'Only machine-to-machine applications can hold roles');
        }
        await mustFindRoles(roleIds, 'MachineToMachine', tx);
        await queries.assignApplicationRoles(tx, applicationId, roleIds);
      });
    },

    async removeFromApplication(applicationId: string, roleId: string): Promise<void> {
      if (!(await queries.removeApplicationRole(db, applicationId, roleId))) throw notFound('application role', roleId);
    },

    async rolesOfUser(userId: string): Promise<Role[]> {
      if (!(await findUser(db, userId))) throw notFound('user', userId);
      return (await queries.rolesOfUser(db, userId)).map(toApiRole);
    },

    async assignToUser(userId: string, roleIds: string[]): Promise<void> {
      await transaction(db, async (tx) => {
        if (!(await findUser(tx, userId))) throw notFound('user', userId);
        await mustFindRoles(roleIds, 'User', tx);
        await queries.assignUserRoles(tx, userId, roleIds);
      });
    },

    async removeFromUser(userId: string, roleId: string): Promise<void> {
      if (!(await queries.removeUserRole(db, userId, roleId))) throw notFound('user role', roleId);
    },

    hasAdmin: () => queries.anyUserHasRole(db, builtInRoles.admin.id),

    managementScopesOfApplication: async (applicationId: string) => scopesOf(await queries.rolesOfApplication(db, applicationId)),
    managementScopesOfUser: async (userId: string) => scopesOf(await queries.rolesOfUser(db, userId)),
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
