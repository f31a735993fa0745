import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword, demoTotpSecret, totpCode } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { openTestApp, type TestApp } from '../../testing/http.ts';

/**
 * Staff sign in with a second factor (issue 17; GB/T 22239-2019 level 3, 8.1.4.1 c): the password and the 6-digit
 * code of an authenticator app, or a recovery code once; a member of staff without one enrols it first.
 */
describe.each(dbKinds)('staff second factor over HTTP on %s', kind => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body)
    });
  const login = async (body: Record<string, unknown>) => {
    const response = await post('/api/auth/login', body);
    return { status: response.status, body: (await response.json()) as any, cookie: cookieOf(response) };
  };
  const cookieOf = (response: Response) => response.headers.get('set-cookie')?.split(';')[0];
  const me = (cookie: string | undefined) => t.app.request('/api/auth/me', { headers: cookie ? { cookie } : {} });
  const auditOf = (action: string) =>
    t.store.db.query<{ outcome: string; detail: Record<string, unknown>; target: string | null }>(
      'select outcome, detail, target from audit_log where action = $1 order by id',
      [action]
    );
  const newStaff = (login: string) =>
    createStaff(t.store.db, {
      login,
      name: '测试人员',
      password: demoPassword,
      department: '市住房和建设局',
      roles: ['窗口'],
      duties: []
    });

  it('refuses a staff sign-in with the right password and no code, and with a wrong code; the right code signs in', async () => {
    const missing = await login({ login: 'window', password: demoPassword });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('auth.second-factor-required');
    expect(missing.body.error.message).toMatch(/动态口令/);
    expect(missing.cookie).toBeUndefined();

    const right = totpCode(demoTotpSecret, t.clock.now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const refused = await login({ login: 'window', password: demoPassword, code: wrong });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'auth.code-invalid', details: { field: 'code' } });
    // A right code with a wrong password is the wrong password's answer: the code tells nothing alone.
    expect((await login({ login: 'window', password: 'not-the-password-1', code: right })).body.error.code).toBe(
      'auth.invalid'
    );

    const signedIn = await login({ login: 'window', password: demoPassword, code: right });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.principal).toMatchObject({ kind: 'staff', login: 'window' });
    expect((await me(signedIn.cookie)).status).toBe(200);
    expect((await auditOf('auth.login')).map(a => a.detail.reason).filter(Boolean)).toEqual(
      expect.arrayContaining(['second-factor-missing', 'wrong-code'])
    );
  });

  it('accepts the code of the step before and after (a phone a little off), not two steps away', async () => {
    const at = (ms: number) => totpCode(demoTotpSecret, t.clock.now + ms);
    expect((await login({ login: 'handler', password: demoPassword, code: at(-30_000) })).status).toBe(200);
    expect((await login({ login: 'handler', password: demoPassword, code: at(30_000) })).status).toBe(200);
    expect((await login({ login: 'handler', password: demoPassword, code: at(95_000) })).status).toBe(401);
  });

  it('counts wrong codes toward the sign-in throttle: the fifth refusal locks the login out from that address', async () => {
    await newStaff('throttle.me');
    const enrolled = await t.signIn('throttle.me', demoPassword);
    expect(enrolled.principal?.kind).toBe('staff');
    for (let i = 0; i < 5; i++)
      expect((await login({ login: 'throttle.me', password: demoPassword, code: '000000' })).status).toBe(401);
    const locked = await login({ login: 'throttle.me', password: demoPassword, code: t.code('throttle.me') });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('auth.throttled');
    t.clock.now += 15 * 60_000;
  });

  it('a member of staff without a second factor gets an enrolment session, enrols, and from then on needs the code', async () => {
    await newStaff('new.clerk');
    const first = await login({ login: 'new.clerk', password: demoPassword });
    expect(first.status).toBe(200);
    expect(first.body.enrolment).toBe(true);
    // The enrolment session signs nobody in: not /me, not a staff route.
    expect((await me(first.cookie)).status).toBe(401);
    const staffRoute = await t.app.request('/api/studio/admin/staff', { headers: { cookie: first.cookie! } });
    expect(staffRoute.status).toBe(401);

    const shown = await t.app.request('/api/auth/second-factor/enrolment', { headers: { cookie: first.cookie! } });
    expect(shown.status).toBe(200);
    const enrolment = (await shown.json()) as { secret: string; uri: string; qr: string };
    const secret = enrolment.secret.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*new\.clerk\?.*secret=/);
    expect(enrolment.qr).toMatch(/^data:image\/png;base64,/);
    // Shown again, the same secret until it is confirmed.
    const again = await t.app.request('/api/auth/second-factor/enrolment', { headers: { cookie: first.cookie! } });
    expect(((await again.json()) as { secret: string }).secret).toBe(enrolment.secret);

    const headers = { cookie: first.cookie!, 'x-csrf-token': first.body.csrfToken };
    expect(
      (
        await post(
          '/api/auth/second-factor/enrolment',
          { code: totpCode(secret, t.clock.now) },
          { cookie: first.cookie! }
        )
      ).status
    ).toBe(403);
    const wrong = await post(
      '/api/auth/second-factor/enrolment',
      { code: '123456' === totpCode(secret, t.clock.now) ? '654321' : '123456' },
      headers
    );
    expect(wrong.status).toBe(401);
    const confirmed = await post('/api/auth/second-factor/enrolment', { code: totpCode(secret, t.clock.now) }, headers);
    const body = (await confirmed.json()) as { recoveryCodes: string[]; principal: { login: string } };
    expect(confirmed.status, JSON.stringify(body)).toBe(200);
    expect(body.principal.login).toBe('new.clerk');
    expect(body.recoveryCodes).toHaveLength(10);
    expect(new Set(body.recoveryCodes).size).toBe(10);
    for (const code of body.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await me(cookieOf(confirmed))).status).toBe(200);
    // The enrolment session ended with it, and the recovery codes are kept hashed only.
    expect(
      (await t.app.request('/api/auth/second-factor/enrolment', { headers: { cookie: first.cookie! } })).status
    ).toBe(401);
    const stored = await t.store.db.query<{ code_hash: string }>(
      'select code_hash from staff_recovery_codes r join users u on u.id = r.user_id where u.login = $1',
      ['new.clerk']
    );
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(body.recoveryCodes.some(c => row.code_hash.includes(c.replaceAll('-', '')))).toBe(false);
    }

    t.clock.now += 60_000;
    expect((await login({ login: 'new.clerk', password: demoPassword })).body.error.code).toBe(
      'auth.second-factor-required'
    );
    expect(
      (await login({ login: 'new.clerk', password: demoPassword, code: totpCode(secret, t.clock.now) })).status
    ).toBe(200);

    // A recovery code signs in once, in any case and spacing.
    const recovery = body.recoveryCodes[3]!;
    const typed = recovery.toUpperCase().replaceAll('-', ' ');
    expect((await login({ login: 'new.clerk', password: demoPassword, code: typed })).status).toBe(200);
    const reused = await login({ login: 'new.clerk', password: demoPassword, code: recovery });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('auth.code-invalid');
    expect((await login({ login: 'new.clerk', password: demoPassword, code: body.recoveryCodes[4] })).status).toBe(200);
    const events = (await auditOf('auth.second-factor')).filter(a => a.target === 'new.clerk');
    expect(events.map(a => [a.outcome, a.detail.event])).toEqual([
      ['rejected', 'enrolment'],
      ['ok', 'enrolled'],
      ['ok', 'recovery-code-used'],
      ['ok', 'recovery-code-used']
    ]);
    expect(events.at(-1)!.detail.remaining).toBe(8);
    t.clock.now += 60_000;
  }, 60_000);

  it("an administrator resets a member of staff's second factor: their sessions end and they enrol again", async () => {
    await newStaff('lost.phone');
    const clerk = await t.signIn('lost.phone', demoPassword);
    expect((await clerk.get('/api/auth/me')).status).toBe(200);
    const reform = await t.as('reform');
    const list = await reform.get(`/api/studio/admin/staff?department=${encodeURIComponent('市住房和建设局')}`);
    const account = list.body.items.find((a: { login: string }) => a.login === 'lost.phone');
    expect(account.secondFactor).toBe(true);

    const handler = await t.as('handler');
    expect((await handler.post(`/api/studio/admin/staff/${account.id}/reset-second-factor`, {})).status).toBe(403);
    const reset = await reform.post(`/api/studio/admin/staff/${account.id}/reset-second-factor`, {});
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body.secondFactor).toBe(false);
    expect((await auditOf('staff.second-factor-reset')).at(-1)).toMatchObject({ outcome: 'ok', target: 'lost.phone' });

    expect((await clerk.get('/api/auth/me')).status).toBe(401);
    // The old authenticator's code is no longer asked for: the password opens an enrolment session only.
    const next = await login({ login: 'lost.phone', password: demoPassword, code: t.code('lost.phone') });
    expect(next.status).toBe(200);
    expect(next.body.enrolment).toBe(true);
    expect((await me(next.cookie)).status).toBe(401);
  }, 60_000);

  it('applicants sign in with their password alone, as before', async () => {
    const person = await login({ login: '11010519491231002X', password: demoPassword });
    expect(person.status).toBe(200);
    expect(person.body.enrolment).toBeUndefined();
    expect((await me(person.cookie)).status).toBe(200);
  });

  it('tells the studio the demo password and second-factor secret while the demo accounts exist', async () => {
    const demo = await t.app.request('/api/auth/demo');
    expect(await demo.json()).toEqual({
      demo: true,
      password: demoPassword,
      totpSecret: demoTotpSecret.replace(/(.{4})(?=.)/g, '$1 '),
      now: new Date(t.clock.now).toISOString()
    });
  });
});
