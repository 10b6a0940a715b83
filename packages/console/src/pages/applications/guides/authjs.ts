// Auth.js (Next Auth) in a Next.js app, in the two shapes the guides describe: v5 with the built-in
// Logto provider (configured by AUTH_LOGTO_* variables), and v4 with a custom OAuth provider pointed
// at the discovery document. Versions and env lines come from the shared frameworks module.
import { envLinesFor, frameworkById } from '@signet/schemas';
import type { Translator } from '../../../i18n/i18n.tsx';
import { codeSpan, installSamples, type Guide, type GuideStep, type GuideValues } from './types.ts';

const framework = frameworkById('authjs')!;
const variants = framework.variants ?? [];

function nextAuthVersion(variant: string): string {
  return variants.find((candidate) => candidate.id === variant)?.packages['next-auth'] ?? 'latest';
}

function appUrlOf(values: GuideValues): string {
  try {
    return values.redirectUri ? new URL(values.redirectUri).origin : framework.defaultBaseUrl;
  } catch {
    return framework.defaultBaseUrl;
  }
}

const v5Provider = `import NextAuth from 'next-auth';
import Logto from 'next-auth/providers/logto';

export const { handlers, signIn, signOut, auth } = NextAuth({
  providers: [Logto],
});
`;

const v5Route = `import { handlers } from '@/auth';

export const { GET, POST } = handlers;
`;

const v4Route = `import NextAuth from 'next-auth';
import { authOptions } from '@/auth';

const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
`;

function v4Provider(values: GuideValues): string {
  return `import type { NextAuthOptions } from 'next-auth';

export const authOptions: NextAuthOptions = {
  providers: [
    {
      id: 'logto',
      name: 'Logto',
      type: 'oauth',
      // "OpenID Provider configuration endpoint" in the application details
      wellKnown: '${values.discoveryUrl}',
      authorization: { params: { scope: 'openid offline_access profile email' } },
      clientId: '${values.appId}',
      clientSecret: process.env.AUTH_LOGTO_SECRET,
      client: {
        id_token_signed_response_alg: '${values.idTokenAlgorithm}',
      },
      idToken: true,
      checks: ['pkce', 'state'],
      profile(profile) {
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
`;
}

function v5Buttons(t: Translator) {
  return [
    {
      label: 'app/components/sign-in.tsx',
      code: `import { signIn } from '@/auth';

export default function SignIn() {
  return (
    <form
      action={async () => {
        'use server';
        await signIn('logto');
      }}
    >
      <button type="submit">${t('applications.guide.code.sign_in')}</button>
    </form>
  );
}
`,
    },
    {
      label: 'app/components/sign-out.tsx',
      code: `import { signOut } from '@/auth';

export function SignOut() {
  return (
    <form
      action={async () => {
        'use server';
        await signOut();
      }}
    >
      <button type="submit">${t('applications.guide.code.sign_out')}</button>
    </form>
  );
}
`,
    },
  ];
}

function v4Buttons(t: Translator) {
  return [
    {
      label: 'app/components/sign-in.tsx',
      code: `'use client';

import { signIn } from 'next-auth/react';

export default function SignIn() {
  return (
    <button type="button" onClick={() => signIn('logto')}>
      ${t('applications.guide.code.sign_in')}
    </button>
  );
}
`,
    },
    {
      label: 'app/components/sign-out.tsx',
      code: `'use client';

import { signOut } from 'next-auth/react';

export function SignOut() {
  return (
    <button type="button" onClick={() => signOut()}>
      ${t('applications.guide.code.sign_out')}
    </button>
  );
}
`,
    },
  ];
}

const v5Page = `import { auth } from '@/auth';
import SignIn from './components/sign-in';
import { SignOut } from './components/sign-out';

export default async function Home() {
  const session = await auth();
  return <div>{session?.user ? <SignOut /> : <SignIn />}</div>;
}
`;

