// Where social providers send users back: `/callback/:connectorId` (the URI admins register at the
// provider) and `/callback/social/:connectorId` (what a native app loads after the provider's app
// answered). Both hand the parameters to the sign-in in progress, which checks the state.
import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import { connectorIdPattern } from '@signet/schemas';
import { ApiError } from './api-error.ts';
import { toApiError } from './error-middleware.ts';
import type { ExperienceService } from '../domain/experience/experience.service.ts';
import type { OidcRuntime } from '../oidc/runtime.ts';
import { renderOidcError } from '../oidc/pages.ts';

const callbackPath = new RegExp(`^/callback/(?:social/)?(${connectorIdPattern.source.slice(1, -1)})$`);
const maxCallbackBytes = 16 * 1024;
/** Marks the second POST of a form_post callback (see below), so it is not bounced again. */
const resubmitMarker = '_signet_resubmit';

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

/**
 * A sign-in that cannot finish goes back to the sign-in pages, which explain the error in the
 * user's language and let them try again (or, without a sign-in in progress, send them back to
 * the app). Only the stable error code travels in the URL, never provider text.
 */
function showError(ctx: Context, code: string, inProgress: boolean): void {
  ctx.redirect(inProgress ? `/sign-in?error=${encodeURIComponent(code)}` : `/error?code=${encodeURIComponent(code)}`);
  ctx.status = 303;
  ctx.set('Cache-Control', 'no-store');
}

export function socialCallbacks(deps: { experience: ExperienceService; oidc: OidcRuntime; logger: Logger }): Middleware {
  const { experience, oidc, logger } = deps;

  async function finish(ctx: Context, connectorId: string, data: Record<string, string>): Promise<void> {
    let uid: string;
    try {
      uid = (await oidc.provider.interactionDetails(ctx.req, ctx.res)).uid;
    } catch {
      showError(ctx, 'session.interaction_not_found', false);
      return;
    }
    try {
      const { verificationId } = await experience.finishSocial(uid, connectorId, data);
      const step = await experience.identify(uid, { verificationId });
      if (step.next !== 'submit') {
        // More to do (details for a new account, or linking to an existing one): the sign-in page
        // reads the step from the Experience API.
        ctx.redirect(step.interactionEvent === 'Register' ? '/register' : '/sign-in');
        return;
      }
      const userId = await experience.userToSubmit(uid);
      const redirectTo = await oidc.provider.interactionResult(ctx.req, ctx.res, { login: { accountId: userId } }, { mergeWithLastSubmission: false });
      await experience.finish(uid, userId, { ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined });
      ctx.redirect(redirectTo);
    } catch (error) {
      const known = toApiError(error);
      if (known) return showError(ctx, known.code, true);
      logger.error({ err: error, connectorId }, 'social callback failed');
      showError(ctx, 'server.internal_error', true);
    }
  }

  return async (ctx, next) => {
    const match = callbackPath.exec(ctx.path);
    if (!match) return next();
    const connectorId = match[1]!;
    ctx.set('Referrer-Policy', 'no-referrer');
    if (ctx.method === 'POST') {
      let form: Record<string, string>;
      try {
        form = callbackParameters(await readForm(ctx));
      } catch (error) {
        const known = toApiError(error) ?? new ApiError('guard.invalid_input', 'The callback could not be read');
        return errorPage(ctx, known.status, known.code, known.message);
      }
      if (form[resubmitMarker] === undefined) {
        // form_post providers (Apple) POST cross-site, which carries no SameSite=Lax cookie. A page
        // of ours posts the same form again: that POST is same-site, so the interaction cookie comes
        // along, and the code and ID token never appear in a URL (history, proxy logs).
        return resubmitPage(ctx, form);
      }
      delete form[resubmitMarker];
      await finish(ctx, connectorId, form);
      return;
    }
    if (ctx.method !== 'GET') return next();
    let data: Record<string, string>;
    try {
      data = callbackParameters(ctx.query);
    } catch {
      return showError(ctx, 'guard.invalid_input', true);
    }
    await finish(ctx, connectorId, data);
  };
}

async function readForm(ctx: Context): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw new ApiError('guard.unsupported_media_type', 'A callback POST must be a form (application/x-www-form-urlencoded)');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > maxCallbackBytes) throw new ApiError('guard.payload_too_large', 'The callback parameters are too large');
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('guard.invalid_input', 'The callback was cut off while it was being read');
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function resubmitPage(ctx: Context, form: Record<string, string>): void {
  const nonce = randomBytes(16).toString('base64');
  const fields = Object.entries({ ...form, [resubmitMarker]: '1' })
    .map(([name, value]) => `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`)
    .join('');
  ctx.status = 200;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'`);
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head><body>
<form method="post" action="${escapeAttribute(ctx.path)}">${fields}<noscript><button type="submit">Continue</button></noscript></form>
<script nonce="${nonce}">document.forms[0].submit()</script></body></html>`;
}
