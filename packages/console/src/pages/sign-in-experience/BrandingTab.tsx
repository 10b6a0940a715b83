// Branding: colours, dark mode, logos, favicon and custom CSS.
import { Card } from '../../components/Page.tsx';
import { Switch, TextArea, TextField } from '../../components/Field.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Config } from './draft.ts';
import { ColorField, type TabProps } from './fields.tsx';

type BrandingKey = keyof Config['branding'];

export function BrandingTab({ draft, update, errors }: TabProps) {
  const t = useT();
  const setColor = (change: Partial<Config['color']>) => update((config) => ({ ...config, color: { ...config.color, ...change } }));
  // An empty URL box means "no image": the key is left out, as the API stores it.
  const setBranding = (key: BrandingKey, value: string) =>
    update((config) => {
      const branding = { ...config.branding };
      if (value.trim()) branding[key] = value.trim();
      else delete branding[key];
      return { ...config, branding };
    });
  const urlField = (key: BrandingKey, label: string, hint?: string) => (
    <TextField
      label={label}
      hint={hint}
      name={`branding.${key}`}
      type="url"
      inputMode="url"
      placeholder="https://example.com/logo.svg"
      value={draft.branding[key] ?? ''}
      error={errors[`branding.${key}`]}
      onChange={(event) => setBranding(key, event.target.value)}
    />
  );

  return (
    <>
      <Card title={t('sign-in-experience.branding.colors')} description={t('sign-in-experience.branding.colors_description')}>
        <ColorField
          label={t('sign-in-experience.branding.primary_color')}
          name="color.primaryColor"
          hint={t('sign-in-experience.branding.color_hint')}
          value={draft.color.primaryColor}
          error={errors['color.primaryColor']}
          onChange={(primaryColor) => setColor({ primaryColor })}
        />
        <Switch
          label={t('sign-in-experience.branding.dark_mode')}
          hint={t('sign-in-experience.branding.dark_mode_hint')}
          name="color.isDarkModeEnabled"
          checked={draft.color.isDarkModeEnabled}
          onChange={(isDarkModeEnabled) => setColor({ isDarkModeEnabled })}
        />
        <ColorField
          label={t('sign-in-experience.branding.dark_primary_color')}
          name="color.darkPrimaryColor"
          value={draft.color.darkPrimaryColor}
          error={errors['color.darkPrimaryColor']}
          disabled={!draft.color.isDarkModeEnabled}
          onChange={(darkPrimaryColor) => setColor({ darkPrimaryColor })}
        />
      </Card>
      <Card title={t('sign-in-experience.branding.logos')}>
        {urlField('logoUrl', t('sign-in-experience.branding.logo_url'))}
        {urlField('darkLogoUrl', t('sign-in-experience.branding.dark_logo_url'), t('sign-in-experience.branding.dark_logo_hint'))}
        {urlField('favicon', t('sign-in-experience.branding.favicon'))}
      </Card>
      <Card title={t('sign-in-experience.branding.custom_css')}>
        <TextArea
          label={t('sign-in-experience.branding.custom_css')}
          hint={t('sign-in-experience.branding.custom_css_hint')}
          name="customCss"
          rows={8}
          spellCheck={false}
          placeholder=".card { border-radius: 16px; }"
          value={draft.customCss ?? ''}
          error={errors.customCss}
          onChange={(event) => {
            const customCss = event.target.value;
            update((config) => ({ ...config, customCss: customCss.trim() ? customCss : null }));
          }}
        />
      </Card>
    </>
  );
}
