import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { handleError } from './errors.ts';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { sessionCookieName, sessionMiddleware } from './session-middleware.ts';
import { createSession, type NewSession, createApplicant, createStaff } from '../accounts/index.ts';
import { testIdNumber } from '../testing/accounts.ts';

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
      .post('/form', async c => c.json({ title: (await c.req.parseBody())['title'] }))
      .onError(handleError);
  });
  afterAll(async () => t?.drop());

  const codeOf = async (response: Response) => [
    response.status,
    ((await response.json()) as { error?: { code: string } }).error?.code
  ];

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
