import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../accounts/index.ts';
import { demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { answersFor } from '../../testing/scenario.ts';
import { inboxChannel } from '../../platform/worker/channels.ts';
import { requestTimerHandlers } from '../../requests/index.ts';
import { caseTimerHandlers } from '../../cases/index.ts';
import { Worker } from '../../platform/worker/worker.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const personLogin = '11010519491231002X';

describe.each(dbKinds)("the hall's inbox page on %s", kind => {
  let t: TestApp;
  let person: Client;
  let company: Client;
  let window: Client;
  let worker: Worker;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-09-28 10:00');
    person = await t.as(personLogin);
    company = await t.as('91350100M000100Y43');
    window = await t.as('window');
    worker = new Worker(t.store.db, {
      handlers: { ...caseTimerHandlers(t.store.cases), ...requestTimerHandlers },
      channels: { inbox: inboxChannel },
      now: () => t.clock.now
    });
  });
  afterAll(async () => t?.close());

  /** Messages put straight in a user's inbox, in this order (the last is the newest); their ids. */
  async function deliver(userId: string, titles: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const title of titles) {
      const [row] = await t.store.db.query<{ id: string }>(
        `insert into inbox_messages (user_id, title, body) values ($1, $2, $3) returning id::text as id`,
        [userId, title, `${title}的正文`]
      );
      ids.push(row!.id);
    }
    return ids;
  }

  /** The part of the page that is one message. */
  const item = (page: string, id: string) => {
    const start = page.indexOf(`<li id="message-${id}"`);
    expect(start, `message ${id}`).toBeGreaterThan(-1);
    return page.slice(start, page.indexOf('</li>', start));
  };

  it('a visitor is sent to sign in and back', async () => {
    const page = await t.anonymous.page('/hall/inbox');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/hall/login?next=${encodeURIComponent('/hall/inbox')}`);
    const post = await t.anonymous.postForm('/hall/inbox/1/read', {});
    expect(post.status).toBe(303);
  });

  it("newest first, unread marked in words; a button marks one read; someone else's message is a 404; no CSRF field is a 403", async () => {
    const [older, newer] = await deliver(person.principal!.id, ['较早的通知', '较新的通知<script>x</script>']);
    const page = await person.page('/hall/inbox');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('<h1>站内消息</h1>');
    expect(page.body.indexOf(`message-${newer}`)).toBeLessThan(page.body.indexOf(`message-${older}`));
    expect(page.body).toContain('您有 2 条未读消息。');
    expect(page.body).toContain('较新的通知&lt;script&gt;x&lt;/script&gt;');
    expect(page.body).not.toContain('<script>x');
    for (const id of [older!, newer!]) {
      const one = item(page.body, id);
      expect(one).toContain('class="message unread"');
      expect(one).toContain('<strong class="tag">未读</strong>');
      expect(one).toContain(`<form method="post" action="/hall/inbox/${id}/read"><input type="hidden" name="_csrf"`);
      expect(one).toContain(`aria-describedby="message-${id}-title">标为已读</button>`);
    }

    const forged = await (await withoutCsrf(personLogin)).postForm(`/hall/inbox/${older}/read`, {});
    expect(forged.status).toBe(403);
    const theirs = await company.postForm(`/hall/inbox/${older}/read`, {});
    expect(theirs.status).toBe(404);
    expect(theirs.body).toContain('找不到这条消息');
    expect((await person.postForm('/hall/inbox/abc/read', {})).status).toBe(404);
    expect(item((await person.page('/hall/inbox')).body, older!)).toContain('未读');

    const read = await person.postForm(`/hall/inbox/${older}/read`, {});
    expect(read.status).toBe(303);
    expect(read.headers.get('location')).toBe(`/hall/inbox?done=read#message-${older}`);
    const after = (await person.page('/hall/inbox?done=read')).body;
    expect(after).toContain('role="status">已标为已读。');
    expect(after).toContain('您有 1 条未读消息。');
    const done = item(after, older!);
    expect(done).toContain('class="message"');
    expect(done).not.toContain('未读');
    expect(done).toContain('已读');
    expect(done).not.toContain('/read"');
    expect(item(after, newer!)).toContain('未读');

    const all = await person.postForm('/hall/inbox', {});
    expect(all.status).toBe(303);
    const none = (await person.page(all.headers.get('location')!)).body;
    expect(none).toContain('全部消息已标为已读。');
    expect(none).toContain('没有未读消息。');
    expect(none).not.toContain('<strong class="tag">未读</strong>');
  });

  it('a message about a case links to the case', async () => {
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'express',
      answers: answersFor(permit)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const corrected = await window.post(`/api/office/cases/${submitted.body.id}/commands`, {
      type: 'requestCorrection',
      items: ['施工合同缺第 3 页']
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    await worker.tick();
    const page = (await company.page('/hall/inbox')).body;
    expect(page).toContain(`<a href="/hall/cases/${submitted.body.id}">查看办件</a>`);
    expect(page).toContain('施工合同缺第 3 页');
  });

  it('twenty to a page, with links to older and back to the newest; staff have an inbox too', async () => {
    // The window's inbox starts empty here: the case above already told it of new work (issue 15's staff notices).
    await t.store.db.query('delete from inbox_messages where user_id = $1', [window.principal!.id]);
    const ids = await deliver(
      window.principal!.id,
      Array.from({ length: 25 }, (_, i) => `第${i + 1}条消息`)
    );
    const first = await window.page('/hall/inbox');
    expect(first.status).toBe(200);
    expect(first.body.match(/<li id="message-/g)).toHaveLength(20);
    expect(first.body).toContain('第25条消息');
    expect(first.body).not.toContain('第5条消息');
    const older = `/hall/inbox?before=${ids[5]}`;
    expect(first.body).toContain(`<a href="${older}">更早的消息</a>`);
    expect(first.body).not.toContain('>最新消息</a>');
    const second = (await window.page(older)).body;
    expect(second.match(/<li id="message-/g)).toHaveLength(5);
    expect(second).toContain('第1条消息');
    expect(second).toContain('<a href="/hall/inbox">最新消息</a>');
    expect(second).not.toContain('>更早的消息</a>');
    // Marking one read on the second page comes back to the second page.
    expect(second).toContain(`<input type="hidden" name="before" value="${ids[5]}"/>`);
    const read = await window.postForm(`/hall/inbox/${ids[0]}/read`, { before: ids[5]! });
    expect(read.headers.get('location')).toBe(`/hall/inbox?before=${ids[5]}&done=read#message-${ids[0]}`);
  });

  /** The same account signed in a second time, as a page whose form lost its `_csrf` field would post: cookie only. */
  async function withoutCsrf(login: string): Promise<Client> {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: demoPassword, code: t.code(login) })
    });
    const body = (await response.json()) as { principal: Principal };
    return new Client(t.app, body.principal, response.headers.get('set-cookie')!.split(';')[0]!);
  }
});
