import { z } from 'zod';
import { epochMillisSchema } from './common.ts';

export const signingKeyAlgorithms = ['ES384', 'RS256', 'ES256'] as const;

export const rotateSigningKeysBodySchema = z
  .object({
    /** Which algorithms to rotate; all by default. */
    algorithms: z.array(z.enum(signingKeyAlgorithms)).min(1).max(3).optional(),
    /** How long retired keys stay published; at least the longest token lifetime (default 14 days). */
    retainSeconds: z.number().int().min(0).max(365 * 86_400).default(14 * 86_400),
  })
  .strict();

/** Public view of a signing key: never any private material. */
export const signingKeySchema = z.object({
  id: z.string(),
  alg: z.enum(signingKeyAlgorithms),
  status: z.enum(['active', 'retired']),
  createdAt: epochMillisSchema,
  expiresAt: epochMillisSchema.nullable(),
});
