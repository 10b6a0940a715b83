// The two REST calls sign-in makes with the user's token, and how their answers become a profile.
import { z } from 'zod';
import { ConnectorError } from '../kit.ts';
import type { ConnectorContext, ProviderResponse, SocialUserInfo } from '../kit.ts';
import { fetchProtectedJson, sanitizeProviderText } from '../oauth2/core.ts';

export const provider = 'GitHub';

/** GitHub refuses API requests without a User-Agent (HTTP 403), so every call names us. */
export const githubApiHeaders = {
  'User-Agent': 'Signet',
  Accept: 'application/vnd.github+json',
  'X-GitHub-Api-Version': '2022-11-28',
};

const userSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  login: z.string().min(1),
  name: z.string().nullish(),
  email: z.string().nullish(),
  avatar_url: z.string().nullish(),
});

const emailsSchema = z.array(
  z.looseObject({ email: z.string(), primary: z.boolean(), verified: z.boolean(), visibility: z.string().nullish() }),
);

type GitHubEmail = z.output<typeof emailsSchema>[number];

/** GitHub signals rate limits with 403 (or 429) and `x-ratelimit-remaining: 0` or `retry-after`. */
function rateLimitOf(response: ProviderResponse): ConnectorError | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const exhausted = response.headers.get('x-ratelimit-remaining') === '0' || response.headers.has('retry-after');
  if (!exhausted && response.status !== 429) return undefined;
  const data: Record<string, unknown> = { status: response.status };
  try {
    const body = JSON.parse(response.text) as { message?: unknown };
    if (typeof body.message === 'string') data.providerMessage = sanitizeProviderText(body.message);
  } catch {
    // A rate-limit answer without JSON is still a rate limit.
  }
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) data.resetAt = new Date(reset * 1000).toISOString();
  return new ConnectorError('rate_limit_exceeded', 'GitHub rate-limited the API request', data);
}

function apiUrl(apiBaseUrl: string, path: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * The email list, or undefined when GitHub will not show it: a token without `user:email` gets
 * 404, and a GitHub App without the email permission gets 403. Sign-in goes on without it.
 */
async function fetchEmails(apiBaseUrl: string, accessToken: string, context: ConnectorContext): Promise<GitHubEmail[] | undefined> {
  try {
    return await fetchProtectedJson(
      { provider, url: apiUrl(apiBaseUrl, '/user/emails'), accessToken, headers: githubApiHeaders, what: 'email list request', classifyFailure: rateLimitOf },
      emailsSchema,
      context,
    );
  } catch (error) {
    const status = error instanceof ConnectorError && error.code === 'general' ? error.data?.status : undefined;
    if (status === 403 || status === 404) return undefined;
    throw error;
  }
}

/**
 * The profile: id = the numeric user id as text, name = `name` or else `login`, avatar =
 * `avatar_url`. Email: the public one, verified when the email list says so; if there is none,
 * the primary address when it is verified. An unverified address is never marked verified.
 */
export async function fetchGitHubProfile(apiBaseUrl: string, accessToken: string, context: ConnectorContext): Promise<SocialUserInfo> {
  const [user, emails] = await Promise.all([
    fetchProtectedJson(
      { provider, url: apiUrl(apiBaseUrl, '/user'), accessToken, headers: githubApiHeaders, classifyFailure: rateLimitOf },
      userSchema,
      context,
    ),
    fetchEmails(apiBaseUrl, accessToken, context),
  ]);

  const info: SocialUserInfo = { id: String(user.id), name: user.name?.trim() || user.login, rawData: user };
  if (user.avatar_url) info.avatar = user.avatar_url;

  const publicEmail = user.email?.trim();
  if (publicEmail) {
    info.email = publicEmail;
    const listed = emails?.find((entry) => entry.email.toLowerCase() === publicEmail.toLowerCase());
    if (listed) info.emailVerified = listed.verified;
  } else {
    const primary = emails?.find((entry) => entry.primary && entry.verified);
    if (primary) {
      info.email = primary.email;
      info.emailVerified = true;
    }
  }
  return info;
}
