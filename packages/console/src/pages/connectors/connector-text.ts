// Text the API gives in several languages (connector names and descriptions), and the provider's own
// words when a connector call fails: the admin needs Aliyun's or Alipay's code to fix their setup.
import type { LocalizedText } from '@signet/schemas';
import { ConsoleApiError } from '../../api/client.ts';
import type { Translator } from '../../i18n/i18n.tsx';

/** The admin's language, then its base language (`zh` for `zh-CN`), then English. */
export function localized(text: LocalizedText, locale: string): string {
  return text[locale] ?? text[locale.split('-')[0]!] ?? text.en;
}

/**
 * A connector's name as the Console shows it. Native social connectors share their provider's name
 * with the web one ("Alipay" is the button text in both), so the platform is added: the guides tell
 * admins to pick "Alipay (Native)".
 */
export function connectorName(connector: { name: LocalizedText; platform: string | null }, locale: string): string {
  const name = localized(connector.name, locale);
  return connector.platform === 'Native' ? `${name} (Native)` : name;
}

type ProviderData = { providerCode?: unknown; providerMessage?: unknown; code?: unknown; msg?: unknown; sub_code?: unknown; sub_msg?: unknown };

/**
 * The provider's answer behind a failed connector call, or undefined. Aliyun errors carry
 * `providerCode`/`providerMessage`; others keep the detail in the error message (English, as the
 * provider wrote it), which is shown as is.
 */
export function providerDetail(error: unknown): string | undefined {
  if (!(error instanceof ConsoleApiError) || !error.code.startsWith('connector.') || error.code === 'connector.invalid_config') return undefined;
  const data = (error.data ?? {}) as ProviderData;
  if (typeof data.providerCode === 'string') return typeof data.providerMessage === 'string' && data.providerMessage ? `${data.providerCode}: ${data.providerMessage}` : data.providerCode;
  return error.message || undefined;
}

/** A translated sentence for a failed connector call, with the provider's own words when there are any. */
export function describeConnectorError(t: Translator, error: unknown): { summary: string; detail: string | undefined } {
  return { summary: t.error(error), detail: providerDetail(error) };
}
