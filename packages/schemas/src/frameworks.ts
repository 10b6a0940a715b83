// What each supported framework needs from Signet: the application type to create, where the app is
// usually served, which redirect URIs to register, and the environment lines to paste into the app.
// One source for the Console's integration guide and for the `signet create-app` command, so the two
// never tell a user different things.
import type { ApplicationType } from './applications.ts';

export const frameworkIds = [
  'authjs',
  'nextjs',
  'express',
  'react',
  'vue',
  'angular',
  'ios-swift',
  'android-kotlin',
  'flutter',
  'python',
  'go',
  'java',
  'dotnet',
  'oidc',
] as const;
export type FrameworkId = (typeof frameworkIds)[number];

/** What a framework's env lines are made from; `appSecret` is absent for public clients (SPA, native). */
export interface FrameworkEnvInput {
  /** `${ENDPOINT}/oidc` */
  issuer: string;
  appId: string;
  appSecret?: string | undefined;
  /** The redirect URI registered for the app; its origin is the app's own base URL. */
  redirectUri?: string | undefined;
  /**
   * A secret the app uses to encrypt its own session cookie (Auth.js `AUTH_SECRET`, express sessions…).
   * When absent the line is printed commented out, with how to generate one: Signet does not make it up
   * in a shared module that may run where no good random source is wanted (tests, previews).
   */
  sessionSecret?: string | undefined;
}

export interface FrameworkVariant {
  /** e.g. `v5`; the CLI accepts `<framework id>-<variant id>` (`authjs-v4`). */
  id: string;
  name: string;
  /** Exact package versions this variant was tested with (shown in guides; registry has no `beta` tag). */
  packages: Readonly<Record<string, string>>;
}

export interface Framework {
  id: FrameworkId;
  name: string;
  type: ApplicationType;
  /** Where a freshly scaffolded app of this kind usually listens (or, for native apps, its custom scheme). */
  defaultBaseUrl: string;
  /** Appended to the base URL for the redirect URI to register; absent for machine-to-machine apps. */
  redirectUriPath?: string;
  /** Appended to the base URL for the post-sign-out redirect URI. */
  postSignOutPath?: string;
  /** The first variant is the default. */
  variants?: readonly FrameworkVariant[];
  envLines: (input: FrameworkEnvInput, variant: string | undefined) => string[];
}

const discoveryUrl = (issuer: string) => `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;

/** The Signet origin, for SDKs configured with the server's URL rather than the issuer. */
const endpointOf = (issuer: string) => issuer.replace(/\/+$/, '').replace(/\/oidc$/, '');

const originOf = (uri: string | undefined): string | undefined => {
  if (!uri) return undefined;
  try {
    const { origin } = new URL(uri);
    // Custom schemes (native apps) have an opaque origin ("null").
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
};

const secretLine = (name: string, value: string | undefined, howToGenerate: string) =>
  value ? `${name}=${value}` : `# ${name}=  (generate one: ${howToGenerate})`;

const opensslSecret = 'openssl rand -base64 32';

/** Generic lines with a prefix: VITE_ for Vite apps (only VITE_* variables reach the browser bundle). */
function oidcLines(prefix: string, input: FrameworkEnvInput, options: { confidential: boolean; session?: boolean }) {
  const lines = [
    `${prefix}ISSUER=${input.issuer}`,
    `${prefix}CLIENT_ID=${input.appId}`,
  ];
  if (options.confidential) lines.push(`${prefix}CLIENT_SECRET=${input.appSecret ?? ''}`);
  if (input.redirectUri) lines.push(`${prefix}REDIRECT_URI=${input.redirectUri}`);
  lines.push(`${prefix}SCOPES=openid offline_access profile email`);
  if (options.session) lines.push(secretLine('SESSION_SECRET', input.sessionSecret, opensslSecret));
  return lines;
}

