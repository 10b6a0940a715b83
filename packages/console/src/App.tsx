// Maps Console paths to pages. Each area (pages/<area>/) owns its pages and messages.
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { matchPath, navigate, useLocation } from './router.tsx';
import { AppShell } from './layout/AppShell.tsx';
import { useT } from './i18n/i18n.tsx';
import { Loading } from './components/Page.tsx';

/**
 * Each area is its own chunk, loaded when first opened: the first screen downloads the shell and
 * one area, not every page (and the zod schemas some areas validate drafts with).
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return lazy(async () => ({ default: await load() }));
}
const GetStartedPage = lazyPage(() => import('./pages/get-started/index.tsx').then((area) => area.GetStartedPage));
const DashboardPage = lazyPage(() => import('./pages/dashboard/index.tsx').then((area) => area.DashboardPage));
const ApplicationsPage = lazyPage(() => import('./pages/applications/index.tsx').then((area) => area.ApplicationsPage));
const ApplicationDetailsPage = lazyPage(() => import('./pages/applications/index.tsx').then((area) => area.ApplicationDetailsPage));
const ApplicationGuidePage = lazyPage(() => import('./pages/applications/index.tsx').then((area) => area.ApplicationGuidePage));
const ConnectorsPage = lazyPage(() => import('./pages/connectors/index.tsx').then((area) => area.ConnectorsPage));
const ConnectorDetailsPage = lazyPage(() => import('./pages/connectors/index.tsx').then((area) => area.ConnectorDetailsPage));
const SignInExperiencePage = lazyPage(() => import('./pages/sign-in-experience/index.tsx').then((area) => area.SignInExperiencePage));
const UsersPage = lazyPage(() => import('./pages/users/index.tsx').then((area) => area.UsersPage));
const UserDetailsPage = lazyPage(() => import('./pages/users/index.tsx').then((area) => area.UserDetailsPage));
const AdminsPage = lazyPage(() => import('./pages/admins/index.tsx').then((area) => area.AdminsPage));

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
  return (
    <AppShell>
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </AppShell>
  );
}
