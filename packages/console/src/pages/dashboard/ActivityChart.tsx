// New users and sign-ins per day, drawn in SVG: two bars per day, a y axis with round ticks, date
// labels, a legend. Screen readers get a one-sentence summary (aria-label) and the same numbers as a
// table under the chart.
import { useId } from 'react';
import type { Activity } from '@signet/schemas';
import { useT } from '../../i18n/i18n.tsx';
import { axisTicks } from './chart-scale.ts';

type Day = Activity['days'][number];

const width = 760;
const height = 260;
const margin = { top: 12, right: 12, bottom: 36, left: 44 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

export const series = [
  { key: 'newUsers', className: 'dashboard-bar-new-users', swatch: 'dashboard-swatch-new-users' },
  { key: 'signIns', className: 'dashboard-bar-sign-ins', swatch: 'dashboard-swatch-sign-ins' },
] as const;

/** `2024-05-17` (UTC) as a short date in the admin's language. */
function dayLabel(date: string, locale: string, style: 'short' | 'long'): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const value = new Date(Date.UTC(year, month - 1, day));
  return new Intl.DateTimeFormat(locale, style === 'short' ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { dateStyle: 'full', timeZone: 'UTC' }).format(value);
}

export function ActivityChart({ days }: { days: Day[] }) {
  const t = useT();
  const tableId = useId();
  const max = Math.max(0, ...days.map((day) => Math.max(day.newUsers, day.signIns)));
  const ticks = axisTicks(max);
  const top = ticks[ticks.length - 1]!;
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(18, (slot * 0.7) / series.length));
  // Every label on a week; on a month, about one a week so they never overlap.
  const labelEvery = days.length <= 10 ? 1 : Math.ceil(days.length / 7);
  const totals = { newUsers: days.reduce((sum, day) => sum + day.newUsers, 0), signIns: days.reduce((sum, day) => sum + day.signIns, 0) };
  const summary = t('dashboard.chart.summary', { days: days.length, newUsers: totals.newUsers, signIns: totals.signIns });
  const seriesLabel = { newUsers: t('dashboard.chart.new_users'), signIns: t('dashboard.chart.sign_ins') };

  return (
    <figure className="dashboard-chart">
      <ul className="dashboard-legend">
        {series.map((item) => (
          <li key={item.key}>
            <span className={`dashboard-swatch ${item.swatch}`} aria-hidden="true" />
            {seriesLabel[item.key]}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} aria-describedby={tableId} className="dashboard-svg" data-testid="activity-chart">
        <g className="dashboard-grid">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
              <text x={margin.left - 8} y={y(tick)} dy="0.32em" textAnchor="end" className="dashboard-axis-label">
                {tick.toLocaleString(t.locale)}
              </text>
            </g>
          ))}
        </g>
        {days.map((day, index) => {
          const center = margin.left + slot * index + slot / 2;
          return (
            <g key={day.date}>
              {series.map((item, seriesIndex) => {
                const value = day[item.key];
                const barTop = y(value);
                return (
                  <rect
                    key={item.key}
                    className={item.className}
                    x={center - (barWidth * series.length) / 2 + seriesIndex * barWidth}
                    y={barTop}
                    width={barWidth - 1}
                    height={margin.top + plotHeight - barTop}
                    rx={1.5}
                  >
                    <title>{`${dayLabel(day.date, t.locale, 'short')} · ${seriesLabel[item.key]}: ${value}`}</title>
                  </rect>
                );
              })}
              {(index % labelEvery === 0 || index === days.length - 1) && (
                <text x={center} y={height - margin.bottom + 18} textAnchor="middle" className="dashboard-axis-label">
                  {dayLabel(day.date, t.locale, 'short')}
                </text>
              )}
            </g>
          );
        })}
        <line className="dashboard-axis" x1={margin.left} x2={width - margin.right} y1={margin.top + plotHeight} y2={margin.top + plotHeight} />
      </svg>
      <figcaption className="dashboard-caption">{summary}</figcaption>
      <details className="dashboard-table-toggle">
        <summary>{t('dashboard.chart.show_table')}</summary>
        <table className="table" id={tableId}>
          <caption className="dashboard-sr-only">{t('dashboard.chart.table_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.chart.date')}</th>
              <th scope="col">{seriesLabel.newUsers}</th>
              <th scope="col">{seriesLabel.signIns}</th>
              <th scope="col">{t('dashboard.chart.active_users')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{dayLabel(day.date, t.locale, 'long')}</th>
                <td>{day.newUsers}</td>
                <td>{day.signIns}</td>
                <td>{day.activeUsers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
