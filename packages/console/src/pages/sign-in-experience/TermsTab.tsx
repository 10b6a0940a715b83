// Terms of use and privacy policy links, and how users agree to them.
import { Card } from '../../components/Page.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Config } from './draft.ts';
import type { TabProps } from './fields.tsx';

const policies: Config['agreeToTermsPolicy'][] = ['Automatic', 'ManualRegistrationOnly', 'Manual'];

export function TermsTab({ draft, update, errors }: TabProps) {
  const t = useT();
  const urlField = (key: 'termsOfUseUrl' | 'privacyPolicyUrl', label: string) => (
    <TextField
      label={label}
      hint={t('sign-in-experience.terms.url_hint')}
      name={key}
      type="url"
      inputMode="url"
      placeholder="https://example.com/terms"
      value={draft[key] ?? ''}
      error={errors[key]}
      onChange={(event) => {
        const value = event.target.value.trim();
        update((config) => ({ ...config, [key]: value || null }));
      }}
    />
  );
  return (
    <Card title={t('sign-in-experience.terms.title')} description={t('sign-in-experience.terms.description')}>
      {urlField('termsOfUseUrl', t('sign-in-experience.terms.terms_url'))}
      {urlField('privacyPolicyUrl', t('sign-in-experience.terms.privacy_url'))}
      <SelectField
        label={t('sign-in-experience.terms.agreement')}
        hint={t('sign-in-experience.terms.agreement_hint')}
        name="agreeToTermsPolicy"
        value={draft.agreeToTermsPolicy}
        error={errors.agreeToTermsPolicy}
        options={policies.map((value) => ({ value, label: t(`sign-in-experience.terms.${value}`) }))}
        onChange={(event) => {
          const agreeToTermsPolicy = event.target.value as Config['agreeToTermsPolicy'];
          update((config) => ({ ...config, agreeToTermsPolicy }));
        }}
      />
    </Card>
  );
}
