// The sign-in experience: one configuration per tenant, defaults until an admin changes it, and
// every change checked against the rules and the connectors actually set up.
import { eq, sql } from 'drizzle-orm';
import {
  defaultSignInExperience,
  signInExperienceConfigSchema,
  type SignInExperience,
  type SignInExperienceConfig,
  type UpdateSignInExperienceBody,
} from '@signet/schemas';
import { transaction, type Db } from '../../db/client.ts';
import { signInExperiences } from '../../db/schema.ts';
import { tenantId } from '../../tenant.ts';
import type { ConnectorsService } from '../connectors/connectors.service.ts';
import { normalizeSignInExperience, signInExperienceProblem } from './sign-in-experience.rules.ts';
import { createCache } from '../../cache/cache.ts';
import type { InvalidationBus } from '../../cache/invalidation.ts';

/** Published after every change of the sign-in experience. */
export const signInExperienceTopic = 'sign-in-experience';

/** Stored configs are completed with today's defaults, so a field added later has a value. */
function fromStored(stored: unknown): SignInExperienceConfig {
  const merged = { ...defaultSignInExperience, ...(stored as Partial<SignInExperienceConfig>) };
  const parsed = signInExperienceConfigSchema.safeParse(merged);
  return parsed.success ? parsed.data : defaultSignInExperience;
}

export function createSignInExperienceService(deps: { db: Db; connectors: ConnectorsService; bus?: InvalidationBus | undefined }) {
  const { db, connectors, bus } = deps;
  // Read by every Experience API call; changed by an admin now and then.
  const cached = bus && createCache<'config', SignInExperienceConfig>({ bus, topics: [signInExperienceTopic] });
  const view = (config: SignInExperienceConfig): SignInExperience => ({ tenantId, id: 'default', ...config });

  async function read(executor: Db): Promise<SignInExperienceConfig> {
    const [row] = await executor.select({ config: signInExperiences.config }).from(signInExperiences).where(eq(signInExperiences.tenantId, tenantId));
    return row ? fromStored(row.config) : defaultSignInExperience;
  }

  /** Checks a configuration without saving it (the Console's live preview and its validation). */
  async function check(config: SignInExperienceConfig, executor: Db = db): Promise<SignInExperienceConfig> {
    const normalized = normalizeSignInExperience(config);
    // Inside a transaction, read with it: the embedded database has one connection.
    const problem = signInExperienceProblem(normalized, await connectors.availability(executor));
    if (problem) throw problem;
    return normalized;
  }

  return {
    check,

    async get(): Promise<SignInExperience> {
      if (!cached) return view(await read(db));
      // A copy: callers may change what they get without touching what other requests read.
      return view(structuredClone((await cached.get('config', () => read(db)))!));
    },

    /** Replaces the given top-level fields; the result must pass every rule, or nothing changes. */
    async update(patch: UpdateSignInExperienceBody): Promise<SignInExperience> {
      const updated = await transaction(db, async (tx) => {
        // Serializes concurrent updates: each one checks the rules against the result it writes.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in-experience:${tenantId}`}))`);
        const next = await check({ ...(await read(tx)), ...patch }, tx);
        await tx
          .insert(signInExperiences)
          .values({ tenantId, config: next, updatedAt: new Date() })
          .onConflictDoUpdate({ target: signInExperiences.tenantId, set: { config: next, updatedAt: new Date() } });
        return view(next);
      });
      await bus?.publish(signInExperienceTopic);
      return updated;
    },
  };
}

export type SignInExperienceService = ReturnType<typeof createSignInExperienceService>;
