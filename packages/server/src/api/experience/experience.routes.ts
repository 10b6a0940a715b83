// The Experience API: used by the sign-in pages, bound to the OIDC interaction cookie. Each call
// returns the next step; the server owns the flow.
import { z } from 'zod';
import {
  connectorIdSchema,
  experienceStepSchema,
  identifyBodySchema,
  passwordVerificationBodySchema,
  startExperienceBodySchema,
} from '@signet/schemas';
import type { Context } from 'koa';
import type { RouteRegistry } from '../../http/route.ts';
import type { ExperienceService } from '../../domain/experience/experience.service.ts';
import type { OidcRuntime } from '../../oidc/runtime.ts';
import { ApiError } from '../../http/api-error.ts';

export function experienceRoutes(routes: RouteRegistry, deps: { experience: ExperienceService; oidc: OidcRuntime }): void {
  const tag = 'Experience';
  const { experience, oidc } = deps;

  async function interactionUid(ctx: Context): Promise<string> {
    try {
      const details = await oidc.provider.interactionDetails(ctx.req, ctx.res);
      return details.uid;
    } catch {
      throw new ApiError('session.interaction_not_found', 'No sign-in is in progress (the interaction expired or the cookie is missing); start again from the app');
    }
  }

  routes.add(
    { method: 'put', path: '/experience', tag, summary: 'Start (or restart) the sign-in of the current interaction', body: startExperienceBodySchema, response: experienceStepSchema },
    async ({ ctx, body }) => experience.start(await interactionUid(ctx), body.interactionEvent),
  );

  routes.add(
    { method: 'get', path: '/experience', tag, summary: 'The next step of the current interaction', response: experienceStepSchema },
    async ({ ctx }) => experience.current(await interactionUid(ctx)),
  );

  routes.add(
    {
      method: 'post',
      path: '/experience/verification/password',
      tag,
      summary: 'Verify an identifier and password; returns a verification id',
      body: passwordVerificationBodySchema,
      response: z.object({ verificationId: z.string() }),
    },
    async ({ ctx, body }) => experience.verifyPassword(await interactionUid(ctx), body.identifier, body.password, ctx.ip),
  );

  routes.add(
    {
      method: 'post',
      path: '/experience/verification/social/:connectorId/authorization-uri',
      tag,
      summary: 'Start a social sign-in; returns the provider URI to send the user to (the server keeps the state)',
      params: z.object({ connectorId: connectorIdSchema }),
      response: z.object({ verificationId: z.string(), authorizationUri: z.string() }),
    },
    async ({ ctx, params }) => experience.startSocial(await interactionUid(ctx), params.connectorId),
  );

  routes.add(
    {
      method: 'post',
      path: '/experience/verification/social/:connectorId/verify',
      tag,
      summary: "Finish a social sign-in with the provider's callback parameters (state checked); returns the verification id",
      params: z.object({ connectorId: connectorIdSchema }),
      body: z.object({ connectorData: z.record(z.string().max(256), z.string().max(8192)) }).strict(),
      response: z.object({ verificationId: z.string() }),
    },
    async ({ ctx, params, body }) => experience.finishSocial(await interactionUid(ctx), params.connectorId, body.connectorData),
  );

  routes.add(
    { method: 'post', path: '/experience/identification', tag, summary: 'Identify the user by a verification', body: identifyBodySchema, response: experienceStepSchema },
    async ({ ctx, body }) => experience.identify(await interactionUid(ctx), body.verificationId),
  );

  routes.add(
    { method: 'post', path: '/experience/submit', tag, summary: 'Finish the interaction; returns where the browser goes next', response: z.object({ redirectTo: z.string() }) },
    async ({ ctx }) => {
      const uid = await interactionUid(ctx);
      const userId = await experience.userToSubmit(uid);
      const redirectTo = await oidc.provider.interactionResult(ctx.req, ctx.res, { login: { accountId: userId } }, { mergeWithLastSubmission: false });
      await experience.finish(uid, userId);
      return { redirectTo };
    },
  );
}
