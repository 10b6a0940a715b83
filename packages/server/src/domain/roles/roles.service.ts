// Roles grant Management API scopes: to machine-to-machine applications (client_credentials) and to
// users (Console admins). Two built-in roles give full access and cannot be deleted.
import type { Role, User } from '@signet/schemas';
import { transaction, uniqueViolationOf, type Db } from '../../db/client.ts';
import type { RoleRow } from '../../db/schema.ts';
import { generateId } from '../../crypto/ids.ts';
import { ApiError, notFound } from '../../http/api-error.ts';
import * as queries from './roles.queries.ts';
import { findApplication } from '../applications/applications.queries.ts';
import { findUser } from '../users/users.queries.ts';
import { toApiUser } from '../users/users.service.ts';
import { adminRoleId, guardLastAdmin } from './admins.ts';

export const builtInRoles = {
  managementApiAccess: {
    id: 'management-api-access',
    name: 'Management API access',
    description: 'Full access to the Management API for machine-to-machine applications',
    type: 'MachineToMachine',
    managementScopes: ['all'],
  },
  admin: {
    id: adminRoleId,
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

    /** Taking the admin role away is refused when it would leave no active Console admin. */
    async removeFromUser(userId: string, roleId: string): Promise<void> {
      const remove = async (executor: Db) => {
        if (!(await queries.removeUserRole(executor, userId, roleId))) throw notFound('user role', roleId);
      };
      await (roleId === adminRoleId ? guardLastAdmin(db, userId, remove) : remove(db));
    },

    async usersOfRole(roleId: string, page: number, pageSize: number): Promise<{ items: User[]; total: number }> {
      const [role] = await queries.findRoles(db, [roleId]);
      if (!role) throw notFound('role', roleId);
      const { rows, total } = await queries.usersOfRole(db, roleId, pageSize, (page - 1) * pageSize);
      return { items: rows.map(toApiUser), total };
    },

    /** Gives one user role to several users at once (all or nothing). */
    async assignToUsers(roleId: string, userIds: string[]): Promise<void> {
      await transaction(db, async (tx) => {
        await mustFindRoles([roleId], 'User', tx);
        const existing = await queries.existingUserIds(tx, userIds);
        const missing = userIds.find((id) => !existing.has(id));
        if (missing) throw notFound('user', missing);
        await queries.assignRoleToUsers(tx, roleId, [...new Set(userIds)]);
      });
    },

    hasAdmin: () => queries.anyUserHasRole(db, builtInRoles.admin.id),

    managementScopesOfApplication: async (applicationId: string) => scopesOf(await queries.rolesOfApplication(db, applicationId)),
    managementScopesOfUser: async (userId: string) => scopesOf(await queries.rolesOfUser(db, userId)),
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
