// First visit with no administrator: create the account here (the server closes this path once an
// admin exists), then sign in through Signet like any later visit.
import { useState, type FormEvent } from 'react';
import type { ConsoleSetupStatus, User } from '@signet/schemas';
import { useT } from './i18n/i18n.tsx';
import { api, ConsoleApiError } from './api/client.ts';
import { TextField } from './components/Field.tsx';
import { Button } from './components/Button.tsx';
import { FormAlert } from './components/Page.tsx';
import { startSignIn } from './auth/session.ts';

export async function needsFirstAdmin(): Promise<boolean> {
  const status = await api.public.get<ConsoleSetupStatus>('/console/setup');
  return status.needsAdmin;
}

export function SetupPage() {
  const t = useT();
  const [form, setForm] = useState({ username: '', primaryEmail: '', password: '', confirmPassword: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAlert(undefined);
    if (form.password !== form.confirmPassword) {
      setErrors({ confirmPassword: t('setup.passwords_differ') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.public.post<User>('/console/setup', {
        username: form.username,
        password: form.password,
        ...(form.primaryEmail && { primaryEmail: form.primaryEmail }),
      });
      await startSignIn('/console/get-started');
    } catch (error) {
      setBusy(false);
      if (error instanceof ConsoleApiError) {
        const fields = error.fieldIssues();
        const violations = (error.data as { violations?: { message?: string }[] } | undefined)?.violations;
        setErrors({
          ...(fields.username && { username: `${t('errors.invalid_value')} (${fields.username})` }),
          ...(fields.primaryEmail && { primaryEmail: `${t('errors.invalid_value')} (${fields.primaryEmail})` }),
          ...(fields.password && { password: `${t('errors.invalid_value')} (${fields.password})` }),
          ...(error.code === 'user.password_policy_violation' && {
            password: [t.error(error), ...(violations ?? []).map((violation) => violation.message).filter(Boolean)].join(' '),
          }),
          ...(error.code === 'user.username_already_in_use' && { username: t.error(error) }),
        });
        if (error.code === 'console.admin_already_exists') {
          await startSignIn('/console/get-started');
          return;
        }
      }
      setAlert(t.error(error));
    }
  };

  return (
    <main className="setup">
      <form className="card setup-card" onSubmit={submit} noValidate>
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.subtitle')}</p>
        <TextField label={t('setup.username')} name="username" autoComplete="username" required value={form.username} onChange={set('username')} error={errors.username} />
        <TextField label={t('setup.email')} name="primaryEmail" type="email" autoComplete="email" value={form.primaryEmail} onChange={set('primaryEmail')} error={errors.primaryEmail} />
        <TextField label={t('setup.password')} name="password" type="password" autoComplete="new-password" required value={form.password} onChange={set('password')} error={errors.password} />
        <TextField
          label={t('setup.confirm_password')}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          value={form.confirmPassword}
          onChange={set('confirmPassword')}
          error={errors.confirmPassword}
        />
        <FormAlert message={alert} />
        <Button type="submit" variant="primary" busy={busy}>
          {t('setup.submit')}
        </Button>
      </form>
    </main>
  );
}
