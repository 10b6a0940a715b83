// The guide's Next Auth v4 setup: a custom OAuth provider pointed at Signet's discovery document.
// Signet signs ID tokens with ES384 by default, which next-auth v4 (openid-client 5) only accepts when
// told, hence `id_token_signed_response_alg`.
import type { NextAuthOptions } from 'next-auth';

/** The ID token / userinfo claims Signet returns for the scopes asked below. */
type SignetProfile = { sub: string; name?: string | null; username?: string | null; email?: string | null; picture?: string | null };

export const authOptions: NextAuthOptions = {
  providers: [
    {
      id: 'logto',
      name: 'Logto',
      type: 'oauth',
      // "OpenID Provider configuration endpoint": http://localhost:3001/oidc/.well-known/openid-configuration
      wellKnown: process.env.AUTH_LOGTO_WELL_KNOWN,
      authorization: { params: { scope: 'openid offline_access profile email' } },
      clientId: process.env.AUTH_LOGTO_ID,
      clientSecret: process.env.AUTH_LOGTO_SECRET,
      client: {
        id_token_signed_response_alg: 'ES384',
      },
      profile(profile: SignetProfile) {
        return {
          id: profile.sub,
          name: profile.name ?? profile.username,
          email: profile.email,
          image: profile.picture,
        };
      },
    },
  ],
};
