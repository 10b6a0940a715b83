// Normalizes client authentication on the token, introspection and revocation endpoints before
// oidc-provider sees it. oidc-provider binds each client to one registered auth method; Signet
// accepts both client_secret_basic and client_secret_post for every confidential client, and
// accepts a rotated-out secret during its grace period. Either way the request reaches the provider
// as client_secret_basic with the current secret, so the provider still does the actual check.
import type { Middleware } from 'koa';
import type { ApplicationsService } from '../domain/applications/applications.service.ts';

const endpoints = new Set(['/oidc/token', '/oidc/token/introspection', '/oidc/token/revocation']);
const maxBodyBytes = 64 * 1024;

async function readBody(stream: AsyncIterable<Buffer>): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

const basicHeader = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export function normalizeClientAuthentication(applications: ApplicationsService): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !endpoints.has(ctx.path) || !ctx.is('application/x-www-form-urlencoded')) return next();
    const raw = await readBody(ctx.req);
    if (raw === undefined) {
      ctx.status = 413;
      ctx.body = { error: 'invalid_request', error_description: 'request body too large' };
      return;
    }
    const form = new URLSearchParams(raw);
    const fromBasic = parseBasic(ctx.get('authorization'));
    const postedSecret = form.get('client_secret');
    const postedId = form.get('client_id');
    const credentials =
      fromBasic ?? (postedId !== null && postedSecret !== null && !ctx.get('authorization') ? { id: postedId, secret: postedSecret } : undefined);

    if (credentials) {
      const app = await applications.findRecord(credentials.id);
      if (app && app.type !== 'SPA' && app.type !== 'Native') {
        const current = applications.decryptSecret(app);
        const secret =
          credentials.secret !== current && (await applications.isPreviousSecret(app.id, credentials.secret)) ? current : credentials.secret;
        if (!fromBasic) {
          form.delete('client_secret');
          form.delete('client_id');
        }
        ctx.req.headers.authorization = basicHeader(credentials.id, secret);
      }
    }
    // oidc-provider reads an already-consumed body from req.body.
    (ctx.req as typeof ctx.req & { body?: string }).body = form.toString();
    return next();
  };
}
