// What a social connector has besides its config: the instance id (chosen up front, so the callback
// URI can be registered at the provider before saving), "sync profile", and for the standard OIDC /
// OAuth 2.0 connectors the target and button name the admin gives them.
import type { ConnectorFactory, ConnectorMetadataOverrides, ConnectorResponse, CreateConnectorBody } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { Switch, TextField } from '../../components/Field.tsx';
import { callbackUri } from './callback-uri.ts';

export type SocialSettingsDraft = { id: string; target: string; name: string; logo: string; syncProfile: boolean };

export const emptySocialSettings: SocialSettingsDraft = { id: '', target: '', name: '', logo: '', syncProfile: false };

/** Paths of the server's field issues these inputs own. */
export const socialSettingsFields = ['id', 'metadata.target', 'metadata.name', 'metadata.logo', 'syncProfile'];

export function socialSettingsOf(connector: ConnectorResponse): SocialSettingsDraft {
  return {
    id: '',
    target: connector.metadata.target ?? '',
    name: connector.metadata.name?.en ?? '',
    logo: connector.metadata.logo ?? '',
    syncProfile: connector.syncProfile,
  };
}

function metadataOf(draft: SocialSettingsDraft, factory: Pick<ConnectorFactory, 'isStandard'>): ConnectorMetadataOverrides | undefined {
  if (!factory.isStandard) return undefined;
  const metadata: ConnectorMetadataOverrides = {};
  if (draft.target.trim()) metadata.target = draft.target.trim();
  if (draft.name.trim()) metadata.name = { en: draft.name.trim() };
  if (draft.logo.trim()) metadata.logo = draft.logo.trim();
  return metadata;
}

export function socialSettingsBody(draft: SocialSettingsDraft, factory: Pick<ConnectorFactory, 'isStandard'>): Pick<CreateConnectorBody, 'id' | 'metadata' | 'syncProfile'> {
  const metadata = metadataOf(draft, factory);
  return { ...(draft.id.trim() && { id: draft.id.trim() }), ...(metadata && { metadata }), syncProfile: draft.syncProfile };
}

export function socialSettingsPatch(draft: SocialSettingsDraft, factory: Pick<ConnectorFactory, 'isStandard'>): { metadata?: ConnectorMetadataOverrides; syncProfile: boolean } {
  const metadata = metadataOf(draft, factory);
  return { ...(metadata && { metadata }), syncProfile: draft.syncProfile };
}

type Props = {
  factory: Pick<ConnectorFactory, 'isStandard' | 'platform'>;
  draft: SocialSettingsDraft;
  errors: Record<string, string>;
  isNew: boolean;
  onChange(draft: SocialSettingsDraft): void;
};

export function SocialSettings({ factory, draft, errors, isNew, onChange }: Props) {
  const t = useT();
  const set = (patch: Partial<SocialSettingsDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="connector-fieldset">
      <legend className="connector-legend">{t('connectors.social.legend')}</legend>
      {isNew && (
        <TextField
          label={t('connectors.social.id_label')}
          name="id"
          value={draft.id}
          autoComplete="off"
          spellCheck={false}
          placeholder="alipay"
          hint={t('connectors.social.id_hint', { uri: callbackUri(draft.id.trim() || '<id>') })}
          error={errors.id}
          onChange={(event) => set({ id: event.target.value })}
        />
      )}
      {factory.isStandard && (
        <>
          <TextField
            label={t('connectors.social.target_label')}
            name="metadata.target"
            value={draft.target}
            autoComplete="off"
            spellCheck={false}
            placeholder="acme"
            hint={t('connectors.social.target_hint')}
            error={errors['metadata.target']}
            onChange={(event) => set({ target: event.target.value })}
          />
          <TextField
            label={t('connectors.social.name_label')}
            name="metadata.name.en"
            value={draft.name}
            placeholder="Acme"
            hint={t('connectors.social.name_hint')}
            error={errors['metadata.name']}
            onChange={(event) => set({ name: event.target.value })}
          />
          <TextField
            label={t('connectors.social.logo_label')}
            name="metadata.logo"
            type="url"
            value={draft.logo}
            placeholder="https://example.com/logo.svg"
            error={errors['metadata.logo']}
            onChange={(event) => set({ logo: event.target.value })}
          />
        </>
      )}
      <Switch name="syncProfile" label={t('connectors.social.sync_profile')} hint={t('connectors.social.sync_profile_hint')} checked={draft.syncProfile} onChange={(syncProfile) => set({ syncProfile })} />
      {errors.syncProfile && <p className="field-error">{errors.syncProfile}</p>}
    </fieldset>
  );
}
