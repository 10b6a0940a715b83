// User rules: unique identifiers (case-insensitive, enforced by the database so races cannot slip
// through), argon2id passwords that are never returned, suspension that ends every session.
import type { CreateUserBody, UpdateUserBody, User } from '@signet/schemas';
import { sql } from 'drizzle-orm';
import { transaction, uniqueViolationOf, type Db } from '../../db/client.ts';
import type { UserRow } from '../../db/schema.ts';
import { generateId } from '../../crypto/ids.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../crypto/passwords.ts';
import { ApiError, notFound } from '../../http/api-error.ts';
import * as queries from './users.queries.ts';
import { guardLastAdmin } from '../roles/admins.ts';

export function toApiUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    primaryEmail: row.primaryEmail,
    primaryPhone: row.primaryPhone,
    name: row.name,
    avatar: row.avatar,
    profile: row.profile as User['profile'],
    customData: row.customData as User['customData'],
    identities: row.identities as User['identities'],
    hasPassword: row.passwordHash !== null,
    isSuspended: row.isSuspended,
    lastSignInAt: row.lastSignInAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

const conflictErrors: Record<string, () => ApiError> = {
  users__username: () => new ApiError('user.username_already_in_use', 'This username is already in use'),
  users__primary_email: () => new ApiError('user.email_already_in_use', 'This email address is already in use'),
  users__primary_phone: () => new ApiError('user.phone_already_in_use', 'This phone number is already in use'),
};

/** Maps a unique violation to the 422 that names the identifier; anything else is rethrown. */
async function guardConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const constraint = uniqueViolationOf(error);
    const conflict = constraint && conflictErrors[constraint];
    if (conflict) throw conflict();
    throw error;
  }
}

export type SignInIdentifier = { type: 'username' | 'email' | 'phone'; value: string };

/** What a completed registration holds; a social identity comes with its provider profile. */
export type Registration = {
  username?: string | undefined;
  primaryEmail?: string | undefined;
  primaryPhone?: string | undefined;
  passwordHash?: string | undefined;
  social?: SocialProfile | undefined;
};

