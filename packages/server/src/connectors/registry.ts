// Every built-in connector, by static import: what ships is what is listed here, and the bundle
// holds them all (no file-system scanning at start).
import type { Connector } from './kit.ts';
import { devOutboxEmail, devOutboxSms } from './dev-outbox/index.ts';
import aliyunDirectMail from './aliyun-direct-mail/index.ts';
import aliyunSms from './aliyun-sms/index.ts';
import smtp from './smtp/index.ts';
import oauth2 from './oauth2/index.ts';
import alipayNative from './alipay-native/index.ts';
import alipayWeb from './alipay-web/index.ts';
import github from './github/index.ts';
import oidc from './oidc/index.ts';
import google from './google/index.ts';
import azureAd from './azuread/index.ts';
import apple from './apple/index.ts';
import httpEmail from './http-email/index.ts';
import httpSms from './http-sms/index.ts';

const builtInConnectors: readonly Connector[] = [
  // Social
  alipayNative,
  alipayWeb,
  apple,
  azureAd,
  github,
  google,
  oidc,
  oauth2,
  // Email and SMS
  aliyunDirectMail,
  aliyunSms,
  smtp,
  httpEmail,
  httpSms,
  devOutboxEmail,
  devOutboxSms,
];

/** Other names scripts may use for a factory (the reference product's ids where ours differ). */
const factoryAliases: Record<string, string> = {
  'aliyun-short-message-service': 'aliyun-sms',
  azuread: 'azuread-universal',
};

const requiredLocales = ['en', 'es', 'fr', 'zh-CN'] as const;

function indexById(connectors: readonly Connector[]): Map<string, Connector> {
  const byId = new Map<string, Connector>();
  for (const connector of connectors) {
    const { id, name, description } = connector.metadata;
    // Caught by any test that loads the registry, long before a user could see it.
    if (byId.has(id)) throw new Error(`Two built-in connectors have the id "${id}"`);
    const missing = requiredLocales.filter((locale) => !name[locale] || !description[locale]);
    if (missing.length > 0) throw new Error(`Connector "${id}" lacks a name or description in ${missing.join(', ')}`);
    byId.set(id, connector);
  }
  return byId;
}

const connectorsById = indexById(builtInConnectors);

export function listConnectorFactories(): readonly Connector[] {
  return builtInConnectors;
}

export function findConnectorFactory(id: string): Connector | undefined {
  return connectorsById.get(factoryAliases[id] ?? id);
}
