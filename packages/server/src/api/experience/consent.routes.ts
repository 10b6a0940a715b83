// Consent for third-party applications: the page lists what the app asks for; allowing creates
// (or widens) the grant, denying ends the authorization with access_denied. First-party apps never
// get here (provider.ts grants them in loadExistingGrant).
import { consentBodySchema, consentDetailsSchema, submitResultSchema } from '@signet/schemas';
import type { Context } from 'koa';
import type { RouteRegistry } from '../../http/route.ts';
import type { OidcRuntime } from '../../oidc/runtime.ts';
import type { ApplicationsService } from '../../domain/applications/applications.service.ts';
import type { UsersService } from '../../domain/users/users.service.ts';
import { ApiError } from '../../http/api-error.ts';

type Interaction = Awaited<ReturnType<OidcRuntime['provider']['interactionDetails']>>;
type ConsentPrompt = { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };

export function consentRoutes(
  routes: RouteRegistry,
  deps: { oidc: OidcRuntime; applications: ApplicationsService; users: UsersService; interaction: (ctx: Context) => Promise<Interaction> },
): void {
  const tag = 'Experience';

  async function consentInteraction(ctx: Context) {
    const details = await deps.interaction(ctx);
    const accountId = details.session?.accountId;
    if (details.prompt.name !== 'consent' || !accountId) {
      throw new ApiError('session.consent_not_required', 'This sign-in is not waiting for consent');
    }
    return { details, accountId, prompt: details.prompt.details as ConsentPrompt };
  }

  routes.add(
    { method: 'get', path: '/experience/consent', tag, summary: 'What a third-party application asks the signed-in user to share', response: consentDetailsSchema },
    async ({ ctx }) => {
      const { details, accountId, prompt } = await consentInteraction(ctx);
      const clientId = String(details.params.client_id);
      const [app, user] = await Promise.all([deps.applications.findRecord(clientId), deps.users.find(accountId)]);
      if (!app || !user) throw new ApiError('session.interaction_not_found', 'The application or the account of this sign-in no longer exists');
      return {
        application: { id: app.id, name: app.name },
        user: { id: user.id, name: user.name, username: user.username, primaryEmail: user.primaryEmail },
        scopes: prompt.missingOIDCScope ?? [],
        resourceScopes: Object.entries(prompt.missingResourceScopes ?? {}).map(([resource, scopes]) => ({ resource, scopes })),
      };
    },
  );

  routes.add(
    { method: 'post', path: '/experience/consent', tag, summary: 'Allow or deny what the application asks for', body: consentBodySchema, response: submitResultSchema },
    async ({ ctx, body }) => {
      const { details, accountId, prompt } = await consentInteraction(ctx);
      const { provider } = deps.oidc;
      if (body.decision === 'deny') {
        const redirectTo = await provider.interactionResult(ctx.req, ctx.res, { error: 'access_denied', error_description: 'The user denied the request' }, { mergeWithLastSubmission: false });
        return { redirectTo };
      }
      const clientId = String(details.params.client_id);
      const grant = (details.grantId && (await provider.Grant.find(details.grantId))) || new provider.Grant({ accountId, clientId });
      if (prompt.missingOIDCScope?.length) grant.addOIDCScope(prompt.missingOIDCScope.join(' '));
      if (prompt.missingOIDCClaims?.length) grant.addOIDCClaims(prompt.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(prompt.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
      const grantId = await grant.save();
      const redirectTo = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return { redirectTo };
    },
  );
}
