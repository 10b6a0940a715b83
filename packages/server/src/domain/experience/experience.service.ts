// The sign-in flow's server-owned state, keyed by the OIDC interaction. The sign-in pages only
// send form input; this decides what has been verified and what comes next.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { ExperienceStep } from '@signet/schemas';
import type { Db } from '../../db/client.ts';
import { experienceSessions } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';
import { ApiError } from '../../http/api-error.ts';
import type { SignInIdentifier, UsersService } from '../users/users.service.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';

type Verification = { id: string; type: 'Password'; userId: string };
type ExperienceState = { interactionEvent: 'SignIn'; verifications: Verification[]; userId?: string };

/** Failed password attempts allowed per identifier, and per client address, in one window. */
export const passwordAttemptLimits = { perIdentifier: 10, perAddress: 100, windowSeconds: 15 * 60 };

export function createExperienceService(deps: { db: Db; users: UsersService; rateLimits: RateLimits; interactionTtlSeconds: number }) {
  const { db, users, rateLimits } = deps;
  const where = (uid: string) => and(eq(experienceSessions.tenantId, tenantId), eq(experienceSessions.interactionUid, uid));

  async function load(uid: string): Promise<ExperienceState> {
    const [row] = await db.select({ state: experienceSessions.state }).from(experienceSessions).where(and(where(uid), sql`${experienceSessions.expiresAt} > now()`));
    if (!row) throw new ApiError('session.invalid_event', 'Start the sign-in first (PUT /api/experience)');
    return row.state as ExperienceState;
  }

  async function save(uid: string, state: ExperienceState): Promise<void> {
    const expiresAt = new Date(Date.now() + deps.interactionTtlSeconds * 1000);
    await db
      .insert(experienceSessions)
      .values({ tenantId, interactionUid: uid, state, expiresAt })
      .onConflictDoUpdate({ target: [experienceSessions.tenantId, experienceSessions.interactionUid], set: { state, expiresAt } });
  }

  const nextStep = (state: ExperienceState): ExperienceStep =>
    state.userId ? { next: 'submit', interactionEvent: state.interactionEvent } : { next: 'identify', interactionEvent: state.interactionEvent };

  return {
    async start(uid: string, interactionEvent: 'SignIn'): Promise<ExperienceStep> {
      const state: ExperienceState = { interactionEvent, verifications: [] };
      await save(uid, state);
      return nextStep(state);
    },

    async current(uid: string): Promise<ExperienceStep> {
      return nextStep(await load(uid));
    },

    async verifyPassword(uid: string, identifier: SignInIdentifier, password: string, clientAddress: string): Promise<{ verificationId: string }> {
      const state = await load(uid);
      const identifierKey = `password-failures:${identifier.type}:${identifier.value.toLowerCase()}`;
      const addressKey = `password-failures:address:${clientAddress}`;
      for (const [key, limit] of [[identifierKey, passwordAttemptLimits.perIdentifier], [addressKey, passwordAttemptLimits.perAddress]] as const) {
        const { count, retryAfterSeconds } = await rateLimits.peek(key);
        if (count >= limit) {
          throw new ApiError('session.too_many_attempts', `Too many failed attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { retryAfterSeconds });
        }
      }
      const user = await users.authenticate(identifier, password);
      if (!user) {
        await Promise.all([rateLimits.hit(identifierKey, passwordAttemptLimits.windowSeconds), rateLimits.hit(addressKey, passwordAttemptLimits.windowSeconds)]);
        // One message for unknown account and wrong password: nothing to learn about who exists.
        throw new ApiError('session.verification_failed', 'The account or password is incorrect');
      }
      await rateLimits.reset(identifierKey);
      const verification: Verification = { id: randomUUID(), type: 'Password', userId: user.id };
      await save(uid, { ...state, verifications: [...state.verifications, verification] });
      return { verificationId: verification.id };
    },

    async identify(uid: string, verificationId: string): Promise<ExperienceStep> {
      const state = await load(uid);
      const verification = state.verifications.find((candidate) => candidate.id === verificationId);
      if (!verification) throw new ApiError('session.verification_not_found', 'No such verification in this sign-in');
      const user = await users.find(verification.userId);
      if (!user) throw new ApiError('session.verification_not_found', 'The verified account no longer exists');
      if (user.isSuspended) throw new ApiError('session.account_suspended', 'This account is suspended');
      const next = { ...state, userId: user.id };
      await save(uid, next);
      return nextStep(next);
    },

    /** Returns the user to sign in, after the last checks; the caller finishes the OIDC interaction. */
    async userToSubmit(uid: string): Promise<string> {
      const state = await load(uid);
      if (!state.userId) throw new ApiError('session.identifier_not_verified', 'Identify the user before submitting');
      const user = await users.find(state.userId);
      if (!user) throw new ApiError('session.identifier_not_verified', 'The account no longer exists');
      if (user.isSuspended) throw new ApiError('session.account_suspended', 'This account is suspended');
      return user.id;
    },

    async finish(uid: string, userId: string): Promise<void> {
      await users.recordSignIn(userId);
      await db.delete(experienceSessions).where(where(uid));
    },
  };
}

export type ExperienceService = ReturnType<typeof createExperienceService>;
