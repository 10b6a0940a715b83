import { describe, expect, it, vi } from 'vitest';
import type { ExperienceSocialConnector } from '@signet/schemas';
import { connectorName, getNativeBridge, goToProvider, visibleConnectors, type NativeBridge } from './bridge.ts';

const connector = (id: string, target: string, platform: ExperienceSocialConnector['platform']): ExperienceSocialConnector => ({
  id,
  target,
  platform,
  name: { en: id },
  logo: `https://logo/${id}`,
  logoDark: null,
});

const connectors = [
  connector('google-universal', 'google', 'Universal'),
  connector('alipay-native', 'alipay', 'Native'),
  connector('github-web', 'github', 'Web'),
  connector('google-web', 'google', 'Web'),
  connector('alipay-web', 'alipay', 'Web'),
  connector('wechat-native', 'wechat', 'Native'),
  connector('apple-universal', 'apple', 'Universal'),
  connector('wechat-universal', 'wechat', 'Universal'),
];

const bridge = (overrides: Partial<NativeBridge> = {}): NativeBridge => ({
  platform: 'ios',
  callbackLink: 'app://callback',
  getPostMessage: () => () => undefined,
  supportedConnector: { universal: true, nativeTargets: ['alipay'] },
  ...overrides,
});

const ids = (list: ExperienceSocialConnector[]) => list.map((item) => item.id);

describe('visibleConnectors', () => {
  it('in a plain browser shows Web and Universal, hides Native, and Web wins over Universal', () => {
    expect(ids(visibleConnectors(connectors, undefined))).toEqual(['github-web', 'google-web', 'alipay-web', 'apple-universal', 'wechat-universal']);
  });
  it('with the bridge shows supported Native and Universal, hides Web, and Native wins over Universal', () => {
    expect(ids(visibleConnectors(connectors, bridge({ supportedConnector: { universal: true, nativeTargets: ['alipay', 'wechat'] } })))).toEqual([
      'google-universal',
      'alipay-native',
      'wechat-native',
      'apple-universal',
    ]);
  });
  it('hides Native connectors whose target the app does not support', () => {
    expect(ids(visibleConnectors(connectors, bridge()))).toEqual(['google-universal', 'alipay-native', 'apple-universal', 'wechat-universal']);
  });
  it('hides Universal connectors unless the app supports them and has a callback link', () => {
    expect(ids(visibleConnectors(connectors, bridge({ supportedConnector: { universal: false, nativeTargets: ['alipay'] } })))).toEqual(['alipay-native']);
    expect(ids(visibleConnectors(connectors, bridge({ callbackLink: '' })))).toEqual(['alipay-native']);
    expect(ids(visibleConnectors(connectors, bridge({ callbackLink: undefined })))).toEqual(['alipay-native']);
  });
});

describe('getNativeBridge', () => {
  it('accepts a complete bridge and ignores a missing or half-injected one', () => {
    const complete = bridge();
    expect(getNativeBridge({ logtoNativeSdk: complete })).toBe(complete);
    expect(getNativeBridge({})).toBeUndefined();
    expect(getNativeBridge({ logtoNativeSdk: { platform: 'ios' } })).toBeUndefined();
    expect(getNativeBridge({ logtoNativeSdk: { getPostMessage: () => undefined } })).toBeUndefined();
  });
});

describe('goToProvider', () => {
  const location = () => ({ origin: 'https://auth.example.com', assign: vi.fn() });

  it('hands a Native connector to the app with the callback URI', () => {
    const post = vi.fn();
    const here = location();
    goToProvider({ id: 'alipay-native', platform: 'Native' }, 'alipay://?state=1', bridge({ getPostMessage: () => post }), here);
    expect(post).toHaveBeenCalledWith({ callbackUri: 'https://auth.example.com/callback/social/alipay-native', redirectTo: 'alipay://?state=1' });
    expect(here.assign).not.toHaveBeenCalled();
  });
  it('sends the browser to Web and Universal providers', () => {
    const here = location();
    goToProvider({ id: 'google-web', platform: 'Web' }, 'https://accounts.example/auth', undefined, here);
    expect(here.assign).toHaveBeenCalledWith('https://accounts.example/auth');
    const inApp = location();
    const post = vi.fn();
    goToProvider({ id: 'apple-universal', platform: 'Universal' }, 'https://apple.example/auth', bridge({ getPostMessage: () => post }), inApp);
    expect(inApp.assign).toHaveBeenCalledWith('https://apple.example/auth');
    expect(post).not.toHaveBeenCalled();
  });
});

it('names connectors in the locale, then its base language, then English', () => {
  expect(connectorName({ en: 'Sign in', 'zh-CN': '登录' }, 'zh-CN')).toBe('登录');
  expect(connectorName({ en: 'Sign in', zh: '登录' }, 'zh-CN')).toBe('登录');
  expect(connectorName({ en: 'Sign in' }, 'fr')).toBe('Sign in');
});
