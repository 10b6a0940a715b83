// GET/PATCH /api/sign-in-exp: defaults, partial updates, and every cross-field rule, checked against
// the connectors actually set up. A refused PATCH changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSignInExperience, type SignInExperience } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { expectApiError, send } from '../management/helpers.ts';

const method = (identifier: string, password: boolean, verificationCode: boolean) => ({ identifier, password, verificationCode, isPasswordPrimary: password });

describe.each(databaseKinds)('Sign-in experience configuration on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    // No dev outbox fallback: email and SMS need real connectors here.
    instance = await startTestSignet({ kind, env: { SIGNET_DEV_OUTBOX: 'false' } });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(() => instance.close());

  const patch = (body: unknown) => send(instance.url, { method: 'PATCH', path: '/api/sign-in-exp', body, token });
  const current = async () => (await api<SignInExperience>('GET', '/api/sign-in-exp')).body;

  /** The PATCH is refused with `code`, mentions `mentions`, and leaves the configuration as it was. */
  async function refused(body: unknown, status: number, code: string, mentions: string) {
    const before = await current();
    const response = await patch(body);
    expectApiError(response, status, code);
    expect((response.json as { message: string }).message).toContain(mentions);
    expect(await current()).toEqual(before);
  }

  it('starts with the defaults', async () => {
    expect(await current()).toEqual({ tenantId: 'default', id: 'default', ...defaultSignInExperience });
  });

  it('replaces only the fields given', async () => {
    const response = await patch({ color: { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#445566' }, termsOfUseUrl: 'https://bookstore.example/terms' });
    expect(response.status).toBe(200);
    const after = await current();
    expect(after.color).toEqual({ primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#445566' });
    expect(after.termsOfUseUrl).toBe('https://bookstore.example/terms');
    expect(after.signUp).toEqual(defaultSignInExperience.signUp);
  });

  it('needs an email connector for email sign-up and email codes, and forces verification on', async () => {
    const emailSignUp = { signUp: { identifiers: ['email'], password: false, verify: false }, signIn: { methods: [method('email', false, true)] } };
    await refused(emailSignUp, 422, 'sign_in_experience.missing_email_connector', 'email connector');
    await refused({ signIn: { methods: [method('username', true, false), method('phone', false, true)] } }, 422, 'sign_in_experience.missing_sms_connector', 'SMS connector');

    const connector = await api<{ id: string }>('POST', '/api/connectors', { connectorId: 'dev-outbox-email' });
    const accepted = await patch(emailSignUp);
    expect(accepted.status).toBe(200);
    expect((accepted.json as SignInExperience).signUp).toEqual({ identifiers: ['email'], password: false, verify: true });
    // Back to the defaults before removing the connector the experience relies on.
    expect((await patch({ signUp: defaultSignInExperience.signUp, signIn: defaultSignInExperience.signIn })).status).toBe(200);
    await api('DELETE', `/api/connectors/${connector.body.id}`);
  });

  it('refuses sign-in methods that cannot work', async () => {
    await refused({ signIn: { methods: [method('username', false, false)] } }, 422, 'sign_in_experience.invalid_sign_in_method', 'needs a password or a verification code');
    await refused({ signIn: { methods: [method('username', true, true)] } }, 422, 'sign_in_experience.invalid_sign_in_method', 'cannot receive verification codes');
    await refused({ signIn: { methods: [method('username', true, false), method('username', true, false)] } }, 422, 'sign_in_experience.invalid_sign_in_method', 'twice');
    await refused({ signIn: { methods: [method('email', true, false)] } }, 422, 'sign_in_experience.missing_sign_in_method', 'username sign-in method');
    await refused({ signUp: { identifiers: ['username'], password: false, verify: false } }, 422, 'sign_in_experience.password_required', 'password');
  });

  it('lists social buttons only for connectors that exist, in the order given', async () => {
    await refused({ socialSignInConnectorTargets: ['github'] }, 422, 'sign_in_experience.unknown_social_target', '"github"');
    await api('POST', '/api/connectors', { connectorId: 'github-universal', config: { clientId: 'id', clientSecret: 'secret' } });
    await api('POST', '/api/connectors', { connectorId: 'google-universal', config: { clientId: 'id', clientSecret: 'secret' } });
    const response = await patch({ socialSignInConnectorTargets: ['google', 'github'], socialSignIn: { automaticAccountLinking: true } });
    expect(response.status).toBe(200);
    expect((response.json as SignInExperience).socialSignInConnectorTargets).toEqual(['google', 'github']);

    // Social-only: no identifiers at sign-up ("not applicable"), no sign-in methods.
    const socialOnly = await patch({ signUp: { identifiers: [], password: false, verify: false }, signIn: { methods: [] } });
    expect(socialOnly.status).toBe(200);
    await refused({ socialSignInConnectorTargets: [] }, 422, 'sign_in_experience.no_way_to_sign_in', 'nobody can sign in');
    expect((await patch({ signUp: defaultSignInExperience.signUp, signIn: defaultSignInExperience.signIn, socialSignInConnectorTargets: [] })).status).toBe(200);
  });

  it('needs a way to register unless registration is off', async () => {
    await refused({ signUp: { identifiers: [], password: false, verify: false } }, 422, 'sign_in_experience.no_way_to_register', 'Sign-up');
    const signInOnly = await patch({ signUp: { identifiers: [], password: false, verify: false }, signInMode: 'SignIn' });
    expect(signInOnly.status).toBe(200);
    expect((await patch({ signUp: defaultSignInExperience.signUp, signInMode: 'SignInAndRegister' })).status).toBe(200);
  });

  it('refuses malformed fields with a 400 naming them', async () => {
    await refused({ color: { primaryColor: 'red', isDarkModeEnabled: false, darkPrimaryColor: '#000000' } }, 400, 'guard.invalid_input', 'primaryColor');
    await refused({ signInMode: 'Everything' }, 400, 'guard.invalid_input', 'signInMode');
    await refused({ termsOfUseUrl: 'javascript:alert(1)' }, 400, 'guard.invalid_input', 'termsOfUseUrl');
    await refused({ languageInfo: { autoDetect: true, fallbackLanguage: 'xx' } }, 400, 'guard.invalid_input', 'fallbackLanguage');
    await refused({ passwordPolicy: { ...defaultSignInExperience.passwordPolicy, length: { min: 20, max: 10 } } }, 400, 'guard.invalid_input', 'length');
    await refused({ unknown: true }, 400, 'guard.invalid_input', 'unknown');
  });
});