export const frameworks: readonly Framework[] = [
  {
    id: 'authjs',
    name: 'Auth.js (Next Auth)',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:3000',
    // Auth.js serves its callback at `${basePath}/callback/${providerId}`; the provider id is `logto`.
    redirectUriPath: '/api/auth/callback/logto',
    postSignOutPath: '/',
    variants: [
      { id: 'v5', name: 'Auth.js v5', packages: { next: '16.4.6', 'next-auth': '5.0.0-beta.32' } },
      { id: 'v4', name: 'Next Auth v4', packages: { next: '16.4.6', 'next-auth': '4.24.15' } },
    ],
    envLines: (input, variant) => {
      const appUrl = originOf(input.redirectUri);
      if (variant === 'v4') {
        // The v4 provider is configured in code (wellKnown, clientId, clientSecret); these are the values
        // the example app reads into it. NEXTAUTH_URL/NEXTAUTH_SECRET are next-auth v4's own settings.
        return [
          `AUTH_LOGTO_WELL_KNOWN=${discoveryUrl(input.issuer)}`,
          `AUTH_LOGTO_ID=${input.appId}`,
          `AUTH_LOGTO_SECRET=${input.appSecret ?? ''}`,
          ...(appUrl ? [`NEXTAUTH_URL=${appUrl}`] : []),
          secretLine('NEXTAUTH_SECRET', input.sessionSecret, 'npx auth secret, or ' + opensslSecret),
        ];
      }
      return [
        `AUTH_LOGTO_ISSUER=${input.issuer}`,
        `AUTH_LOGTO_ID=${input.appId}`,
        `AUTH_LOGTO_SECRET=${input.appSecret ?? ''}`,
        secretLine('AUTH_SECRET', input.sessionSecret, 'npx auth secret, or ' + opensslSecret),
        // `next start` is production mode, where Auth.js only trusts the Host header when told to.
        ...(appUrl ? [`AUTH_URL=${appUrl}`] : ['AUTH_TRUST_HOST=true']),
      ];
    },
  },
  {
    id: 'nextjs',
    name: 'Next.js',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:3000',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => [
      `SIGNET_ENDPOINT=${endpointOf(input.issuer)}`,
      ...oidcLines('OIDC_', input, { confidential: true }),
      ...(originOf(input.redirectUri) ? [`APP_BASE_URL=${originOf(input.redirectUri)}`] : []),
      secretLine('COOKIE_SECRET', input.sessionSecret, opensslSecret),
    ],
  },
  {
    id: 'express',
    name: 'Express',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:3000',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => oidcLines('OIDC_', input, { confidential: true, session: true }),
  },
  {
    id: 'react',
    name: 'React',
    type: 'SPA',
    defaultBaseUrl: 'http://localhost:5173',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => oidcLines('VITE_OIDC_', input, { confidential: false }),
  },
  {
    id: 'vue',
    name: 'Vue',
    type: 'SPA',
    defaultBaseUrl: 'http://localhost:5173',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => oidcLines('VITE_OIDC_', input, { confidential: false }),
  },
  {
    id: 'angular',
    name: 'Angular',
    type: 'SPA',
    defaultBaseUrl: 'http://localhost:4200',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => oidcLines('NG_APP_OIDC_', input, { confidential: false }),
  },
  {
    id: 'ios-swift',
    name: 'iOS (Swift)',
    type: 'Native',
    // A private-use scheme (RFC 8252 §7.1); replace with the app's bundle id.
    defaultBaseUrl: 'io.signet.example://',
    redirectUriPath: 'callback',
    postSignOutPath: 'signed-out',
    envLines: (input) => oidcLines('SIGNET_', input, { confidential: false }),
  },
  {
    id: 'android-kotlin',
    name: 'Android (Kotlin)',
    type: 'Native',
    defaultBaseUrl: 'io.signet.example://',
    redirectUriPath: 'callback',
    postSignOutPath: 'signed-out',
    envLines: (input) => oidcLines('SIGNET_', input, { confidential: false }),
  },
  {
    id: 'flutter',
    name: 'Flutter',
    type: 'Native',
    defaultBaseUrl: 'io.signet.example://',
    redirectUriPath: 'callback',
    postSignOutPath: 'signed-out',
    envLines: (input) => oidcLines('SIGNET_', input, { confidential: false }),
  },
  {
    id: 'python',
    name: 'Python',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:8000',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => oidcLines('OIDC_', input, { confidential: true, session: true }),
  },
  {
    id: 'go',
    name: 'Go',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:8080',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => oidcLines('OIDC_', input, { confidential: true, session: true }),
  },
  {
    id: 'java',
    name: 'Java (Spring Boot)',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:8080',
    // Spring Security's default: /login/oauth2/code/{registrationId}; the registration is named "signet".
    redirectUriPath: '/login/oauth2/code/signet',
    postSignOutPath: '/',
    // Spring Boot's relaxed binding maps these to spring.security.oauth2.client.* properties.
    envLines: (input) => [
      `SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_SIGNET_ISSUER_URI=${input.issuer}`,
      `SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SIGNET_CLIENT_ID=${input.appId}`,
      `SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SIGNET_CLIENT_SECRET=${input.appSecret ?? ''}`,
      'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SIGNET_SCOPE=openid,offline_access,profile,email',
    ],
  },
  {
    id: 'dotnet',
    name: '.NET (ASP.NET Core)',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:5000',
    // ASP.NET Core's OpenID Connect handler defaults (CallbackPath, SignedOutCallbackPath).
    redirectUriPath: '/signin-oidc',
    postSignOutPath: '/signout-callback-oidc',
    // `__` is .NET configuration's section separator in environment variables.
    envLines: (input) => [
      `Oidc__Authority=${input.issuer}`,
      `Oidc__ClientId=${input.appId}`,
      `Oidc__ClientSecret=${input.appSecret ?? ''}`,
      'Oidc__Scope=openid offline_access profile email',
    ],
  },
  {
    id: 'oidc',
    name: 'Other (OpenID Connect)',
    type: 'Traditional',
    defaultBaseUrl: 'http://localhost:3000',
    redirectUriPath: '/callback',
    postSignOutPath: '/',
    envLines: (input) => [
      ...oidcLines('OIDC_', input, { confidential: input.appSecret !== undefined }),
      `OIDC_DISCOVERY_URL=${discoveryUrl(input.issuer)}`,
    ],
  },
];

