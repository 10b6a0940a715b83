// Adding a connector, in one large dialog: pick a factory, then its README guide beside the config
// form generated from its `formItems`, "Test" for email and SMS, and "Save and Done".
// "Change" (replacing the one email or SMS connector) saves the new connector before removing the
// old one whenever it can, so a config the server refuses never leaves the slot empty.
import { useState } from 'react';
import type { ConnectorFactory, ConnectorResponse, ConnectorType, CreateConnectorBody } from '@signet/schemas';
import { api, ConsoleApiError } from '../../api/client.ts';
import { useT } from '../../i18n/i18n.tsx';
import { useUnsavedChangesGuard } from '../../router.tsx';
import { sameJson } from '../../hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog, Modal } from '../../components/Modal.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { ConfigForm, useConnectorForm } from './ConfigForm.tsx';
import { TestPanel } from './TestPanel.tsx';
import { FactoryPicker } from './FactoryPicker.tsx';
import { connectorName, describeConnectorError } from './connector-text.ts';
import { initialDraft, placeIssues } from './form-model.ts';
import { ConnectorLogo, PlatformBadge } from './badges.tsx';
import { SocialSettings, emptySocialSettings, socialSettingsBody, socialSettingsFields, type SocialSettingsDraft } from './SocialSettings.tsx';

export type CreateMode = { type: ConnectorType; replacing?: ConnectorResponse };

type Props = {
  mode: CreateMode;
  factories: ConnectorFactory[];
  existing: ConnectorResponse[];
  onClose(): void;
  onCreated(connector: ConnectorResponse): void;
};

export function CreateConnectorModal({ mode, factories, existing, onClose, onCreated }: Props) {
  const [factory, setFactory] = useState<ConnectorFactory | undefined>();
  if (factory) return <SetupModal key={factory.id} factory={factory} mode={mode} onBack={() => setFactory(undefined)} onClose={onClose} onCreated={onCreated} />;
  return <PickerModal mode={mode} factories={factories.filter((candidate) => candidate.type === mode.type)} existing={existing} onPick={setFactory} onClose={onClose} />;
}

function PickerModal({ mode, factories, existing, onPick, onClose }: { mode: CreateMode; factories: ConnectorFactory[]; existing: ConnectorResponse[]; onPick(factory: ConnectorFactory): void; onClose(): void }) {
  const t = useT();
  const title = mode.type === 'Social' ? t('connectors.picker.title_social') : mode.type === 'Email' ? t('connectors.picker.title_email') : t('connectors.picker.title_sms');
  return (
    <Modal open size="large" title={title} onClose={onClose}>
      {mode.replacing && <p className="connector-replace-note">{t('connectors.picker.replacing', { name: connectorName(mode.replacing, t.locale) })}</p>}
      <FactoryPicker factories={factories} existing={existing} onPick={onPick} />
    </Modal>
  );
}

