import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../accounts/index.ts';
import { caseTimerHandlers } from '../cases/index.ts';
import { inboxChannel } from '../platform/worker/channels.ts';
import { Worker } from '../platform/worker/worker.ts';
import { requestTimerHandlers } from '../requests/index.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { dbKinds } from '../testing/database.ts';
import { Client, openTestApp, type TestApp } from '../testing/http.ts';
import { answersFor } from '../testing/scenario.ts';
import { SupervisionEventDetail } from '../http/routes/supervision-schemas.ts';
import { supervisionTimerHandlers } from './index.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';

describe.each(dbKinds)('two-level handling of supervision events on %s', kind => {
  let t: TestApp;
  let worker: Worker;
  const as: Record<string, Client> = {};
  let caseId: string;
  let red: number;

  beforeAll(async () => {
    t = await openTestApp(kind);
    await createStaff(t.store.db, {
      login: 'planning-supervisor',
      name: '规划监察',
      password: 'banshi-demo-2026',
      department: '市自然资源和规划局',
      roles: [],
      duties: ['supervisor']
    });
    for (const login of [
      '91350100M000100Y43',
      'window',
      'handler',
      'chief',
      'leader',
      'supervisor',
      'bureau',
      'planning',
      'planning-supervisor'
    ])
      as[login] = await t.as(login);
    worker = new Worker(t.store.db, {
      handlers: { ...caseTimerHandlers(t.store.cases), ...requestTimerHandlers, ...supervisionTimerHandlers },
      channels: { inbox: inboxChannel },
      now: () => t.clock.now
    });
  });
  afterAll(async () => t?.close());

  const id = (login: string) => as[login]!.principal!.id;
  const url = (event: number, step = '') => `/api/supervision/events/${event}${step ? `/${step}` : ''}`;

  async function step(login: string, event: number, name: string, body: object, status = 200) {
    const r = await as[login]!.post(url(event, name), body);
    expect(r.status, `${login} ${name}: ${JSON.stringify(r.body)}`).toBe(status);
    if (status === 200) SupervisionEventDetail.parse(r.body);
    return r.body;
  }

  async function inboxOf(login: string, titlePart: string) {
    return t.store.db.query<{ title: string; body: string }>(
      `select title, body from inbox_messages where user_id = $1 and title like $2 order by id`,
      [id(login), `%${titlePart}%`]
    );
  }

  it('a red card on a permit reaches the post responsible and the section chief, naming who is responsible', async () => {
    t.clock.set('2026-09-28 10:00');
    const answers = answersFor(permit);
    const created = await as['91350100M000100Y43']!.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'express',
      answers
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    caseId = created.body.id;
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
      const r = await as.window!.post(`/api/office/cases/${caseId}/commands`, { type });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // Far past the legal limit with the review not begun: the red card.
    t.clock.set('2026-12-01 10:00');
    await t.services.cases.executeWith(caseId, () => 'supervise', t.clock.now);
    const cards = await t.store.db.query<{ id: number; key: string; level: string; record: { responsible: object } }>(
      `select id::int as id, key, level, record from supervision_events where case_id = $1 order by id`,
      [caseId]
    );
    // The review not begun: the legal limit's red card and the review step's yellow card both hold the handler's post.
    const card = cards.find(c => c.level === 'redCard');
    expect(card?.record.responsible).toEqual({ role: '承办人' });
    const step = cards.find(c => c.key.startsWith('yellowCard:step:'));
    expect(step?.record.responsible).toEqual({ role: '承办人' });
    red = card!.id;
    await worker.tick();
    for (const [login, title, who] of [
      ['handler', '【红牌】', '承办人岗位'],
      ['chief', '【红牌】', '承办人岗位'],
      ['handler', '【黄牌】', '承办人岗位'],
      ['chief', '【黄牌】', '承办人岗位']
    ] as const) {
      const notes = await inboxOf(login, title);
      expect(notes.length, `${login} ${title}`).toBeGreaterThan(0);
      expect(notes.map(n => n.body).join()).toContain(`责任人：${who}`);
    }
    expect(await inboxOf('leader', '【红牌】')).toEqual([]);
    for (const login of ['window', 'planning']) expect(await inboxOf(login, '牌】')).toEqual([]);

    const listed = await as.supervisor!.get('/api/supervision/events?handling=open');
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((e: { id: number }) => e.id === red)).toMatchObject({
      handling: 'open',
      handlingLabel: '待处理'
    });
    expect((await as.supervisor!.get('/api/supervision/events?handling=closed')).body.items).toEqual([]);
    const seen = await as.handler!.get(url(red));
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body.handling.actions).toEqual([]);
    expect((await as.supervisor!.get(url(red))).body.handling.actions).toEqual(['requestExplanation', 'correct']);
  });

  it('refuses whoever is not the department’s supervisor, and hides the event from other departments', async () => {
    const ask = { deadline: { workdays: 2 }, question: '为何超过法定时限仍未审查？' };
    await step('91350100M000100Y43', red, 'request-explanation', ask, 403);
    await step('planning', red, 'request-explanation', ask, 404);
    await step('planning-supervisor', red, 'request-explanation', ask, 404);
    expect((await as['planning-supervisor']!.get(url(red))).status).toBe(404);
    expect((await as.planning!.get(url(red))).status).toBe(404);
    await step('bureau', red, 'request-explanation', ask, 403);
    await step('chief', red, 'request-explanation', ask, 403);
    // Not responsible and not asked: the deciding leader does not see the red card.
    expect((await as.leader!.get(url(red))).status).toBe(404);
    await step('supervisor', red, 'reexamine', { upheld: true }, 403);
    await step(
      'supervisor',
      red,
      'accountability',
      { persons: [{ name: '陈承办' }], grounds: '超期', measure: 'education' },
      403
    );
    await step('supervisor', red, 'close', { receipt: '已办结' }, 409);
    await step('supervisor', 999_999, 'correct', { text: '已纠正' }, 404);
    const denied = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action like 'supervision.%' and target = $1 and outcome = 'denied'`,
      [String(red)]
    );
    expect(denied[0]!.n).toBeGreaterThanOrEqual(8);
  });

  it('department level: asked, explained, corrected and closed with a receipt', async () => {
    // The case waits at the handler's review: the supervisor asks the handler by name.
    const asked = await step('supervisor', red, 'request-explanation', {
      to: { person: id('handler') },
      deadline: { workdays: 2 },
      question: '为何超过法定时限仍未审查？'
    });
    expect(asked.handling.state).toBe('explanationRequested');
    expect(asked.handling.pendingExplanation).toMatchObject({
      to: { person: { id: id('handler'), name: '陈承办' }, role: '承办人' },
      overdue: false
    });
    await worker.tick();
    for (const login of ['handler', 'chief']) expect(await inboxOf(login, '【要求说明】'), login).toHaveLength(1);
    const mine = async (login: string) => (await as[login]!.get('/api/supervision/explanations')).body.items;
    expect(await mine('handler')).toMatchObject([{ id: red, question: '为何超过法定时限仍未审查？', overdue: false }]);
    for (const login of ['chief', 'leader', 'supervisor']) expect(await mine(login), login).toEqual([]);
    await step('chief', red, 'explain', { text: '不是我' }, 403);
    await step('leader', red, 'explain', { text: '不是我' }, 404);
    await step('supervisor', red, 'request-explanation', { deadline: { workdays: 1 }, question: '再问' }, 409);
    const explained = await step('handler', red, 'explain', { text: '材料流转延误，已开始审查。' });
    expect(explained.handling.state).toBe('explained');
    expect(await mine('handler')).toEqual([]);
    await step('handler', red, 'close', { receipt: '我来办结' }, 403);
    await step('supervisor', red, 'correct', { text: '已督促承办人当日完成审查。' });
    const closed = await step('supervisor', red, 'close', { receipt: '已纠正并回告。' });
    expect(closed.handling.state).toBe('closed');
    expect(closed.handling.actions).toEqual([]);
  });

  it('city level: the bureau reopens with findings, the department closes again, the bureau upholds and records accountability', async () => {
    await step('bureau', red, 'reexamine', { upheld: false }, 400);
    const reopened = await step('bureau', red, 'reexamine', { upheld: false, findings: '未说明超期原因的整改措施。' });
    expect(reopened.handling.state).toBe('reopened');
    expect(
      (await as.supervisor!.get('/api/supervision/events?handling=reopened')).body.items.map(
        (e: { id: number }) => e.id
      )
    ).toContain(red);
    await step('bureau', red, 'close', { receipt: '督查局办结' }, 403);
    await step('supervisor', red, 'correct', { text: '建立超期提醒，承办人每日查看待办。' });
    await step('supervisor', red, 'close', { receipt: '已按督查局意见整改。' });
    await step('bureau', red, 'reexamine', { upheld: true });
    const final = await step('bureau', red, 'accountability', {
      persons: [{ name: '陈承办', post: '承办人', staffId: id('handler') }],
      grounds: '办件超过法定时限未审查。',
      measure: 'criticism'
    });
    expect(final.handling.state).toBe('upheld');
    expect(final.handling.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'explanationRequested',
      'explained',
      'corrected',
      'closed',
      'reexamined',
      'corrected',
      'closed',
      'reexamined',
      'accountability'
    ]);
    expect(final.handling.steps.at(-1).detail).toMatchObject({ measure: 'criticism', measureLabel: '通报批评' });
    await step('supervisor', red, 'correct', { text: '再纠正' }, 409);
  });

  it('an explanation left past its deadline raises its own yellow card, once', async () => {
    t.clock.set('2026-12-02 09:00');
    const [other] = await t.store.db.query<{ id: number }>(
      `select id::int as id from supervision_events where department = $1 and id <> $2 and handling = 'open' order by id limit 1`,
      [housing, red]
    );
    expect(other, 'another open event of the department').toBeDefined();
    const asked = await step('supervisor', other!.id, 'request-explanation', {
      to: { person: id('handler') },
      deadline: { workdays: 1 },
      question: '请说明。'
    });
    expect(asked.handling.pendingExplanation.to).toMatchObject({ person: { name: '陈承办' } });
    const overdue = () =>
      t.store.db.query<{ id: number; level: string; department: string; record: { about: number } }>(
        `select id::int as id, level, department, record from supervision_events where rule = 'explanationOverdue'`
      );
    await worker.tick();
    expect(await overdue()).toEqual([]);
    t.clock.set('2026-12-04 09:00');
    await worker.tick();
    await worker.tick();
    const cards = await overdue();
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ level: 'yellowCard', department: housing, record: { about: other!.id } });
    for (const login of ['handler', 'chief']) expect(await inboxOf(login, '说明超期'), login).toHaveLength(1);
    const late = await as.supervisor!.get(url(other!.id));
    expect(late.body.handling.pendingExplanation.overdue).toBe(true);
    const asked2 = (await as.handler!.get('/api/supervision/explanations')).body.items;
    expect(asked2).toMatchObject([{ id: other!.id, overdue: true }]);
    // Late, the explanation is still made; the card stays, and is not raised again.
    await step('handler', other!.id, 'explain', { text: '迟到的说明。' });
    await worker.tick();
    expect(await overdue()).toHaveLength(1);
    // The card is itself an event the department handles.
    expect((await as.supervisor!.get(url(cards[0]!.id))).body.handling.actions).toContain('requestExplanation');
  });

  it('keeps every step: the steps refuse deletion and change, and each step is in the audit log', async () => {
    await expect(t.store.db.query('delete from supervision_steps where event_id = $1', [red])).rejects.toThrow();
    await expect(
      t.store.db.query(`update supervision_steps set detail = '{}' where event_id = $1`, [red])
    ).rejects.toThrow();
    const steps = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from supervision_steps where event_id = $1`,
      [red]
    );
    expect(steps[0]!.n).toBe(9);
    const audited = await t.store.db.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from audit_log where target = $1 and outcome = 'ok' and action <> 'supervision.event.read' group by action order by action`,
      [String(red)]
    );
    expect(Object.fromEntries(audited.map(a => [a.action, a.n]))).toEqual({
      'supervision.accountability': 1,
      'supervision.close': 2,
      'supervision.correct': 2,
      'supervision.explain': 1,
      'supervision.reexamine': 2,
      'supervision.requestExplanation': 1
    });
  });
});
