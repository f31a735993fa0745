import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../accounts/index.ts';
import { demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { decodeCursor, encodeCursor } from '../../exchange/index.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const organisation = '91350100M000100Y43';
const person = '11010519491231002X';
const projectName = '滨海花园二期工程';
/** What must never leave through the exchange: the applicants' identifiers, names and answers. */
const personal = [organisation, person, '李四', '厦门市示例建设有限公司', projectName, '13800000001'];

interface FeedItem {
  position: string;
  source: 'case' | 'supervision';
  caseId: string | null;
  caseNumber: string | null;
  matterCode: string | null;
  type: string;
  seq: number | null;
  at: string;
  payload: Record<string, unknown>;
}

describe.each(dbKinds)('data exchange over HTTP on %s', kind => {
  let t: TestApp;
  let feed: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    feed = await t.as('exchange');
  });
  afterAll(async () => t?.close());

  /** A fresh session at the clock's current time (sessions end; the test clock moves on by days). */
  async function signIn(login: string): Promise<Client> {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: demoPassword, code: t.code(login) })
    });
    const body = (await response.json()) as { principal: Principal; csrfToken: string };
    return new Client(t.app, body.principal, response.headers.get('set-cookie')!.split(';')[0]!, body.csrfToken);
  }

  async function submit(client: Client) {
    const answers = answersFor(permit, { 项目名称: projectName });
    const response = await client.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(client, permit, answers)
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; caseNumber: string };
  }

  async function accept(window: Client, id: string) {
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
      const response = await window.post(`/api/office/cases/${id}/commands`, { type });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
  }

  /** Follows `next` from `cursor` until a page comes back empty. */
  async function drain(cursor: string | undefined, limit = 3, between?: () => Promise<void>) {
    const items: FeedItem[] = [];
    for (;;) {
      const page = await feed.get(`/api/exchange/feed?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.next;
      if (page.body.items.length === 0) return { items, cursor: cursor! };
      await between?.();
    }
  }

  it('who may read it: the exchange account and the bureau; not the window, a department supervisor or applicants; nobody anonymous', async () => {
    expect((await feed.get('/api/exchange/feed')).status).toBe(200);
    expect((await (await t.as('bureau')).get('/api/exchange/export/2026-09-28')).status).toBe(200);
    for (const path of ['/api/exchange/feed', '/api/exchange/export/2026-09-28']) {
      for (const login of ['window', 'supervisor', organisation, person]) {
        expect((await (await t.as(login)).get(path)).status, `${login} ${path}`).toBe(403);
      }
      expect((await t.anonymous.get(path)).status).toBe(401);
    }
    const denied = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'exchange.access' and outcome = 'denied'`
    );
    expect(denied[0]!.n).toBe(4);
  });

  it("a consumer following next sees every item exactly once while new events arrive, without applicants' identities", async () => {
    t.clock.set('2026-09-28 10:00');
    const company = await t.as(organisation);
    const window = await t.as('window');
    const first = await submit(company);
    await accept(window, first.id);
    let more = 0;
    const { items } = await drain(undefined, 2, async () => {
      // New events arrive between the pages: a new case, and a step on the first one.
      // (The permit serves organisations only: a person's application is refused by the engine.)
      if (more++ < 3) await submit(company);
      if (more === 2)
        await (
          await t.as('handler')
        ).post(`/api/office/cases/${first.id}/commands`, {
          type: 'completeStep',
          stepId: 'review-1',
          opinion: `材料齐全，${person} 的申请可以进入下一环节`
        });
    });
    // Supervision joins the same stream: the first case runs past its promised limit, as the worker would find.
    await t.store.cases.executeWith(first.id, () => 'supervise', at('2026-10-20 10:00'));
    const tail = await drain(items.at(-1)!.position);
    const all = [...items, ...tail.items];

    const positions = all.map(i => i.position);
    expect(new Set(positions).size).toBe(positions.length);
    const fromScratch = (await feed.get('/api/exchange/feed?limit=1000')).body.items as FeedItem[];
    expect(positions).toEqual(fromScratch.map(i => i.position));
    const [events, supervision] = await Promise.all([
      t.store.db.query<{ n: number }>(`select count(*)::int as n from case_events where type <> 'SupervisionRaised'`),
      t.store.db.query<{ n: number }>('select count(*)::int as n from supervision_events')
    ]);
    expect(all.filter(i => i.source === 'case')).toHaveLength(events[0]!.n);
    expect(all.filter(i => i.source === 'supervision')).toHaveLength(supervision[0]!.n);
    expect(supervision[0]!.n).toBeGreaterThan(0);

    expect(all.find(i => i.caseId === first.id && i.type === 'Submitted')).toMatchObject({
      caseNumber: first.caseNumber,
      matterCode: permit.code,
      seq: 1,
      at: '2026-09-28T02:00:00.000Z',
      payload: { applicantKind: 'organisation', channel: 'online', by: { kind: 'applicant' } }
    });
    expect(all.find(i => i.caseId === first.id && i.type === 'Accepted')?.payload).toMatchObject({
      by: { kind: 'staff', name: '王窗口', department: '市住房和建设局' }
    });
    expect(all.find(i => i.source === 'supervision')).toMatchObject({
      caseId: first.id,
      caseNumber: first.caseNumber,
      type: expect.stringMatching(/^supervision\./)
    });
    const opinion = all.find(i => i.type === 'StepCompleted')!.payload.opinion;
    expect(opinion).toBe('材料齐全，[证件号] 的申请可以进入下一环节');
    const text = JSON.stringify(all);
    for (const secret of personal) expect(text, secret).not.toContain(secret);
    expect(text).not.toContain('answers');

    // Nothing new: the same cursor comes back, to poll with later.
    const idle = await feed.get(`/api/exchange/feed?cursor=${tail.cursor}`);
    expect(idle.body).toMatchObject({ items: [], next: tail.cursor, more: false });
    expect((await feed.get('/api/exchange/feed?cursor=not-a-cursor')).body.error).toMatchObject({
      code: 'exchange.cursor-invalid'
    });
    expect(decodeCursor(encodeCursor({ xid: 42, source: 1, id: 7 }))).toEqual({ xid: 42, source: 1, id: 7 });
  });

  // Concurrent transactions need a second connection: PGlite has one, so only PostgreSQL can show this.
  if (kind === 'postgres')
    it('an event whose transaction commits after later ones is still delivered, once', async () => {
      t.clock.set('2026-09-28 10:00');
      const company = await t.as(organisation);
      const held = await submit(company);
      let { cursor } = await drain(undefined, 100);

      // The window's command on `held` is in a transaction that stays open while another case is submitted and committed.
      let release!: () => void;
      const gate = new Promise<void>(resolve => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>(resolve => (started = resolve));
      const window = (await t.as('window')).principal! as Extract<Principal, { kind: 'staff' }>;
      const slow = t.store.db.transaction(async tx => {
        const outcome = await t.store.cases.executeWith(
          held.id,
          () => ({
            type: 'passPreReview',
            by: { kind: 'staff', id: window.id, name: window.name, department: window.department!, roles: window.roles }
          }),
          t.clock.now,
          tx
        );
        expect(outcome?.ok).toBe(true);
        started();
        await gate;
      });
      await inside;
      const later = await submit(company);
      const during = await drain(cursor, 100);
      // The later case is committed but waits behind the open transaction: serving it now would let a consumer pass the held event.
      expect(during.items.filter(i => i.caseId === later.id || i.caseId === held.id)).toEqual([]);
      cursor = during.cursor;
      release();
      await slow;
      const after = await drain(cursor, 100);
      expect(after.items.filter(i => i.caseId === held.id).map(i => i.type)).toEqual(['PreReviewPassed']);
      expect(after.items.filter(i => i.caseId === later.id).map(i => i.type)).toEqual(['Submitted']);
    });

  it("the daily export: a header line, then each case created or changed that Shanghai day as it stood at the day's end", async () => {
    t.clock.set('2026-09-28 10:00');
    const company = await t.as(organisation);
    const window = await t.as('window');
    const withdrawn = await submit(company);
    await accept(window, withdrawn.id);
    const overdue = await submit(company);
    await accept(window, overdue.id);

    t.clock.set('2026-09-29 10:00');
    const withdrawal = await company.post(`/api/hall/cases/${withdrawn.id}/withdraw`, { reason: '项目暂缓' });
    expect(withdrawal.status, JSON.stringify(withdrawal.body)).toBe(200);
    await t.store.cases.executeWith(overdue.id, () => 'supervise', at('2026-10-20 10:00'));

    t.clock.set('2026-10-21 09:00');
    const bureau = await signIn('bureau');
    const read = async (date: string) => {
      const response = await bureau.get(`/api/exchange/export/${date}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      // The test client parses a body that is one JSON value: a day without cases is the header line alone.
      const text = typeof response.body === 'string' ? response.body : `${JSON.stringify(response.body)}\n`;
      const lines = text
        .trimEnd()
        .split('\n')
        .map(line => JSON.parse(line));
      return { header: lines[0], cases: lines.slice(1) as Array<Record<string, any>>, text };
    };
    const day1 = await read('2026-09-28');
    expect(day1.header).toMatchObject({
      kind: 'header',
      date: '2026-09-28',
      timezone: 'Asia/Shanghai',
      from: '2026-09-27T16:00:00.000Z',
      to: '2026-09-28T16:00:00.000Z',
      complete: true,
      count: day1.cases.length
    });
    expect(day1.cases.find(c => c.caseId === withdrawn.id)).toMatchObject({
      kind: 'case',
      caseNumber: withdrawn.caseNumber,
      matter: { code: permit.code, version: 1, name: permit.name },
      department: '市住房和建设局',
      status: 'inReview',
      receivedAt: '2026-09-28T02:00:00.000Z',
      acceptedAt: '2026-09-28T02:00:00.000Z',
      withdrawnAt: null,
      decidedAt: null,
      deadlines: { legal: expect.any(String), promised: expect.any(String), provisional: false },
      late: false,
      applicantKind: 'organisation'
    });
    const day2 = await read('2026-09-29');
    expect(day2.cases.map(c => c.caseId)).toEqual([withdrawn.id]);
    expect(day2.cases[0]).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-09-29T02:00:00.000Z' });
    const day3 = await read('2026-10-20');
    expect(day3.cases.find(c => c.caseId === overdue.id)).toMatchObject({
      status: 'inReview',
      late: true,
      overLegalLimit: false
    });
    expect(day3.cases.map(c => c.caseId)).not.toContain(withdrawn.id);
    expect((await read('2026-10-01')).header).toMatchObject({ count: 0 });
    for (const secret of personal) expect(day1.text + day2.text + day3.text, secret).not.toContain(secret);
    expect((await bureau.get('/api/exchange/export/2026-02-30')).status).toBe(400);
    expect((await bureau.get('/api/exchange/export/20260928')).status).toBe(400);
  });
});
