// A user's picture, or their initial on a colored disc; decorative (the name is always next to it).
import type { User } from '@signet/schemas';
import { displayName } from './user-helpers.ts';

export function UserAvatar({ user, size = 'small' }: { user: Pick<User, 'id' | 'name' | 'username' | 'primaryEmail' | 'primaryPhone' | 'avatar'>; size?: 'small' | 'large' }) {
  const className = `users-avatar users-avatar-${size}`;
  if (user.avatar) return <img className={className} src={user.avatar} alt="" referrerPolicy="no-referrer" />;
  const initial = Array.from(displayName(user))[0]?.toUpperCase() ?? '?';
  // A stable hue per user, so the same person keeps the same color across pages.
  let hash = 0;
  for (const char of user.id) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return (
    <span className={className} aria-hidden="true" style={{ background: `hsl(${hash} 55% 45%)` }}>
      {initial}
    </span>
  );
}