export function isFrameworkId(id: string): id is FrameworkId {
  return (frameworkIds as readonly string[]).includes(id);
}

export function frameworkById(id: string): Framework | undefined {
  return frameworks.find((framework) => framework.id === id);
}

/** The redirect and post-sign-out URIs to register for a framework served at `baseUrl`. */
export function defaultRedirectUris(framework: Framework, baseUrl: string = framework.defaultBaseUrl) {
  const base = framework.redirectUriPath?.startsWith('/') ? baseUrl.replace(/\/+$/, '') : baseUrl;
  return {
    redirectUri: framework.redirectUriPath === undefined ? undefined : base + framework.redirectUriPath,
    postSignOutRedirectUri: framework.postSignOutPath === undefined ? undefined : base + framework.postSignOutPath,
  };
}

/**
 * Env lines to paste into the app. `variant` picks e.g. `v4` for Auth.js; unknown or absent → the first
 * (default) variant.
 */
export function envLinesFor(framework: Framework | FrameworkId, input: FrameworkEnvInput, variant?: string): string[] {
  const resolved = typeof framework === 'string' ? frameworkById(framework) : framework;
  if (!resolved) throw new Error(`unknown framework "${String(framework)}"`);
  const variantId = resolved.variants?.some((v) => v.id === variant) ? variant : resolved.variants?.[0]?.id;
  return resolved.envLines(input, variantId);
}
