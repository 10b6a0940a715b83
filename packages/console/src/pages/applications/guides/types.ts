// An integration guide is a list of steps (title, prose, code) computed from this application's values,
// so what the admin copies is already filled in. Prose comes from the messages (four languages); code
// is code.
import type { ApplicationType } from '@signet/schemas';
import type { Translator } from '../../../i18n/i18n.tsx';

export type GuideValues = {
  /** The Console's origin, which is Signet's public URL. */
  origin: string;
  issuer: string;
  discoveryUrl: string;
  appId: string;
  /** Absent for public clients (single page and native apps). */
  appSecret: string | undefined;
  redirectUri: string | undefined;
  postSignOutRedirectUri: string | undefined;
  /** A fresh random value for the app's own session cookie (Auth.js `AUTH_SECRET`, …), made in the browser. */
  sessionSecret: string;
  idTokenAlgorithm: 'ES384' | 'RS256';
  type: ApplicationType;
};

export type CodeSample = {
  /** A file name (`auth.ts`) or a tool (`npm`). */
  label: string;
  code: string;
};

export type GuideStep = {
  id: string;
  title: string;
  /** Markdown: `code` spans and lists. */
  body: string;
  code?: CodeSample[];
};

export type GuideVariant = { id: string; name: string };

export type Guide = {
  /** The first is the default; one variant or none means no switch is shown. */
  variants: GuideVariant[];
  steps(values: GuideValues, t: Translator, variant: string | undefined): GuideStep[];
};

/** Three package managers, one install line each. */
export function installSamples(packages: string[]): CodeSample[] {
  const list = packages.join(' ');
  return [
    { label: 'npm', code: `npm i ${list}` },
    { label: 'pnpm', code: `pnpm add ${list}` },
    { label: 'yarn', code: `yarn add ${list}` },
  ];
}

/** A URL as a Markdown code span (values are shown verbatim, never interpreted as Markdown). */
export function codeSpan(value: string): string {
  return `\`${value.replaceAll('`', '')}\``;
}
