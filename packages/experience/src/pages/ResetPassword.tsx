import { api } from '../api.ts';
import { NewPasswordForm } from '../components/NewPassword.tsx';
import { useExperience } from '../context.ts';

/** Step `reset-password`: the account is verified; set its new password. */
export function ResetPasswordScreen() {
  const { advance } = useExperience();
  return <NewPasswordForm onPassword={async (password) => advance(await api.resetPassword(password))} />;
}