/** Serializes every write that links one social account, so two users can never both get it. */
async function lockSocialIdentity(tx: Db, target: string, socialUserId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`social-identity:${target}:${socialUserId}`}))`);
}

export type SocialProfile = {
  target: string;
  socialUserId: string;
  name?: string | undefined;
  avatar?: string | undefined;
  email?: string | undefined;
  emailVerified?: boolean | undefined;
  details: Record<string, unknown>;
};

export function createUsersService({ db }: { db: Db }) {
  async function mustFind(id: string, executor: Db = db): Promise<UserRow> {
    const row = await queries.findUser(executor, id);
    if (!row) throw notFound('user', id);
    return row;
  }

  function findByIdentifier(identifier: SignInIdentifier, executor: Db = db): Promise<UserRow | undefined> {
    if (identifier.type === 'username') return queries.findUserByUsername(executor, identifier.value);
    if (identifier.type === 'email') return queries.findUserByEmail(executor, identifier.value);
    return queries.findUserByPhone(executor, identifier.value);
  }

  return {
    mustFind,
    find: (id: string) => queries.findUser(db, id),

    /** `executor`: a transaction the new user must be part of (first-run admin creation). */
    async create(body: CreateUserBody, executor: Db = db): Promise<User> {
      const passwordHash = body.password === undefined ? null : await hashPassword(body.password);
      const row = await guardConflicts(() =>
        queries.insertUser(executor, {
          id: generateId(12),
          username: body.username ?? null,
          primaryEmail: body.primaryEmail ?? null,
          primaryPhone: body.primaryPhone ?? null,
          passwordHash,
          name: body.name ?? null,
          avatar: body.avatar ?? null,
          profile: body.profile ?? {},
          customData: body.customData ?? {},
        }),
      );
      return toApiUser(row);
    },

    async get(id: string): Promise<User> {
      return toApiUser(await mustFind(id));
    },

    async list(search: string | undefined, page: number, pageSize: number): Promise<{ items: User[]; total: number }> {
      const { rows, total } = await queries.listUsers(db, search, pageSize, (page - 1) * pageSize);
      return { items: rows.map(toApiUser), total };
    },

    async update(id: string, patch: UpdateUserBody): Promise<User> {
      return guardConflicts(() =>
        transaction(db, async (tx) => {
          const current = await mustFind(id, tx);
          const row = await queries.updateUser(tx, id, {
            ...(patch.username !== undefined && { username: patch.username }),
            ...(patch.primaryEmail !== undefined && { primaryEmail: patch.primaryEmail }),
            ...(patch.primaryPhone !== undefined && { primaryPhone: patch.primaryPhone }),
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.avatar !== undefined && { avatar: patch.avatar }),
            // profile and customData merge one level deep, as in the reference product's PATCH.
            ...(patch.profile !== undefined && { profile: { ...(current.profile as object), ...patch.profile } }),
            ...(patch.customData !== undefined && { customData: patch.customData }),
          });
          return toApiUser(row!);
        }),
      );
    },

    async replaceCustomData(id: string, customData: Record<string, unknown>): Promise<Record<string, unknown>> {
      const row = await queries.updateUser(db, id, { customData });
      if (!row) throw notFound('user', id);
      return row.customData as Record<string, unknown>;
    },

    async setPassword(id: string, password: string): Promise<User> {
      const passwordHash = await hashPassword(password);
      const row = await queries.updateUser(db, id, { passwordHash });
      if (!row) throw notFound('user', id);
      return toApiUser(row);
    },

    async checkPassword(id: string, password: string): Promise<boolean> {
      const row = await mustFind(id);
      return verifyPassword(row.passwordHash ?? (await decoyPasswordHash()), password);
    },

    /** Suspending the last active Console admin is refused (user.last_admin). */
    async setSuspended(id: string, isSuspended: boolean): Promise<User> {
      const apply = async (tx: Db) => {
        const row = await queries.updateUser(tx, id, { isSuspended });
        if (!row) throw notFound('user', id);
        if (isSuspended) await queries.revokeUserAuthorizations(tx, id);
        return toApiUser(row);
      };
      return isSuspended ? guardLastAdmin(db, id, apply) : transaction(db, apply);
    },

    /** Deleting the last active Console admin is refused (user.last_admin). */
    async remove(id: string): Promise<void> {
      await guardLastAdmin(db, id, async (tx) => {
        if (!(await queries.deleteUser(tx, id))) throw notFound('user', id);
        await queries.revokeUserAuthorizations(tx, id);
      });
    },

    async putIdentity(id: string, target: string, userId: string, details?: Record<string, unknown>): Promise<User['identities']> {
      return transaction(db, async (tx) => {
        await lockSocialIdentity(tx, target, userId);
        const current = await mustFind(id, tx);
        // One social account signs in to one user; linking it twice would make sign-in ambiguous.
        if (await queries.findUserByIdentity(tx, target, userId, id)) {
          throw new ApiError('user.identity_already_in_use', `This ${target} account is already linked to another user`, { target });
        }
        const identities = { ...(current.identities as User['identities']), [target]: { userId, ...(details && { details }) } };
        await queries.updateUser(tx, id, { identities });
        return identities;
      });
    },

    async deleteIdentity(id: string, target: string): Promise<User['identities']> {
      return transaction(db, async (tx) => {
        const current = await mustFind(id, tx);
        const identities = { ...(current.identities as User['identities']) };
        if (!(target in identities)) throw new ApiError('user.identity_not_found', `The user has no "${target}" identity`, { target });
        delete identities[target];
        await queries.updateUser(tx, id, { identities });
        return identities;
      });
    },

    findByIdentifier,

    /** The user holding this social identity, if any. */
    async findBySocialIdentity(target: string, socialUserId: string): Promise<UserRow | undefined> {
      const id = await queries.findUserByIdentity(db, target, socialUserId);
      return id === undefined ? undefined : queries.findUser(db, id);
    },

    /**
     * Password sign-in check. Always spends one argon2id verification, even for an unknown
     * identifier, so response time does not reveal which accounts exist.
     */
    async authenticate(identifier: SignInIdentifier, password: string): Promise<{ user: UserRow; knownUserId?: undefined } | { user?: undefined; knownUserId: string | undefined }> {
      const row = await findByIdentifier(identifier);
      const ok = await verifyPassword(row?.passwordHash ?? (await decoyPasswordHash()), password);
      // The account's id (never the typed identifier) lets a failed attempt be recorded against it.
      return ok && row?.passwordHash ? { user: row } : { knownUserId: row?.id };
    },

    /**
     * Creates the user of a finished registration in one transaction. A social identity is locked
     * first: if it was linked meanwhile (a second tab), that user is returned instead of a duplicate.
     */
    async register(registration: Registration): Promise<{ user: UserRow; created: boolean }> {
      return guardConflicts(() =>
        transaction(db, async (tx) => {
          const social = registration.social;
          if (social) {
            await lockSocialIdentity(tx, social.target, social.socialUserId);
            const existingId = await queries.findUserByIdentity(tx, social.target, social.socialUserId);
            if (existingId) return { user: await mustFind(existingId, tx), created: false };
          }
          const user = await queries.insertUser(tx, {
            id: generateId(12),
            username: registration.username ?? null,
            primaryEmail: registration.primaryEmail ?? null,
            primaryPhone: registration.primaryPhone ?? null,
            passwordHash: registration.passwordHash ?? null,
            name: social?.name ?? null,
            avatar: social?.avatar ?? null,
            identities: social ? { [social.target]: { userId: social.socialUserId, details: social.details } } : {},
          });
          return { user, created: true };
        }),
      );
    },

    /** Sets a new password and ends every session and token of the user (account recovery). */
    async resetPassword(id: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password);
      await transaction(db, async (tx) => {
        if (!(await queries.updateUser(tx, id, { passwordHash }))) throw notFound('user', id);
        await queries.revokeUserAuthorizations(tx, id);
      });
    },

    async recordSignIn(id: string, executor: Db = db): Promise<void> {
      await queries.updateUser(executor, id, { lastSignInAt: new Date() });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
