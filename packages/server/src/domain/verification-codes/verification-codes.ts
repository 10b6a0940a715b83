// One-time codes sent by email or SMS: 6 digits, 10 minutes, single use, at most 5 wrong tries,
// no resend within 60 s, and hourly caps per recipient and per client address. Codes are stored
// only as a keyed digest (SecretBox.mac) inside the sign-in's state.
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { CodeIdentifier } from '@signet/schemas';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { ApiError } from '../../http/api-error.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import type { ConnectorsService } from '../connectors/connectors.service.ts';

export const verificationCodePolicy = {
  ttlSeconds: 10 * 60,
  maxAttempts: 5,
  resendAfterSeconds: 60,
  /** Codes one email address or phone number may receive per hour (stops mail-bombing a victim). */
  perRecipient: { limit: 10, windowSeconds: 3600 },
  /** Codes one client address may have sent per hour (stops one client spraying many recipients). */
  perAddress: { limit: 30, windowSeconds: 3600 },
};

export type CodeUsage = 'SignIn' | 'Register' | 'ForgotPassword';

/** A code as the sign-in state keeps it: never the code itself. */
export type IssuedCode = {
  identifier: CodeIdentifier;
  usage: CodeUsage;
  digest: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  attempts: number;
};

export type CodeCheck = { ok: true } | { ok: false; error: ApiError; code: IssuedCode };

const recipientKey = (identifier: CodeIdentifier) => `${identifier.type}:${identifier.value.toLowerCase()}`;

function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export function createVerificationCodes(deps: { box: SecretBox; rateLimits: RateLimits; connectors: ConnectorsService }) {
  const { box, rateLimits, connectors } = deps;
  // Bound to the recipient: a digest copied to another identifier's record does not match.
  const digestOf = (identifier: CodeIdentifier, code: string) => box.mac(code, `verification-code:${recipientKey(identifier)}`);

  /** Refuses when this send would break the resend delay or an hourly cap; otherwise counts it. */
  async function admit(identifier: CodeIdentifier, clientAddress: string): Promise<void> {
    const recipient = recipientKey(identifier);
    const resend = await rateLimits.hit(`code-resend:${recipient}`, verificationCodePolicy.resendAfterSeconds);
    if (resend.count > 1) {
      throw new ApiError('verification_code.resend_too_soon', `Wait ${resend.retryAfterSeconds} s before asking for another code`, {
        retryAfterSeconds: resend.retryAfterSeconds,
      });
    }
    const caps = [
      [`code-recipient:${recipient}`, verificationCodePolicy.perRecipient],
      [`code-address:${clientAddress}`, verificationCodePolicy.perAddress],
    ] as const;
    for (const [key, cap] of caps) {
      const counter = await rateLimits.hit(key, cap.windowSeconds);
      if (counter.count > cap.limit) {
        throw new ApiError('verification_code.send_limit_exceeded', `Too many codes were requested. Try again in ${minutes(counter.retryAfterSeconds)} minute(s).`, {
          retryAfterSeconds: counter.retryAfterSeconds,
        });
      }
    }
  }

  return {
    /** Sends a new code through the email or SMS connector in use; returns what the state keeps. */
    async send(identifier: CodeIdentifier, usage: CodeUsage, clientAddress: string, locale?: string): Promise<IssuedCode> {
      await admit(identifier, clientAddress);
      const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
      await connectors.sendMessage(identifier.type === 'email' ? 'Email' : 'Sms', {
        to: identifier.value,
        type: usage,
        payload: { code, ...(locale && { locale }) },
      });
      return { identifier, usage, digest: digestOf(identifier, code), expiresAt: Date.now() + verificationCodePolicy.ttlSeconds * 1000, attempts: 0 };
    },

    /**
     * Checks a code. A wrong code counts one try (the caller stores the returned record even
     * though it fails); after the last try, or once expired, only a new code helps.
     */
    check(issued: IssuedCode, given: string, now = Date.now()): CodeCheck {
      if (now >= issued.expiresAt) {
        return { ok: false, code: issued, error: new ApiError('verification_code.expired', 'This code has expired or was already used; ask for a new one') };
      }
      if (issued.attempts >= verificationCodePolicy.maxAttempts) {
        return { ok: false, code: issued, error: new ApiError('verification_code.attempts_exceeded', 'Too many wrong codes; ask for a new one') };
      }
      const expected = Buffer.from(issued.digest);
      const actual = Buffer.from(digestOf(issued.identifier, given));
      if (expected.length === actual.length && timingSafeEqual(expected, actual)) return { ok: true };
      const attempts = issued.attempts + 1;
      const attemptsLeft = verificationCodePolicy.maxAttempts - attempts;
      return {
        ok: false,
        code: { ...issued, attempts },
        error: new ApiError(
          'verification_code.mismatch',
          attemptsLeft > 0 ? `The code is incorrect; ${attemptsLeft} attempt(s) left` : 'The code is incorrect; ask for a new one',
          { attemptsLeft },
        ),
      };
    },
  };
}

export type VerificationCodes = ReturnType<typeof createVerificationCodes>;
