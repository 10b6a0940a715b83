// Apple's ID token has the user's id and email but never the name: Apple posts the name once, on
// the user's first consent, as the `user` JSON field of the form_post callback. That field passes
// through the browser, so only the name is taken from it; the email comes from the signed ID token.
import { z } from 'zod';
import type { SocialUserInfo } from '../kit.ts';
import { standardUserInfo } from '../oidc/claims.ts';
import type { Claims } from '../oidc/claims.ts';

const appleUserSchema = z.object({
  name: z.object({ firstName: z.string().optional(), lastName: z.string().optional() }).optional(),
  email: z.string().optional(),
});

function callbackUser(text: string | undefined) {
  if (text === undefined) return undefined;
  try {
    const parsed = appleUserSchema.safeParse(JSON.parse(text));
    // A malformed name hint is not worth failing a sign-in for.
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function appleUserInfo(claims: Claims, callbackData: Record<string, string>): SocialUserInfo {
  // Apple sends `email_verified` (and `is_private_email`) as "true"/"false" strings.
  const info = standardUserInfo(claims, { acceptStringBooleans: true });
  const user = callbackUser(callbackData.user);
  const name = [user?.name?.firstName?.trim(), user?.name?.lastName?.trim()].filter(Boolean).join(' ');
  if (name !== '') info.name = name;
  if (user !== undefined) info.rawData = { ...info.rawData, user };
  return info;
}
