// The sign-in flow's server-owned state, keyed by the OIDC interaction. The sign-in pages only
// send form input; this decides what has been verified, what the sign-in experience allows, and
// what comes next. Slow work (argon2id, providers, email) runs before a short transaction that
// re-reads the state under a row lock and applies the change, so concurrent requests of one
// sign-in cannot lose each other's writes or get extra code attempts.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type {
  AddProfileBody,
  CodeIdentifier,
  ExperienceStep,
  InteractionEvent,
  SignInExperienceConfig,
} from '@signet/schemas';
import { transaction, type Db } from '../../db/client.ts';
import { experienceSessions } from '../../db/schema.ts';
import type { UserRow } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';
import { ApiError } from '../../http/api-error.ts';
import { hashPassword } from '../../crypto/passwords.ts';
import type { SignInIdentifier, SocialProfile, UsersService } from '../users/users.service.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import type { ConnectorsService } from '../connectors/connectors.service.ts';
import type { SignInExperienceService } from '../sign-in-experience/sign-in-experience.service.ts';
import type { VerificationCodes } from '../verification-codes/verification-codes.ts';
import { verificationCodePolicy } from '../verification-codes/verification-codes.ts';
import { describePasswordViolations, passwordPolicyViolations, type PasswordUserInfo } from '../password-policy/password-policy.ts';
import { ConnectorError, type SocialUserInfo } from '../../connectors/kit.ts';
import { writeLog, type RequestOrigin } from '../logs/logs.service.ts';
import { experiencePolicy, type ExperiencePolicy } from './experience.policy.ts';
import { isActiveAdmin } from '../roles/admins.ts';
import {
  emptyState,
  maskIdentifier,
  missingProfile,
  nextStep,
  requiredProfile,
  type CodeVerification,
  type ExperienceState,
  type SocialVerification,
  type Verification,
} from './experience.state.ts';

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

const sameIdentifier = (a: CodeIdentifier, b: CodeIdentifier) => a.type === b.type && a.value.toLowerCase() === b.value.toLowerCase();

/** Failed password attempts allowed per identifier, and per client address, in one window. */
export const passwordAttemptLimits = { perIdentifier: 10, perAddress: 100, windowSeconds: 15 * 60 };

const accountNotFound = (identifier: CodeIdentifier) =>
  new ApiError('session.account_not_found', `No account uses this ${identifier.type === 'email' ? 'email address' : 'phone number'}`, { identifierType: identifier.type });
const notFound = (what = 'No such verification in this sign-in') => new ApiError('session.verification_not_found', what);
const notEnabled = (what: string) => new ApiError('session.method_not_enabled', what);
const inUse = (type: 'email' | 'phone') =>
  type === 'email'
    ? new ApiError('user.email_already_in_use', 'This email address is already in use')
    : new ApiError('user.phone_already_in_use', 'This phone number is already in use');

/** The identifier a profile item accepts (for choosing whether a verified email/phone may be added). */
const acceptsIdentifier = (items: readonly string[], type: 'email' | 'phone') => items.includes(type) || items.includes('emailOrPhone');

type Commit<T> = { state: ExperienceState; result?: T; error?: Error };

