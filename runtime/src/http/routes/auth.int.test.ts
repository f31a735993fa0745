import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionMiddleware } from '../../web/session-middleware.ts';
import { testClock, testCreditCode, testIdNumber } from '../../testing/accounts.ts';
import { createStaff } from '../../accounts/index.ts';
import { dbKinds, openTestDb, type TestDb } from '../../testing/database.ts';
import { authRoutes } from './auth.ts';
import type { AppEnv } from '../../web/env.ts';
import { handleError } from '../../web/errors.ts';
import { smsCode } from '../../testing/http.ts';
import { enrolStaff } from '../../testing/second-factor.ts';
import { totpCode } from '../../accounts/totp.ts';

const json = { 'content-type': 'application/json' };
const password = 'banshi2026';

describe.each(dbKinds)('the auth API on %s', kind => {
  let t: TestDb;
  let app: Hono<AppEnv>;
  const clock = testClock();
  // The staff accounts' authenticators, by login.
  const secrets = new Map<string, string>();
  const code = (login: string) => totpCode(secrets.get(login)!, clock.now());
  beforeAll(async () => {
    t = await openTestDb(kind);
    app = new Hono<AppEnv>()
      .use('*', sessionMiddleware(t.db, { now: clock.now }))
      .route('/api/auth', authRoutes(t.db, { now: clock.now }))
      .onError(handleError);
    await createStaff(t.db, {
      login: 'chen.jing',
      name: '陈静',
      password: 'window2026',
      department: '市住房和建设局',
      roles: ['窗口'],
      duties: []
    });
    secrets.set('chen.jing', await enrolStaff(t.db, 'chen.jing', clock.now()));
  });
  afterAll(async () => t?.drop());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, base = 'http://localhost') =>
    app.request(`${base}/api/auth${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { ...json, ...headers }
    });
  const me = (headers: Record<string, string>) => app.request('/api/auth/me', { headers });
  const cookieOf = (response: Response) => /banshi_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  /** The registration's first step (202 with where the code went), then the code read from the SMS: the second step's answer. */
  const confirmed = async (started: Response) => {
    if (started.status !== 202) return started;
    const { registrationId } = (await started.json()) as { registrationId: string };
    return post('/register/confirm', { registrationId, code: await smsCode(t.db, registrationId) });
  };
  const registerPerson = async (n: number, extra: Record<string, string> = {}) =>
    confirmed(
      await post('/register/person', {
        name: '张三',
        idNumber: testIdNumber(n),
        phone: `1380013${8000 + n}`,
        password,
        ...extra
      })
    );
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

  it('registers a person and signs them in: 201, a session cookie, and /me answers with it', async () => {
    const response = await registerPerson(1);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { principal: { kind: string; login: string }; csrfToken: string };
    expect(body.principal).toMatchObject({ kind: 'person', login: testIdNumber(1), name: '张三' });
    const token = cookieOf(response);
    expect(token).toBeDefined();
    const answer = await me({ cookie: `banshi_session=${token}` });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ principal: body.principal, csrfToken: body.csrfToken });
  });

  it('registers an organisation under its credit code', async () => {
    const response = await confirmed(
      await post('/register/organisation', {
        name: '福州某某科技有限公司',
        creditCode: testCreditCode(1).toLowerCase(),
        contactName: '李四',
        phone: '13900139000',
        password
      })
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { principal: unknown }).principal).toMatchObject({
      kind: 'organisation',
      creditCode: testCreditCode(1)
    });
  });

  it('refuses a wrong ID check digit, a wrong credit code, a weak password and a duplicate, in Chinese', async () => {
    const wrongId = await post('/register/person', {
      name: '张三',
      idNumber: '110105194912310021',
      phone: '13800138000',
      password
    });
    expect(wrongId.status).toBe(400);
    const wrongIdError = await errorOf(wrongId);
    expect(wrongIdError.code).toBe('request.invalid');
    expect(wrongIdError.message).toContain('身份证号码校验位不正确');
    expect(wrongIdError.details).toEqual({ issues: [{ path: 'idNumber', message: '身份证号码校验位不正确' }] });

    const wrongCode = await post('/register/organisation', {
      name: '某某公司',
      creditCode: '91350100M000100Y44',
      contactName: '李四',
      phone: '13900139000',
      password
    });
    expect(wrongCode.status).toBe(400);
    expect((await errorOf(wrongCode)).message).toContain('统一社会信用代码校验位不正确');

    const weak = await registerPerson(2, { password: '12345678' });
    expect(weak.status).toBe(400);
    expect((await errorOf(weak)).message).toContain('密码须同时包含字母和数字');
  });

  it('answers a registered ID number exactly like a new one until the code sent to the phone is entered (security-audit §1.4)', async () => {
    const taken = await post('/register/person', {
      name: '张三',
      idNumber: testIdNumber(1),
      phone: '13800138100',
      password
    });
    const fresh = await post('/register/person', {
      name: '张三',
      idNumber: testIdNumber(3),
      phone: '13800138100',
      password
    });
    const [a, b] = [
      (await taken.clone().json()) as Record<string, string>,
      (await fresh.clone().json()) as Record<string, string>
    ];
    expect([taken.status, fresh.status]).toEqual([202, 202]);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(a).toMatchObject({ phone: '138****8100', expiresAt: b.expiresAt });
    const duplicate = await confirmed(taken);
    expect(duplicate.status).toBe(409);
    expect(await errorOf(duplicate)).toMatchObject({
      code: 'auth.exists',
      message: expect.stringContaining('该身份证号码已有账号'),
      details: { field: 'idNumber' }
    });
    expect((await confirmed(fresh)).status).toBe(201);
    // A wrong code, and a code for a registration that does not exist.
    const third = await post('/register/person', {
      name: '张三',
      idNumber: testIdNumber(4),
      phone: '13800138100',
      password
    });
    const { registrationId } = (await third.json()) as { registrationId: string };
    const wrong = await post('/register/confirm', {
      registrationId,
      code: (await smsCode(t.db, registrationId)) === '111111' ? '222222' : '111111'
    });
    expect([wrong.status, (await errorOf(wrong)).message]).toEqual([422, '验证码不正确，还可以再试 4 次。']);
    expect(
      (await post('/register/confirm', { registrationId: '00000000-0000-4000-8000-000000000000', code: '123456' }))
        .status
    ).toBe(410);
  });

  it('limits the codes one phone gets in a day and one address asks for in an hour', async () => {
    const phone = '13700137000';
    for (let n = 10; n < 15; n++)
      expect(
        (await post('/register/person', { name: '张三', idNumber: testIdNumber(n), phone, password })).status
      ).toBe(202);
    const sixth = await post('/register/person', { name: '张三', idNumber: testIdNumber(15), phone, password });
    expect(sixth.status).toBe(429);
    expect((await errorOf(sixth)).code).toBe('auth.throttled');
    clock.advance(24 * 3_600_000);
    expect((await post('/register/person', { name: '张三', idNumber: testIdNumber(15), phone, password })).status).toBe(
      202
    );
  });

  it('signs in with a HttpOnly, SameSite=Lax cookie, Secure only over https', async () => {
    const response = await post('/login', { login: testIdNumber(1), password });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^banshi_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    const body = (await response.json()) as { principal: { login: string }; csrfToken: string; token?: string };
    expect(body.principal.login).toBe(testIdNumber(1));
    expect(body.token).toBeUndefined();
    expect((await me({ cookie: `banshi_session=${cookieOf(response)}` })).status).toBe(200);

    const secure = await post(
      '/login',
      { login: 'CHEN.JING', password: 'window2026', code: code('chen.jing') },
      {},
      'https://hall.example.gov.cn'
    );
    expect(secure.headers.get('set-cookie')).toMatch(/Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('answers a wrong password and an unknown login alike: 401 without saying which', async () => {
    const wrong = await post('/login', { login: testIdNumber(1), password: 'wrong2026' });
    const unknown = await post('/login', { login: testIdNumber(99), password });
    const expected = { error: { code: 'auth.invalid', message: '账号或密码不正确。', details: {} } };
    expect([wrong.status, await wrong.json()]).toEqual([401, expected]);
    expect([unknown.status, await unknown.json()]).toEqual([401, expected]);
    expect((await me({})).status).toBe(401);
  });

  it('refuses the sixth attempt after five failures with 429 and Retry-After, even with the right password', async () => {
    await registerPerson(5);
    for (let i = 0; i < 5; i++)
      expect((await post('/login', { login: testIdNumber(5), password: `wrong${i}abc` })).status).toBe(401);
    const sixth = await post('/login', { login: testIdNumber(5), password: 'wrong5abc' });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('900');
    expect(await errorOf(sixth)).toEqual({
      code: 'auth.throttled',
      message: '登录失败次数过多，请 15 分钟后再试。',
      details: { retryAfterSeconds: 900 }
    });
    expect((await post('/login', { login: testIdNumber(5), password })).status).toBe(429);
    clock.advance(15 * 60_000);
    expect((await post('/login', { login: testIdNumber(5), password })).status).toBe(200);
  });

  it('refuses a session once expired or revoked', async () => {
    const signedIn = await post('/login', { login: testIdNumber(1), password });
    const cookie = { cookie: `banshi_session=${cookieOf(signedIn)}` };
    // Used every hour (never idle long enough to end), it still ends a week after sign-in.
    for (let hour = 1; hour < 7 * 24; hour++) {
      clock.advance(3_600_000);
      expect((await me(cookie)).status).toBe(200);
    }
    clock.advance(3_600_000 - 1);
    expect((await me(cookie)).status).toBe(200);
    clock.advance(1);
    expect(await errorOf(await me(cookie))).toMatchObject({ code: 'auth.required' });

    const again = await post('/login', { login: testIdNumber(1), password });
    const { csrfToken } = (await again.json()) as { csrfToken: string };
    const cookie2 = { cookie: `banshi_session=${cookieOf(again)}` };
    expect((await post('/logout', {}, { ...cookie2, 'x-csrf-token': csrfToken })).status).toBe(200);
    expect((await me(cookie2)).status).toBe(401);
  });

  it('ends a session left unused: staff after 30 minutes, applicants after 2 hours; using it keeps it alive (security-audit §1.15)', async () => {
    const staff = {
      cookie: `banshi_session=${cookieOf(await post('/login', { login: 'chen.jing', password: 'window2026', code: code('chen.jing') }))}`
    };
    const applicant = {
      cookie: `banshi_session=${cookieOf(await post('/login', { login: testIdNumber(1), password }))}`
    };
    clock.advance(29 * 60_000);
    expect((await me(staff)).status).toBe(200);
    clock.advance(29 * 60_000);
    // 58 minutes after sign-in, 29 after its last use: still signed in.
    expect((await me(staff)).status).toBe(200);
    clock.advance(30 * 60_000 + 1);
    expect(await errorOf(await me(staff))).toMatchObject({ code: 'auth.required' });
    // The applicant, unused for 88 minutes, is still signed in; two hours after that use, no longer.
    expect((await me(applicant)).status).toBe(200);
    clock.advance(2 * 3_600_000 - 1);
    expect((await me(applicant)).status).toBe(200);
    clock.advance(2 * 3_600_000);
    expect((await me(applicant)).status).toBe(401);
  });

  it('requires the CSRF token to sign out with a cookie', async () => {
    const signedIn = await post('/login', { login: testIdNumber(1), password });
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const cookie = { cookie: `banshi_session=${cookieOf(signedIn)}` };
    const withoutToken = await post('/logout', {}, cookie);
    expect(withoutToken.status).toBe(403);
    expect(await errorOf(withoutToken)).toEqual({
      code: 'auth.csrf',
      message: '页面已过期，请刷新后重试。',
      details: {}
    });
    expect((await me(cookie)).status).toBe(200);
    const withToken = await post('/logout', {}, { ...cookie, 'x-csrf-token': csrfToken });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('set-cookie')).toMatch(/^banshi_session=; Max-Age=0; Path=\//);
  });

  it('lets an API client sign in for a bearer token, which needs no CSRF token', async () => {
    const signedIn = await post('/login', {
      login: 'chen.jing',
      password: 'window2026',
      code: code('chen.jing'),
      bearer: true
    });
    expect(signedIn.headers.get('set-cookie')).toBeNull();
    const { token } = (await signedIn.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect(((await (await me(bearer)).json()) as { principal: { kind: string } }).principal.kind).toBe('staff');
    expect((await post('/logout', {}, bearer)).status).toBe(200);
    expect((await me(bearer)).status).toBe(401);
  });

  it('refuses sign-in and registration posted from another site', async () => {
    const crossSite = await post('/login', { login: testIdNumber(1), password }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await errorOf(crossSite)).code).toBe('auth.cross-site');
    expect((await post('/login', { login: testIdNumber(1), password }, { origin: 'null' })).status).toBe(403);
    expect(
      (await post('/login', { login: testIdNumber(1), password }, { 'sec-fetch-site': 'cross-site' })).status
    ).toBe(403);
    expect((await registerPerson(8, {})).status).toBe(201);
    expect(
      (
        await post(
          '/register/person',
          { name: '张三', idNumber: testIdNumber(9), phone: '13800138000', password },
          { origin: 'https://evil.example' }
        )
      ).status
    ).toBe(403);
    expect(
      (
        await post(
          '/register/confirm',
          { registrationId: '00000000-0000-4000-8000-000000000000', code: '123456' },
          { origin: 'https://evil.example' }
        )
      ).status
    ).toBe(403);
    expect((await post('/login', { login: testIdNumber(1), password }, { origin: 'http://localhost' })).status).toBe(
      200
    );
  });

  it('signs in again over an existing cookie session without a CSRF token', async () => {
    const first = await post('/login', { login: testIdNumber(1), password });
    const second = await post(
      '/login',
      { login: testIdNumber(1), password },
      { cookie: `banshi_session=${cookieOf(first)}` }
    );
    expect(second.status).toBe(200);
  });

  it('tells a disabled account so only to someone who knows its password', async () => {
    await registerPerson(6);
    await t.db.query(`update users set disabled_at = now() where login = $1`, [testIdNumber(6)]);
    expect((await post('/login', { login: testIdNumber(6), password: 'wrong2026' })).status).toBe(401);
    const right = await post('/login', { login: testIdNumber(6), password });
    expect(await errorOf(right)).toEqual({
      code: 'auth.disabled',
      message: '该账号已停用，如有疑问请联系平台客服。',
      details: {}
    });
  });

  it('writes every registration, sign-in and failure to the audit log, never a password', async () => {
    const rows = await t.db.query<{ action: string; outcome: string; detail: unknown; target: string | null }>(
      `select action, outcome, detail, target from audit_log order by id`
    );
    const seen = new Set(rows.map(r => `${r.action}:${r.outcome}`));
    for (const line of [
      'auth.register:ok',
      'auth.register:rejected',
      'auth.login:ok',
      'auth.login:rejected',
      'auth.login:denied',
      'auth.logout:ok'
    ]) {
      expect(seen).toContain(line);
    }
    expect(rows.find(r => r.action === 'auth.login' && r.outcome === 'denied')?.detail).toEqual({
      reason: 'throttled'
    });
    expect(
      rows.find(r => r.action === 'auth.login' && (r.detail as { reason?: string }).reason === 'wrong-password')?.target
    ).toBe(testIdNumber(1));
    // An unknown login may be a password typed into the wrong box: it is not recorded.
    expect(rows.find(r => (r.detail as { reason?: string }).reason === 'unknown-login')?.target).toBeNull();
    expect(rows.map(r => r.target)).not.toContain(testIdNumber(99));
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('wrong2026');
  });

  it('sessions: signing in again replaces the old one, "sign out everywhere" ends all, a password change ends all and opens one (security-audit §1.15)', async () => {
    await createStaff(t.db, {
      login: 'lin.fang',
      name: '林芳',
      password: 'handler2026',
      department: '市住房和建设局',
      roles: ['承办人'],
      duties: []
    });
    secrets.set('lin.fang', await enrolStaff(t.db, 'lin.fang', clock.now()));
    const signIn = async (extra: Record<string, string> = {}) => {
      const response = await post(
        '/login',
        { login: 'lin.fang', password: 'handler2026', code: code('lin.fang') },
        extra
      );
      expect(response.status).toBe(200);
      return {
        cookie: cookieOf(response)!,
        csrf: ((await response.clone().json()) as { csrfToken: string }).csrfToken
      };
    };
    const first = await signIn();
    // Signing in again from the same browser: the old cookie no longer signs anyone in.
    const second = await signIn({ cookie: `banshi_session=${first.cookie}` });
    expect((await me({ cookie: `banshi_session=${first.cookie}` })).status).toBe(401);
    expect((await me({ cookie: `banshi_session=${second.cookie}` })).status).toBe(200);
    const elsewhere = await signIn();
    const out = await post(
      '/logout',
      { everywhere: true },
      { cookie: `banshi_session=${second.cookie}`, 'x-csrf-token': second.csrf }
    );
    expect(await out.json()).toEqual({ signedOut: true, everywhere: true });
    expect((await me({ cookie: `banshi_session=${elsewhere.cookie}` })).status).toBe(401);

    const a = await signIn();
    const b = await signIn();
    const wrong = await post(
      '/password',
      { current: 'nope', password: 'handler2027' },
      { cookie: `banshi_session=${a.cookie}`, 'x-csrf-token': a.csrf }
    );
    expect(wrong.status).toBe(401);
    const changed = await post(
      '/password',
      { current: 'handler2026', password: 'handler2027' },
      { cookie: `banshi_session=${a.cookie}`, 'x-csrf-token': a.csrf }
    );
    expect(changed.status).toBe(200);
    const fresh = cookieOf(changed)!;
    expect((await me({ cookie: `banshi_session=${a.cookie}` })).status).toBe(401);
    expect((await me({ cookie: `banshi_session=${b.cookie}` })).status).toBe(401);
    expect((await me({ cookie: `banshi_session=${fresh}` })).status).toBe(200);
    expect((await post('/login', { login: 'lin.fang', password: 'handler2026' })).status).toBe(401);
    expect((await post('/login', { login: 'lin.fang', password: 'handler2027', code: code('lin.fang') })).status).toBe(
      200
    );
  });
});