function SetupModal({ factory, mode, onBack, onClose, onCreated }: { factory: ConnectorFactory; mode: CreateMode; onBack(): void; onClose(): void; onCreated(connector: ConnectorResponse): void }) {
  const t = useT();
  const form = useConnectorForm(factory.formItems);
  const [pristine] = useState(() => initialDraft(factory.formItems));
  const [social, setSocial] = useState<SocialSettingsDraft>(emptySocialSettings);
  const [socialErrors, setSocialErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ summary: string; detail: string | undefined } | undefined>();
  const [saving, setSaving] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState<'close' | 'back' | undefined>();
  const name = connectorName(factory, t.locale);
  const isSocial = factory.type === 'Social';

  const dirty = !sameJson(form.draft, pristine) || !sameJson(social, emptySocialSettings);
  // Not while saving: a successful save navigates to the new connector's page.
  useUnsavedChangesGuard(dirty && !saving);

  const leave = (how: 'close' | 'back') => {
    if (dirty) setConfirmDiscard(how);
    else if (how === 'close') onClose();
    else onBack();
  };

  const save = async () => {
    setFormError(undefined);
    const config = form.prepare();
    if (!config) return;
    const body: CreateConnectorBody = { connectorId: factory.id, config, syncProfile: false, ...(isSocial ? socialSettingsBody(social, factory) : {}) };
    setSaving(true);
    try {
      let created: ConnectorResponse;
      try {
        created = await api.post<ConnectorResponse>('/connectors', body);
      } catch (error) {
        // The server validates the config before it checks the one-per-type rule, so this refusal
        // means the new config is good: only now is it safe to remove the connector being replaced.
        if (!(mode.replacing && error instanceof ConsoleApiError && error.code === 'connector.multiple_instances_not_supported')) throw error;
        await api.delete(`/connectors/${encodeURIComponent(mode.replacing.id)}`);
        created = await api.post<ConnectorResponse>('/connectors', body);
      }
      onCreated(created);
    } catch (error) {
      if (error instanceof ConsoleApiError) {
        const fieldKeys = form.items.map((item) => item.key);
        const { byField, rest } = placeIssues(error.fieldIssues(), [...fieldKeys, ...socialSettingsFields]);
        const configErrors = Object.fromEntries(Object.entries(byField).filter(([key]) => fieldKeys.includes(key)));
        form.showServerErrors(configErrors);
        setSocialErrors(Object.fromEntries(Object.entries(byField).filter(([key]) => !fieldKeys.includes(key))));
        const { summary, detail } = describeConnectorError(t, error);
        setFormError({ summary, detail: detail ?? (rest.length > 0 ? rest.join('; ') : undefined) });
      } else {
        setFormError(describeConnectorError(t, error));
      }
    } finally {
      setSaving(false);
    }
  };

  const title = (
    <span className="connector-title">
      <ConnectorLogo src={factory.logo} size={28} />
      {name}
      {factory.platform && <PlatformBadge platform={factory.platform} />}
    </span>
  );

  return (
    <>
      <Modal
        open
        size="large"
        title={title}
        onClose={() => leave('close')}
        footer={
          <>
            <Button variant="ghost" className="connector-back" onClick={() => leave('back')}>
              ← {t('connectors.setup.choose_another')}
            </Button>
            <Button onClick={() => leave('close')}>{t('common.cancel')}</Button>
            <Button variant="primary" busy={saving} disabled={form.invalid} onClick={() => void save()}>
              {t('connectors.setup.save_and_done')}
            </Button>
          </>
        }
      >
        <div className="connector-setup">
          <section className="connector-readme" aria-label={t('connectors.readme_label', { name })}>
            <Markdown source={factory.readme} />
          </section>
          <div className="connector-setup-form">
            {mode.replacing && <p className="connector-replace-note">{t('connectors.setup.replacing', { name: connectorName(mode.replacing, t.locale) })}</p>}
            <ConfigForm form={form} legend={t('connectors.form.legend')} />
            {isSocial && (
              <SocialSettings
                factory={factory}
                draft={social}
                errors={socialErrors}
                isNew
                onChange={(next) => {
                  setSocial(next);
                  setSocialErrors({});
                }}
              />
            )}
            {!isSocial && <TestPanel factoryId={factory.id} type={factory.type as 'Email' | 'Sms'} form={form} />}
            {formError && (
              <div role="alert" className="form-error">
                <p className="connector-error-summary">{formError.summary}</p>
                {formError.detail && <p className="connector-error-detail">{formError.detail}</p>}
              </div>
            )}
            {form.invalid && <p className="field-hint connector-save-hint">{t('connectors.form.fix_json_first')}</p>}
          </div>
        </div>
      </Modal>
      <ConfirmDialog
        open={confirmDiscard !== undefined}
        title={t('connectors.setup.discard_title')}
        body={t('connectors.setup.discard_body')}
        confirmLabel={t('connectors.setup.discard')}
        danger
        onCancel={() => setConfirmDiscard(undefined)}
        onConfirm={() => {
          const how = confirmDiscard;
          setConfirmDiscard(undefined);
          if (how === 'close') onClose();
          else onBack();
        }}
      />
    </>
  );
}