export function createExperienceService(deps: {
  db: Db;
  users: UsersService;
  rateLimits: RateLimits;
  connectors: ConnectorsService;
  signInExperience: SignInExperienceService;
  verificationCodes: VerificationCodes;
  /** Public origin, for the callback URIs providers send users back to. */
  endpoint: string;
  interactionTtlSeconds: number;
}) {
  const { db, users, rateLimits, connectors, verificationCodes } = deps;
  const where = (uid: string) => and(eq(experienceSessions.tenantId, tenantId), eq(experienceSessions.interactionUid, uid));
  /** The sign-in's state and the rules that apply to it (they depend on the application: see experience.policy.ts). */
  async function loadWithPolicy(uid: string): Promise<[ExperienceState, ExperiencePolicy]> {
    const [state, stored] = await Promise.all([load(uid), deps.signInExperience.get()]);
    return [state, experiencePolicy(stored, state.clientId)];
  }

  async function read(executor: Db, uid: string, lock: boolean): Promise<ExperienceState> {
    const query = executor.select({ state: experienceSessions.state }).from(experienceSessions).where(and(where(uid), sql`${experienceSessions.expiresAt} > now()`));
    const [row] = await (lock ? query.for('update') : query);
    if (!row) throw new ApiError('session.invalid_event', 'Start the sign-in first (PUT /api/experience)');
    return row.state as ExperienceState;
  }

  const load = (uid: string) => read(db, uid, false);

  async function write(executor: Db, uid: string, state: ExperienceState): Promise<void> {
    const expiresAt = new Date(Date.now() + deps.interactionTtlSeconds * 1000);
    await executor
      .insert(experienceSessions)
      .values({ tenantId, interactionUid: uid, state, expiresAt })
      .onConflictDoUpdate({ target: [experienceSessions.tenantId, experienceSessions.interactionUid], set: { state, expiresAt } });
  }

  /**
   * Applies a change to the latest state under a row lock. `apply` is synchronous and pure: it
   * may return an error to throw after the state (e.g. a spent code attempt) is saved.
   */
  async function commit<T>(uid: string, apply: (state: ExperienceState) => Commit<T>): Promise<T> {
    const outcome = await transaction(db, async (tx) => {
      const result = apply(await read(tx, uid, true));
      await write(tx, uid, result.state);
      return result;
    });
    if (outcome.error) throw outcome.error;
    return outcome.result as T;
  }

  function assertEventAllowed(event: InteractionEvent, settings: SignInExperienceConfig): void {
    if (event === 'Register' && settings.signInMode === 'SignIn') {
      throw new ApiError('session.register_disabled', 'Creating an account is not available here');
    }
    if (event === 'SignIn' && settings.signInMode === 'Register') {
      throw new ApiError('session.sign_in_disabled', 'Signing in to an existing account is not available here; create an account');
    }
  }

  function findVerification<T extends Verification['type']>(state: ExperienceState, id: string | undefined, type?: T): Extract<Verification, { type: T }> {
    const found = state.verifications.find((item) => item.id === id);
    if (!found || (type && found.type !== type)) throw notFound();
    return found as Extract<Verification, { type: T }>;
  }

  function verifiedCode(state: ExperienceState, id: string | undefined): CodeVerification {
    const found = findVerification(state, id, 'VerificationCode');
    if (!found.verified) throw new ApiError('session.identifier_not_verified', 'Enter the code first');
    return found;
  }

  function verifiedSocial(state: ExperienceState, id: string | undefined): SocialVerification & { profile: SocialProfile } {
    const found = findVerification(state, id, 'Social');
    if (!found.profile) throw notFound('The social sign-in has not come back from the provider yet');
    return found as SocialVerification & { profile: SocialProfile };
  }

  function usableUser(user: UserRow | undefined): UserRow {
    if (!user) throw new ApiError('session.verification_not_found', 'The verified account no longer exists');
    if (user.isSuspended) throw new ApiError('session.account_suspended', 'This account is suspended');
    return user;
  }

  /** Refuses a new password that breaks the policy, judged with what is known about the user. */
  function assertPasswordPolicy(settings: SignInExperienceConfig, password: string, userInfo: PasswordUserInfo): void {
    const violations = passwordPolicyViolations(settings.passwordPolicy, password, userInfo);
    if (violations.length > 0) {
      throw new ApiError('user.password_policy_violation', describePasswordViolations(violations), { violations });
    }
  }

  /** Resolves a verified social account during sign-in: its user, a link offer, or a registration. */
  async function identifySocial(state: ExperienceState, social: SocialVerification & { profile: SocialProfile }, settings: SignInExperienceConfig): Promise<ExperienceState> {
    const holder = await users.findBySocialIdentity(social.profile.target, social.profile.socialUserId);
    if (holder) assertEventAllowed('SignIn', settings);
    if (holder) return { ...state, interactionEvent: 'SignIn', userId: usableUser(holder).id, registration: undefined, pendingLink: undefined };
    const { email, emailVerified } = social.profile;
    const related = email && emailVerified ? await users.findByIdentifier({ type: 'email', value: email }) : undefined;
    if (related) {
      assertEventAllowed('SignIn', settings);
      if (settings.socialSignIn.automaticAccountLinking) {
        await users.putIdentity(usableUser(related).id, social.profile.target, social.profile.socialUserId, social.profile.details);
        return { ...state, interactionEvent: 'SignIn', userId: related.id, registration: undefined, pendingLink: undefined };
      }
      return {
        ...state,
        interactionEvent: 'SignIn',
        registration: undefined,
        pendingLink: { socialVerificationId: social.id, relatedUser: { type: 'email', value: maskIdentifier({ type: 'email', value: email! }) } },
      };
    }
    // A new social account: its first sign-in registers it.
    if (settings.signInMode === 'SignIn') throw new ApiError('session.register_disabled', 'No account is linked to this social account, and creating one is not available here');
    return {
      ...state,
      interactionEvent: 'Register',
      pendingLink: undefined,
      registration: {
        socialVerificationId: social.id,
        ...(email && emailVerified && { primaryEmail: email }),
      },
    };
  }

  const codesNotEnabled = () => notEnabled('One-time codes are not used here');

  /** Refuses an account this sign-in is not for (the Console's sign-in is for active admins only). */
  async function assertAccountAllowed(policy: ExperiencePolicy, userId: string): Promise<void> {
    if (policy.adminsOnly && !(await isActiveAdmin(db, userId))) {
      throw new ApiError('session.sign_in_failed', 'Only Console administrators can sign in here', { reason: 'not_admin' });
    }
  }

  return {
    /** `clientId`: the application of the interaction, kept with the state so every later step applies its rules. */
    async start(uid: string, interactionEvent: InteractionEvent, clientId: string | undefined): Promise<ExperienceStep> {
      const { config: settings, codes } = experiencePolicy(await deps.signInExperience.get(), clientId);
      assertEventAllowed(interactionEvent, settings);
      // Recovery works with a code only.
      if (interactionEvent === 'ForgotPassword' && !codes) throw codesNotEnabled();
      const state = emptyState(interactionEvent, clientId);
      await write(db, uid, state);
      return nextStep(state, settings);
    },

    /** Switches the event and keeps the verifications ("no account yet: create one?", "already registered: sign in?"). */
    async setEvent(uid: string, interactionEvent: InteractionEvent): Promise<ExperienceStep> {
      const [, { config: settings, codes }] = await loadWithPolicy(uid);
      assertEventAllowed(interactionEvent, settings);
      if (interactionEvent === 'ForgotPassword' && !codes) throw codesNotEnabled();
      const state = await commit(uid, (current) => {
        const next: ExperienceState = { ...emptyState(interactionEvent, current.clientId), verifications: current.verifications };
        return { state: next, result: next };
      });
      return nextStep(state, settings);
    },

    async current(uid: string): Promise<ExperienceStep> {
      const [state, policy] = await loadWithPolicy(uid);
      return nextStep(state, policy.config);
    },

    async verifyPassword(uid: string, identifier: SignInIdentifier, password: string, origin: RequestOrigin & { ip: string }): Promise<{ verificationId: string }> {
      const [state, { config: settings }] = await loadWithPolicy(uid);
      if (state.interactionEvent !== 'SignIn') throw new ApiError('session.invalid_event', 'Passwords are only checked when signing in');
      assertEventAllowed('SignIn', settings);
      const method = settings.signIn.methods.find((item) => item.identifier === identifier.type);
      if (!method?.password) throw notEnabled(`Signing in with ${identifier.type} and password is not enabled`);

      // Each try is counted before the (slow) check, atomically: concurrent guesses cannot all slip
      // in under the limit. A success gives its tries back.
      const identifierKey = `password-failures:${identifier.type}:${identifier.value.toLowerCase()}`;
      const addressKey = `password-failures:address:${origin.ip}`;
      const [byIdentifier, byAddress] = await Promise.all([
        rateLimits.hit(identifierKey, passwordAttemptLimits.windowSeconds),
        rateLimits.hit(addressKey, passwordAttemptLimits.windowSeconds),
      ]);
      for (const [counter, limit] of [[byIdentifier, passwordAttemptLimits.perIdentifier], [byAddress, passwordAttemptLimits.perAddress]] as const) {
        if (counter.count > limit) {
          const minutes = Math.ceil(counter.retryAfterSeconds / 60);
          throw new ApiError('session.too_many_attempts', `Too many failed attempts. Try again in ${minutes} minute(s).`, { retryAfterSeconds: counter.retryAfterSeconds });
        }
      }
      const { user, knownUserId } = await users.authenticate(identifier, password);
      if (!user) {
        // Recorded against the account when it exists; the typed identifier is never stored.
        await writeLog(db, { key: 'Interaction.SignIn', result: 'Error', userId: knownUserId, applicationId: state.clientId, ...origin });
        // One message for unknown account and wrong password: nothing to learn about who exists.
        throw new ApiError('session.verification_failed', 'The account or password is incorrect');
      }
      await Promise.all([rateLimits.reset(identifierKey), rateLimits.release(addressKey)]);
      const verification: Verification = { id: randomUUID(), type: 'Password', userId: user.id };
      return commit(uid, (current) => ({ state: { ...current, verifications: [...current.verifications, verification] }, result: { verificationId: verification.id } }));
    },

    /** Sends a code for the given event; a newer code replaces any unused one for the same identifier. */
    async sendCode(
      uid: string,
      identifier: CodeIdentifier,
      interactionEvent: InteractionEvent,
      clientAddress: string,
      locale?: string,
    ): Promise<{ verificationId: string; expiresInSeconds: number; resendAfterSeconds: number }> {
      const [state, { config: settings, codes }] = await loadWithPolicy(uid);
      if (!codes) throw codesNotEnabled();
      const method = settings.signIn.methods.find((item) => item.identifier === identifier.type);
      if (interactionEvent === 'SignIn') {
        assertEventAllowed('SignIn', settings);
        if (!method?.verificationCode) throw notEnabled(`Signing in with a code sent to your ${identifier.type === 'email' ? 'email' : 'phone'} is not enabled`);
      } else if (interactionEvent === 'Register') {
        assertEventAllowed('Register', settings);
        const viaSocial = state.registration?.socialVerificationId !== undefined;
        if (!acceptsIdentifier(requiredProfile(settings, viaSocial), identifier.type)) {
          throw notEnabled(`Creating an account with ${identifier.type === 'email' ? 'an email address' : 'a phone number'} is not enabled`);
        }
      } else if (!method?.password) {
        throw notEnabled(`Passwords are not used with ${identifier.type === 'email' ? 'email addresses' : 'phone numbers'} here`);
      }
      const code = await verificationCodes.send(identifier, interactionEvent, clientAddress, locale);
      const verification: CodeVerification = { id: randomUUID(), type: 'VerificationCode', code, verified: false };
      return commit(uid, (current) => ({
        state: {
          ...current,
          verifications: [
            ...current.verifications.filter((item) => item.type !== 'VerificationCode' || item.verified || !sameIdentifier(item.code.identifier, identifier)),
            verification,
          ],
        },
        result: { verificationId: verification.id, expiresInSeconds: verificationCodePolicy.ttlSeconds, resendAfterSeconds: verificationCodePolicy.resendAfterSeconds },
      }));
    },

    async verifyCode(uid: string, identifier: CodeIdentifier, verificationId: string, code: string): Promise<{ verificationId: string }> {
      return commit(uid, (state) => {
        const found = findVerification(state, verificationId, 'VerificationCode');
        if (!sameIdentifier(found.code.identifier, identifier)) throw notFound('This code was sent to another address');
        if (found.verified) throw new ApiError('verification_code.expired', 'This code was already used; ask for a new one');
        const checked = verificationCodes.check(found.code, code);
        const updated: CodeVerification = checked.ok ? { ...found, verified: true, code: { ...found.code, digest: '' } } : { ...found, code: checked.code };
        return {
          state: { ...state, verifications: state.verifications.map((item) => (item.id === found.id ? updated : item)) },
          result: { verificationId: found.id },
          ...(!checked.ok && { error: checked.error }),
        };
      });
    },

    /** Starts a social sign-in: the authorization URI to send the user to, with a state only this sign-in knows. */
    async startSocial(uid: string, connectorId: string): Promise<{ verificationId: string; authorizationUri: string }> {
      const [[, { config: settings }], social] = await Promise.all([loadWithPolicy(uid), connectors.social(connectorId)]);
      // Only the buttons the sign-in experience shows: a connector set up but not enabled stays unusable.
      if (!settings.socialSignInConnectorTargets.includes(social.target)) throw notEnabled(`Signing in with "${social.target}" is not enabled`);
      // Native connectors come back through the app's web view; the others through the browser.
      const path = social.connector.metadata.platform === 'Native' ? `/callback/social/${social.id}` : `/callback/${social.id}`;
      const verification: SocialVerification = {
        id: randomUUID(),
        type: 'Social',
        connectorId: social.id,
        target: social.target,
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
      return commit(uid, (state) => ({
        state: {
          ...state,
          verifications: [...state.verifications.filter((item) => item.type !== 'Social' || item.connectorId !== social.id || item.profile !== undefined), verification],
        },
        result: { verificationId: verification.id, authorizationUri },
      }));
    },

    /**
     * Finishes a social sign-in from the provider's callback: the state must match the pending one,
     * then the connector turns the callback into a profile. Returns the verification id; the
     * identification step decides what the profile signs in to.
     */
    async finishSocial(uid: string, connectorId: string, callbackData: Record<string, string>): Promise<{ verificationId: string }> {
      const state = await load(uid);
      const pending = state.verifications.find(
        (item): item is SocialVerification => item.type === 'Social' && item.connectorId === connectorId && item.profile === undefined,
      );
      if (!pending || !sameState(pending.state, callbackData.state)) {
        throw new ConnectorError('authorization_failed', 'This sign-in link does not belong to the sign-in in progress (state mismatch); start again from the app');
      }
      // A state is good for one callback, whatever happens next.
      const spend = (apply: (item: SocialVerification) => SocialVerification | undefined) =>
        commit(uid, (current) => ({
          state: {
            ...current,
            verifications: current.verifications.flatMap((item) => (item.id === pending.id ? (apply(item as SocialVerification) ?? []) : [item])),
          },
        }));
      const social = await connectors.social(connectorId);
      let info: SocialUserInfo;
      try {
        info = await social.connector.getUserInfo(social.config, callbackData, { redirectUri: pending.redirectUri, session: pending.session }, connectors.contextFor(social.id));
      } catch (error) {
        await spend(() => undefined);
        throw error;
      }
      const profile: SocialProfile = {
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
      };
      await spend((item) => ({ ...item, state: '', session: {}, profile }));
      return { verificationId: pending.id };
    },

    async identify(uid: string, body: { verificationId?: string | undefined; linkSocialVerificationId?: string | undefined }): Promise<ExperienceStep> {
      const [state, policy] = await loadWithPolicy(uid);
      const settings = policy.config;
      let next: ExperienceState;
      switch (state.interactionEvent) {
        case 'SignIn': {
          const verification = findVerification(state, body.verificationId);
          let user: UserRow | undefined;
          if (verification.type === 'Social') {
            next = await identifySocial(state, verifiedSocial(state, verification.id), settings);
            break;
          }
          assertEventAllowed('SignIn', settings);
          if (verification.type === 'Password') {
            user = await users.find(verification.userId);
          } else {
            const { identifier, usage } = verifiedCode(state, verification.id).code;
            // A recovery code only recovers; any other code signs in only where code sign-in is on.
            const method = settings.signIn.methods.find((item) => item.identifier === identifier.type);
            if (usage === 'ForgotPassword' || !method?.verificationCode) {
              throw notEnabled(`Signing in with a code sent to your ${identifier.type === 'email' ? 'email' : 'phone'} is not enabled`);
            }
            user = await users.findByIdentifier(identifier);
            if (!user) throw accountNotFound(identifier);
          }
          const account = usableUser(user);
          await assertAccountAllowed(policy, account.id);
          if (body.linkSocialVerificationId) {
            const social = verifiedSocial(state, body.linkSocialVerificationId);
            await users.putIdentity(account.id, social.profile.target, social.profile.socialUserId, social.profile.details);
          }
          next = { ...state, userId: account.id, pendingLink: undefined };
          break;
        }
        case 'Register': {
          assertEventAllowed('Register', settings);
          if (body.verificationId === undefined) return nextStep(state, settings);
          const verification = findVerification(state, body.verificationId);
          if (verification.type === 'Social') {
            next = await identifySocial(state, verifiedSocial(state, verification.id), settings);
            // Chosen "create a new account" instead of linking: register the social account anyway,
            // without the email that belongs to someone else.
            if (next.pendingLink) {
              next = { ...state, pendingLink: undefined, registration: { socialVerificationId: verification.id } };
            }
            break;
          }
          if (verification.type !== 'VerificationCode') throw notEnabled('Register with an email address, a phone number or a username');
          const { identifier, usage } = verifiedCode(state, verification.id).code;
          if (usage === 'ForgotPassword') throw notEnabled('A recovery code cannot create an account');
          if (await users.findByIdentifier(identifier)) throw inUse(identifier.type);
          const registration = state.registration ?? {};
          next = {
            ...state,
            registration: identifier.type === 'email' ? { ...registration, primaryEmail: identifier.value } : { ...registration, primaryPhone: identifier.value },
          };
          break;
        }
        case 'ForgotPassword': {
          const verification = findVerification(state, body.verificationId);
          if (verification.type !== 'VerificationCode') throw notEnabled('Recover your account with a code sent to your email or phone');
          const { identifier, usage } = verifiedCode(state, verification.id).code;
          if (usage !== 'ForgotPassword') throw notEnabled('Ask for a recovery code to reset your password');
          const user = await users.findByIdentifier(identifier);
          if (!user) throw accountNotFound(identifier);
          next = { ...state, userId: usableUser(user).id };
          break;
        }
      }
      await commit(uid, () => ({ state: next }));
      return nextStep(next, settings);
    },

    /** Adds what a registration still lacks: a username, a password, a verified email or phone. */
    async addProfile(uid: string, body: AddProfileBody): Promise<ExperienceStep> {
      const [state, { config: settings }] = await loadWithPolicy(uid);
      if (state.interactionEvent !== 'Register' || !state.registration) throw new ApiError('session.invalid_event', 'Profile details are only added when creating an account');
      assertEventAllowed('Register', settings);
      const draft = state.registration;
      const wanted = requiredProfile(settings, draft.socialVerificationId !== undefined);
      let registration = draft;
      switch (body.type) {
        case 'username':
          if (!wanted.includes('username')) throw notEnabled('A username is not part of sign-up here');
          if (await users.findByIdentifier({ type: 'username', value: body.value })) throw new ApiError('user.username_already_in_use', 'This username is already in use');
          registration = { ...draft, username: body.value };
          break;
        case 'password': {
          if (!wanted.includes('password')) throw notEnabled('A password is not part of sign-up here');
          const social = draft.socialVerificationId ? verifiedSocial(state, draft.socialVerificationId).profile : undefined;
          assertPasswordPolicy(settings, body.value, { username: draft.username, email: draft.primaryEmail, phone: draft.primaryPhone, name: social?.name });
          registration = { ...draft, passwordHash: await hashPassword(body.value) };
          break;
        }
        case 'email':
        case 'phone': {
          if (!acceptsIdentifier(wanted, body.type)) throw notEnabled(`${body.type === 'email' ? 'An email address' : 'A phone number'} is not part of sign-up here`);
          const { identifier } = verifiedCode(state, body.verificationId).code;
          if (identifier.type !== body.type) throw notFound('This verification is for another kind of identifier');
          if (await users.findByIdentifier(identifier)) throw inUse(identifier.type);
          registration = identifier.type === 'email' ? { ...draft, primaryEmail: identifier.value } : { ...draft, primaryPhone: identifier.value };
          break;
        }
      }
      const next = await commit(uid, (current) => {
        const updated = { ...current, registration: { ...current.registration, ...registration } };
        return { state: updated, result: updated };
      });
      return nextStep(next, settings);
    },

    /** Forgot password: the verified account gets a new password (every other session ends). */
    async resetPassword(uid: string, password: string): Promise<ExperienceStep> {
      const [state, { config: settings }] = await loadWithPolicy(uid);
      if (state.interactionEvent !== 'ForgotPassword' || !state.userId) throw new ApiError('session.identifier_not_verified', 'Verify your email or phone first');
      const user = usableUser(await users.find(state.userId));
      assertPasswordPolicy(settings, password, { username: user.username, email: user.primaryEmail, phone: user.primaryPhone, name: user.name });
      await users.resetPassword(user.id, password);
      const next = await commit(uid, (current) => {
        const updated = { ...current, passwordReset: true };
        return { state: updated, result: updated };
      });
      return nextStep(next, settings);
    },

    /** The user to sign in, after the last checks (a finished registration is created here). */
    async userToSubmit(uid: string): Promise<string> {
      const [state, policy] = await loadWithPolicy(uid);
      const settings = policy.config;
      if (state.interactionEvent === 'Register' && !state.userId) {
        assertEventAllowed('Register', settings);
        const draft = state.registration ?? {};
        const missing = missingProfile(settings, draft);
        if (missing.length > 0 || Object.keys(draft).length === 0) {
          throw new ApiError('session.missing_profile', `Still needed to create the account: ${missing.join(', ') || 'an identifier'}`, { missingProfile: missing });
        }
        const social = draft.socialVerificationId ? verifiedSocial(state, draft.socialVerificationId).profile : undefined;
        const { user } = await users.register({ ...draft, social });
        // Kept, so a retried submit signs in the same user instead of registering twice.
        await commit(uid, (current) => ({ state: { ...current, userId: user.id } }));
        return usableUser(user).id;
      }
      if (!state.userId) throw new ApiError('session.identifier_not_verified', 'Identify the user before submitting');
      if (state.interactionEvent === 'ForgotPassword' && !state.passwordReset) throw new ApiError('session.identifier_not_verified', 'Set the new password first');
      const account = usableUser(await users.find(state.userId));
      // Checked again at the end: the role may have been taken away meanwhile.
      await assertAccountAllowed(policy, account.id);
      return account.id;
    },

    /** Ends the sign-in: the user's last sign-in time, an entry in the sign-in history, and the state is gone. */
    async finish(uid: string, userId: string, origin: RequestOrigin = {}): Promise<void> {
      await transaction(db, async (tx) => {
        const [row] = await tx.select({ state: experienceSessions.state }).from(experienceSessions).where(where(uid));
        const state = row?.state as ExperienceState | undefined;
        await users.recordSignIn(userId, tx);
        // A retried submit finds no state: the first one already recorded the sign-in.
        if (state) {
          await writeLog(tx, { key: `Interaction.${state.interactionEvent}`, result: 'Success', userId, applicationId: state.clientId, ...origin });
          await tx.delete(experienceSessions).where(where(uid));
        }
      });
    },
  };
}

export type ExperienceService = ReturnType<typeof createExperienceService>;
