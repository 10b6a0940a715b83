'use client';

// next-auth v4 signs in from the browser: its client fetches a CSRF token, then sends the user to Signet.
import { signIn } from 'next-auth/react';

export default function SignIn() {
  return (
    <button type="button" onClick={() => void signIn('logto')}>
      Sign in
    </button>
  );
}
