// Languages: follow the browser's language, and the one to fall back to.
import { experienceLocales, type ExperienceLocale } from '@signet/schemas';
import { Card } from '../../components/Page.tsx';
import { SelectField, Switch } from '../../components/Field.tsx';
import { localeNames } from '../../i18n/define.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { TabProps } from './fields.tsx';

export function LanguagesTab({ draft, update, errors }: TabProps) {
  const t = useT();
  const { languageInfo } = draft;
  return (
    <Card title={t('sign-in-experience.languages.title')} description={t('sign-in-experience.languages.description')}>
      <Switch
        label={t('sign-in-experience.languages.auto_detect')}
        hint={t('sign-in-experience.languages.auto_detect_hint')}
        name="languageInfo.autoDetect"
        checked={languageInfo.autoDetect}
        onChange={(autoDetect) => update((config) => ({ ...config, languageInfo: { ...config.languageInfo, autoDetect } }))}
      />
      <SelectField
        label={t('sign-in-experience.languages.fallback')}
        hint={t('sign-in-experience.languages.fallback_hint')}
        name="languageInfo.fallbackLanguage"
        value={languageInfo.fallbackLanguage}
        error={errors['languageInfo.fallbackLanguage']}
        options={experienceLocales.map((value) => ({ value, label: localeNames[value] }))}
        onChange={(event) => {
          const fallbackLanguage = event.target.value as ExperienceLocale;
          update((config) => ({ ...config, languageInfo: { ...config.languageInfo, fallbackLanguage } }));
        }}
      />
    </Card>
  );
}
