// The guide's Auth.js v5 setup: the built-in Logto provider reads AUTH_LOGTO_ISSUER, AUTH_LOGTO_ID and
// AUTH_LOGTO_SECRET from the environment; Signet speaks the same OpenID Connect.
import NextAuth from 'next-auth';
import Logto from 'next-auth/providers/logto';

declare module 'next-auth' {
  interface Session {
    /** Only with EXAMPLE_EXPOSE_REFRESH_TOKEN=true (see app/api/test/refresh-token). */
    refreshToken?: string;
  }
}

export const { handlers, signIn, signOut, auth } = NextAuth({
  providers: [Logto],
  callbacks: {
    // The provider asks for offline_access, so Signet issues a refresh token. Keep it in the encrypted
    // session cookie: the app can call `${AUTH_LOGTO_ISSUER}/token` with grant_type=refresh_token when it
    // needs a fresh access token, without sending the user through sign-in again.
    jwt({ token, account }) {
      if (account?.refresh_token) token.refreshToken = account.refresh_token;
      return token;
    },
    session({ session, token }) {
      // Never hand the refresh token to the browser in a real app; the example's tests turn this on.
      if (process.env.EXAMPLE_EXPOSE_REFRESH_TOKEN === 'true' && typeof token.refreshToken === 'string') {
        session.refreshToken = token.refreshToken;
      }
      return session;
    },
  },
});
