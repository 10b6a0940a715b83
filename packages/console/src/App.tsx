// Maps Console paths to pages. Each area (pages/<area>/) owns its pages and messages.
import { useEffect, type ReactNode } from 'react';
import { matchPath, navigate, useLocation } from './router.tsx';
import { AppShell } from './layout/AppShell.tsx';
import { useT } from './i18n/i18n.tsx';
import { GetStartedPage } from './pages/get-started/index.tsx';
import { DashboardPage } from './pages/dashboard/index.tsx';
import { ApplicationDetailsPage, ApplicationGuidePage, ApplicationsPage } from './pages/applications/index.tsx';
import { ConnectorDetailsPage, ConnectorsPage } from './pages/connectors/index.tsx';
import { SignInExperiencePage } from './pages/sign-in-experience/index.tsx';
import { UserDetailsPage, UsersPage } from './pages/users/index.tsx';
import { AdminsPage } from './pages/admins/index.tsx';

type Route = { pattern: string; render(params: Record<string, string>): ReactNode };

const connectorTab = (value: string | undefined) => (value === 'passwordless' ? 'passwordless' : 'social');

const routes: Route[] = [
  { pattern: '/console/get-started', render: () => <GetStartedPage /> },
  { pattern: '/console/dashboard', render: () => <DashboardPage /> },
  { pattern: '/console/applications', render: () => <ApplicationsPage /> },
  { pattern: '/console/applications/:id', render: ({ id }) => <ApplicationDetailsPage key={id} id={id!} /> },
  { pattern: '/console/applications/:id/guide', render: ({ id }) => <ApplicationGuidePage key={id} id={id!} /> },
  { pattern: '/console/connectors/:tab', render: ({ tab }) => <ConnectorsPage key={tab} tab={connectorTab(tab)} /> },
  { pattern: '/console/connectors/:tab/:id', render: ({ tab, id }) => <ConnectorDetailsPage key={id} tab={connectorTab(tab)} id={id!} /> },
  { pattern: '/console/sign-in-experience/:tab', render: ({ tab }) => <SignInExperiencePage tab={tab!} /> },
  { pattern: '/console/users', render: () => <UsersPage /> },
  { pattern: '/console/users/:id', render: ({ id }) => <UserDetailsPage key={id} id={id!} /> },
  { pattern: '/console/admins', render: () => <AdminsPage /> },
];

function NotFound() {
  const t = useT();
  return <p className="empty-state">{t('common.not_found')}</p>;
}

export function App() {
  const location = useLocation();
  const path = location.split('?')[0]!.replace(/\/+$/, '') || '/console';
  useEffect(() => {
    if (path === '/console' || path === '/console/connectors' || path === '/console/sign-in-experience') {
      const target = path === '/console' ? '/console/get-started' : path === '/console/connectors' ? '/console/connectors/social' : '/console/sign-in-experience/branding';
      navigate(target, { replace: true });
    }
  }, [path]);
  let page: ReactNode = <NotFound />;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) {
      page = route.render(params);
      break;
    }
  }
  return <AppShell>{page}</AppShell>;
}