const v4Page = `import { getServerSession } from 'next-auth';
import { authOptions } from '@/auth';
import SignIn from './components/sign-in';
import { SignOut } from './components/sign-out';

export default async function Home() {
  const session = await getServerSession(authOptions);
  return <div>{session?.user ? <SignOut /> : <SignIn />}</div>;
}
`;

export const authjsGuide: Guide = {
  variants: variants.map(({ id, name }) => ({ id, name })),
  steps(values, t, requested) {
    const variant = variants.some((candidate) => candidate.id === requested) ? requested! : (variants[0]?.id ?? 'v5');
    const v4 = variant === 'v4';
    const version = nextAuthVersion(variant);
    const env = envLinesFor(
      framework,
      { issuer: values.issuer, appId: values.appId, appSecret: values.appSecret, redirectUri: values.redirectUri, sessionSecret: values.sessionSecret },
      variant,
    );
    const steps: GuideStep[] = [
      {
        id: 'install',
        title: t('applications.guide.authjs.install_title'),
        body: t('applications.guide.authjs.install_body', { version: codeSpan(version) }),
        code: installSamples([`next-auth@${version}`]),
      },
      {
        id: 'env',
        title: t('applications.guide.authjs.env_title'),
        body: t('applications.guide.authjs.env_body', { secretName: codeSpan(v4 ? 'NEXTAUTH_SECRET' : 'AUTH_SECRET') }),
        code: [{ label: '.env.local', code: `${env.join('\n')}\n` }],
      },
      v4
        ? {
            id: 'provider',
            title: t('applications.guide.authjs.v4_provider_title'),
            body: t('applications.guide.authjs.v4_provider_body', { algorithm: codeSpan(values.idTokenAlgorithm) }),
            code: [{ label: 'auth.ts', code: v4Provider(values) }],
          }
        : {
            id: 'provider',
            title: t('applications.guide.authjs.v5_provider_title'),
            body: t('applications.guide.authjs.v5_provider_body'),
            code: [{ label: 'auth.ts', code: v5Provider }],
          },
      {
        id: 'route',
        title: t('applications.guide.authjs.route_title'),
        body: t('applications.guide.authjs.route_body'),
        code: [{ label: 'app/api/auth/[...nextauth]/route.ts', code: v4 ? v4Route : v5Route }],
      },
      {
        id: 'redirect-uri',
        title: t('applications.guide.redirect_title'),
        body: values.redirectUri
          ? t('applications.guide.authjs.redirect_body', { redirectUri: codeSpan(values.redirectUri) })
          : t('applications.guide.redirect_missing', { redirectUri: codeSpan(`${appUrlOf(values)}${framework.redirectUriPath ?? ''}`) }),
      },
      {
        id: 'buttons',
        title: t('applications.guide.authjs.buttons_title'),
        body: v4 ? t('applications.guide.authjs.v4_buttons_body') : t('applications.guide.authjs.v5_buttons_body'),
        code: v4 ? v4Buttons(t) : v5Buttons(t),
      },
      {
        id: 'page',
        title: t('applications.guide.authjs.page_title'),
        body: t('applications.guide.authjs.page_body'),
        code: [{ label: 'app/page.tsx', code: v4 ? v4Page : v5Page }],
      },
    ];
    if (!v4) {
      steps.push({
        id: 'middleware',
        title: t('applications.guide.authjs.middleware_title'),
        body: t('applications.guide.authjs.middleware_body'),
        code: [
          { label: 'middleware.ts', code: "export { auth as middleware } from '@/auth';\n" },
          { label: 'proxy.ts (Next.js 16)', code: "export { auth as proxy } from '@/auth';\n" },
        ],
      });
    }
    steps.push({
      id: 'checkpoint',
      title: t('applications.guide.checkpoint_title'),
      body: t('applications.guide.authjs.checkpoint_body', { appUrl: appUrlOf(values) }),
    });
    return steps;
  },
};
