import { z } from 'zod';
import { epochMillisSchema, idSchema } from './common.ts';

export const roleTypes = ['User', 'MachineToMachine'] as const;

export const managementApiScopes = ['all'] as const;

export const createRoleBodySchema = z
  .object({
    name: z.string().trim().min(1).max(128),
    description: z.string().max(2048).default(''),
    type: z.enum(roleTypes).default('User'),
    managementScopes: z.array(z.enum(managementApiScopes)).max(10).default([]),
  })
  .strict();

export const assignRolesBodySchema = z.object({ roleIds: z.array(idSchema).min(1).max(100) }).strict();

export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(roleTypes),
  managementScopes: z.array(z.string()),
  isBuiltIn: z.boolean(),
  createdAt: epochMillisSchema,
});
export type Role = z.infer<typeof roleSchema>;

/** `POST /api/roles/:id/users`: assign one role to several users. */
export const roleUsersBodySchema = z.object({ userIds: z.array(idSchema).min(1).max(100) }).strict();
