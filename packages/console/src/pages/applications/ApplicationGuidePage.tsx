// The congratulations page right after "Create application", and the integration guide later: the
// guide of the app's framework, filled with this app's issuer, App ID, App secret and redirect URI.
import { useMemo, useState } from 'react';
import type { Application } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Link, navigate, useSearchParam } from '../../router.tsx';
import { Card, LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { CopyField } from '../../components/Copy.tsx';
import { SelectField } from '../../components/Field.tsx';
import { catalogEntry, defaultEntryFor, entriesFor, rememberedFramework, rememberFramework, type CatalogEntry } from './catalog.ts';
import { entryName, FrameworkLogo } from './FrameworkCard.tsx';
import { guideFor, type GuideValues } from './guides/index.ts';
import { GuideView } from './guides/GuideView.tsx';
import { isConfidential, signetUrls } from './values.ts';

/** 32 random bytes, base64: what `openssl rand -base64 32` prints, made here so the pasted env file is complete. */
function randomSessionSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}

export function ApplicationGuidePage({ id }: { id: string }) {
  const t = useT();
  const requested = useSearchParam('framework');
  const created = useSearchParam('created') === '1';
  const [variant, setVariant] = useState<string>();
  const sessionSecret = useMemo(randomSessionSecret, []);
  const resource = useResource(() => api.get<Application>(`/applications/${encodeURIComponent(id)}`, { includeSecret: true }), [id]);

  if (resource.error) return <LoadError error={resource.error} retry={resource.reload} />;
  const application = resource.data;
  if (!application) return <Loading />;

  const choices = entriesFor(application.type);
  const fromUrl = catalogEntry(requested);
  const entry: CatalogEntry = (fromUrl && choices.includes(fromUrl) ? fromUrl : undefined) ?? rememberedFramework(id) ?? defaultEntryFor(application.type);
  const urls = signetUrls();
  const values: GuideValues = {
    ...urls,
    appId: application.id,
    appSecret: isConfidential(application.type) ? application.secret : undefined,
    redirectUri: application.oidcClientMetadata.redirectUris[0],
    postSignOutRedirectUri: application.oidcClientMetadata.postLogoutRedirectUris[0],
    sessionSecret,
    idTokenAlgorithm: application.oidcClientMetadata.idTokenSignedResponseAlg,
    type: application.type,
  };
  const detailsPath = `/console/applications/${encodeURIComponent(id)}`;
  const framework = entryName(entry, t);

  const chooseFramework = (value: string) => {
    const next = catalogEntry(value);
    if (!next) return;
    rememberFramework(id, next.id);
    setVariant(undefined);
    navigate(`${detailsPath}/guide?framework=${next.id}${created ? '&created=1' : ''}`, { replace: true });
  };

  return (
    <>
      <PageHeader
        back={<Link to="/console/applications">← {t('applications.title')}</Link>}
        title={created ? t('applications.guide.congrats_title', { name: application.name }) : t('applications.guide.title', { name: application.name })}
        subtitle={created ? t('applications.guide.congrats_subtitle', { framework }) : t('applications.guide.subtitle', { framework })}
        actions={
          <Link to={detailsPath} className="button button-primary">
            {t('applications.guide.to_details')}
          </Link>
        }
      />
      <div className="guide-layout">
        <Card
          title={
            <span className="guide-title">
              <FrameworkLogo entry={entry} /> {t('applications.guide.heading', { framework })}
            </span>
          }
        >
          {choices.length > 1 && (
            <div className="guide-framework-select">
              <SelectField
                label={t('applications.guide.framework')}
                name="framework"
                value={entry.id}
                options={choices.map((choice) => ({ value: choice.id, label: entryName(choice, t) }))}
                onChange={(event) => chooseFramework(event.target.value)}
              />
            </div>
          )}
          <GuideView key={entry.id} guide={guideFor(entry)} values={values} variant={variant} onVariant={setVariant} />
        </Card>
        <aside className="guide-aside" aria-label={t('applications.guide.values')}>
          <Card title={t('applications.guide.values')} description={t('applications.guide.values_hint')}>
            <CopyField label={t('applications.details.issuer')} value={urls.issuer} testId="issuer" />
            <CopyField label={t('applications.details.discovery')} value={urls.discoveryUrl} testId="discovery-url" />
            <CopyField label={t('applications.details.app_id')} value={application.id} testId="app-id" />
            {values.appSecret !== undefined && <CopyField label={t('applications.details.app_secret')} value={values.appSecret} secret testId="app-secret" />}
            {values.redirectUri && <CopyField label={t('applications.guide.redirect_uri')} value={values.redirectUri} testId="redirect-uri" />}
            <p className="field-hint">
              <Link to={detailsPath}>{t('applications.guide.change_in_details')}</Link>
            </p>
          </Card>
        </aside>
      </div>
    </>
  );
}
