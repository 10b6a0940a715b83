// Turns a provider's profile (any shape) into Signet's social user info through `profileMap`:
// each standard field names where the provider keeps it, dotted paths reaching into nested objects.
import { ConnectorError } from '../kit.ts';
import type { SocialUserInfo } from '../kit.ts';

export type ProfileMap = { id: string; email: string; phone: string; name: string; avatar: string };

/**
 * The value at `path` in `source`: `data.user.id` walks objects, a numeric segment indexes an array
 * (`emails.0.value`). A key that itself contains dots (`"user.id": …`) is found first, as written.
 */
export function valueAtPath(source: unknown, path: string): unknown {
  if (path === '') return undefined;
  if (isRecord(source) && Object.hasOwn(source, path)) return source[path];
  let current: unknown = source;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Profile text fields: strings (trimmed, empty means absent); a numeric phone is written out. */
function textAt(profile: Record<string, unknown>, path: string, allowNumber = false): string | undefined {
  const value = valueAtPath(profile, path);
  if (typeof value === 'string') return value.trim() || undefined;
  if (allowNumber && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Maps a profile; the id is required (a string, or a number such as GitHub's, written as a string),
 * anything else that is missing or not text is left out. `rawData` is the profile as received.
 */
export function mapProfile(provider: string, profile: Record<string, unknown>, profileMap: ProfileMap): SocialUserInfo {
  const id = valueAtPath(profile, profileMap.id);
  let userId: string | undefined;
  if (typeof id === 'string' && id.trim() !== '') userId = id.trim();
  else if (typeof id === 'number' && Number.isSafeInteger(id)) userId = String(id);
  if (userId === undefined) {
    throw new ConnectorError('invalid_response', `${provider}'s profile has no user id at "${profileMap.id}" (see profileMap.id)`, { profileKeys: Object.keys(profile) });
  }
  const info: SocialUserInfo = { id: userId, rawData: profile };
  const name = textAt(profile, profileMap.name);
  const avatar = textAt(profile, profileMap.avatar);
  const email = textAt(profile, profileMap.email);
  const phone = textAt(profile, profileMap.phone, true);
  if (name !== undefined) info.name = name;
  if (avatar !== undefined) info.avatar = avatar;
  if (email !== undefined) info.email = email;
  if (phone !== undefined) info.phone = phone;
  return info;
}
