// A generated password, shown once: Signet stores only its hash, so the admin must copy it now.
import { useT } from '../../i18n/i18n.tsx';
import { CopyField } from '../../components/Copy.tsx';

export function PasswordOnce({ password }: { password: string }) {
  const t = useT();
  return (
    <div className="users-password-once">
      <CopyField label={t('users.password.generated_label')} value={password} testId="generated-password" />
      <p className="users-notice" role="note">
        {t('users.password.shown_once')}
      </p>
    </div>
  );
}
