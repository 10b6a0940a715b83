// An application's details: what the app needs (App ID, App secret, issuer, discovery endpoint), its
// redirect URIs and token settings ("Save changes", guarded against leaving with unsaved changes),
// Management API access for machine-to-machine apps, and deletion.
import { useEffect, useState, type FormEvent } from 'react';
import type { Application } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { sameJson, useResource } from '../../hooks.ts';
import { Link, navigate, useUnsavedChangesGuard } from '../../router.tsx';
import { Card, FormAlert, LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { Button } from '../../components/Button.tsx';
import { CopyField } from '../../components/Copy.tsx';
import { SelectField, Switch, TextArea, TextField } from '../../components/Field.tsx';
import { ListEditor } from '../../components/ListEditor.tsx';
import { toast } from '../../components/toast.tsx';
import { AppSecretField } from './AppSecretField.tsx';
import { DeleteApplicationDialog } from './DeleteApplicationDialog.tsx';
import { ManagementApiAccess } from './ManagementApiAccess.tsx';
import { forgetFramework } from './catalog.ts';
import { isConfidential, signetUrls } from './values.ts';
import { bodyOf, draftOf, hasErrors, noErrors, rowErrors, serverErrors, ttlLimits, validate, type Draft, type FormErrors, type ListField } from './details-form.ts';

export function ApplicationDetailsPage({ id }: { id: string }) {
  const resource = useResource(() => api.get<Application>(`/applications/${encodeURIComponent(id)}`), [id]);
  if (resource.error) return <LoadError error={resource.error} retry={resource.reload} />;
  if (!resource.data) return <Loading />;
  return <ApplicationDetails application={resource.data} />;
}

function ApplicationDetails({ application }: { application: Application }) {
  const t = useT();
  const [saved, setSaved] = useState(application);
  const [draft, setDraft] = useState<Draft>(() => draftOf(application));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [leaveTo, setLeaveTo] = useState<string>();
  const dirty = !sameJson(bodyOf(draft, saved), bodyOf(draftOf(saved), saved));
  useUnsavedChangesGuard(dirty && leaveTo === undefined);
  // After a deletion the guard is lifted first (its effect cleans up before this one runs), then we leave.
  useEffect(() => {
    if (leaveTo) navigate(leaveTo);
  }, [leaveTo]);

  const type = saved.type;
  const userFacing = type !== 'MachineToMachine';
  const urls = signetUrls();
  const detailsPath = `/console/applications/${encodeURIComponent(saved.id)}`;

  const update = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    // A scalar field's error goes when it is edited; list errors are keyed by value and go by themselves.
    if (!Array.isArray(value)) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!dirty || busy) return;
    setAlert(undefined);
    const found = validate(draft, type, t);
    setErrors(found);
    if (hasErrors(found)) {
      setAlert(t('applications.details.not_saved_fields'));
      return;
    }
    setBusy(true);
    try {
      const updated = await api.patch<Application>(`/applications/${encodeURIComponent(saved.id)}`, bodyOf(draft, saved));
      setSaved(updated);
      setDraft(draftOf(updated));
      toast(t('common.saved'));
    } catch (error) {
      // The draft stays as typed: the admin fixes the named entry and saves again.
      const mapped = serverErrors(error, draft, t);
      setErrors(mapped.errors);
      setAlert(mapped.alert);
    } finally {
      setBusy(false);
    }
  };

  const discard = () => {
    setDraft(draftOf(saved));
    setErrors(noErrors());
    setAlert(undefined);
  };

  const listEditor = (field: ListField, placeholder: string) => (
    <ListEditor
      name={field}
      label={t(`applications.details.${field}`)}
      hint={t(`applications.details.${field}_hint`)}
      placeholder={placeholder}
      values={draft[field]}
      errors={rowErrors(draft[field], errors.lists[field])}
      onChange={(values) => update(field, values)}
    />
  );

  return (
    <>
      <PageHeader
        back={<Link to="/console/applications">← {t('applications.title')}</Link>}
        title={saved.name}
        subtitle={
          <>
            <span className="badge">{t(`applications.type.${type}`)}</span> {t('applications.details.created', { date: new Date(saved.createdAt).toLocaleDateString(t.locale) })}
          </>
        }
        actions={
          <>
            <Link to={`${detailsPath}/guide`} className="button">
              {t('applications.details.guide')}
            </Link>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              {t('common.delete')}
            </Button>
          </>
        }
      />
      <form onSubmit={save} noValidate aria-label={t('applications.details.form')}>
        <Card title={t('applications.details.credentials')} description={t('applications.details.credentials_hint')}>
          <div className="grid-2">
            <CopyField label={t('applications.details.discovery')} value={urls.discoveryUrl} testId="discovery-url" />
            <CopyField label={t('applications.details.issuer')} value={urls.issuer} testId="issuer" />
            <CopyField label={t('applications.details.app_id')} value={saved.id} testId="app-id" />
            {isConfidential(type) ? <AppSecretField application={saved} /> : <p className="field-hint app-public-note">{t('applications.details.public_client')}</p>}
          </div>
        </Card>

        <Card title={t('applications.details.settings')}>
          <TextField label={t('applications.details.name')} name="name" required maxLength={256} value={draft.name} error={errors.name} onChange={(event) => update('name', event.target.value)} />
          <TextArea
            label={t('applications.details.description')}
            name="description"
            rows={2}
            maxLength={2048}
            value={draft.description}
            error={errors.description}
            onChange={(event) => update('description', event.target.value)}
          />
        </Card>

        {userFacing && (
          <Card title={t('applications.details.uris')} description={t('applications.details.uris_hint')}>
            {listEditor('redirectUris', type === 'Native' ? 'io.example.app://callback' : 'http://localhost:3000/api/auth/callback/logto')}
            {listEditor('postLogoutRedirectUris', type === 'Native' ? 'io.example.app://signed-out' : 'http://localhost:3000')}
            {listEditor('corsAllowedOrigins', 'https://app.example.com')}
          </Card>
        )}

        {userFacing && (
          <Card title={t('applications.details.tokens')}>
            <div className="grid-2">
              <TextField
                label={t('applications.details.idTokenTtl')}
                hint={t('applications.details.idTokenTtl_hint', { fallback: ttlLimits.idTokenTtl.fallback })}
                name="idTokenTtl"
                type="number"
                inputMode="numeric"
                min={ttlLimits.idTokenTtl.min}
                max={ttlLimits.idTokenTtl.max}
                placeholder={String(ttlLimits.idTokenTtl.fallback)}
                value={draft.idTokenTtl}
                error={errors.idTokenTtl}
                onChange={(event) => update('idTokenTtl', event.target.value)}
              />
              <TextField
                label={t('applications.details.refreshTokenTtlInDays')}
                hint={t('applications.details.refreshTokenTtlInDays_hint', { fallback: ttlLimits.refreshTokenTtlInDays.fallback })}
                name="refreshTokenTtlInDays"
                type="number"
                inputMode="numeric"
                min={ttlLimits.refreshTokenTtlInDays.min}
                max={ttlLimits.refreshTokenTtlInDays.max}
                placeholder={String(ttlLimits.refreshTokenTtlInDays.fallback)}
                value={draft.refreshTokenTtlInDays}
                error={errors.refreshTokenTtlInDays}
                onChange={(event) => update('refreshTokenTtlInDays', event.target.value)}
              />
            </div>
            <Switch
              name="rotateRefreshToken"
              label={t('applications.details.rotateRefreshToken')}
              hint={t('applications.details.rotateRefreshToken_hint')}
              checked={draft.rotateRefreshToken}
              onChange={(value) => update('rotateRefreshToken', value)}
            />
            <Switch
              name="alwaysIssueRefreshToken"
              label={t('applications.details.alwaysIssueRefreshToken')}
              hint={t('applications.details.alwaysIssueRefreshToken_hint')}
              checked={draft.alwaysIssueRefreshToken}
              onChange={(value) => update('alwaysIssueRefreshToken', value)}
            />
            <SelectField
              label={t('applications.details.idTokenSignedResponseAlg')}
              hint={t('applications.details.idTokenSignedResponseAlg_hint')}
              name="idTokenSignedResponseAlg"
              value={draft.idTokenSignedResponseAlg}
              options={[
                { value: 'ES384', label: t('applications.details.alg_es384') },
                { value: 'RS256', label: 'RS256' },
              ]}
              onChange={(event) => update('idTokenSignedResponseAlg', event.target.value === 'RS256' ? 'RS256' : 'ES384')}
            />
          </Card>
        )}

        {type === 'MachineToMachine' && <ManagementApiAccess applicationId={saved.id} />}

        <div className="actions-bar">
          <FormAlert message={alert} />
          <Button onClick={discard} disabled={!dirty || busy}>
            {t('applications.details.discard')}
          </Button>
          <Button type="submit" variant="primary" disabled={!dirty} busy={busy}>
            {busy ? t('common.saving') : t('common.save_changes')}
          </Button>
        </div>
      </form>

      <DeleteApplicationDialog
        open={deleting}
        application={saved}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          forgetFramework(saved.id);
          setDeleting(false);
          toast(t('applications.delete.done', { name: saved.name }));
          setLeaveTo('/console/applications');
        }}
      />
    </>
  );
}
