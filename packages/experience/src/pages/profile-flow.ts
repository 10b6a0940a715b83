import type { ExperienceStep } from '@signet/schemas';
import { api } from '../api.ts';

/**
 * A registration whose profile is now complete may answer `identify`: with no verification to
 * present (a username registration), identification is called without one and creates the account.
 */
export async function completeProfile(step: ExperienceStep): Promise<ExperienceStep> {
  return step.next === 'identify' && step.interactionEvent === 'Register' ? api.identify({}) : step;
}
