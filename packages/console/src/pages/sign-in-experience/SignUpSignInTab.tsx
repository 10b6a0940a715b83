// Sign-up and sign-in: the sign-up identifier and its options, the sign-in identifiers with their
// factors and order, the social sign-in buttons in order, and who may use the page.
import { useId, useState } from 'react';
import { signInIdentifiers, type ConnectorResponse, type SignInIdentifierName, type SignInMethod } from '@signet/schemas';
import { Card } from '../../components/Page.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox, SelectField, Switch } from '../../components/Field.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { addMethod, setSignUpOption, setSignUpPassword, signUpOptionOf, signUpOptions, updateMethod, type Config, type SignUpOption } from './draft.ts';
import { identifierLabel, targetLabel } from './diff.ts';
import { hasMessaging } from './preview-settings.ts';
import { SortableList } from './SortableList.tsx';
import { Notice, type TabProps } from './fields.tsx';

const passwordlessPath = '/console/connectors/passwordless';
const socialPath = '/console/connectors/social';

type Props = TabProps & { connectors: readonly ConnectorResponse[] };

function ConnectorNotices({ identifiers, connectors }: { identifiers: readonly SignInIdentifierName[]; connectors: readonly ConnectorResponse[] }) {
  const t = useT();
  const messaging = hasMessaging(connectors);
  return (
    <>
      {identifiers.includes('email') && !messaging.email && (
        <Notice link={passwordlessPath} linkLabel={t('sign-in-experience.notice.set_up_connector')}>
          {t('sign-in-experience.notice.no_email_connector')}
        </Notice>
      )}
      {identifiers.includes('phone') && !messaging.sms && (
        <Notice link={passwordlessPath} linkLabel={t('sign-in-experience.notice.set_up_connector')}>
          {t('sign-in-experience.notice.no_sms_connector')}
        </Notice>
      )}
    </>
  );
}

function SignUpCard({ draft, update, errors, connectors }: Props) {
  const t = useT();
  const option = signUpOptionOf(draft.signUp.identifiers);
  const identifiers = draft.signUp.identifiers;
  const verified = identifiers.some((identifier) => identifier !== 'username');
  const withUsername = identifiers.includes('username');
  return (
    <Card title={t('sign-in-experience.sign_up.title')} description={t('sign-in-experience.sign_up.description')}>
      <SelectField
        label={t('sign-in-experience.sign_up.identifier')}
        hint={option === 'none' ? t('sign-in-experience.sign_up.none_hint') : undefined}
        name="signUp.identifiers"
        value={option}
        error={errors['signUp.identifiers']}
        options={(Object.keys(signUpOptions) as SignUpOption[]).map((value) => ({ value, label: t(`sign-in-experience.identifier_option.${value}` as MessageKey) }))}
        onChange={(event) => {
          const next = event.target.value as SignUpOption;
          update((config) => setSignUpOption(config, next));
        }}
      />
      <ConnectorNotices identifiers={identifiers} connectors={connectors} />
      {verified && (
        <Switch
          label={t('sign-in-experience.sign_up.verify')}
          hint={t('sign-in-experience.sign_up.verify_hint')}
          name="signUp.verify"
          checked={draft.signUp.verify}
          disabled
          onChange={() => undefined}
        />
      )}
      {identifiers.length > 0 && (
        <Switch
          label={t('sign-in-experience.sign_up.password')}
          hint={withUsername ? t('sign-in-experience.sign_up.password_forced_hint') : t('sign-in-experience.sign_up.password_hint')}
          name="signUp.password"
          checked={draft.signUp.password}
          disabled={withUsername}
          onChange={(password) => update((config) => setSignUpPassword(config, password))}
        />
      )}
      {errors['signUp.password'] && <p className="field-error">{errors['signUp.password']}</p>}
    </Card>
  );
}

