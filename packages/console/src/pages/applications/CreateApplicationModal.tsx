// "Create application": the framework gallery (type filters on the left, cards by type on the right),
// then the name, then POST /api/applications with the framework's usual redirect URIs, then the
// congratulations page with the integration guide. Opened from Get started ("View all") and from the
// applications list.
import { useEffect, useState, type FormEvent } from 'react';
import { defaultRedirectUris, type Application, type ApplicationType, type CreateApplicationBody } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api, ConsoleApiError } from '../../api/client.ts';
import { navigate } from '../../router.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Button } from '../../components/Button.tsx';
import { Checkbox, TextArea, TextField } from '../../components/Field.tsx';
import { FormAlert } from '../../components/Page.tsx';
import { catalog, catalogTypes, rememberFramework, type CatalogEntry } from './catalog.ts';
import { entryDescription, entryName, FrameworkCard, FrameworkLogo } from './FrameworkCard.tsx';

type Props = {
  open: boolean;
  onClose(): void;
  /** Opens straight at the name step for this framework (a card clicked outside the modal). */
  initialEntry?: CatalogEntry | undefined;
};

export function CreateApplicationModal({ open, onClose, initialEntry }: Props) {
  const t = useT();
  const [entry, setEntry] = useState<CatalogEntry | undefined>(initialEntry);
  useEffect(() => {
    if (open) setEntry(initialEntry);
  }, [open, initialEntry]);
  const title = entry ? t('applications.create.name_title', { framework: entryName(entry, t) }) : t('applications.create.title');
  return (
    <Modal open={open} title={title} onClose={onClose} size="large">
      {entry ? <NameStep entry={entry} onBack={() => setEntry(undefined)} onCreated={onClose} /> : <Gallery onPick={setEntry} />}
    </Modal>
  );
}

function Gallery({ onPick }: { onPick(entry: CatalogEntry): void }) {
  const t = useT();
  const [types, setTypes] = useState<ApplicationType[]>([]);
  const [search, setSearch] = useState('');
  const query = search.trim().toLowerCase();
  const shownTypes = types.length === 0 ? catalogTypes : catalogTypes.filter((type) => types.includes(type));
  const matches = (entry: CatalogEntry) =>
    !query || entryName(entry, t).toLowerCase().includes(query) || entryDescription(entry, t).toLowerCase().includes(query);
  const sections = shownTypes.map((type) => ({ type, entries: catalog.filter((entry) => entry.type === type && matches(entry)) })).filter((section) => section.entries.length > 0);
  const toggle = (type: ApplicationType, checked: boolean) => setTypes((current) => (checked ? [...current, type] : current.filter((value) => value !== type)));

  return (
    <div className="framework-gallery">
      <div className="framework-filters">
        <TextField label={t('applications.create.search')} type="search" name="framework-search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <fieldset className="field">
          <legend className="field-label">{t('applications.create.filter')}</legend>
          {catalogTypes.map((type) => (
            <Checkbox key={type} name={`type-${type}`} label={t(`applications.type.${type}`)} checked={types.includes(type)} onChange={(checked) => toggle(type, checked)} />
          ))}
        </fieldset>
      </div>
      <div className="framework-sections">
        <p className="field-hint">{t('applications.create.intro')}</p>
        {sections.length === 0 && <p className="empty-state">{t('applications.create.no_match')}</p>}
        {sections.map((section) => (
          <section key={section.type} className="framework-section" aria-labelledby={`framework-section-${section.type}`}>
            <h3 id={`framework-section-${section.type}`}>{t(`applications.type.${section.type}`)}</h3>
            <p className="field-hint">{t(`applications.type_description.${section.type}`)}</p>
            <div className="framework-grid">
              {section.entries.map((entry) => (
                <FrameworkCard key={entry.id} entry={entry} onPick={onPick} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}

/** The body POST /api/applications gets for a framework: its usual redirect URIs on its usual address. */
export function createBodyFor(entry: CatalogEntry, name: string, description: string): CreateApplicationBody {
  const uris = entry.framework ? defaultRedirectUris(entry.framework) : { redirectUri: undefined, postSignOutRedirectUri: undefined };
  return {
    name: name.trim(),
    ...(description.trim() && { description: description.trim() }),
    type: entry.type,
    oidcClientMetadata: {
      redirectUris: uris.redirectUri ? [uris.redirectUri] : [],
      postLogoutRedirectUris: uris.postSignOutRedirectUri ? [uris.postSignOutRedirectUri] : [],
      idTokenSignedResponseAlg: 'ES384',
    },
    customClientMetadata: {},
    isThirdParty: false,
  };
}

function NameStep({ entry, onBack, onCreated }: { entry: CatalogEntry; onBack(): void; onCreated(): void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<{ name?: string; description?: string }>({});
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const body = createBodyFor(entry, name, description);
  const redirectUri = body.oidcClientMetadata.redirectUris[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(undefined);
    if (!name.trim()) {
      setErrors({ name: t('errors.required') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await api.post<Application>('/applications', body);
      rememberFramework(created.id, entry.id);
      onCreated();
      navigate(`/console/applications/${encodeURIComponent(created.id)}/guide?framework=${entry.id}&created=1`);
    } catch (error) {
      setBusy(false);
      const fields = error instanceof ConsoleApiError ? error.fieldIssues() : {};
      if (fields.name || fields.description) {
        setErrors({
          ...(fields.name && { name: `${t('errors.invalid_value')} (${fields.name})` }),
          ...(fields.description && { description: `${t('errors.invalid_value')} (${fields.description})` }),
        });
      } else {
        setAlert(t.error(error));
      }
    }
  };

  return (
    <form className="create-application-form" onSubmit={submit} noValidate>
      <div className="create-application-summary">
        <FrameworkLogo entry={entry} size="large" />
        <div>
          <p className="create-application-framework">
            {entryName(entry, t)} · {t(`applications.type.${entry.type}`)}
          </p>
          <p className="field-hint">
            {redirectUri ? t('applications.create.summary', { redirectUri }) : t('applications.create.summary_m2m')}
          </p>
        </div>
      </div>
      <TextField
        label={t('applications.create.name')}
        name="name"
        required
        autoFocus
        maxLength={256}
        placeholder={t('applications.create.name_placeholder')}
        value={name}
        error={errors.name}
        onChange={(event) => setName(event.target.value)}
      />
      <TextArea label={t('applications.create.description')} name="description" rows={2} maxLength={2048} value={description} error={errors.description} onChange={(event) => setDescription(event.target.value)} />
      <FormAlert message={alert} />
      <div className="create-application-actions">
        <Button onClick={onBack}>{t('applications.create.back')}</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {t('applications.create.submit')}
        </Button>
      </div>
    </form>
  );
}
