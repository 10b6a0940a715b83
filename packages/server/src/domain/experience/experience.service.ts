// The sign-in flow's server-owned state, keyed by the OIDC interaction. The sign-in pages only
// send form input; this decides what has been verified and what comes next.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { ExperienceStep } from '@signet/schemas';
import type { Db } from '../../db/client.ts';
import { experienceSessions } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';
import { ApiError } from '../../http/api-error.ts';
import type { SignInIdentifier, UsersService } from '../users/users.service.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import type { ConnectorsService } from '../connectors/connectors.service.ts';
import { ConnectorError, type ConnectorSession, type SocialUserInfo } from '../../connectors/kit.ts';

/** Provider text goes into jsonb and text columns: neither stores U+0000, and names stay short. */
const storableText = (text: string | undefined, max = 256) => text?.replaceAll('\u0000', '').slice(0, max) || undefined;
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replaceAll('\u0000', ''), storableJson(item)]));
  }
  return value;
}

function sameState(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(given)];
  return a.length === b.length && timingSafeEqual(a, b);
}

type PasswordVerification = { id: string; type: 'Password'; userId: string };
/** A social sign-in: pending until the provider's callback arrives with the matching state. */
type SocialVerification = {
  id: string;
  type: 'Social';
  connectorId: string;
  /** Compared with the callback's `state` (constant time): the callback belongs to this sign-in. */
  state: string;
  redirectUri: string;
  session: ConnectorSession;
  userId?: string;
};
type Verification = PasswordVerification | SocialVerification;
type ExperienceState = { interactionEvent: 'SignIn'; verifications: Verification[]; userId?: string };

/** Failed password attempts allowed per identifier, and per client address, in one window. */
export const passwordAttemptLimits = { perIdentifier: 10, perAddress: 100, windowSeconds: 15 * 60 };

export function createExperienceService(deps: {
  db: Db;
  users: UsersService;
  rateLimits: RateLimits;
  connectors: ConnectorsService;
  /** Public origin, for the callback URIs providers send users back to. */
  endpoint: string;
  interactionTtlSeconds: number;
}) {
  const { db, users, rateLimits, connectors } = deps;
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

    /** Starts a social sign-in: the authorization URI to send the user to, with a state only this sign-in knows. */
    async startSocial(uid: string, connectorId: string): Promise<{ verificationId: string; authorizationUri: string }> {
      const state = await load(uid);
      const social = await connectors.social(connectorId);
      // Native connectors come back through the app's web view; the others through the browser.
      const path = social.connector.metadata.platform === 'Native' ? `/callback/social/${social.id}` : `/callback/${social.id}`;
      const verification: SocialVerification = {
        id: randomUUID(),
        type: 'Social',
        connectorId: social.id,
        state: randomBytes(24).toString('base64url'),
        redirectUri: `${deps.endpoint}${path}`,
        session: {},
      };
      const authorizationUri = await social.connector.getAuthorizationUri(
        social.config,
        {
          state: verification.state,
          redirectUri: verification.redirectUri,
          connectorInstanceId: social.id,
          setSession: (session) => {
            verification.session = session;
          },
        },
        connectors.contextFor(social.id),
      );
      // Only the latest attempt per connector stays pending: an older state can no longer finish.
      const others = state.verifications.filter((item) => item.type !== 'Social' || item.connectorId !== social.id || item.userId !== undefined);
      await save(uid, { ...state, verifications: [...others, verification] });
      return { verificationId: verification.id, authorizationUri };
    },

    /**
     * Finishes a social sign-in from the provider's callback: the state must match the pending one,
     * then the connector turns the callback into a profile, and the social account signs in (its
     * first sign-in creates the user). Returns the verification id.
     */
    async finishSocial(uid: string, connectorId: string, callbackData: Record<string, string>): Promise<{ verificationId: string }> {
      const state = await load(uid);
      const pending = state.verifications.find(
        (item): item is SocialVerification => item.type === 'Social' && item.connectorId === connectorId && item.userId === undefined,
      );
      if (!pending || !sameState(pending.state, callbackData.state)) {
        throw new ConnectorError('authorization_failed', 'This sign-in link does not belong to the sign-in in progress (state mismatch); start again from the app');
      }
      const social = await connectors.social(connectorId);
      let info: SocialUserInfo;
      try {
        info = await social.connector.getUserInfo(
          social.config,
          callbackData,
          { redirectUri: pending.redirectUri, session: pending.session },
          connectors.contextFor(social.id),
        );
      } catch (error) {
        // A state is good for one callback: after a failure the user starts the social sign-in again.
        await save(uid, { ...state, verifications: state.verifications.filter((item) => item.id !== pending.id) });
        throw error;
      }
      const { user } = await users.findOrCreateBySocialIdentity({
        target: social.target,
        socialUserId: info.id,
        name: storableText(info.name),
        avatar: storableText(info.avatar, 2048),
        email: storableText(info.email, 320),
        emailVerified: info.emailVerified,
        details: storableJson({
          ...(info.name && { name: info.name }),
          ...(info.avatar && { avatar: info.avatar }),
          ...(info.email && { email: info.email }),
          ...(info.phone && { phone: info.phone }),
          rawData: info.rawData,
        }) as Record<string, unknown>,
      });
      const verified: SocialVerification = { ...pending, state: '', session: {}, userId: user.id };
      await save(uid, { ...state, verifications: state.verifications.map((item) => (item.id === pending.id ? verified : item)) });
      return { verificationId: pending.id };
    },

    async identify(uid: string, verificationId: string): Promise<ExperienceStep> {
      const state = await load(uid);
      const verification = state.verifications.find((candidate) => candidate.id === verificationId);
      if (!verification) throw new ApiError('session.verification_not_found', 'No such verification in this sign-in');
      if (verification.type === 'Social' && verification.userId === undefined) {
        throw new ApiError('session.verification_not_found', 'The social sign-in has not come back from the provider yet');
      }
      const user = await users.find(verification.userId!);
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