function MethodRow({ method, update }: { method: SignInMethod; update: TabProps['update'] }) {
  const t = useT();
  const { identifier } = method;
  const set = (change: Partial<SignInMethod>) => update((config) => updateMethod(config, identifier, change));
  const name = identifierLabel(t, identifier);
  const id = useId();
  return (
    <fieldset className="sie-method">
      <legend className="sie-method-name">{name}</legend>
      <div className="sie-method-factors">
        <Checkbox label={t('sign-in-experience.sign_in.password')} name={`signIn.methods.${identifier}.password`} checked={method.password} onChange={(password) => set({ password })} />
        {identifier === 'username' ? (
          <span className="field-hint">{t('sign-in-experience.sign_in.username_no_code')}</span>
        ) : (
          <Checkbox
            label={t('sign-in-experience.sign_in.code')}
            name={`signIn.methods.${identifier}.verificationCode`}
            checked={method.verificationCode}
            onChange={(verificationCode) => set({ verificationCode })}
          />
        )}
        {method.password && method.verificationCode && (
          <span className="sie-inline-select">
            <label htmlFor={`${id}-first`}>{t('sign-in-experience.sign_in.first_factor')}</label>
            <select
              id={`${id}-first`}
              className="input"
              name={`signIn.methods.${identifier}.isPasswordPrimary`}
              value={method.isPasswordPrimary ? 'password' : 'code'}
              onChange={(event) => set({ isPasswordPrimary: event.target.value === 'password' })}
            >
              <option value="password">{t('sign-in-experience.sign_in.password_first')}</option>
              <option value="code">{t('sign-in-experience.sign_in.code_first')}</option>
            </select>
          </span>
        )}
      </div>
    </fieldset>
  );
}

function SignInCard({ draft, update, errors, connectors }: Props) {
  const t = useT();
  const methods = draft.signIn.methods;
  const remaining = signInIdentifiers.filter((identifier) => !methods.some((method) => method.identifier === identifier));
  const [toAdd, setToAdd] = useState<SignInIdentifierName | ''>('');
  const id = useId();
  const adding = toAdd && remaining.includes(toAdd) ? toAdd : remaining[0];
  const setMethods = (next: SignInMethod[]) => update((config) => ({ ...config, signIn: { ...config.signIn, methods: next } }));
  const codeIdentifiers = methods.filter((method) => method.verificationCode).map((method) => method.identifier);
  const listLabel = t('sign-in-experience.sign_in.identifiers');
  return (
    <Card title={t('sign-in-experience.sign_in.title')} description={t('sign-in-experience.sign_in.description')}>
      <div className={`field${errors['signIn.methods'] ? ' field-invalid' : ''}`}>
        <h3 className="field-label" id="sie-sign-in-identifiers">
          {listLabel}
        </h3>
        {methods.length === 0 ? (
          <p className="field-hint">{t('sign-in-experience.sign_in.empty')}</p>
        ) : (
          <SortableList
            label={listLabel}
            items={methods}
            keyOf={(method) => method.identifier}
            nameOf={(method) => identifierLabel(t, method.identifier)}
            onReorder={setMethods}
            onRemove={(removed) => setMethods(methods.filter((method) => method.identifier !== removed.identifier))}
            errorOf={(method) => errors[`signIn.methods.${method.identifier}`]}
            render={(method) => <MethodRow method={method} update={update} />}
          />
        )}
        {errors['signIn.methods'] && <p className="field-error">{errors['signIn.methods']}</p>}
      </div>
      <ConnectorNotices identifiers={codeIdentifiers} connectors={connectors} />
      {adding && (
        <div className="sie-add-row">
          <span className="sie-inline-select">
            <label className="sie-sr-only" htmlFor={`${id}-add`}>
              {t('sign-in-experience.sign_in.add_select')}
            </label>
            <select id={`${id}-add`} className="input" name="add-sign-in-identifier" value={adding} onChange={(event) => setToAdd(event.target.value as SignInIdentifierName)}>
              {remaining.map((identifier) => (
                <option key={identifier} value={identifier}>
                  {identifierLabel(t, identifier)}
                </option>
              ))}
            </select>
          </span>
          <Button onClick={() => update((config) => addMethod(config, adding))}>+ {t('sign-in-experience.sign_in.add')}</Button>
        </div>
      )}
    </Card>
  );
}

function SocialRow({ target, connectors }: { target: string; connectors: readonly ConnectorResponse[] }) {
  const t = useT();
  const forTarget = connectors.filter((connector) => connector.type === 'Social' && connector.target === target);
  const first = forTarget[0];
  const nativeOnly = forTarget.length > 0 && forTarget.every((connector) => connector.platform === 'Native');
  return (
    <div className="sie-social-row">
      {first && <img src={first.logo} alt="" width={24} height={24} />}
      <div>
        <div className="sie-social-name">
          <span>{targetLabel(t, connectors, target)}</span>
          {forTarget.map((connector) => (
            <span key={connector.id} className="badge">
              {connector.platform}
            </span>
          ))}
        </div>
        {!first && <p className="field-hint sie-warning">{t('sign-in-experience.social.missing')}</p>}
        {nativeOnly && <p className="field-hint">{t('sign-in-experience.social.native_only')}</p>}
      </div>
    </div>
  );
}

