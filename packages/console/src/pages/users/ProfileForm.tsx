// A user's profile (name, avatar, username, primary email and phone) and custom data, edited as one
// form with one "Save changes". The profile goes to PATCH /users/:id and the custom data to
// PATCH /users/:id/custom-data; what the server refuses stays in the form with the message next to
// its field, and what it accepted counts as saved.
import { useState, type FormEvent } from 'react';
import type { UpdateUserBody, User } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { sameJson } from '../../hooks.ts';
import { useUnsavedChangesGuard } from '../../router.tsx';
import { Button } from '../../components/Button.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { Card, FormAlert } from '../../components/Page.tsx';
import { toast } from '../../components/toast.tsx';
import { checkIdentifiers, errorsOfFailedSave, formatPhone, type FieldErrors } from './user-helpers.ts';

const profileFields = ['name', 'avatar', 'username', 'primaryEmail', 'primaryPhone'] as const;
type ProfileField = (typeof profileFields)[number];
type Form = Record<ProfileField, string> & { customData: string };

function profileOf(user: User): Record<ProfileField, string> {
  return {
    name: user.name ?? '',
    avatar: user.avatar ?? '',
    username: user.username ?? '',
    primaryEmail: user.primaryEmail ?? '',
    primaryPhone: formatPhone(user.primaryPhone),
  };
}

const formatJson = (value: unknown) => JSON.stringify(value, null, 2);

/** The custom data the text holds, or why it is not acceptable. */
function parseCustomData(text: string): { value: Record<string, unknown> } | { problem: 'json' | 'object' } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    return { problem: 'json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'object' };
  return { value: value as Record<string, unknown> };
}

export function ProfileForm({ user, onSaved }: { user: User; onSaved(user: User): void }) {
  const t = useT();
  const [saved, setSaved] = useState<Form>(() => ({ ...profileOf(user), customData: formatJson(user.customData) }));
  const [draft, setDraft] = useState<Form>(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const dirty = !sameJson(draft, saved);
  useUnsavedChangesGuard(dirty);

  const set = (field: keyof Form) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || busy) return;
    setAlert(undefined);
    const trimmed = Object.fromEntries(profileFields.map((field) => [field, field === 'name' ? draft[field] : draft[field].trim()])) as Record<ProfileField, string>;
    const local = checkIdentifiers(trimmed, t);
    if (trimmed.avatar && !URL.canParse(trimmed.avatar)) local.avatar = t('errors.invalid_url');
    const customData = parseCustomData(draft.customData);
    if ('problem' in customData) local.customData = customData.problem === 'json' ? t('errors.invalid_json') : t('users.error.custom_data_object');
    setErrors(local);
    if (Object.keys(local).length > 0) return;

    setBusy(true);
    let current = saved;
    let latest = user;
    try {
      const patch: UpdateUserBody = {};
      for (const field of profileFields) {
        if (draft[field] !== saved[field]) patch[field] = trimmed[field] === '' ? null : trimmed[field];
      }
      if (Object.keys(patch).length > 0) {
        const updated = await api.patch<User>(`/users/${encodeURIComponent(user.id)}`, patch);
        latest = updated;
        // The server normalizes (phone digits): show what it stored.
        current = { ...current, ...profileOf(updated) };
        setSaved(current);
        setDraft((previous) => ({ ...previous, ...profileOf(updated) }));
        onSaved(updated);
      }
      if (draft.customData !== saved.customData && 'value' in customData) {
        const stored = await api.patch<Record<string, unknown>>(`/users/${encodeURIComponent(user.id)}/custom-data`, { customData: customData.value });
        current = { ...current, customData: draft.customData };
        setSaved(current);
        onSaved({ ...latest, customData: stored });
      }
      setErrors({});
      toast(t('common.saved'));
    } catch (error) {
      const mapped = errorsOfFailedSave(error, [...profileFields, 'customData'], t);
      setErrors(mapped.fields);
      setAlert(mapped.alert);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} noValidate aria-label={t('users.profile.title')}>
      <Card title={t('users.profile.title')} description={t('users.profile.description')}>
        <div className="grid-2">
          <TextField label={t('users.field.name')} name="name" value={draft.name} onChange={set('name')} error={errors.name} />
          <TextField label={t('users.field.avatar')} name="avatar" type="url" placeholder="https://" value={draft.avatar} onChange={set('avatar')} error={errors.avatar} />
          <TextField label={t('users.field.username')} name="username" autoComplete="off" value={draft.username} onChange={set('username')} error={errors.username} />
          <TextField label={t('users.field.email')} name="primaryEmail" type="email" autoComplete="off" value={draft.primaryEmail} onChange={set('primaryEmail')} error={errors.primaryEmail} />
          <TextField
            label={t('users.field.phone')}
            name="primaryPhone"
            type="tel"
            autoComplete="off"
            hint={t('users.field.phone_hint')}
            value={draft.primaryPhone}
            onChange={set('primaryPhone')}
            error={errors.primaryPhone}
          />
        </div>
      </Card>
      <Card title={t('users.custom_data.title')} description={t('users.custom_data.description')}>
        <TextArea
          label={t('users.custom_data.label')}
          name="customData"
          rows={8}
          spellCheck={false}
          value={draft.customData}
          onChange={set('customData')}
          error={errors.customData}
        />
      </Card>
      <FormAlert message={alert} />
      <div className="actions-bar">
        {dirty && (
          <Button
            onClick={() => {
              setDraft(saved);
              setErrors({});
              setAlert(undefined);
            }}
          >
            {t('users.discard')}
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={!dirty} busy={busy}>
          {busy ? t('common.saving') : t('common.save_changes')}
        </Button>
      </div>
    </form>
  );
}
