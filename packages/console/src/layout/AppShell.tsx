import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { consoleLocales, localeNames, type ConsoleLocale } from '../i18n/define.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { Link, resolvePendingNavigation, usePendingNavigation, useLocation } from '../router.tsx';
import { currentProfile, signOut } from '../auth/session.ts';
import { Button } from '../components/Button.tsx';
import { Modal } from '../components/Modal.tsx';
import { ToastRegion } from '../components/toast.tsx';

const navigation: { to: string; key: MessageKey }[] = [
  { to: '/console/get-started', key: 'nav.get_started' },
  { to: '/console/dashboard', key: 'nav.dashboard' },
  { to: '/console/applications', key: 'nav.applications' },
  { to: '/console/connectors/social', key: 'nav.connectors' },
  { to: '/console/sign-in-experience/branding', key: 'nav.sign_in_experience' },
  { to: '/console/users', key: 'nav.users' },
  { to: '/console/admins', key: 'nav.admins' },
];

/** The section a path belongs to: `/console/connectors/passwordless/x` → `/console/connectors`. */
function sectionOf(path: string): string {
  return path.split('?')[0]!.split('/').slice(0, 3).join('/');
}

export function AppShell({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const location = useLocation();
  const profile = currentProfile();
  const pending = usePendingNavigation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.label')}
      </a>
      <header className="topbar">
        <Link to="/console" className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span> {t('app.name')}
        </Link>
        <div className="topbar-actions">
          <label className="language-select">
            <span>{t('topbar.language')}</span>
            <select value={locale} onChange={(event) => setLocale(event.target.value as ConsoleLocale)} name="console-language">
              {consoleLocales.map((value) => (
                <option key={value} value={value}>
                  {localeNames[value]}
                </option>
              ))}
            </select>
          </label>
          {profile && <span className="topbar-user">{t('topbar.signed_in_as', { name: profile.name })}</span>}
          <Button variant="ghost" onClick={() => void signOut()}>
            {t('topbar.sign_out')}
          </Button>
        </div>
      </header>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul>
          {navigation.map((item) => {
            const current = sectionOf(item.to) === sectionOf(location);
            return (
              <li key={item.to}>
                <Link to={item.to} className={`nav-link${current ? ' nav-link-current' : ''}`} aria-current={current ? 'page' : undefined}>
                  {t(item.key)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <ToastRegion />
      <Modal
        open={Boolean(pending)}
        title={t('unsaved.title')}
        onClose={() => resolvePendingNavigation(false)}
        footer={
          <>
            <Button onClick={() => resolvePendingNavigation(false)}>{t('unsaved.stay')}</Button>
            <Button variant="danger" onClick={() => resolvePendingNavigation(true)}>
              {t('unsaved.leave')}
            </Button>
          </>
        }
      >
        <p>{t('unsaved.body')}</p>
      </Modal>
    </div>
  );
}
