// First run: while no Console admin exists, anyone who can reach Signet may create the first one
// (this is what `/console` offers on a fresh install). Once an admin exists the door stays shut.
import type { CreateFirstAdminBody, User } from '@signet/schemas';
import { transaction, type Db } from '../../db/client.ts';
import { ApiError } from '../../http/api-error.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import type { UsersService } from '../users/users.service.ts';
import type { SignInExperienceService } from '../sign-in-experience/sign-in-experience.service.ts';
import { describePasswordViolations, passwordPolicyViolations } from '../password-policy/password-policy.ts';
import { anyUserHasRole, assignUserRoles } from './roles.queries.ts';
import { adminRoleId, lockAdmins } from './admins.ts';

/** Attempts per client address: enough for typos, too few to be a tool for anything else. */
export const consoleSetupLimits = { perAddress: 10, windowSeconds: 15 * 60 };

const alreadyDone = () => new ApiError('console.admin_already_exists', 'A Console administrator already exists: sign in at /console');

export function createConsoleSetup(deps: { db: Db; users: UsersService; rateLimits: RateLimits; signInExperience: SignInExperienceService }) {
  const { db, users, rateLimits } = deps;
  const needsAdmin = async () => !(await anyUserHasRole(db, adminRoleId));

  return {
    needsAdmin,

    /**
     * Creates the user and gives it the admin role in one transaction, under the same lock as every
     * admin removal: of two concurrent calls, exactly one creates an admin.
     */
    async createFirstAdmin(body: CreateFirstAdminBody, clientAddress: string): Promise<User> {
      if (!(await needsAdmin())) throw alreadyDone();
      const counter = await rateLimits.hit(`console-setup:address:${clientAddress}`, consoleSetupLimits.windowSeconds);
      if (counter.count > consoleSetupLimits.perAddress) {
        throw new ApiError('request.rate_limited', `Too many attempts. Try again in ${Math.ceil(counter.retryAfterSeconds / 60)} minute(s).`, {
          retryAfterSeconds: counter.retryAfterSeconds,
        });
      }
      // The admin signs in through the sign-in pages like everyone: the same password rules apply.
      const { passwordPolicy } = await deps.signInExperience.get();
      const violations = passwordPolicyViolations(passwordPolicy, body.password, { username: body.username, email: body.primaryEmail });
      if (violations.length > 0) {
        throw new ApiError('user.password_policy_violation', describePasswordViolations(violations), { violations });
      }
      return transaction(db, async (tx) => {
        await lockAdmins(tx);
        if (await anyUserHasRole(tx, adminRoleId)) throw alreadyDone();
        const user = await users.create({ username: body.username, password: body.password, ...(body.primaryEmail !== undefined && { primaryEmail: body.primaryEmail }) }, tx);
        await assignUserRoles(tx, user.id, [adminRoleId]);
        return user;
      });
    },
  };
}

export type ConsoleSetup = ReturnType<typeof createConsoleSetup>;
