import { describe, expect, it } from 'vitest';
import { defaultSignInExperience, type ExperienceSettings, type SignInExperienceConfig } from '@signet/schemas';
import {
  canRegisterWith,
  effectivePage,
  eventOfPage,
  forgotPasswordTypes,
  pageFromPath,
  pathOfPage,
  primaryFactor,
  profileItemToAsk,
  screenForStep,
  termsMode,
} from './flow.ts';

const settings = (config: Partial<SignInExperienceConfig>, messaging = { email: true, sms: true }): Pick<ExperienceSettings, 'signInExperience' | 'messaging'> => ({
  signInExperience: { ...defaultSignInExperience, ...config },
  messaging,
});

describe('pages', () => {
  it('maps paths to pages and back', () => {
    expect(pageFromPath('/sign-in')).toBe('sign-in');
    expect(pageFromPath('/register/')).toBe('register');
    expect(pageFromPath('/forgot-password')).toBe('forgot-password');
    expect(pageFromPath('/consent')).toBe('consent');
    expect(pageFromPath('/error')).toBe('error');
    expect(pageFromPath('/experience/index.html')).toBe('sign-in');
    expect(pathOfPage('forgot-password')).toBe('/forgot-password');
  });
  it('starts each page with its event', () => {
    expect(eventOfPage('sign-in')).toBe('SignIn');
    expect(eventOfPage('register')).toBe('Register');
    expect(eventOfPage('forgot-password')).toBe('ForgotPassword');
  });
  it('follows signInMode', () => {
    expect(effectivePage('sign-in', { signInMode: 'Register' })).toBe('register');
    expect(effectivePage('register', { signInMode: 'SignIn' })).toBe('sign-in');
    expect(effectivePage('register', { signInMode: 'SignInAndRegister' })).toBe('register');
    expect(effectivePage('forgot-password', { signInMode: 'Register' })).toBe('forgot-password');
  });
});

describe('screenForStep', () => {
  it('maps each step to its screen', () => {
    expect(screenForStep({ next: 'identify', interactionEvent: 'SignIn' })).toEqual({ kind: 'page' });
    expect(screenForStep({ next: 'profile', interactionEvent: 'Register', missingProfile: ['password'] })).toEqual({ kind: 'profile', missing: ['password'] });
    expect(screenForStep({ next: 'reset-password', interactionEvent: 'ForgotPassword' })).toEqual({ kind: 'reset-password' });
    expect(screenForStep({ next: 'submit', interactionEvent: 'SignIn' })).toEqual({ kind: 'submit' });
    const link = { next: 'link-social', interactionEvent: 'SignIn', socialVerificationId: 'v1', connectorId: 'google', relatedUser: { type: 'email', value: 'j***@example.com' } } as const;
    expect(screenForStep(link)).toEqual({ kind: 'link-social', step: link });
  });
  it('asks for identifiers before the password', () => {
    expect(profileItemToAsk(['password', 'username'])).toBe('username');
    expect(profileItemToAsk(['password'])).toBe('password');
    expect(profileItemToAsk([])).toBeUndefined();
  });
});

describe('what the configuration enables', () => {
  const methods = (list: SignInExperienceConfig['signIn']['methods']) => ({ signIn: { methods: list } });
  it('offers forgot password for email/phone methods with a password and a delivery channel', () => {
    const config = methods([
      { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
      { identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true },
      { identifier: 'phone', password: true, verificationCode: true, isPasswordPrimary: false },
    ]);
    expect(forgotPasswordTypes(settings(config))).toEqual(['email', 'phone']);
    expect(forgotPasswordTypes(settings(config, { email: true, sms: false }))).toEqual(['email']);
    expect(forgotPasswordTypes(settings(methods([{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }])))).toEqual([]);
  });
  it('offers to create an account only when registration takes that identifier', () => {
    expect(canRegisterWith({ signInMode: 'SignInAndRegister', signUp: { identifiers: ['email'], password: false, verify: true } }, 'email')).toBe(true);
    expect(canRegisterWith({ signInMode: 'SignInAndRegister', signUp: { identifiers: ['email'], password: false, verify: true } }, 'phone')).toBe(false);
    expect(canRegisterWith({ signInMode: 'SignIn', signUp: { identifiers: ['email'], password: false, verify: true } }, 'email')).toBe(false);
  });
  it('shows the terms as the policy says, only when a URL is set', () => {
    const urls = { termsOfUseUrl: 'https://example.com/terms', privacyPolicyUrl: null };
    expect(termsMode({ ...urls, agreeToTermsPolicy: 'Automatic' }, 'sign-in')).toBe('sentence');
    expect(termsMode({ ...urls, agreeToTermsPolicy: 'ManualRegistrationOnly' }, 'sign-in')).toBe('sentence');
    expect(termsMode({ ...urls, agreeToTermsPolicy: 'ManualRegistrationOnly' }, 'register')).toBe('checkbox');
    expect(termsMode({ ...urls, agreeToTermsPolicy: 'Manual' }, 'sign-in')).toBe('checkbox');
    expect(termsMode({ ...urls, agreeToTermsPolicy: 'Manual' }, 'forgot-password')).toBe('none');
    expect(termsMode({ termsOfUseUrl: null, privacyPolicyUrl: null, agreeToTermsPolicy: 'Manual' }, 'register')).toBe('none');
  });
  it('picks the primary factor', () => {
    expect(primaryFactor({ password: true, verificationCode: true, isPasswordPrimary: true })).toBe('password');
    expect(primaryFactor({ password: true, verificationCode: true, isPasswordPrimary: false })).toBe('code');
    expect(primaryFactor({ password: false, verificationCode: true, isPasswordPrimary: true })).toBe('code');
    expect(primaryFactor({ password: true, verificationCode: false, isPasswordPrimary: false })).toBe('password');
  });
});
