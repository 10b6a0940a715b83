// The Experience API: used by the sign-in pages, bound to the OIDC interaction cookie. Each call
// that moves the flow returns the next step; the server owns the flow.
import { z } from 'zod';
import {
  consoleClientId,
  addProfileBodySchema,
  connectorIdSchema,
  experienceSettingsSchema,
  experienceStepSchema,
  identifyBodySchema,
  passwordVerificationBodySchema,
  resetPasswordBodySchema,
  sendVerificationCodeBodySchema,
  sentVerificationCodeSchema,
  socialVerifyBodySchema,
  startExperienceBodySchema,
  submitResultSchema,
  verificationResultSchema,
  verifyVerificationCodeBodySchema,
} from '@signet/schemas';
import type { Context } from 'koa';
import type { RouteRegistry } from '../../http/route.ts';
import type { ExperienceService } from '../../domain/experience/experience.service.ts';
import type { ExperienceSettingsService } from '../../domain/experience/experience.settings.ts';
import type { ApplicationsService } from '../../domain/applications/applications.service.ts';
import type { OidcRuntime } from '../../oidc/runtime.ts';
import type { UsersService } from '../../domain/users/users.service.ts';
import { ApiError } from '../../http/api-error.ts';
import { consentRoutes } from './consent.routes.ts';
import { consoleClientName } from '../../oidc/clients.ts';

type Interaction = Awaited<ReturnType<OidcRuntime['provider']['interactionDetails']>>;

export function experienceRoutes(
  routes: RouteRegistry,
  deps: { experience: ExperienceService; settings: ExperienceSettingsService; applications: ApplicationsService; users: UsersService; oidc: OidcRuntime },
): void {
  const tag = 'Experience';
  const { experience, oidc } = deps;

  async function interaction(ctx: Context): Promise<Interaction> {
    try {
      return await oidc.provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      throw new ApiError('session.interaction_not_found', 'No sign-in is in progress (the interaction expired or the cookie is missing); start again from the app');
    }
  }
  const interactionUid = async (ctx: Context) => (await interaction(ctx)).uid;
  const clientIdOf = (current: Interaction | undefined) => (typeof current?.params.client_id === 'string' ? current.params.client_id : undefined);
  /** Who is signing in, for the sign-in history. */
  const origin = (ctx: Context) => ({ ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined });

  async function application(clientId: string | undefined) {
    // The Console is answered from code, not from the applications table.
    if (clientId === consoleClientId) return { id: consoleClientId, name: consoleClientName, isThirdParty: false };
    const app = clientId ? await deps.applications.findRecord(clientId) : undefined;
    return app ? { id: app.id, name: app.name, isThirdParty: app.isThirdParty } : null;
  }

  routes.add(
    {
      method: 'get',
      path: '/experience/settings',
      tag,
      summary: 'What the sign-in pages render: the sign-in experience, social buttons, the application and the language',
      response: experienceSettingsSchema,
    },
    async ({ ctx }) => {
      const current = await interaction(ctx).catch(() => undefined);
      ctx.set('Cache-Control', 'no-store');
      return deps.settings.settings({
        application: await application(clientIdOf(current)),
        uiLocales: typeof current?.params.ui_locales === 'string' ? current.params.ui_locales : undefined,
        acceptLanguage: ctx.get('accept-language') || undefined,
      });
    },
  );

  routes.add(
    { method: 'put', path: '/experience', tag, summary: 'Start (or restart) the sign-in of the current interaction', body: startExperienceBodySchema, response: experienceStepSchema },
    async ({ ctx, body }) => {
      const current = await interaction(ctx);
      return experience.start(current.uid, body.interactionEvent, clientIdOf(current));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/experience/interaction-event',
      tag,
      summary: 'Switch between sign-in, registration and recovery, keeping what was verified',
      body: startExperienceBodySchema,
      response: experienceStepSchema,
    },
    async ({ ctx, body }) => experience.setEvent(await interactionUid(ctx), body.interactionEvent),
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
      response: verificationResultSchema,
    },
    async ({ ctx, body }) => experience.verifyPassword(await interactionUid(ctx), body.identifier, body.password, origin(ctx)),
  );

  routes.add(
    {
      method: 'post',
      path: '/experience/verification/verification-code',
      tag,
      summary: 'Send a one-time code to an email address or phone number',
      body: sendVerificationCodeBodySchema,
      response: sentVerificationCodeSchema,
    },
    async ({ ctx, body }) => {
      const current = await interaction(ctx);
      const locale = typeof current.params.ui_locales === 'string' ? current.params.ui_locales.split(' ')[0] : undefined;
      return experience.sendCode(current.uid, body.identifier, body.interactionEvent, ctx.ip, locale);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/experience/verification/verification-code/verify',
      tag,
      summary: 'Check a one-time code; returns the verification id',
      body: verifyVerificationCodeBodySchema,
      response: verificationResultSchema,
    },
    async ({ ctx, body }) => experience.verifyCode(await interactionUid(ctx), body.identifier, body.verificationId, body.code),
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
      body: socialVerifyBodySchema,
      response: verificationResultSchema,
    },
    async ({ ctx, params, body }) => experience.finishSocial(await interactionUid(ctx), params.connectorId, body.connectorData),
  );

  routes.add(
    {
      method: 'post',
      path: '/experience/identification',
      tag,
      summary: 'Identify the user (or add to the registration) with a verification',
      body: identifyBodySchema,
      response: experienceStepSchema,
    },
    async ({ ctx, body }) => experience.identify(await interactionUid(ctx), body),
  );

  routes.add(
    { method: 'post', path: '/experience/profile', tag, summary: 'Add a username, password, or verified email or phone to the registration', body: addProfileBodySchema, response: experienceStepSchema },
    async ({ ctx, body }) => experience.addProfile(await interactionUid(ctx), body),
  );

  routes.add(
    { method: 'put', path: '/experience/profile/password', tag, summary: 'Forgot password: set the new password of the verified account', body: resetPasswordBodySchema, response: experienceStepSchema },
    async ({ ctx, body }) => experience.resetPassword(await interactionUid(ctx), body.password),
  );

  routes.add(
    { method: 'post', path: '/experience/submit', tag, summary: 'Finish the interaction; returns where the browser goes next', response: submitResultSchema },
    async ({ ctx }) => {
      const uid = await interactionUid(ctx);
      const userId = await experience.userToSubmit(uid);
      const redirectTo = await oidc.provider.interactionResult(ctx.req, ctx.res, { login: { accountId: userId } }, { mergeWithLastSubmission: false });
      await experience.finish(uid, userId, origin(ctx));
      return { redirectTo };
    },
  );

  consentRoutes(routes, { oidc, applications: deps.applications, users: deps.users, interaction });
}
