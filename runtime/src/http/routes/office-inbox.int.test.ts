import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const organisation = '91350100M000100Y43';

interface Row {
  kind: string;
  id: string;
  caseNumber: string | null;
  step: string;
  status: string;
  coApproval: boolean;
  level: string;
  paused: { reason: string; reasonLabel: string; remaining: Record<string, unknown> } | null;
  due: { step: { at: string; remaining: number | null; overdue: boolean } | null };
}

describe.each(dbKinds)('the staff inbox on %s', kind => {
  let t: TestApp;
  let company: Client;
  const staff: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as(organisation);
    for (const login of ['window', 'handler', 'chief', 'leader', 'planning', 'airdefence', 'supervisor']) {
      staff[login] = await t.as(login);
      const [row] = await t.store.db.query<{ id: string }>('select id from users where login = $1', [login]);
      ids[login] = row!.id;
    }
  });
  afterAll(async () => t?.close());

  async function submit() {
    const answers = answersFor(permit);
    const response = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return (response.body as { id: string }).id;
  }

  async function command(login: string, id: string, body: Record<string, unknown>) {
    const response = await staff[login]!.post(`/api/office/cases/${id}/commands`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  async function inbox(login: string, query = ''): Promise<{ items: Row[]; next?: string }> {
    const response = await staff[login]!.get(`/api/office/inbox${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  const mine = (rows: Row[]) => rows.filter(r => Object.values(cases).includes(r.id)).map(r => name(r.id));
  const name = (id: string) => Object.entries(cases).find(([, v]) => v === id)?.[0];

  it('each post sees exactly the cases waiting for it, most urgent first, paused ones last with their reason', async () => {
    t.clock.set('2026-09-28 10:00');
    cases.a = await submit();
    t.clock.set('2026-09-28 11:00');
    cases.b = await submit();
    t.clock.set('2026-09-29 09:00');
    cases.c = await submit();
    // a: accepted and handed to the handler; b: out for correction; c: waits for pre-review.
    await command('window', cases.a, { type: 'passPreReview' });
    await command('window', cases.a, { type: 'confirmPaper' });
    await command('window', cases.a, { type: 'accept' });
    await command('window', cases.b, { type: 'requestCorrection', items: ['施工合同缺少签章页'] });

    const window = await inbox('window');
    expect(mine(window.items)).toEqual(['c', 'b']);
    expect((await staff.window!.get('/api/office/inbox/views')).body.all).toBe(2);
    const corrected = window.items.find(r => r.id === cases.b)!;
    expect(corrected).toMatchObject({ status: 'correcting', paused: { reason: 'correction' } });
    expect(corrected.due.step).toBeNull();
    expect(window.items[0]).toMatchObject({ kind: 'case', step: '预审', coApproval: false, level: 'none' });
    expect(window.items[0]!.due.step!.remaining).toBeGreaterThanOrEqual(0);

    expect(mine((await inbox('handler')).items)).toEqual(['a']);
    for (const login of ['chief', 'leader', 'planning', 'airdefence'])
      expect(mine((await inbox(login)).items)).toEqual([]);

    // The handler finishes review: the parallel step waits for any post of the lead department, not yet the co-approvers.
    await command('handler', cases.a, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
    expect(mine((await inbox('chief')).items)).toEqual(['a']);
    expect(mine((await inbox('planning')).items)).toEqual([]);
    await command('handler', cases.a, { type: 'distribute' });
    for (const login of ['planning', 'airdefence']) {
      const rows = (await inbox(login)).items.filter(r => r.id === cases.a);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ coApproval: true, step: expect.any(String) });
      expect(rows[0]!.due.step).not.toBeNull();
    }
    await command('planning', cases.a, { type: 'answerCoApproval', agree: true });
    expect(mine((await inbox('planning')).items)).toEqual([]);
    expect(mine((await inbox('airdefence', '?coApproval=true')).items)).toEqual(['a']);
    expect(mine((await inbox('airdefence', '?coApproval=false')).items)).toEqual([]);
  });

  it('filters by status, channel and matter, and pages with a cursor', async () => {
    expect(mine((await inbox('window', '?status=submitted')).items)).toEqual(['c']);
    expect(mine((await inbox('window', '?channel=express')).items)).toEqual([]);
    expect(mine((await inbox('window', `?matter=${permit.code}&limit=1`)).items)).toEqual(['c']);
    const first = await inbox('window', '?limit=1');
    expect(first.next).toBeDefined();
    // The parallel step waits for any post of its lead department (the authority rule): the window's too.
    const second = await inbox('window', `?limit=1&cursor=${first.next}`);
    expect(mine(second.items)).toEqual(['a']);
    const third = await inbox('window', `?limit=1&cursor=${second.next}`);
    expect(mine(third.items)).toEqual(['b']);
    const bad = await staff.window!.get('/api/office/inbox?cursor=bm9uc2Vuc2U');
    expect(bad.status).toBe(422);
    // A member of staff with no post has no inbox.
    const supervisor = await staff.supervisor!.get('/api/office/inbox');
    expect(supervisor.status).toBe(403);
  });

  it('a special procedure pauses the case with what will remain of each limit', async () => {
    await command('airdefence', cases.a!, { type: 'answerCoApproval', agree: true });
    await command('handler', cases.a!, { type: 'consolidate', opinion: '两部门同意' });
    await command('chief', cases.a!, {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '超限高层专家论证',
      expected: { amount: 10, unit: 'workdays' }
    });
    const rows = (await inbox('chief')).items.filter(r => r.id === cases.a);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'paused',
      paused: { reason: 'specialProcedure', remaining: { legal: { unit: 'workdays' }, promised: expect.any(Object) } }
    });
    expect(rows[0]!.due.step).toBeNull();
    await command('chief', cases.a!, { type: 'endSpecialProcedure', result: '论证通过' });
    expect(mine((await inbox('chief')).items)).toEqual(['a']);
  });

  it('tells staff of new work on their post, and not the one who passed it on', async () => {
    const notes = await t.store.db.query<{ recipient: string; subject: string }>(
      `select recipient, subject from outbox where channel = 'inbox' and case_id = $1 and subject like '【待办】%' order by id`,
      [cases.a]
    );
    const to = (login: string) => notes.filter(n => n.recipient === ids[login]).map(n => n.subject);
    expect(to('handler').some(s => s.includes('审查'))).toBe(true);
    expect(to('planning').some(s => s.includes('并联审批答复'))).toBe(true);
    expect(to('airdefence').some(s => s.includes('并联审批答复'))).toBe(true);
    expect(to('window').filter(s => s.includes('受理'))).toEqual([]);
    expect(to('supervisor')).toEqual([]);
  });

  it('shows a new consultation to every post of the department, and tells each of them', async () => {
    const asked = await company.post('/api/hall/consultations', {
      matterCode: permit.code,
      question: '施工许可证需要提供几份施工合同？'
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const id = asked.body.id as string;
    for (const login of ['window', 'handler']) {
      const rows = (await inbox(login, '?kind=consultation')).items;
      expect(rows.map(r => r.id)).toContain(id);
    }
    // Another department's posts do not see it.
    expect((await inbox('planning', '?kind=consultation')).items.map(r => r.id)).not.toContain(id);
    const told = await t.store.db.query<{ recipient: string }>(
      `select recipient from outbox where channel = 'inbox' and subject = '【待办】新的咨询' and payload->>'id' = $1`,
      [id]
    );
    expect(told.map(r => r.recipient)).toEqual(
      expect.arrayContaining([ids.window, ids.handler, ids.chief, ids.leader])
    );
    expect(told.map(r => r.recipient)).not.toContain(ids.planning);
  });

  it('tells the responsible staff of warnings and cards raised on their cases', async () => {
    // Past the step's limit of 审核 (1 workday): the chief's yellow card.
    t.clock.set('2026-10-20 10:00');
    await t.services.cases.executeWith(cases.a!, () => 'supervise', t.clock.now);
    const cards = await t.store.db.query<{ recipient: string; subject: string }>(
      `select recipient, subject from outbox where channel = 'inbox' and case_id = $1 and payload->>'kind' = 'staffSupervision'`,
      [cases.a]
    );
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.some(c => c.recipient === ids.chief && c.subject.includes('牌'))).toBe(true);
    for (const login of ['planning', 'airdefence', 'supervisor'])
      expect(cards.filter(c => c.recipient === ids[login])).toEqual([]);
    const rows = (await inbox('chief')).items.filter(r => r.id === cases.a);
    expect(['yellowCard', 'redCard']).toContain(rows[0]!.level);
    expect(rows[0]!.due.step!.overdue).toBe(true);
    expect(mine((await inbox('chief', '?supervision=card')).items)).toEqual(['a']);
  });

  it('saves views shared within the department or private, with counts; refuses others', async () => {
    const shared = await staff.handler!.post('/api/office/inbox/views', {
      name: '并联中',
      shared: true,
      filters: { coApproval: false, status: 'inReview' }
    });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    const own = await staff.handler!.post('/api/office/inbox/views', { name: '仅我', shared: false, filters: {} });
    expect(own.status).toBe(201);
    const again = await staff.handler!.post('/api/office/inbox/views', { name: '仅我', shared: false, filters: {} });
    expect(again.status).toBe(409);
    const elsewhere = await staff.handler!.post('/api/office/inbox/views', {
      name: '规划局的',
      shared: true,
      department: '市自然资源和规划局',
      filters: {}
    });
    expect(elsewhere.status).toBe(403);

    const chiefViews = (await staff.chief!.get('/api/office/inbox/views')).body;
    expect(chiefViews.items.map((v: { name: string }) => v.name)).toEqual(['并联中']);
    expect(chiefViews.items[0]).toMatchObject({ mine: false, count: 1, filters: { status: 'inReview' } });
    const handlerViews = (await staff.handler!.get('/api/office/inbox/views')).body;
    expect(handlerViews.items.map((v: { name: string }) => v.name).sort()).toEqual(['仅我', '并联中'].sort());
    expect((await staff.planning!.get('/api/office/inbox/views')).body.items).toEqual([]);

    // A view another department saved is not found; a colleague's shared one is theirs to delete.
    expect((await staff.planning!.get(`/api/office/inbox?view=${shared.body.id}`)).status).toBe(404);
    expect(mine((await inbox('chief', `?view=${shared.body.id}`)).items)).toEqual(['a']);
    expect((await staff.chief!.delete(`/api/office/inbox/views/${shared.body.id}`)).status).toBe(403);
    expect((await staff.planning!.delete(`/api/office/inbox/views/${own.body.id}`)).status).toBe(404);
    expect((await staff.handler!.delete(`/api/office/inbox/views/${own.body.id}`)).status).toBe(200);
    const audit = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action like 'inbox.view.%' order by id`
    );
    expect(audit.map(a => a.outcome)).toEqual(['ok', 'ok', 'denied', 'denied', 'denied', 'denied', 'ok']);
  });
});
