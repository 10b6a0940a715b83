// Sign-in experience: one draft of the whole configuration, edited across five tabs, previewed live
// beside the form, and saved after the admin has seen what will change. A refused save keeps the
// draft and puts the server's reason next to the field it concerns.
import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import type { ConnectorResponse, SignInExperience } from '@signet/schemas';
import { api } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { FormAlert, LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';
import { sameJson, useResource } from '../../hooks.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { Link, navigate, useUnsavedChangesGuard } from '../../router.tsx';
import { BrandingTab } from './BrandingTab.tsx';
import { DiffModal } from './DiffModal.tsx';
import { describeChanges } from './diff.ts';
import { changedFields, cleanDraft, configOf, isTab, previewConfig, tabOfField, tabs, validateDraft, type Config, type FieldErrors, type TabId } from './draft.ts';
import { messagesOf, serverFieldErrors } from './errors.ts';
import { LanguagesTab } from './LanguagesTab.tsx';
import { LivePreview } from './LivePreview.tsx';
import { PasswordPolicyTab } from './PasswordPolicyTab.tsx';
import { SignUpSignInTab } from './SignUpSignInTab.tsx';
import { TermsTab } from './TermsTab.tsx';

const basePath = '/console/sign-in-experience';
const tabLabel = (tab: TabId): MessageKey => `sign-in-experience.tabs.${tab}`;

type Loaded = { config: Config; connectors: ConnectorResponse[] };

export function SignInExperiencePage({ tab }: { tab: string }) {
  const t = useT();
  const resource = useResource<Loaded>(async () => {
    const [experience, connectors] = await Promise.all([api.get<SignInExperience>('/sign-in-exp'), api.get<ConnectorResponse[]>('/connectors')]);
    return { config: configOf(experience), connectors };
  }, []);
  const known = isTab(tab);
  useEffect(() => {
    if (!known) navigate(`${basePath}/branding`, { replace: true });
  }, [known]);

  return (
    <>
      <PageHeader title={t('sign-in-experience.title')} subtitle={t('sign-in-experience.subtitle')} />
      {resource.error ? (
        <LoadError error={resource.error} retry={resource.reload} />
      ) : !resource.data || !known ? (
        <Loading />
      ) : (
        <Editor loaded={resource.data} tab={tab} />
      )}
    </>
  );
}

function Editor({ loaded, tab }: { loaded: Loaded; tab: TabId }) {
  const t = useT();
  const { connectors } = loaded;
  const [saved, setSaved] = useState<Config>(loaded.config);
  const [draft, setDraft] = useState<Config>(loaded.config);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [reviewing, setReviewing] = useState(false);
  const [saving, setSaving] = useState(false);

  const cleaned = useMemo(() => cleanDraft(draft), [draft]);
  const dirty = !sameJson(cleaned, saved);
  const invalid = useMemo(() => validateDraft(draft), [draft]);
  const errors = useMemo(() => ({ ...messagesOf(t, invalid), ...serverErrors }), [t, invalid, serverErrors]);
  const tabsWithErrors = new Set(Object.keys(errors).map(tabOfField));
  const preview = useMemo(() => previewConfig(draft, saved), [draft, saved]);
  const changes = useMemo(() => (reviewing ? describeChanges(t, saved, cleaned, connectors) : []), [reviewing, t, saved, cleaned, connectors]);

  // Switching tabs keeps the one draft, so it is not "leaving": the guard steps aside for that move.
  const [switchingTo, setSwitchingTo] = useState<string>();
  useUnsavedChangesGuard(dirty && switchingTo === undefined);
  useEffect(() => {
    if (switchingTo === undefined) return;
    navigate(switchingTo);
    setSwitchingTo(undefined);
  }, [switchingTo]);
  const openTab = (event: MouseEvent<HTMLAnchorElement>, to: string) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setSwitchingTo(to);
  };

  const update = useCallback((change: (config: Config) => Config) => {
    setDraft(change);
    // The admin is acting on the answer: a stale refusal would only mislead.
    setServerErrors({});
    setFormError(undefined);
  }, []);

  const startSave = () => {
    if (Object.keys(invalid).length > 0) {
      setFormError(t('sign-in-experience.fix_errors'));
      return;
    }
    setReviewing(true);
  };

  const confirmSave = async () => {
    setSaving(true);
    try {
      const result = configOf(await api.patch<SignInExperience>('/sign-in-exp', changedFields(saved, cleaned)));
      setSaved(result);
      setDraft(result);
      setServerErrors({});
      setFormError(undefined);
      setReviewing(false);
      toast(t('common.saved'));
    } catch (error) {
      // The draft stays as it is: the admin fixes what the server named and saves again.
      setReviewing(false);
      setServerErrors(serverFieldErrors(t, error, cleaned, connectors));
      setFormError(t('sign-in-experience.save_failed', { reason: t.error(error) }));
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDraft(saved);
    setServerErrors({});
    setFormError(undefined);
  };

  const tabProps = { draft, update, errors };
  const otherTabsWithErrors = tabs.filter((id) => id !== tab && tabsWithErrors.has(id));

  return (
    <>
      <nav className="tabs" aria-label={t('sign-in-experience.tabs.label')}>
        {tabs.map((id) => (
          <Link
            key={id}
            to={`${basePath}/${id}`}
            className={`tab${id === tab ? ' tab-current' : ''}`}
            aria-current={id === tab ? 'page' : undefined}
            onClick={(event) => openTab(event, `${basePath}/${id}`)}
          >
            {t(tabLabel(id))}
            {tabsWithErrors.has(id) && (
              <span className="sie-tab-error">
                <span aria-hidden="true"> ●</span>
                <span className="sie-sr-only"> ({t('sign-in-experience.tab_has_errors')})</span>
              </span>
            )}
          </Link>
        ))}
      </nav>
      {formError && (
        <div className="sie-form-alert">
          <FormAlert message={formError} />
          {otherTabsWithErrors.map((id) => (
            <Link key={id} to={`${basePath}/${id}`} onClick={(event) => openTab(event, `${basePath}/${id}`)}>
              {t('sign-in-experience.go_to_tab', { tab: t(tabLabel(id)) })}
            </Link>
          ))}
        </div>
      )}
      <div className="sie-layout">
        <div className="sie-form">
          {tab === 'branding' && <BrandingTab {...tabProps} />}
          {tab === 'sign-up-and-sign-in' && <SignUpSignInTab {...tabProps} connectors={connectors} />}
          {tab === 'languages' && <LanguagesTab {...tabProps} />}
          {tab === 'terms' && <TermsTab {...tabProps} />}
          {tab === 'password-policy' && <PasswordPolicyTab {...tabProps} />}
          <div className="actions-bar">
            {dirty && <span className="sie-unsaved">{t('sign-in-experience.unsaved_hint')}</span>}
            <Button onClick={discard} disabled={!dirty || saving}>
              {t('sign-in-experience.discard')}
            </Button>
            <Button variant="primary" onClick={startSave} disabled={!dirty} busy={saving}>
              {t('common.save_changes')}
            </Button>
          </div>
        </div>
        <aside className="sie-preview-column card">
          <LivePreview config={preview} connectors={connectors} unsaved={dirty} hasInvalidFields={Object.keys(invalid).length > 0} />
        </aside>
      </div>
      <DiffModal open={reviewing} changes={changes} busy={saving} onConfirm={() => void confirmSave()} onCancel={() => setReviewing(false)} />
    </>
  );
}
