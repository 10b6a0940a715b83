// The Management API client. Every call carries the admin's access token; a 401 refreshes the token
// once and retries. Every failure becomes a ConsoleApiError with the API's stable `code`, which the
// pages translate, and, for invalid input, the fields it concerns.
export class ConsoleApiError extends Error {
  readonly code: string;
  readonly data: unknown;
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;

  constructor(code: string, message: string, data: unknown, status: number) {
    super(message);
    this.name = 'ConsoleApiError';
    this.code = code;
    this.data = data;
    this.status = status;
  }

  /**
   * Invalid-input details by field path, relative to the request body: `{ 'oidcClientMetadata.redirectUris.0': '…' }`.
   * The server reports them as `data.issues[].path` such as `body.oidcClientMetadata.redirectUris.0`.
   */
  fieldIssues(): Record<string, string> {
    const issues = (this.data as { issues?: { path?: unknown; message?: unknown }[] } | undefined)?.issues;
    const fields: Record<string, string> = {};
    if (!Array.isArray(issues)) return fields;
    for (const issue of issues) {
      if (typeof issue.path !== 'string' || typeof issue.message !== 'string') continue;
      const path = issue.path.replace(/^(body|query|params)(\.|$)/, '');
      fields[path] ??= issue.message;
    }
    return fields;
  }
}

type TokenSource = {
  /** A valid access token for the Management API; `forceRefresh` after the API answered 401. */
  accessToken(forceRefresh?: boolean): Promise<string>;
};

let tokens: TokenSource | undefined;

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

export type Query = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method: string, path: string, body: unknown, authenticated: boolean, retried = false): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (authenticated) {
    if (!tokens) throw new ConsoleApiError('auth.unauthorized', 'Not signed in', undefined, 401);
    headers.authorization = `Bearer ${await tokens.accessToken(retried)}`;
  }
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ConsoleApiError('request.network_error', 'The server could not be reached', undefined, 0);
  }
  if (response.status === 401 && authenticated && !retried) return send(method, path, body, authenticated, true);
  if (!response.ok) {
    const text = await response.text();
    let parsed: { code?: unknown; message?: unknown; data?: unknown } | undefined;
    try {
      parsed = text ? (JSON.parse(text) as typeof parsed) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed.code === 'string') {
      throw new ConsoleApiError(parsed.code, typeof parsed.message === 'string' ? parsed.message : parsed.code, parsed.data, response.status);
    }
    throw new ConsoleApiError('server.internal_error', `HTTP ${response.status}`, undefined, response.status);
  }
  return response;
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export type Page<T> = { items: T[]; total: number };

export const api = {
  get: async <T,>(path: string, query?: Query): Promise<T> => json<T>(await send('GET', withQuery(path, query), undefined, true)),
  /** A paginated list: the items and the `Total-Number` header. */
  list: async <T,>(path: string, query?: Query): Promise<Page<T>> => {
    const response = await send('GET', withQuery(path, query), undefined, true);
    const items = await json<T[]>(response);
    return { items, total: Number(response.headers.get('total-number') ?? items.length) };
  },
  post: async <T,>(path: string, body?: unknown): Promise<T> => json<T>(await send('POST', path, body, true)),
  put: async <T,>(path: string, body?: unknown): Promise<T> => json<T>(await send('PUT', path, body, true)),
  patch: async <T,>(path: string, body?: unknown): Promise<T> => json<T>(await send('PATCH', path, body, true)),
  delete: async (path: string): Promise<void> => {
    await send('DELETE', path, undefined, true);
  },
  /** Calls that need no token (first-run setup). */
  public: {
    get: async <T,>(path: string): Promise<T> => json<T>(await send('GET', path, undefined, false)),
    post: async <T,>(path: string, body?: unknown): Promise<T> => json<T>(await send('POST', path, body, false)),
  },
};
