// The sign-in experience form's pure parts: edits that keep fields consistent, validation with the
// API's schema, what a save sends, the preview's fallback, the readable diff and where the server's
// refusals are shown.
import { describe, expect, it } from 'vitest';
import { defaultSignInExperience, type ConnectorResponse } from '@signet/schemas';
import { ConsoleApiError } from '../../api/client.ts';
import { createTranslator } from '../../i18n/i18n.tsx';
import { describeChanges } from './diff.ts';
import { changedFields, cleanDraft, previewConfig, setSignUpOption, setSignUpPassword, signUpOptionOf, tabOfField, updateMethod, validateDraft, type Config } from './draft.ts';
import { serverFieldErrors } from './errors.ts';
import { previewMessage } from './preview-settings.ts';

const t = createTranslator('en');
const base: Config = structuredClone(defaultSignInExperience);

const connector = (fields: Partial<ConnectorResponse> & Pick<ConnectorResponse, 'id' | 'target' | 'type'>): ConnectorResponse => ({
  tenantId: 'default',
  connectorId: fields.id,
  platform: null,
  name: { en: fields.id },
  description: { en: '' },
  logo: 'data:image/svg+xml,<svg/>',
  logoDark: null,
  readme: '',
  isDemo: false,
  formItems: [],
  config: {},
  metadata: {},
  syncProfile: false,
  createdAt: 0,
  updatedAt: 0,
  ...fields,
});
const connectors = [
  connector({ id: 'github-universal', target: 'github', type: 'Social', platform: 'Universal', name: { en: 'GitHub', fr: 'GitHub FR' } }),
  connector({ id: 'alipay-native', target: 'alipay', type: 'Social', platform: 'Native', name: { en: 'Alipay (Native)' } }),
  connector({ id: 'alipay-web', target: 'alipay', type: 'Social', platform: 'Web', name: { en: 'Alipay (Web)' } }),
  connector({ id: 'mail', target: 'aliyun-direct-mail', type: 'Email' }),
];

describe('sign-up edits', () => {
  it('verifies email sign-ups and gives passwordless users a code to sign in with', () => {
    const email = setSignUpOption(base, 'email');
    expect(email.signUp).toMatchObject({ identifiers: ['email'], verify: true, password: true });
    expect(email.signIn.methods.find((method) => method.identifier === 'email')).toMatchObject({ password: true, verificationCode: false });
    const passwordless = setSignUpPassword(email, false);
    expect(passwordless.signIn.methods.find((method) => method.identifier === 'email')).toMatchObject({ password: true, verificationCode: true });
  });

  it('adds the sign-in method a new sign-up identifier needs, and a username always sets a password', () => {
    const phone = setSignUpOption(setSignUpPassword(base, false), 'email_phone');
    expect(phone.signUp.identifiers).toEqual(['email', 'phone']);
    expect(phone.signIn.methods.map((method) => method.identifier)).toEqual(['username', 'email', 'phone']);
    expect(phone.signIn.methods[2]).toEqual({ identifier: 'phone', password: false, verificationCode: true, isPasswordPrimary: false });
    const username = setSignUpOption(phone, 'username');
    expect(username.signUp).toMatchObject({ identifiers: ['username'], verify: false, password: true });
    expect(signUpOptionOf(setSignUpOption(base, 'none').signUp.identifiers)).toBe('none');
  });

  it('keeps the first factor consistent with the factors that are on', () => {
    const codeOnly = updateMethod(updateMethod(base, 'email', { verificationCode: true }), 'email', { password: false });
    expect(codeOnly.signIn.methods[1]).toMatchObject({ password: false, verificationCode: true, isPasswordPrimary: false });
  });
});

describe('validation', () => {
  it('checks the draft with the API schema and names the fields', () => {
    const draft: Config = {
      ...base,
      color: { ...base.color, primaryColor: '#12' },
      termsOfUseUrl: 'ftp://example.com',
      passwordPolicy: { ...base.passwordPolicy, length: { min: 20, max: 10 }, rejects: { ...base.passwordPolicy.rejects, words: ['', 'ok-word', 'ab'] } },
      signIn: { methods: [{ identifier: 'email', password: false, verificationCode: false, isPasswordPrimary: true }] },
    };
    expect(validateDraft(draft)).toEqual({
      'color.primaryColor': 'color',
      termsOfUseUrl: 'url',
      'passwordPolicy.length': 'length',
      // The row in the editor, blank rows included.
      'passwordPolicy.rejects.words.2': 'word',
      'signIn.methods.email': 'needs_factor',
    });
    expect(validateDraft(base)).toEqual({});
    expect(tabOfField('passwordPolicy.length')).toBe('password-policy');
    expect(tabOfField('socialSignInConnectorTargets.github')).toBe('sign-up-and-sign-in');
  });

  it('sends only the top-level fields that changed, without blank rows', () => {
    const draft = { ...base, signInMode: 'SignIn' as const, passwordPolicy: { ...base.passwordPolicy, rejects: { ...base.passwordPolicy.rejects, words: ['', 'acme '] } } };
    expect(changedFields(base, cleanDraft(draft))).toEqual({ signInMode: 'SignIn', passwordPolicy: { ...base.passwordPolicy, rejects: { ...base.passwordPolicy.rejects, words: ['acme'] } } });
  });

  it('previews an invalid field with its saved value and every valid change', () => {
    const draft = { ...base, color: { ...base.color, primaryColor: 'nope' }, signInMode: 'Register' as const };
    const shown = previewConfig(draft, base);
    expect(shown.color.primaryColor).toBe(base.color.primaryColor);
    expect(shown.signInMode).toBe('Register');
  });
});

