// One connector: its id and callback URIs, the README beside the config form (secrets read back
// masked; sent back unchanged they keep their stored value), "Test" for email and SMS, "Save
// changes", and "Remove". There is no "disabled" state in the API: a social connector is hidden from
// the sign-in page in Sign-in experience; removing is the honest way to stop using a connector.
import { useState, type ReactNode } from 'react';
import type { ConnectorResponse, UpdateConnectorBody } from '@signet/schemas';
import { api, ConsoleApiError } from '../../api/client.ts';
import { useT } from '../../i18n/i18n.tsx';
import { Link, navigate, useSearchParam, useUnsavedChangesGuard } from '../../router.tsx';
import { sameJson, useResource } from '../../hooks.ts';
import { Button } from '../../components/Button.tsx';
import { CopyField } from '../../components/Copy.tsx';
import { ConfirmDialog } from '../../components/Modal.tsx';
import { Card, LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { toast } from '../../components/toast.tsx';
import { ConfigForm, useConnectorForm } from './ConfigForm.tsx';
import { TestPanel } from './TestPanel.tsx';
import { SocialSettings, socialSettingsFields, socialSettingsOf, socialSettingsPatch, type SocialSettingsDraft } from './SocialSettings.tsx';
import { connectorName, describeConnectorError, localized } from './connector-text.ts';
import { initialDraft, placeIssues } from './form-model.ts';
import { ConnectorLogo, PlatformBadge, useTypeName } from './badges.tsx';
import { callbackUri, nativeCallbackUri } from './callback-uri.ts';
import { signUpAndSignInPath, tabOf, type ConnectorTab } from './ConnectorsPage.tsx';

export function ConnectorDetailsPage({ tab, id }: { tab: ConnectorTab; id: string }) {
  const t = useT();
  const resource = useResource(() => api.get<ConnectorResponse>(`/connectors/${encodeURIComponent(id)}`), [id]);
  const backTo = `/console/connectors/${resource.data ? tabOf(resource.data) : tab}`;
  const back = <Link to={backTo}>← {t('connectors.details.back')}</Link>;
  if (resource.error) {
    return (
      <>
        <PageHeader title={t('connectors.title')} back={back} />
        <LoadError error={resource.error} retry={resource.reload} />
      </>
    );
  }
  if (!resource.data) return <Loading />;
  return <ConnectorEditor key={resource.data.updatedAt} connector={resource.data} back={back} onSaved={resource.setData} />;
}

function ConnectorEditor({ connector, back, onSaved }: { connector: ConnectorResponse; back: ReactNode; onSaved(connector: ConnectorResponse): void }) {
  const t = useT();
  const typeName = useTypeName();
  const created = useSearchParam('created') === '1';
  const form = useConnectorForm(connector.formItems, connector.config);
  const [savedDraft] = useState(() => initialDraft(connector.formItems, connector.config));
  const [savedSocial] = useState(() => socialSettingsOf(connector));
  const [social, setSocial] = useState<SocialSettingsDraft>(savedSocial);
  const [socialErrors, setSocialErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ summary: string; detail: string | undefined } | undefined>();
  const [saving, setSaving] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<string | undefined>();
  const name = connectorName(connector, t.locale);
  const isSocial = connector.type === 'Social';

  const dirty = !sameJson(form.draft, savedDraft) || (isSocial && !sameJson(social, savedSocial));
  useUnsavedChangesGuard(dirty && !removing);

  const save = async () => {
    setFormError(undefined);
    const config = form.prepare();
    if (!config) return;
    const body: UpdateConnectorBody = { config, ...(isSocial ? socialSettingsPatch(social, connector) : {}) };
    setSaving(true);
    try {
      const saved = await api.patch<ConnectorResponse>(`/connectors/${encodeURIComponent(connector.id)}`, body);
      toast(t('common.saved'));
      // Remounts the editor with what the server now holds (the `key` is `updatedAt`).
      onSaved(saved);
    } catch (error) {
      if (error instanceof ConsoleApiError) {
        const fieldKeys = form.items.map((item) => item.key);
        const { byField, rest } = placeIssues(error.fieldIssues(), [...fieldKeys, ...socialSettingsFields]);
        form.showServerErrors(Object.fromEntries(Object.entries(byField).filter(([key]) => fieldKeys.includes(key))));
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

  const remove = async () => {
    setRemoving(true);
    setRemoveError(undefined);
    try {
      await api.delete(`/connectors/${encodeURIComponent(connector.id)}`);
      setConfirmRemove(false);
      toast(t('connectors.details.removed', { name }));
      navigate(`/console/connectors/${tabOf(connector)}`, { replace: true });
    } catch (error) {
      setRemoveError(t.error(error));
      setRemoving(false);
    }
  };

  const removeWarning = connector.type === 'Email' ? t('connectors.remove.body_email') : connector.type === 'Sms' ? t('connectors.remove.body_sms') : t('connectors.remove.body_social');

  return (
    <>
      <PageHeader
        back={back}
        title={
          <span className="connector-title">
            <ConnectorLogo src={connector.logo} size={32} />
            {name}
          </span>
        }
        subtitle={
          <span className="connector-details-badges">
            <span className="badge">{typeName(connector.type)}</span>
            {connector.platform && <PlatformBadge platform={connector.platform} />} {localized(connector.description, t.locale)}
          </span>
        }
        actions={
          <Button variant="danger" onClick={() => setConfirmRemove(true)}>
            {t('connectors.details.remove')}
          </Button>
        }
      />
      {created && (
        <div className="connector-created" role="status">
          <p>
            <strong>{t('connectors.created.title', { name })}</strong>
          </p>
          <p>
            {isSocial ? t('connectors.created.social') : connector.type === 'Email' ? t('connectors.created.email') : t('connectors.created.sms')}{' '}
            <Link to={signUpAndSignInPath}>{t('connectors.sie_link')}</Link>
          </p>
        </div>
      )}
      <Card title={t('connectors.details.identity')}>
        <div className="grid-2">
          <CopyField label={t('connectors.details.id')} value={connector.id} testId="connector-id" />
          {isSocial && <CopyField label={t('connectors.details.callback_uri')} value={callbackUri(connector.id)} testId="connector-callback-uri" />}
          {connector.platform === 'Native' && <CopyField label={t('connectors.details.native_callback_uri')} value={nativeCallbackUri(connector.id)} />}
        </div>
        {isSocial && (
          <p className="field-hint">
            {t('connectors.details.social_hint')} <Link to={signUpAndSignInPath}>{t('connectors.sie_link')}</Link>
          </p>
        )}
      </Card>
      <div className="connector-setup connector-details-layout">
        <div className="connector-setup-form">
          <section className="card">
            <ConfigForm form={form} legend={t('connectors.form.legend')} />
            {isSocial && (
              <SocialSettings
                factory={connector}
                draft={social}
                errors={socialErrors}
                isNew={false}
                onChange={(next) => {
                  setSocial(next);
                  setSocialErrors({});
                }}
              />
            )}
          </section>
          {!isSocial && <TestPanel factoryId={connector.connectorId} type={connector.type as 'Email' | 'Sms'} form={form} />}
        </div>
        <section className="card connector-readme" aria-label={t('connectors.readme_label', { name })}>
          <Markdown source={connector.readme} />
        </section>
      </div>
      {formError && (
        <div role="alert" className="form-error">
          <p className="connector-error-summary">{formError.summary}</p>
          {formError.detail && <p className="connector-error-detail">{formError.detail}</p>}
        </div>
      )}
      <div className="actions-bar">
        {form.invalid && <p className="field-hint connector-save-hint">{t('connectors.form.fix_json_first')}</p>}
        <Button variant="primary" busy={saving} disabled={!dirty || form.invalid} onClick={() => void save()}>
          {t('common.save_changes')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirmRemove}
        title={t('connectors.remove.title', { name })}
        body={removeWarning}
        confirmLabel={t('connectors.details.remove')}
        danger
        busy={removing}
        error={removeError}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => void remove()}
      />
    </>
  );
}
