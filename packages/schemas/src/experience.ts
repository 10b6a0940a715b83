import { z } from 'zod';

export const interactionEvents = ['SignIn'] as const;

export const startExperienceBodySchema = z.object({ interactionEvent: z.enum(interactionEvents) }).strict();

export const signInIdentifierSchema = z
  .object({ type: z.enum(['username', 'email']), value: z.string().min(1).max(320) })
  .strict();

export const passwordVerificationBodySchema = z
  .object({ identifier: signInIdentifierSchema, password: z.string().min(1).max(256) })
  .strict();

export const identifyBodySchema = z.object({ verificationId: z.string().min(1).max(64) }).strict();

/** What the sign-in page should do next; the server owns the flow. */
export const experienceStepSchema = z.discriminatedUnion('next', [
  z.object({ next: z.literal('identify'), interactionEvent: z.enum(interactionEvents) }),
  z.object({ next: z.literal('submit'), interactionEvent: z.enum(interactionEvents) }),
]);
export type ExperienceStep = z.infer<typeof experienceStepSchema>;