describe('preview message', () => {
  it('lists the draft targets in order with all their connectors, and dark only when allowed', () => {
    const config = { ...base, socialSignInConnectorTargets: ['alipay', 'github'] };
    const message = previewMessage({ config, connectors, locale: undefined, page: 'register', colorScheme: 'dark' });
    expect(message.settings.socialConnectors.map((entry) => entry.id)).toEqual(['alipay-native', 'alipay-web', 'github-universal']);
    expect(message.settings.messaging).toEqual({ email: true, sms: false });
    expect(message.settings.locale).toBe('en');
    expect(message.colorScheme).toBe('light');
    expect(previewMessage({ config: { ...config, color: { ...config.color, isDarkModeEnabled: true } }, connectors, locale: 'fr', page: 'sign-in', colorScheme: 'dark' })).toMatchObject({
      colorScheme: 'dark',
      settings: { locale: 'fr' },
    });
  });
});

describe('what will change', () => {
  it('names every changed leaf with its label, and list items added, removed and reordered', () => {
    const before: Config = { ...base, socialSignInConnectorTargets: ['alipay', 'github'] };
    let after = setSignUpPassword(setSignUpOption(before, 'email'), false);
    after = updateMethod(after, 'email', { password: false });
    after = {
      ...after,
      signIn: { methods: [...after.signIn.methods].reverse().filter((method) => method.identifier !== 'username') },
      color: { ...after.color, primaryColor: '#C2185B' },
      socialSignInConnectorTargets: ['github'],
      passwordPolicy: { ...after.passwordPolicy, rejects: { ...after.passwordPolicy.rejects, words: ['acme'] } },
      customCss: 'body { color: red }',
    };
    expect(describeChanges(t, before, after, connectors)).toEqual([
      { kind: 'changed', label: 'Brand color', before: '#5B4DF5', after: '#C2185B' },
      { kind: 'removed', label: 'Sign-in identifiers', item: 'Username (Password)' },
      { kind: 'changed', label: 'Sign-in identifiers › Email address › Password', before: 'On', after: 'Off' },
      { kind: 'changed', label: 'Sign-in identifiers › Email address › Verification code', before: 'Off', after: 'On' },
      { kind: 'changed', label: 'Sign-up identifier', before: 'Username', after: 'Email address' },
      { kind: 'changed', label: 'Create your password', before: 'On', after: 'Off' },
      { kind: 'changed', label: 'Verify at sign-up', before: 'Off', after: 'On' },
      { kind: 'removed', label: 'Social sign-in', item: 'Alipay (Native)' },
      { kind: 'changed', label: 'Custom CSS', before: '(not set)', after: 'body { color: red } (19 characters)' },
      { kind: 'added', label: 'Custom words to reject', item: 'acme' },
    ]);
  });

  it('shows a new order as before and after lists', () => {
    const before = { ...base, socialSignInConnectorTargets: ['alipay', 'github'] };
    const after = { ...before, socialSignInConnectorTargets: ['github', 'alipay'], signIn: { methods: [...base.signIn.methods].reverse() } };
    expect(describeChanges(t, before, after, connectors)).toEqual([
      { kind: 'reordered', label: 'Sign-in identifiers', before: 'Username, Email address', after: 'Email address, Username' },
      { kind: 'reordered', label: 'Social sign-in', before: 'Alipay (Native), GitHub', after: 'GitHub, Alipay (Native)' },
    ]);
  });
});

describe('refused saves', () => {
  const refusal = (code: string, data?: unknown) => new ConsoleApiError(code, code, data, 422);

  it('puts each cross-field rule next to the field it concerns', () => {
    expect(serverFieldErrors(t, refusal('sign_in_experience.missing_sign_in_method', { identifier: 'email' }), base, connectors)).toEqual({
      'signIn.methods': 'Users who sign up with their Email address need a way to sign in with it: add “Email address” to the sign-in identifiers.',
    });
    expect(Object.keys(serverFieldErrors(t, refusal('sign_in_experience.unknown_social_target', { target: 'github' }), base, connectors))).toEqual(['socialSignInConnectorTargets.github']);
    expect(Object.keys(serverFieldErrors(t, refusal('sign_in_experience.missing_email_connector'), setSignUpOption(base, 'email'), connectors))).toEqual(['signUp.identifiers']);
    expect(Object.keys(serverFieldErrors(t, refusal('sign_in_experience.missing_email_connector'), base, connectors))).toEqual(['signIn.methods.email']);
    expect(serverFieldErrors(t, refusal('sign_in_experience.password_required'), base, connectors)).toEqual({ 'signUp.password': t('errors.sign_in_experience.password_required') });
  });

  it('maps invalid input paths to the form fields', () => {
    const error = new ConsoleApiError('guard.invalid_input', 'bad', { issues: [{ path: 'body.color.primaryColor', message: 'x' }, { path: 'body.passwordPolicy.length', message: 'y' }] }, 400);
    expect(serverFieldErrors(t, error, base, connectors)).toEqual({
      'color.primaryColor': t('sign-in-experience.invalid.color'),
      'passwordPolicy.length': t('sign-in-experience.invalid.length'),
    });
  });
});
