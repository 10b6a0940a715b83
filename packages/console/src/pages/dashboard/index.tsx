// The dashboard: how many users there are, how many joined today and this week (with the change from
// the period before), and new users and sign-ins per day over the last 7 or 30 days (UTC days).
import type { Activity, NewUsers, TotalUsers } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { api } from '../../api/client.ts';
import { useResource } from '../../hooks.ts';
import { navigate, useSearchParam } from '../../router.tsx';
import { Card, LoadError, Loading, PageHeader } from '../../components/Page.tsx';
import { ActivityChart } from './ActivityChart.tsx';

const windows = [7, 30] as const;
type Window = (typeof windows)[number];

function Delta({ value }: { value: number }) {
  const t = useT();
  if (value === 0) return <span className="dashboard-delta dashboard-delta-flat">{t('dashboard.delta.same')}</span>;
  const text = value > 0 ? t('dashboard.delta.up', { count: value }) : t('dashboard.delta.down', { count: -value });
  return <span className={`dashboard-delta ${value > 0 ? 'dashboard-delta-up' : 'dashboard-delta-down'}`}>{text}</span>;
}

function Stat({ label, value, delta, testId }: { label: string; value: number | undefined; delta?: number | undefined; testId: string }) {
  const t = useT();
  return (
    <section className="card dashboard-stat" aria-label={label}>
      <h2 className="dashboard-stat-label">{label}</h2>
      <p className="dashboard-stat-value" data-testid={testId}>
        {value === undefined ? '…' : value.toLocaleString(t.locale)}
      </p>
      {delta !== undefined && <Delta value={delta} />}
    </section>
  );
}

export function DashboardPage() {
  const t = useT();
  const requested = Number(useSearchParam('days'));
  const days: Window = requested === 30 ? 30 : 7;
  const counts = useResource(async () => {
    const [total, fresh] = await Promise.all([api.get<TotalUsers>('/dashboard/users/total'), api.get<NewUsers>('/dashboard/users/new')]);
    return { total, fresh };
  }, []);
  const activity = useResource(() => api.get<Activity>('/dashboard/activity', { days }), [days]);

  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} />
      {counts.error ? (
        <LoadError error={counts.error} retry={counts.reload} />
      ) : (
        <div className="dashboard-stats">
          <Stat label={t('dashboard.total_users')} value={counts.data?.total.totalUserCount} testId="total-users" />
          <Stat label={t('dashboard.new_today')} value={counts.data?.fresh.today.count} delta={counts.data?.fresh.today.delta} testId="new-users-today" />
          <Stat label={t('dashboard.new_last_7_days')} value={counts.data?.fresh.last7Days.count} delta={counts.data?.fresh.last7Days.delta} testId="new-users-7-days" />
        </div>
      )}
      <Card
        title={t('dashboard.activity.title')}
        description={t('dashboard.activity.description')}
        actions={
          <div className="dashboard-window" role="group" aria-label={t('dashboard.window.label')}>
            {windows.map((value) => (
              <button
                key={value}
                type="button"
                className={`dashboard-window-button${value === days ? ' dashboard-window-current' : ''}`}
                aria-pressed={value === days}
                onClick={() => navigate(value === 7 ? '/console/dashboard' : `/console/dashboard?days=${value}`, { replace: true })}
              >
                {t('dashboard.window.days', { days: value })}
              </button>
            ))}
          </div>
        }
      >
        {activity.error ? <LoadError error={activity.error} retry={activity.reload} /> : !activity.data ? <Loading /> : <ActivityChart days={activity.data.days} />}
      </Card>
    </>
  );
}
