// The Console's own sign-in ignores the end-user sign-in experience: whatever it says (email codes
// only and sign-up only; social only; custom branding and terms), the sign-in pages show the
// Console username/email + password with the default look, and the Experience API allows exactly
// that for the Console's interactions: admins sign in with a password, while codes, registration,
// recovery and social sign-in are refused. Other applications keep the configured experience.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleClientId, defaultSignInExperience, type ExperienceSettings, type User } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { createApp, Flow, patchSignInExperience, setUpDevOutbox, type Api, type App } from '../support/experience-kit.ts';
import { accessTokenClaims, ConsoleFlow, strongPassword } from './console-flow.ts';

const emailCodesSignUpOnly = {
  signInMode: 'Register',
  signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
  signUp: { identifiers: ['email'], password: false, verify: true },
  socialSignInConnectorTargets: [],
  color: { primaryColor: '#FF0000', isDarkModeEnabled: true, darkPrimaryColor: '#00FF00' },
  branding: { logoUrl: 'https://cdn.example.com/logo.png' },
  customCss: 'body { display: none }',
  termsOfUseUrl: 'https://example.com/terms',
  privacyPolicyUrl: 'https://example.com/privacy',
  agreeToTermsPolicy: 'Manual',
};

const socialOnly = {
  signInMode: 'SignInAndRegister',
  signIn: { methods: [] },
  signUp: { identifiers: [], password: false, verify: false },
  socialSignInConnectorTargets: ['github'],
};

const configurations = [
  ['email codes and sign-up only', emailCodesSignUpOnly],
  ['social sign-in only', socialOnly],
] as const;

describe.each(databaseKinds)('The Console sign-in whatever the sign-in experience on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let app: App;
  let admin: User;
  let githubId: string;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    api = apiClient(instance.url, await managementToken(instance.url));
    await setUpDevOutbox(api);
    const github = await api<{ id: string; target: string }>('POST', '/api/connectors', { connectorId: 'github-universal', config: { clientId: 'github-client', clientSecret: 'github-secret' } });
    expect(github.status, JSON.stringify(github.body)).toBe(201);
    expect(github.body.target).toBe('github');
    githubId = github.body.id;
    admin = (await api<User>('POST', '/api/users', { username: 'ada', primaryEmail: 'ada@example.com', password: strongPassword })).body;
    expect((await api('POST', `/api/users/${admin.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
    app = await createApp(api);
  });
  afterAll(() => instance.close());
  beforeEach(async () => {
    await api('DELETE', '/api/dev-outbox/messages');
  });

  describe.each(configurations)('with %s', (_label, configuration) => {
    beforeEach(() => patchSignInExperience(api, configuration));

    it('keeps the configured experience for other applications (so the rest of this test means something)', async () => {
      const flow = new Flow(instance, app);
      expect((await flow.authorize()).pathname).toBe('/sign-in');
      const settings = await flow.call<ExperienceSettings>('GET', '/settings');
      expect(settings.body.signInExperience).toMatchObject({ signInMode: configuration.signInMode, signIn: configuration.signIn });
      expect(settings.body.application).toMatchObject({ id: app.id });
      // No password sign-in there.
      if (configuration.signInMode === 'Register') {
        expect((await flow.call('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(403);
      } else {
        await flow.ok('PUT', '', { interactionEvent: 'SignIn' });
        await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'ada' }, password: strongPassword }, 422, 'session.method_not_enabled');
      }
    });

    it('shows the Console username/email + password with the default look', async () => {
      const flow = new ConsoleFlow(instance);
      expect((await flow.authorize()).pathname).toBe('/sign-in');
      const { status, body } = await flow.call<ExperienceSettings>('GET', '/settings');
      expect(status).toBe(200);
      expect(body.application).toEqual({ id: consoleClientId, name: 'Signet Console', isThirdParty: false });
      expect(body.signInExperience).toMatchObject({
        signInMode: 'SignIn',
        signIn: {
          methods: [
            { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
            { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
          ],
        },
        socialSignInConnectorTargets: [],
        color: defaultSignInExperience.color,
        branding: {},
        customCss: null,
        termsOfUseUrl: null,
        privacyPolicyUrl: null,
      });
      expect(body.socialConnectors).toEqual([]);
      // No "forgot password" link: recovery needs a code, and the Console sends none.
      expect(body.messaging).toEqual({ email: false, sms: false });
    });

    it('lets an admin sign in with username + password and with email + password', async () => {
      for (const identifier of [{ type: 'username', value: 'ada' }, { type: 'email', value: 'ada@example.com' }] as const) {
        const flow = new ConsoleFlow(instance);
        const exchanged = await flow.exchange(await flow.signIn(identifier, strongPassword));
        expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
        expect(accessTokenClaims(exchanged.body.access_token!)).toMatchObject({ sub: admin.id, scope: 'all' });
      }
    });

    it('refuses registration, recovery, codes and social sign-in in the Console interaction', async () => {
      const flow = new ConsoleFlow(instance);
      expect((await flow.authorize()).pathname).toBe('/sign-in');
      const expectRefused = async (method: string, path: string, body: unknown, status: number, code: string) => {
        const response = await flow.call<{ code: string }>(method, path, body);
        expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status, code });
      };
      await expectRefused('PUT', '', { interactionEvent: 'Register' }, 403, 'session.register_disabled');
      await expectRefused('PUT', '', { interactionEvent: 'ForgotPassword' }, 422, 'session.method_not_enabled');

      expect((await flow.call('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(200);
      for (const interactionEvent of ['SignIn', 'Register', 'ForgotPassword']) {
        await expectRefused('POST', '/verification/verification-code', { identifier: { type: 'email', value: 'ada@example.com' }, interactionEvent }, 422, 'session.method_not_enabled');
      }
      await expectRefused('PUT', '/interaction-event', { interactionEvent: 'Register' }, 403, 'session.register_disabled');
      await expectRefused('PUT', '/interaction-event', { interactionEvent: 'ForgotPassword' }, 422, 'session.method_not_enabled');
      await expectRefused('POST', `/verification/social/${githubId}/authorization-uri`, undefined, 422, 'session.method_not_enabled');

      // Nothing was sent anywhere.
      const outbox = await api<unknown[]>('GET', '/api/dev-outbox/messages');
      expect(outbox.body).toEqual([]);
      // And the password sign-in still finishes.
      const redirectTo = await flow.browser.signInWithPassword(instance.url, { type: 'username', value: 'ada' }, strongPassword);
      expect((await flow.exchange(await flow.follow(redirectTo))).status).toBe(200);
    });
  });
});
