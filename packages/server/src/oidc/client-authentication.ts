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
  /** The secret to forward: the current one when `given` is a rotated-out secret still in its grace period. */
  async function effectiveSecret(clientId: string, given: string): Promise<string | undefined> {
    const app = await applications.findRecord(clientId);
    if (!app || app.type === 'SPA' || app.type === 'Native') return undefined;
    const current = applications.decryptSecret(app);
    return given !== current && (await applications.isPreviousSecret(app.id, given)) ? current : given;
  }

  return async (ctx, next) => {
    if (ctx.method !== 'POST' || !endpoints.has(ctx.path)) return next();

    const fromBasic = parseBasic(ctx.get('authorization'));
    if (fromBasic) {
      // The common case (Auth.js, openid-client): only the header may change; the body is untouched.
      const secret = await effectiveSecret(fromBasic.id, fromBasic.secret);
      if (secret !== undefined && secret !== fromBasic.secret) ctx.req.headers.authorization = basicHeader(fromBasic.id, secret);
      return next();
    }
    if (ctx.get('authorization') || !ctx.is('application/x-www-form-urlencoded')) return next();

    // client_secret_post: move the credentials into a Basic header, so the provider sees the
    // client's registered method. This needs the body, which is then handed over pre-read.
    const raw = await readBody(ctx.req);
    if (raw === undefined) {
      ctx.status = 413;
      ctx.body = { error: 'invalid_request', error_description: 'request body too large' };
      return;
    }
    const form = new URLSearchParams(raw);
    const clientId = form.get('client_id');
    const postedSecret = form.get('client_secret');
    if (clientId !== null && postedSecret !== null) {
      const secret = await effectiveSecret(clientId, postedSecret);
      if (secret !== undefined) {
        form.delete('client_secret');
        form.delete('client_id');
        ctx.req.headers.authorization = basicHeader(clientId, secret);
      }
    }
    // oidc-provider accepts an already-read body from req.body (it logs a one-time notice about it).
    (ctx.req as typeof ctx.req & { body?: string }).body = form.toString();
    return next();
  };
}
