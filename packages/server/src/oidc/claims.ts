// Scopes → claims, as DESIGN.md fixes them. oidc-provider filters the claims by granted scope.
import type { UserRow } from '../db/schema.ts';

export const scopeClaims = {
  openid: ['sub'],
  profile: ['name', 'username', 'picture', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
} as const;

export function claimsOf(user: UserRow): { sub: string; [claim: string]: unknown } {
  return {
    sub: user.id,
    name: user.name,
    username: user.username,
    picture: user.avatar,
    updated_at: Math.floor(user.updatedAt.getTime() / 1000),
    email: user.primaryEmail,
    // A primary email or phone is only ever set after verification or by an administrator.
    email_verified: user.primaryEmail !== null,
    phone_number: user.primaryPhone,
    phone_number_verified: user.primaryPhone !== null,
  };
}