/** "Native, Web": how the connectors of a target reach users (a target may have one of each). */
const platformsOf = (connectors: readonly ConnectorResponse[], target: string) =>
  connectors
    .filter((connector) => connector.type === 'Social' && connector.target === target && connector.platform)
    .map((connector) => connector.platform)
    .join(', ');

function SocialCard({ draft, update, errors, connectors }: Props) {
  const t = useT();
  const targets = draft.socialSignInConnectorTargets;
  const available = [...new Set(connectors.filter((connector) => connector.type === 'Social').map((connector) => connector.target))];
  const remaining = available.filter((target) => !targets.includes(target));
  const [toAdd, setToAdd] = useState('');
  const id = useId();
  const adding = remaining.includes(toAdd) ? toAdd : remaining[0];
  const setTargets = (next: string[]) => update((config) => ({ ...config, socialSignInConnectorTargets: next }));
  const listLabel = t('sign-in-experience.social.connectors');
  return (
    <Card title={t('sign-in-experience.social.title')} description={t('sign-in-experience.social.description')}>
      <div className={`field${errors.socialSignInConnectorTargets ? ' field-invalid' : ''}`}>
        <h3 className="field-label">{listLabel}</h3>
        {targets.length === 0 ? (
          <p className="field-hint">{t('sign-in-experience.social.empty')}</p>
        ) : (
          <SortableList
            label={listLabel}
            items={targets}
            keyOf={(target) => target}
            nameOf={(target) => targetLabel(t, connectors, target)}
            onReorder={setTargets}
            onRemove={(removed) => setTargets(targets.filter((target) => target !== removed))}
            errorOf={(target) => errors[`socialSignInConnectorTargets.${target}`]}
            render={(target) => <SocialRow target={target} connectors={connectors} />}
          />
        )}
        {errors.socialSignInConnectorTargets && <p className="field-error">{errors.socialSignInConnectorTargets}</p>}
      </div>
      {available.length === 0 ? (
        <Notice link={socialPath} linkLabel={t('sign-in-experience.social.set_up')}>
          {t('sign-in-experience.social.none_configured')}
        </Notice>
      ) : (
        adding && (
          <div className="sie-add-row">
            <span className="sie-inline-select">
              <label className="sie-sr-only" htmlFor={`${id}-add`}>
                {t('sign-in-experience.social.add_select')}
              </label>
              <select id={`${id}-add`} className="input" name="add-social-connector" value={adding} onChange={(event) => setToAdd(event.target.value)}>
                {remaining.map((target) => (
                  <option key={target} value={target}>
                    {`${targetLabel(t, connectors, target)} (${platformsOf(connectors, target)})`}
                  </option>
                ))}
              </select>
            </span>
            <Button onClick={() => setTargets([...targets, adding])}>+ {t('sign-in-experience.social.add')}</Button>
          </div>
        )
      )}
      <Switch
        label={t('sign-in-experience.social.automatic_linking')}
        hint={t('sign-in-experience.social.automatic_linking_hint')}
        name="socialSignIn.automaticAccountLinking"
        checked={draft.socialSignIn.automaticAccountLinking ?? false}
        onChange={(automaticAccountLinking) => update((config) => ({ ...config, socialSignIn: { ...config.socialSignIn, automaticAccountLinking } }))}
      />
    </Card>
  );
}

const modes: Config['signInMode'][] = ['SignInAndRegister', 'SignIn', 'Register'];

export function SignUpSignInTab(props: Props) {
  const t = useT();
  const { draft, update, errors } = props;
  return (
    <>
      <SignUpCard {...props} />
      <SignInCard {...props} />
      <SocialCard {...props} />
      <Card title={t('sign-in-experience.mode.title')}>
        <SelectField
          label={t('sign-in-experience.mode.label')}
          hint={t('sign-in-experience.mode.hint')}
          name="signInMode"
          value={draft.signInMode}
          error={errors.signInMode}
          options={modes.map((value) => ({ value, label: t(`sign-in-experience.mode.${value}`) }))}
          onChange={(event) => {
            const signInMode = event.target.value as Config['signInMode'];
            update((config) => ({ ...config, signInMode }));
          }}
        />
      </Card>
    </>
  );
}
