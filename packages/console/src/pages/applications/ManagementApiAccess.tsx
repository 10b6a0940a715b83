// Machine-to-machine apps get tokens with client_credentials; to call Signet's own Management API they
// need the built-in Management API role. The switch grants or removes it at once (not part of the
// form's draft: it is a separate API resource with its own answer).
import { useState } from 'react';
import type { Role } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { Card, FormAlert } from '../../components/Page.tsx';
import { Switch } from '../../components/Field.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { toast } from '../../components/toast.tsx';
import { signetUrls } from './values.ts';

/** The built-in role (server: domain/roles/roles.service.ts) that carries the Management API scope `all`. */
export const managementApiRoleId = 'management-api-access';

export function ManagementApiAccess({ applicationId }: { applicationId: string }) {
  const t = useT();
  const path = `/applications/${encodeURIComponent(applicationId)}/roles`;
  const roles = useResource(() => api.get<Role[]>(path), [path]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // The switch moves at once; it moves back if the server refuses.
  const [requested, setRequested] = useState<boolean>();
  const granted = requested ?? roles.data?.some((role) => role.id === managementApiRoleId) ?? false;

  const change = async (grant: boolean) => {
    setBusy(true);
    setError(undefined);
    setRequested(grant);
    try {
      if (grant) await api.post(path, { roleIds: [managementApiRoleId] });
      else await api.delete(`${path}/${managementApiRoleId}`);
      toast(grant ? t('applications.m2m.granted') : t('applications.m2m.revoked'));
    } catch (failure) {
      setRequested(undefined);
      setError(t.error(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('applications.m2m.title')}>
      <Markdown source={t('applications.m2m.note', { grant: '`client_credentials`', token: `\`${signetUrls().issuer}/token\`` })} />
      <Switch
        name="managementApiAccess"
        label={t('applications.m2m.switch')}
        hint={t('applications.m2m.switch_hint')}
        checked={granted}
        disabled={busy || roles.loading}
        onChange={(value) => void change(value)}
      />
      <FormAlert message={error ?? (roles.error ? t.error(roles.error) : undefined)} />
    </Card>
  );
}
