// Sign-in history: a row for every finished sign-in, registration and recovery (key, user,
// application, address, user agent), and for every failed password check (against the account
// when it exists; never the typed identifier nor the password). Read through GET /api/logs
// (filters, pagination, Total-Number) and GET /api/logs/:id; swept after 90 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { consoleClientId, type Log, type User } from '@signet/schemas';
import { queryRows } from '../../src/db/client.ts';
import { sweepExpired } from '../../src/oidc/adapter.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { createApp, patchSignInExperience, setUpDevOutbox, skipResendDelay, startFlow, type Api, type App } from '../support/experience-kit.ts';
import { dumpDatabase, expectApiError, send } from '../management/helpers.ts';
import { consoleTokens, strongPassword } from './console-flow.ts';

describe.each(databaseKinds)('Sign-in history on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let token: string;
  let app: App;
  let ada: User;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
    await setUpDevOutbox(api);
    await patchSignInExperience(api, {
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: {
        methods: [
          { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
          { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
        ],
      },
    });
    app = await createApp(api);
    ada = (await api<User>('POST', '/api/users', { username: 'ada', primaryEmail: 'ada@example.com', password: strongPassword })).body;
  });
  afterAll(() => instance.close());

  const logsOf = async (query = '') => {
    const listed = await api<Log[]>('GET', `/api/logs${query}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    return { items: listed.body, total: Number(listed.headers.get('total-number')) };
  };

  it('records a password sign-in, a registration and a recovery, with the application, address and user agent', async () => {
    const signIn = await startFlow(instance, app, 'SignIn');
    const verificationId = await signIn.password({ type: 'username', value: 'ada' }, strongPassword);
    await signIn.ok('POST', '/identification', { verificationId });
    await signIn.submitAndExchange();
    const [signedIn] = (await logsOf(`?userId=${ada.id}`)).items;
    expect(signedIn).toMatchObject({ key: 'Interaction.SignIn', result: 'Success', userId: ada.id, applicationId: app.id });
    expect(signedIn!.ip).toMatch(/127\.0\.0\.1/);
    expect(signedIn!.userAgent).toEqual(expect.any(String));
    expect(signedIn!.createdAt).toBeGreaterThan(Date.now() - 60_000);

    const register = await startFlow(instance, app, 'Register');
    const emailVerification = await register.verifyByCode(api, { type: 'email', value: 'grace@example.com' }, 'Register');
    await register.ok('POST', '/identification', { verificationId: emailVerification });
    await register.ok('POST', '/profile', { type: 'password', value: strongPassword });
    const registered = await register.submitAndExchange();
    expect((await logsOf(`?userId=${registered.idToken.sub}`)).items).toMatchObject([{ key: 'Interaction.Register', result: 'Success', applicationId: app.id }]);

    await skipResendDelay(instance);
    const recover = await startFlow(instance, app, 'ForgotPassword');
    const recovery = await recover.verifyByCode(api, { type: 'email', value: 'grace@example.com' }, 'ForgotPassword');
    await recover.ok('POST', '/identification', { verificationId: recovery });
    await recover.ok('PUT', '/profile/password', { password: 'Another-Strong-Pass-7' });
    await recover.submitAndExchange();
    expect((await logsOf(`?userId=${registered.idToken.sub}&key=Interaction.ForgotPassword`)).items).toHaveLength(1);
  });

  it('records failed password checks against a known account only, never the identifier or the password', async () => {
    const before = (await logsOf(`?key=Interaction.SignIn`)).total;
    const flow = await startFlow(instance, app, 'SignIn');
    await flow.refused('POST', '/verification/password', { identifier: { type: 'email', value: 'ada@example.com' }, password: 'Wrong-Guess-For-Ada-1' }, 422, 'session.verification_failed');
    await flow.refused('POST', '/verification/password', { identifier: { type: 'username', value: 'nobody_here_xyz' }, password: 'Wrong-Guess-Unknown-2' }, 422, 'session.verification_failed');
    const { items, total } = await logsOf(`?key=Interaction.SignIn`);
    expect(total).toBe(before + 2);
    const [unknown, known] = items;
    expect(known).toMatchObject({ result: 'Error', userId: ada.id, applicationId: app.id });
    expect(unknown).toMatchObject({ result: 'Error', userId: null, applicationId: app.id });

    const stored = JSON.stringify([...(await dumpDatabase(instance)).entries()].filter(([table]) => table.endsWith('.logs')));
    for (const secret of ['nobody_here_xyz', 'Wrong-Guess-For-Ada-1', 'Wrong-Guess-Unknown-2', 'ada@example.com', strongPassword]) {
      expect(stored).not.toContain(secret);
    }
  });

  it("records the Console's sign-ins with its client id", async () => {
    expect((await api('POST', `/api/users/${ada.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
    await consoleTokens(instance, { type: 'username', value: 'ada' }, strongPassword);
    const { items } = await logsOf(`?applicationId=${consoleClientId}`);
    expect(items).toMatchObject([{ key: 'Interaction.SignIn', result: 'Success', userId: ada.id, applicationId: consoleClientId }]);
  });

  it('lists newest first with filters and pagination, and reads one entry', async () => {
    const all = await logsOf('?page_size=100');
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(6);
    const times = all.items.map((item) => item.createdAt);
    expect(times).toEqual(times.toSorted((a, b) => b - a));

    const page = await logsOf('?page_size=2&page=2');
    expect(page.total).toBe(all.total);
    expect(page.items.map((item) => item.id)).toEqual(all.items.slice(2, 4).map((item) => item.id));

    const adaSignIns = await logsOf(`?userId=${ada.id}&key=Interaction.SignIn&applicationId=${app.id}`);
    expect(adaSignIns.items.every((item) => item.userId === ada.id && item.key === 'Interaction.SignIn' && item.applicationId === app.id)).toBe(true);
    expect(adaSignIns.items.map((item) => item.result).toSorted()).toEqual(['Error', 'Success']);

    const one = await api<Log>('GET', `/api/logs/${all.items[0]!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(all.items[0]);
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/logs/no-such-log', token }), 404, 'entity.not_found');
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/logs?key=Interaction.Hack', token }), 400, 'guard.invalid_input');
  });

  it('deletes history older than 90 days when sweeping', async () => {
    await instance.database.db.execute(sql`
      insert into logs (id, key, result, user_id, created_at) values
        ('old-log', 'Interaction.SignIn', 'Success', ${ada.id}, now() - interval '91 days'),
        ('kept-log', 'Interaction.SignIn', 'Success', ${ada.id}, now() - interval '89 days')`);
    await sweepExpired(instance.database.db);
    const left = await queryRows<{ id: string }>(instance.database.db, sql`select id from logs where id in ('old-log', 'kept-log')`);
    expect(left.map((row) => row.id)).toEqual(['kept-log']);
  });
});
