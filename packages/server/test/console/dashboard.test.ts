// The dashboard's figures, computed in SQL on UTC days: total users, new users today and in the
// last 7 days with the change from the period before, and per-day activity for 7 or 30 days
// (every day present, oldest first, today last). Rows are placed at known instants around UTC
// midnights so each figure has exactly one right answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Activity, NewUsers, TotalUsers } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { expectApiError, send } from '../management/helpers.ts';
import type { Api } from '../support/experience-kit.ts';

const day = 86_400_000;
const utcDate = (time: number) => new Date(time).toISOString().slice(0, 10);

describe.each(databaseKinds)('Dashboard on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let token: string;
  let today: number;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
    const now = new Date();
    today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    // Users by creation instant (days relative to today's UTC midnight).
    const created: [string, number][] = [
      ['today-midnight', today],
      ['today-now', Date.now() - 1000],
      ['yesterday-late', today - 1],
      ['three-days-a', today - 3 * day + 5 * 3600_000],
      ['three-days-b', today - 3 * day],
      ['three-days-c', today - 2 * day - 1],
      ['six-days', today - 6 * day + 3600_000],
      ['ten-days-a', today - 10 * day],
      ['ten-days-b', today - 7 * day - 1],
      ['twenty-days', today - 20 * day],
      ['forty-days', today - 40 * day],
    ];
    for (const [id, at] of created) {
      await instance.database.db.execute(sql`insert into users (id, username, created_at, updated_at) values (${id}, ${id.replaceAll('-', '_')}, ${new Date(at).toISOString()}::timestamptz, now())`);
    }
    const logs: [string, string, string, number][] = [
      ['Interaction.SignIn', 'Success', 'three-days-a', today],
      ['Interaction.SignIn', 'Success', 'three-days-a', Date.now() - 500],
      ['Interaction.SignIn', 'Error', 'three-days-b', Date.now() - 500],
      ['Interaction.Register', 'Success', 'today-now', Date.now() - 900],
      ['Interaction.SignIn', 'Success', 'six-days', today - 2 * day + 60_000],
      ['Interaction.ForgotPassword', 'Success', 'ten-days-a', today - 2 * day + 120_000],
      ['Interaction.SignIn', 'Success', 'twenty-days', today - 29 * day],
      ['Interaction.SignIn', 'Success', 'forty-days', today - 30 * day],
    ];
    for (const [index, [key, result, userId, at]] of logs.entries()) {
      await instance.database.db.execute(sql`insert into logs (id, key, result, user_id, created_at) values (${`log-${index}`}, ${key}, ${result}, ${userId}, ${new Date(at).toISOString()}::timestamptz)`);
    }
  });
  afterAll(() => instance.close());

  it('counts every user', async () => {
    expect((await api<TotalUsers>('GET', '/api/dashboard/users/total')).body).toEqual({ totalUserCount: 11 });
  });

  it('counts new users today and in the last 7 days, compared with the period before', async () => {
    // Today: 2 (yesterday 1). Last 7 days (today and the 6 before): 2 + 1 + 3 + 1 = 7; the 7 days before: 2.
    expect((await api<NewUsers>('GET', '/api/dashboard/users/new')).body).toEqual({ today: { count: 2, delta: 1 }, last7Days: { count: 7, delta: 5 } });
  });

  it('gives every day of the last 7 days, oldest first, with new users, sign-ins and active users', async () => {
    for (const query of ['', '?days=7']) {
      const { status, body } = await api<Activity>('GET', `/api/dashboard/activity${query}`);
      expect(status).toBe(200);
      expect(body.days.map((entry) => entry.date)).toEqual(Array.from({ length: 7 }, (_, index) => utcDate(today - (6 - index) * day)));
      expect(body.days).toEqual([
        { date: utcDate(today - 6 * day), newUsers: 1, signIns: 0, activeUsers: 0 },
        { date: utcDate(today - 5 * day), newUsers: 0, signIns: 0, activeUsers: 0 },
        { date: utcDate(today - 4 * day), newUsers: 0, signIns: 0, activeUsers: 0 },
        // The last millisecond of a day belongs to it.
        { date: utcDate(today - 3 * day), newUsers: 3, signIns: 0, activeUsers: 0 },
        { date: utcDate(today - 2 * day), newUsers: 0, signIns: 1, activeUsers: 2 },
        { date: utcDate(today - 1 * day), newUsers: 1, signIns: 0, activeUsers: 0 },
        // Two successful sign-ins of one user and a registration: 2 sign-ins, 2 active users; the failed one counts for nothing.
        { date: utcDate(today), newUsers: 2, signIns: 2, activeUsers: 2 },
      ]);
    }
  });

  it('gives 30 days on request, and refuses other windows', async () => {
    const { body } = await api<Activity>('GET', '/api/dashboard/activity?days=30');
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toEqual({ date: utcDate(today - 29 * day), newUsers: 0, signIns: 1, activeUsers: 1 });
    expect(body.days[29]!.date).toBe(utcDate(today));
    expect(body.days.reduce((sum, entry) => sum + entry.newUsers, 0)).toBe(10);
    for (const days of ['14', '0', 'abc', '7.5', '-7']) {
      expectApiError(await send(instance.url, { method: 'GET', path: `/api/dashboard/activity?days=${days}`, token }), 400, 'guard.invalid_input', days);
    }
  });
});
