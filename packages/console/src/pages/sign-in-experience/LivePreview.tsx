// The live preview: the real sign-in pages in an iframe (/sign-in?preview=1, same origin), rendering
// the unsaved draft the Console posts to them (ExperiencePreviewMessage). The page announces itself
// with `signet:preview-ready`; from then on every change is posted, debounced.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { experienceLocales, type ConnectorResponse, type ExperienceLocale } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { localeNames } from '../../i18n/define.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import type { Config } from './draft.ts';
import { targetLabel } from './diff.ts';
import { previewMessage, type PreviewPage, type PreviewScheme } from './preview-settings.ts';

const pages: PreviewPage[] = ['sign-in', 'register', 'forgot-password'];
type Device = 'desktop' | 'mobile';
const debounceMs = 150;

function Segmented<V extends string>({ label, value, options, onChange }: { label: string; value: V; options: { value: V; label: string; disabled?: boolean; title?: string }[]; onChange(value: V): void }) {
  return (
    <div className="sie-segmented" role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className="sie-segment"
          aria-pressed={value === option.value}
          disabled={option.disabled}
          title={option.title}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

type Props = {
  config: Config;
  connectors: readonly ConnectorResponse[];
  /** The draft differs from what is saved. */
  unsaved: boolean;
  hasInvalidFields: boolean;
};

export function LivePreview({ config, connectors, unsaved, hasInvalidFields }: Props) {
  const t = useT();
  const id = useId();
  const frame = useRef<HTMLIFrameElement>(null);
  const [ready, setReady] = useState(false);
  const [device, setDevice] = useState<Device>('desktop');
  const [scheme, setScheme] = useState<PreviewScheme>('light');
  const [page, setPage] = useState<PreviewPage>('sign-in');
  const [language, setLanguage] = useState<ExperienceLocale | ''>('');
  const darkAllowed = config.color.isDarkModeEnabled;
  const shownScheme: PreviewScheme = darkAllowed ? scheme : 'light';

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== frame.current?.contentWindow) return;
      if ((event.data as { type?: unknown } | null)?.type === 'signet:preview-ready') setReady(true);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const message = useMemo(
    () => previewMessage({ config, connectors, locale: language || undefined, page, colorScheme: shownScheme }),
    [config, connectors, language, page, shownScheme],
  );

  useEffect(() => {
    if (!ready) return undefined;
    const timer = setTimeout(() => frame.current?.contentWindow?.postMessage(message, window.location.origin), debounceMs);
    return () => clearTimeout(timer);
  }, [message, ready]);

  // Native connectors only show inside a mobile app's web view, never in a browser (nor here).
  const nativeOnly = config.socialSignInConnectorTargets.filter((target) => {
    const forTarget = connectors.filter((connector) => connector.type === 'Social' && connector.target === target);
    return forTarget.length > 0 && forTarget.every((connector) => connector.platform === 'Native');
  });

  return (
    <section className="sie-preview" aria-labelledby="sie-preview-title">
      <div className="sie-preview-header">
        <h2 id="sie-preview-title">{t('sign-in-experience.preview.title')}</h2>
        {unsaved && <span className="badge">{t('sign-in-experience.preview.unsaved')}</span>}
      </div>
      <div className="sie-preview-controls">
        <Segmented<Device>
          label={t('sign-in-experience.preview.device')}
          value={device}
          onChange={setDevice}
          options={[
            { value: 'desktop', label: t('sign-in-experience.preview.desktop') },
            { value: 'mobile', label: t('sign-in-experience.preview.mobile') },
          ]}
        />
        <Segmented<PreviewScheme>
          label={t('sign-in-experience.preview.scheme')}
          value={shownScheme}
          onChange={setScheme}
          options={[
            { value: 'light', label: t('sign-in-experience.preview.light') },
            { value: 'dark', label: t('sign-in-experience.preview.dark'), disabled: !darkAllowed, title: darkAllowed ? undefined : t('sign-in-experience.preview.dark_disabled') },
          ]}
        />
        <div className="sie-preview-select">
          <label htmlFor={`${id}-page`}>{t('sign-in-experience.preview.page')}</label>
          <select id={`${id}-page`} className="input" name="preview-page" value={page} onChange={(event) => setPage(event.target.value as PreviewPage)}>
            {pages.map((value) => (
              <option key={value} value={value}>
                {t(`sign-in-experience.preview.page.${value}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="sie-preview-select">
          <label htmlFor={`${id}-language`}>{t('sign-in-experience.preview.language')}</label>
          <select id={`${id}-language`} className="input" name="preview-language" value={language} onChange={(event) => setLanguage(event.target.value as ExperienceLocale | '')}>
            <option value="">{t('sign-in-experience.preview.language_default', { language: localeNames[config.languageInfo.fallbackLanguage] })}</option>
            {experienceLocales.map((value) => (
              <option key={value} value={value}>
                {localeNames[value]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {!darkAllowed && <p className="field-hint">{t('sign-in-experience.preview.dark_disabled')}</p>}
      {hasInvalidFields && <p className="field-hint">{t('sign-in-experience.preview.invalid_kept')}</p>}
      {nativeOnly.length > 0 && (
        <p className="field-hint">{t('sign-in-experience.preview.native_hidden', { names: nativeOnly.map((target) => targetLabel(t, connectors, target)).join(', ') })}</p>
      )}
      <div className={`sie-preview-stage sie-preview-${device} sie-preview-stage-${shownScheme}`}>
        <iframe
          ref={frame}
          name="sign-in-preview"
          title={t('sign-in-experience.preview.frame_title')}
          src="/sign-in?preview=1"
          className="sie-preview-frame"
          style={{ width: device === 'mobile' ? 375 : '100%' }}
          data-device={device}
          data-ready={ready || undefined}
        />
      </div>
    </section>
  );
}
