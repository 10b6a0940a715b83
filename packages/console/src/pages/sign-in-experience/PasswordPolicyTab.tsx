// Password policy: length, character mix, and what passwords may not be.
import { useId } from 'react';
import { Card } from '../../components/Page.tsx';
import { SelectField, Switch } from '../../components/Field.tsx';
import { ListEditor } from '../../components/ListEditor.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Config } from './draft.ts';
import { NumberField, type TabProps } from './fields.tsx';

type Policy = Config['passwordPolicy'];

export function PasswordPolicyTab({ draft, update, errors }: TabProps) {
  const t = useT();
  const id = useId();
  const policy = draft.passwordPolicy;
  const setPolicy = (change: (policy: Policy) => Policy) => update((config) => ({ ...config, passwordPolicy: change(config.passwordPolicy) }));
  const setRejects = (change: Partial<Policy['rejects']>) => setPolicy((current) => ({ ...current, rejects: { ...current.rejects, ...change } }));
  const lengthError = errors['passwordPolicy.length'];
  const wordErrors: Record<number, string | undefined> = {};
  for (const [field, message] of Object.entries(errors)) {
    const match = /^passwordPolicy\.rejects\.words\.(\d+)$/.exec(field);
    if (match) wordErrors[Number(match[1])] = message;
  }

  return (
    <>
      <Card title={t('sign-in-experience.password.title')} description={t('sign-in-experience.password.description')}>
        <fieldset className={`field${lengthError ? ' field-invalid' : ''}`}>
          <legend className="field-label">{t('sign-in-experience.password.length')}</legend>
          <div className="sie-length-row">
            <NumberField
              label={t('sign-in-experience.password.min_length')}
              name="passwordPolicy.length.min"
              min={8}
              max={256}
              value={policy.length.min}
              invalid={Boolean(lengthError)}
              describedBy={`${id}-length`}
              onChange={(min) => setPolicy((current) => ({ ...current, length: { ...current.length, min } }))}
            />
            <NumberField
              label={t('sign-in-experience.password.max_length')}
              name="passwordPolicy.length.max"
              min={8}
              max={256}
              value={policy.length.max}
              invalid={Boolean(lengthError)}
              describedBy={`${id}-length`}
              onChange={(max) => setPolicy((current) => ({ ...current, length: { ...current.length, max } }))}
            />
          </div>
          <p id={`${id}-length`} className={lengthError ? 'field-error' : 'field-hint'}>
            {lengthError ?? t('sign-in-experience.password.length_hint')}
          </p>
        </fieldset>
        <SelectField
          label={t('sign-in-experience.password.character_types')}
          hint={t('sign-in-experience.password.character_types_hint')}
          name="passwordPolicy.characterTypes.required"
          value={String(policy.characterTypes.required)}
          options={[1, 2, 3, 4].map((count) => ({ value: String(count), label: t('sign-in-experience.password.types_option', { count }) }))}
          onChange={(event) => {
            const required = Number(event.target.value);
            setPolicy((current) => ({ ...current, characterTypes: { required } }));
          }}
        />
      </Card>
      <Card title={t('sign-in-experience.password.rejects_title')}>
        <Switch label={t('sign-in-experience.password.reject_pwned')} name="passwordPolicy.rejects.pwned" checked={policy.rejects.pwned} onChange={(pwned) => setRejects({ pwned })} />
        <Switch
          label={t('sign-in-experience.password.reject_repetition')}
          name="passwordPolicy.rejects.repetitionAndSequence"
          checked={policy.rejects.repetitionAndSequence}
          onChange={(repetitionAndSequence) => setRejects({ repetitionAndSequence })}
        />
        <Switch
          label={t('sign-in-experience.password.reject_user_info')}
          name="passwordPolicy.rejects.userInfo"
          checked={policy.rejects.userInfo}
          onChange={(userInfo) => setRejects({ userInfo })}
        />
        <ListEditor
          label={t('sign-in-experience.password.words')}
          hint={t('sign-in-experience.password.words_hint')}
          name="passwordPolicy.rejects.words"
          placeholder="acme"
          values={policy.rejects.words}
          errors={wordErrors}
          onChange={(words) => setRejects({ words })}
        />
      </Card>
    </>
  );
}
