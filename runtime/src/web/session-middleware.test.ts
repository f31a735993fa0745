import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { handleError } from './errors.ts';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import {
  requireApplicant,
  requireStaff,
  requireUser,
  sessionCookieName,
  sessionMiddleware
} from './session-middleware.ts';
import { createSession, type NewSession } from '../accounts/index.ts';
import { testIdNumber } from '../accounts/index.ts';
import { createApplicant, createStaff } from '../accounts/index.ts';

describe.each(dbKinds)('the session middleware and guards on %s', kind => {
  let t: TestDb;
  let app: Hono<AppEnv>;
  let person: NewSession;
  let author: NewSession;
  beforeAll(async () => {
    t = await openTestDb(kind);
    const now = Date.now();
    const personId = (
      await createApplicant(t.db, {
        kind: 'person',
        name: '张三',
        idNumber: testIdNumber(3),
        phone: '13800138000',
        password: 'banshi2026'
      })
    ).id;
    const authorId = (
      await createStaff(t.db, {
        login: 'chen.jing',
        name: '陈静',
        password: 'window2026',
        department: '市住房和建设局',
        roles: ['窗口'],
        duties: ['author']
      })
    ).id;
    person = await createSession(t.db, personId, now);
    author = await createSession(t.db, authorId, now);
    app = new Hono<AppEnv>()
      .use('*', sessionMiddleware(t.db))
      .get('/who', c => c.json({ login: requireUser(c).login }))
      .get('/applicant', c => c.json({ kind: requireApplicant(c).kind }))
      .get('/author', c => c.json({ login: requireStaff(c, { duty: 'author', department: '市住房和建设局' }).login }))
      .get('/head', c => c.json({ login: requireStaff(c, { duty: 'head' }).login }))
      .get('/other-department', c => c.json({ login: requireStaff(c, { department: '市市场监督管理局' }).login }))
      .post('/form', async c => c.json({ title: (await c.req.parseBody())['title'] }))
      .onError(handleError);
  });
  afterAll(async () => t?.drop());

  const get = (path: string, session?: NewSession) =>
    app.request(path, { headers: session ? { cookie: `${sessionCookieName}=${session.token}` } : {} });
  const codeOf = async (response: Response) => [
    response.status,
    ((await response.json()) as { error?: { code: string } }).error?.code
  ];

  it('lets each guard through only whom it names', async () => {
    expect(await codeOf(await get('/who'))).toEqual([401, 'auth.required']);
    expect((await get('/applicant', person)).status).toBe(200);
    expect(await codeOf(await get('/applicant', author))).toEqual([403, 'auth.forbidden']);
    expect(await codeOf(await get('/author', person))).toEqual([403, 'auth.forbidden']);
    expect(await (await get('/author', author)).json()).toEqual({ login: 'chen.jing' });
    const head = await get('/head', author);
    expect(head.status).toBe(403);
    expect(((await head.json()) as { error: { message: string } }).error.message).toBe(
      '这项业务需要“部门负责人”职责，您的账号没有。'
    );
    expect((await get('/other-department', author)).status).toBe(403);
  });

  it('takes the CSRF token from a form field, and the handler still reads the form', async () => {
    const post = (body: BodyInit) =>
      app.request('/form', { method: 'POST', body, headers: { cookie: `${sessionCookieName}=${person.token}` } });
    expect(await (await post(new URLSearchParams({ title: '申请', _csrf: person.csrfToken }))).json()).toEqual({
      title: '申请'
    });
    const multipart = new FormData();
    multipart.set('title', '申请');
    multipart.set('_csrf', person.csrfToken);
    expect(await (await post(multipart)).json()).toEqual({ title: '申请' });
    expect(await codeOf(await post(new URLSearchParams({ title: '申请', _csrf: author.csrfToken })))).toEqual([
      403,
      'auth.csrf'
    ]);
  });

  it('accepts a bearer token on any method without a CSRF token', async () => {
    const response = await app.request('/form', {
      method: 'POST',
      body: new URLSearchParams({ title: '申请' }),
      headers: { authorization: `Bearer ${author.token}` }
    });
    expect(await response.json()).toEqual({ title: '申请' });
  });
});
