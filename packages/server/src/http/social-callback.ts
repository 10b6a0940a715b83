// Where social providers send users back: `/callback/:connectorId` (the URI admins register at the
// provider) and `/callback/social/:connectorId` (what a native app loads after the provider's app
// answered). Both hand the parameters to the sign-in in progress, which checks the state.
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { ApiError } from './api-error.ts';
import { ConnectorError } from '../connectors/connector-error.ts';
import type { ExperienceService } from '../domain/experience/experience.service.ts';
import type { OidcRuntime } from '../oidc/runtime.ts';
import { renderOidcError } from '../oidc/pages.ts';

const callbackPath = /^\/callback\/(?:social\/)?([a-z0-9][a-z0-9_-]{0,63})$/;
const maxCallbackBytes = 16 * 1024;

/** Query or form parameters as plain strings (the first of repeated keys); bounded in size. */
function callbackParameters(source: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  let size = 0;
  for (const [key, value] of Object.entries(source)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text !== 'string') continue;
    size += key.length + text.length;
    data[key] = text;
  }
  if (size > maxCallbackBytes) throw new ApiError('guard.invalid_input', 'The callback parameters are too large');
  return data;
}

function errorPage(ctx: Context, status: number, error: string, description: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = renderOidcError({ error, error_description: description });
}

export function socialCallbacks(deps: { experience: ExperienceService; oidc: OidcRuntime; logger: Logger }): Middleware {
  const { experience, oidc, logger } = deps;

  async function finish(ctx: Context, connectorId: string, data: Record<string, string>): Promise<void> {
    let uid: string;
    try {
      uid = (await oidc.provider.interactionDetails(ctx.req, ctx.res)).uid;
    } catch {
      errorPage(ctx, 400, 'session.interaction_not_found', 'No sign-in is in progress in this browser (it expired, or the cookie is missing). Start again from the app.');
      return;
    }
    try {
      const { verificationId } = await experience.finishSocial(uid, connectorId, data);
      await experience.identify(uid, verificationId);
      const userId = await experience.userToSubmit(uid);
      const redirectTo = await oidc.provider.interactionResult(ctx.req, ctx.res, { login: { accountId: userId } }, { mergeWithLastSubmission: false });
      await experience.finish(uid, userId);
      ctx.redirect(redirectTo);
    } catch (error) {
      if (error instanceof ApiError) return errorPage(ctx, error.status, error.code, error.message);
      if (error instanceof ConnectorError) return errorPage(ctx, 400, `connector.${error.code}`, error.message);
      logger.error({ err: error, connectorId }, 'social callback failed');
      errorPage(ctx, 500, 'server.internal_error', 'The sign-in could not be finished. Try again.');
    }
  }

  return async (ctx, next) => {
    const match = callbackPath.exec(ctx.path);
    if (!match) return next();
    const connectorId = match[1]!;
    ctx.set('Referrer-Policy', 'no-referrer');
    if (ctx.method === 'POST') {
      // form_post providers (Apple) POST cross-site, which carries no SameSite=Lax cookie. Answer
      // with a GET to the same URL: a top-level GET navigation does carry the interaction cookie.
      const form = await readForm(ctx);
      const query = new URLSearchParams(callbackParameters(form)).toString();
      ctx.status = 303;
      ctx.redirect(`${ctx.path}${query ? `?${query}` : ''}`);
      return;
    }
    if (ctx.method !== 'GET') return next();
    let data: Record<string, string>;
    try {
      data = callbackParameters(ctx.query);
    } catch (error) {
      return errorPage(ctx, 400, 'guard.invalid_input', (error as Error).message);
    }
    await finish(ctx, connectorId, data);
  };
}

async function readForm(ctx: Context): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded')) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > maxCallbackBytes) break;
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}
