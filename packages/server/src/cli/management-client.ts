// Talks to a running Signet as a machine-to-machine client: reads the discovery document (the issuer
// tells the Management API's resource indicator, `${ENDPOINT}/api`, even when the CLI reaches the server
// through another address), gets a client_credentials token, then calls /api with it.
import { z } from 'zod';
import { apiErrorSchema } from '@signet/schemas';
import { CliError } from './cli-error.ts';

export type ManagementClientOptions = {
  /** Where the CLI reaches Signet, e.g. http://localhost:3001. */
  endpoint: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
};

const discoverySchema = z.object({ issuer: z.url(), token_endpoint: z.url() });
const tokenSchema = z.object({ access_token: z.string().min(1) });
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export type ManagementClient = {
  /** The OIDC issuer, `${ENDPOINT}/oidc`, as the server announces it. */
  issuer: string;
  request<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
};

async function send(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new CliError(`cannot reach Signet at ${new URL(url).origin} (${reason}). Is it running? Set --endpoint or SIGNET_ENDPOINT.`);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export async function connectManagementApi(options: ManagementClientOptions): Promise<ManagementClient> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.endpoint.replace(/\/+$/, '');

  const discoveryResponse = await send(`${base}/oidc/.well-known/openid-configuration`, {}, timeoutMs);
  const discovery = discoverySchema.safeParse(discoveryResponse.ok ? await readJson(discoveryResponse) : undefined);
  if (!discovery.success) {
    throw new CliError(`${base} does not look like a Signet server (no OpenID Connect discovery document at /oidc, HTTP ${discoveryResponse.status}).`);
  }
  const { issuer } = discovery.data;
  const serverEndpoint = issuer.replace(/\/oidc$/, '');
  // The token endpoint as the server names it, but reached through the address the user gave (they
  // differ when ENDPOINT is a public URL and the CLI runs next to the server).
  const tokenUrl = new URL(new URL(discovery.data.token_endpoint).pathname, `${base}/`).href;

  const tokenResponse = await send(
    tokenUrl,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: `${serverEndpoint}/api`, scope: 'all' }),
    },
    timeoutMs,
  );
  const tokenBody = await readJson(tokenResponse);
  const token = tokenSchema.safeParse(tokenBody);
  if (!tokenResponse.ok || !token.success) {
    const oauthError = oauthErrorSchema.safeParse(tokenBody);
    const detail = oauthError.success ? `${oauthError.data.error}${oauthError.data.error_description ? `: ${oauthError.data.error_description}` : ''}` : 'unexpected answer';
    const hint =
      tokenResponse.status === 401 || oauthError.data?.error === 'invalid_client'
        ? ' Check SIGNET_ADMIN_CLIENT_ID / SIGNET_ADMIN_CLIENT_SECRET (--client-id / --client-secret): they must be those of a machine-to-machine app with Management API access, e.g. the one Signet creates from the same variables at start.'
        : '';
    throw new CliError(`Signet refused the Management API token (HTTP ${tokenResponse.status}, ${detail}).${hint}`);
  }
  const accessToken = token.data.access_token;

  return {
    issuer,
    async request(method, path, body, schema) {
      const response = await send(
        `${base}/api${path}`,
        {
          method,
          headers: { authorization: `Bearer ${accessToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        },
        timeoutMs,
      );
      const answer = await readJson(response);
      if (!response.ok) {
        const apiError = apiErrorSchema.safeParse(answer);
        const detail = apiError.success ? `${apiError.data.code}: ${apiError.data.message}${apiError.data.data === undefined ? '' : ` ${JSON.stringify(apiError.data.data)}`}` : 'unexpected answer';
        throw new CliError(`${method} /api${path} failed (HTTP ${response.status}, ${detail}).`);
      }
      const parsed = schema.safeParse(answer);
      if (!parsed.success) throw new CliError(`${method} /api${path} answered something unexpected.`);
      return parsed.data;
    },
  };
}
