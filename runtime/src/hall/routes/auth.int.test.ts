import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCreditCode, testIdNumber } from '../../testing/accounts.ts';
import { demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { Client, openTestApp, smsCode, type TestApp } from '../../testing/http.ts';

const password = 'hall2026pass';
const person = '11010519491231002X';

describe.each(dbKinds)("the hall's sign-in, registration and sign-out pages on %s", kind => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(kind);
  });
  afterAll(async () => t?.close());

  const anonymous = () => new Client(t.app, undefined);
  const cookieOf = (response: { headers: Headers }) =>
    /banshi_session=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  /** A browser holding the session cookie `token`, posting forms with `csrf` when given. */
  const browser = (token: string, csrf?: string) => new Client(t.app, undefined, `banshi_session=${token}`, csrf);
  const csrfIn = (html: string) => /<input type="hidden" name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const login = (fields: Record<string, string>, headers: Record<string, string> = {}, path = '/hall/login') =>
    anonymous().postForm(path, fields, headers);
  /** Signs in through the form and returns the session cookie's token. */
  const signInByForm = async (account: string, secret: string) => {
    const response = await login({ login: account, password: secret });
    expect(response.status).toBe(303);
    return cookieOf(response)!;
  };
  /** The registration form, then the code page it leads to: the registration's id, and the page. */
  const codeStep = async (fields: Record<string, string>, path: string) => {
    const started = await login(fields, {}, path);
    expect(started.status, started.body).toBe(303);
    const location = started.headers.get('location')!;
    const registrationId = /[?&]id=([0-9a-f-]{36})/.exec(location)![1]!;
    return { location, registrationId, page: await anonymous().page(location) };
  };
  /** Registers through both forms, the code read from the SMS sent: the code form's answer. */
  const registerByForms = async (fields: Record<string, string>, path: string) => {
    const { registrationId } = await codeStep(fields, path);
    return login(
      {
        registrationId,
        code: await smsCode(t.store.db, registrationId),
        ...(fields.next ? { next: fields.next } : {})
      },
      {},
      '/hall/register/code'
    );
  };
  const personForm = (n: number, extra: Record<string, string> = {}) => ({
    name: '张三',
    idNumber: testIdNumber(n),
    phone: `138 0013 ${8000 + n}`,
    password,
    passwordAgain: password,
    ...extra
  });

  it('shows a labelled sign-in form with autocomplete, hints wired to the fields, no script', async () => {
    const page = await anonymous().page('/hall/login?next=%2Fhall%2Fmy');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = page.body;
    expect(html).toContain('<h1>登录</h1>');
    expect(html).toContain('<form method="post" action="/hall/login" novalidate="">');
    expect(html).toContain('<input type="hidden" name="next" value="/hall/my"/>');
    expect(html).toMatch(/<label for="login">账号<\/label>/);
    expect(html).toMatch(
      /<input id="login" name="login" value="" maxlength="64" required="" autocomplete="username"[^>]*aria-describedby="login-hint"/
    );
    expect(html).toContain('身份证号码');
    expect(html).toContain('统一社会信用代码');
    expect(html).toContain('工作人员账号');
    expect(html).toMatch(/<label for="password">密码<\/label>/);
    expect(html).toMatch(
      /<input id="password" name="password" type="password" required="" autocomplete="current-password"\/>/
    );
    expect(html).toContain('href="/hall/register?next=%2Fhall%2Fmy"');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('style=');
  });

  it("signs in through the form: the API's session cookie, 303 to next, and the header shows the name", async () => {
    const response = await login({ login: person.toLowerCase(), password: demoPassword, next: '/hall/my' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/hall/my');
    expect(response.headers.get('set-cookie')).toMatch(
      /^banshi_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/
    );
    const page = await browser(cookieOf(response)!).page('/hall/login');
    expect(page.body).toContain('<form class="signout" method="post" action="/hall/logout"><span>李四</span>');
    expect(page.body).toContain('您已登录为“李四”');
    expect(page.body).not.toContain('href="/hall/login">登录</a>');
    expect(page.headers.get('cache-control')).toBe('no-store');
    // The API sees the same session.
    const me = await browser(cookieOf(response)!).get('/api/auth/me');
    expect(me.body.principal).toMatchObject({ kind: 'person', login: person });

    const secure = await login(
      { login: 'window', password: demoPassword },
      {},
      'https://hall.example.gov.cn/hall/login'
    );
    expect(secure.status).toBe(303);
    // Staff sign in on the studio's page, which asks for their second factor too: no session without it.
    expect(secure.headers.get('location')).toBe('/studio/login?login=window');
    expect(secure.headers.get('set-cookie')).toBeNull();
  });

  it('sends staff to the studio’s sign-in (password and 动态口令), then to the studio page they asked for, never to the citizens’ pages', async () => {
    const asked = await login({ login: 'author', password: demoPassword, next: '/studio/matters/edit?code=X' });
    expect(asked.headers.get('location')).toBe(
      `/studio/login?login=author&next=${encodeURIComponent('/studio/matters/edit?code=X')}`
    );
    const citizen = await login({ login: 'author', password: demoPassword, next: '/hall/my' });
    expect(citizen.headers.get('location')).toBe('/studio/login?login=author');
    // A member of staff without a second factor yet: the studio's page to enrol one, with a session for that only.
    const { createStaff } = await import('../../accounts/index.ts');
    await createStaff(t.store.db, {
      login: 'hall.newcomer',
      name: '新同事',
      password: demoPassword,
      department: '市住房和建设局',
      roles: ['窗口'],
      duties: []
    });
    const newcomer = await login({ login: 'hall.newcomer', password: demoPassword });
    expect(newcomer.headers.get('location')).toBe('/studio/login/second-factor');
    expect((await browser(cookieOf(newcomer)!).get('/api/auth/me')).status).toBe(401);
  });

  it('a wrong password: 401, the summary links to the fields, the login kept and escaped, the password never in the page', async () => {
    const typed = 'Secret<b>"9x';
    const wrong = await login({ login: `  ${person}`, password: typed, next: '/hall/my' });
    expect(wrong.status).toBe(401);
    expect(cookieOf(wrong)).toBeUndefined();
    const html = wrong.body;
    expect(html).toContain('<title>错误：登录 - 网上办事大厅</title>');
    expect(html).toContain('class="error-summary" role="alert"');
    expect(html).toContain('<a href="#login">账号或密码不正确，请检查后重新输入。</a>');
    expect(html).toContain('<a href="#password">请重新输入密码。</a>');
    expect(html).toMatch(
      new RegExp(
        `<input id="login" name="login" value="${person}"[^>]*aria-describedby="login-hint login-error" aria-invalid="true"`
      )
    );
    expect(html).toContain('<input type="hidden" name="next" value="/hall/my"/>');
    expect(html).not.toContain('Secret');
    expect(html).not.toContain('9x');
    expect(html).not.toMatch(/name="password"[^>]*value=/);

    const injected = await login({ login: '"><script>alert(1)</script>', password: 'whatever1' });
    expect(injected.status).toBe(401);
    expect(injected.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(injected.body).not.toContain('<script>alert(1)');

    const empty = await login({ login: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('<a href="#login">请填写账号</a>');
    expect(empty.body).toContain('<a href="#password">请填写密码</a>');
  });

  it('throttles after five failures: 429 with Retry-After and the minutes to wait, even for the right password', async () => {
    await t.register('person', { name: '王五', idNumber: testIdNumber(40), phone: '13800138000', password });
    for (let i = 0; i < 5; i++)
      expect((await login({ login: testIdNumber(40), password: `wrong${i}pass` })).status).toBe(401);
    const sixth = await login({ login: testIdNumber(40), password });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('900');
    expect(cookieOf(sixth)).toBeUndefined();
    expect(sixth.body).toContain(
      '<p class="warn" role="alert">登录失败次数过多，为保护您的账号，请 15 分钟后再试。</p>'
    );
    expect(sixth.body).toContain(`value="${testIdNumber(40)}"`);
    t.clock.now += 10 * 60_000;
    expect((await login({ login: testIdNumber(40), password })).body).toContain('请 5 分钟后再试');
    t.clock.now += 5 * 60_000;
    expect((await login({ login: testIdNumber(40), password })).status).toBe(303);
  });

  it('tells a disabled account so, only to someone who knows its password', async () => {
    await t.register('person', { name: '赵六', idNumber: testIdNumber(41), phone: '13800138000', password });
    await t.store.db.query(`update users set disabled_at = now() where login = $1`, [testIdNumber(41)]);
    expect((await login({ login: testIdNumber(41), password: 'wrong2026x' })).status).toBe(401);
    const right = await login({ login: testIdNumber(41), password });
    expect(right.status).toBe(403);
    expect(right.body).toContain('该账号已停用，如有疑问请联系平台客服。');
    expect(cookieOf(right)).toBeUndefined();
  });

  it('refuses sign-in and registration posted from another site with a 403 page, and keeps nothing it sent', async () => {
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' }
    ] as Array<Record<string, string>>) {
      const refused = await login({ login: person, password: demoPassword }, headers);
      expect(refused.status).toBe(403);
      expect(cookieOf(refused)).toBeUndefined();
      expect(refused.body).toContain('请求来自其他网站，已拒绝。');
      expect(refused.body).not.toContain(person);
    }
    // Even over an existing session (these pages need no CSRF token), the Origin decides.
    const token = await signInByForm(person, demoPassword);
    const overSession = await browser(token).postForm(
      '/hall/login',
      { login: 'window', password: demoPassword },
      { origin: 'https://evil.example' }
    );
    expect(overSession.status).toBe(403);
    expect(overSession.body).toContain('<!DOCTYPE html>');

    const registration = await login(personForm(42), { origin: 'https://evil.example' }, '/hall/register/person');
    expect(registration.status).toBe(403);
    expect(registration.body).toContain('请求来自其他网站，已拒绝。');
    expect((await t.store.db.query(`select 1 from users where login = $1`, [testIdNumber(42)])).length).toBe(0);

    expect(
      (
        await login(
          { login: person, password: demoPassword },
          { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }
        )
      ).status
    ).toBe(303);
  });

  it('goes back only to a local path: next=//evil.example and others become /hall', async () => {
    // With a TAB or a newline, browsers read /<TAB>/host as //host (security-audit §1.6); a newline was a 500.
    for (const next of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/\t/127.0.0.2:8999/pwned',
      '/\n/x',
      '/\r\n/x',
      '/ /evil.example'
    ]) {
      const response = await login({ login: person, password: demoPassword, next });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/hall');
    }
    const page = await anonymous().page('/hall/login?next=%2F%2Fevil.example');
    expect(page.body).not.toContain('evil.example');
    const fromQuery = await login(
      { login: person, password: demoPassword },
      {},
      '/hall/login?next=%2Fhall%2Ftrack%3Fnumber%3D1'
    );
    expect(fromQuery.headers.get('location')).toBe('/hall/track?number=1');
  });

  it('tells a member of staff sent from an applicant-only page that it needs a person or organisation account', async () => {
    // Staff sign in with their second factor (the studio's page): the API's sign-in, with the code.
    const signedIn = await t.login({ login: 'window', password: demoPassword });
    const token = /banshi_session=([^;]*)/.exec(signedIn.cookie ?? '')![1]!;
    const page = await browser(token).page('/hall/login?next=%2Fhall%2Fmy&staff=1');
    expect(page.body).toContain('工作人员账号不能办理。请使用个人或法人账号登录。');
    expect(page.body).toContain('<input type="hidden" name="staff" value="1"/>');
    expect((await anonymous().page('/hall/login')).body).not.toContain('工作人员账号不能办理');
    // Signing in again over the staff session needs no CSRF token, and ends the staff session.
    const again = await browser(token).postForm('/hall/login', {
      login: person,
      password: demoPassword,
      next: '/hall/my',
      staff: '1'
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/hall/my');
    expect((await browser(token).get('/api/auth/me')).status).toBe(401);
    expect((await browser(cookieOf(again)!).get('/api/auth/me')).body.principal.login).toBe(person);
  });

  it('offers persons and organisations their own registration form, with the right autocomplete and inputmode', async () => {
    const choice = await anonymous().page('/hall/register?next=%2Fhall%2Fmy');
    expect(choice.status).toBe(200);
    expect(choice.body).toContain('<a href="/hall/register/person?next=%2Fhall%2Fmy">个人注册</a>');
    expect(choice.body).toContain('<a href="/hall/register/organisation?next=%2Fhall%2Fmy">法人和其他组织注册</a>');

    const personPage = (await anonymous().page('/hall/register/person')).body;
    expect(personPage).toContain('<h1>个人注册</h1>');
    expect(personPage).toMatch(
      /<input id="name" name="name" type="text" value="" maxlength="50" required="" autocomplete="name" aria-describedby="name-hint"\/>/
    );
    expect(personPage).toMatch(
      /<input id="idNumber"[^>]*autocomplete="username"[^>]*autocapitalize="characters" spellcheck="false"/
    );
    expect(personPage).toMatch(/<input id="phone" name="phone" type="tel"[^>]*autocomplete="tel" inputmode="tel"/);
    expect(personPage.match(/autocomplete="new-password"/g)).toHaveLength(2);
    expect(personPage).toMatch(/<label for="passwordAgain">再次输入密码<\/label>/);

    const organisationPage = (await anonymous().page('/hall/register/organisation')).body;
    expect(organisationPage).toContain('<h1>法人和其他组织注册</h1>');
    expect(organisationPage).toMatch(/<input id="name"[^>]*autocomplete="organization"/);
    expect(organisationPage).toMatch(/<input id="creditCode"[^>]*autocomplete="username"/);
    expect(organisationPage).toMatch(/<input id="contactName"[^>]*autocomplete="name"/);
    expect(organisationPage).not.toContain('<script');
  });

  it("a person's registration with problems: each on its field in Chinese, what was typed kept and escaped, never a password", async () => {
    const bad = await login(
      personForm(43, {
        name: '<script>alert(1)</script>',
        idNumber: '110105194912310021',
        passwordAgain: 'other2026pass'
      }),
      {},
      '/hall/register/person'
    );
    expect(bad.status).toBe(400);
    expect(cookieOf(bad)).toBeUndefined();
    const html = bad.body;
    expect(html).toContain('<a href="#idNumber">身份证号码校验位不正确</a>');
    expect(html).toContain('<a href="#passwordAgain">两次输入的密码不一致</a>');
    expect(html).toContain('<span id="idNumber-error" class="field-error">身份证号码校验位不正确</span>');
    expect(html).toMatch(
      /<input id="idNumber" name="idNumber" type="text" value="110105194912310021"[^>]*aria-describedby="idNumber-hint idNumber-error" aria-invalid="true"/
    );
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('value="138 0013 8043"');
    expect(html).not.toContain(password);
    expect(html).not.toContain('other2026pass');
    expect(html).toContain('为了安全，已填写的密码不会保留，请重新输入。');
    // The summary follows the order of the fields.
    expect(html.indexOf('href="#idNumber"')).toBeLessThan(html.indexOf('href="#passwordAgain"'));

    const blank = await login({}, {}, '/hall/register/person');
    expect(blank.status).toBe(400);
    for (const message of ['请填写姓名', '请填写身份证号码', '请填写手机号码', '请填写密码', '请再次输入密码'])
      expect(blank.body).toContain(message);

    const weak = await login(
      personForm(43, { phone: '12345', password: '12345678', passwordAgain: '12345678' }),
      {},
      '/hall/register/person'
    );
    expect(weak.body).toContain('<a href="#phone">请填写 11 位手机号码</a>');
    expect(weak.body).toContain('<a href="#password">密码须同时包含字母和数字</a>');
    expect(weak.body).not.toContain('href="#passwordAgain"');
    expect(weak.body).not.toContain('12345678');
  });

  it('an ID number already registered is answered like any other until its code is entered (security-audit §1.4); then a way to sign in, and the holder is told', async () => {
    const fresh = await codeStep(
      personForm(46, { phone: '13800138000' }),
      '/hall/register/person?next=%2Fhall%2Ftrack'
    );
    const taken = await codeStep(
      personForm(0, { idNumber: person.toLowerCase(), phone: '13800138000' }),
      '/hall/register/person?next=%2Fhall%2Ftrack'
    );
    // The same answer and the same page for a registered number and a new one: no oracle.
    expect(taken.location.replace(taken.registrationId, 'ID')).toBe(fresh.location.replace(fresh.registrationId, 'ID'));
    expect(taken.page.status).toBe(200);
    expect(taken.page.body.replaceAll(taken.registrationId, 'ID')).toBe(
      fresh.page.body.replaceAll(fresh.registrationId, 'ID')
    );
    expect(taken.page.body).toContain('验证码已通过短信发送至 138****8000');
    expect(taken.page.body).toMatch(/<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"/);

    const entered = await login(
      {
        registrationId: taken.registrationId,
        code: await smsCode(t.store.db, taken.registrationId),
        next: '/hall/track'
      },
      {},
      '/hall/register/code'
    );
    expect(entered.status).toBe(409);
    expect(cookieOf(entered)).toBeUndefined();
    expect(entered.body).toContain('该身份证号码已有账号。请直接登录');
    expect(entered.body).toContain('<a class="button" href="/hall/login?next=%2Fhall%2Ftrack">去登录</a>');
    expect(entered.body).not.toContain(password);
    const [holder] = await t.store.db.query<{ body: string }>(
      `select o.body from outbox o join users u on u.id::text = o.recipient where u.login = $1 and o.payload->>'kind' = 'registrationAttempt'`,
      [person]
    );
    expect(holder?.body).toContain('138****8000');
  });

  it('a wrong code says how many tries are left; five end the registration; a code is good once', async () => {
    const { registrationId } = await codeStep(personForm(47), '/hall/register/person');
    const code = await smsCode(t.store.db, registrationId);
    const wrongCode = code === '000000' ? '000001' : '000000';
    const first = await login({ registrationId, code: wrongCode }, {}, '/hall/register/code');
    expect(first.status).toBe(422);
    expect(first.body).toContain('<a href="#code">验证码不正确，还可以再试 4 次。</a>');
    expect((await login({ registrationId, code: '12a' }, {}, '/hall/register/code')).body).toContain(
      '短信验证码为 6 位数字'
    );
    for (let i = 0; i < 4; i++) await login({ registrationId, code: wrongCode }, {}, '/hall/register/code');
    const spent = await login({ registrationId, code }, {}, '/hall/register/code');
    expect(spent.status).toBe(410);
    expect(spent.body).toContain('验证码已失效');
    expect((await t.store.db.query(`select 1 from users where login = $1`, [testIdNumber(47)])).length).toBe(0);

    const again = await codeStep(personForm(47), '/hall/register/person');
    const good = await smsCode(t.store.db, again.registrationId);
    expect((await login({ registrationId: again.registrationId, code: good }, {}, '/hall/register/code')).status).toBe(
      303
    );
    expect((await login({ registrationId: again.registrationId, code: good }, {}, '/hall/register/code')).status).toBe(
      410
    );
    expect((await anonymous().page('/hall/register/code?id=not-an-id')).status).toBe(410);
  });

  it("an organisation's registration: a wrong credit code, then the code by SMS signs in with a welcome", async () => {
    const form = {
      name: '福州某某科技有限公司',
      creditCode: '91350100M000100Y44',
      contactName: '李四',
      phone: '13900139000',
      password,
      passwordAgain: password
    };
    const wrong = await login(form, {}, '/hall/register/organisation');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('<a href="#creditCode">统一社会信用代码校验位不正确</a>');
    expect(wrong.body).toContain('value="福州某某科技有限公司"');
    expect(wrong.body).toContain('value="91350100M000100Y44"');

    const done = await registerByForms(
      { ...form, creditCode: testCreditCode(44).toLowerCase(), next: '/hall/track#result' },
      '/hall/register/organisation'
    );
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/hall/track?done=welcome#result');
    const me = await browser(cookieOf(done)!).get('/api/auth/me');
    expect(me.body.principal).toMatchObject({
      kind: 'organisation',
      creditCode: testCreditCode(44),
      name: '福州某某科技有限公司'
    });
  });

  it("a person's successful registration signs them in and goes to 我的办件 with a welcome; the audit log has it", async () => {
    const done = await registerByForms(personForm(45, { name: '  孙七 ' }), '/hall/register/person');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/hall/my?done=welcome');
    expect(done.headers.get('set-cookie')).toMatch(
      /^banshi_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/
    );
    const page = await browser(cookieOf(done)!).page('/hall/register');
    expect(page.body).toContain('<span>孙七</span>');
    expect((await login({ login: testIdNumber(45), password })).status).toBe(303);
    const rows = await t.store.db.query<{ outcome: string; target: string }>(
      `select outcome, target from audit_log where action = 'auth.register' order by id`
    );
    expect(rows).toContainEqual({ outcome: 'ok', target: testIdNumber(45) });
    expect(rows).toContainEqual({ outcome: 'rejected', target: person });
    expect(JSON.stringify(await t.store.db.query(`select * from audit_log`))).not.toContain(password);
    expect(JSON.stringify(await t.store.db.query(`select * from registration_codes`))).not.toContain(password);
  });

  it("signs out with the form's CSRF token only: without it 403 and still signed in; with it the cookie is cleared", async () => {
    const token = await signInByForm(person, demoPassword);
    const csrf = csrfIn((await browser(token).page('/hall/login')).body);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const forged = await browser(token).postForm('/hall/logout', {});
    expect(forged.status).toBe(403);
    expect((await browser(token).get('/api/auth/me')).status).toBe(200);

    const out = await browser(token, csrf).postForm('/hall/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/hall');
    expect(out.headers.get('set-cookie')).toMatch(/^banshi_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    expect((await browser(token).get('/api/auth/me')).status).toBe(401);
    const after = await browser(token).page('/hall/login');
    expect(after.body).not.toContain('李四');
    expect(after.body).toContain('<a href="/hall/login">登录</a>');
    const logouts = await t.store.db.query(`select 1 from audit_log where action = 'auth.logout'`);
    expect(logouts.length).toBeGreaterThan(0);

    // Signing out without a session only clears the cookie.
    const nobody = await anonymous().postForm('/hall/logout', {});
    expect(nobody.status).toBe(303);
  });
});
