import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../auth/middleware.ts';
import { createSession } from '../auth/sessions.ts';
import { testCreditCode, testIdNumber } from '../auth/testing.ts';
import { createApplicant, createStaff } from '../auth/users.ts';
import { demoPassword } from '../demo.ts';
import type { Command } from '../engine/index.ts';
import { dbKinds } from '../store/testing.ts';
import { answersFor } from '../testing/answers.ts';
import { at, loadCatalog } from '../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../testing/http.ts';
import { inboxChannel } from '../worker/channels.ts';
import { serviceTimerHandlers } from '../worker/service-timers.ts';
import { Worker } from '../worker/worker.ts';
import { refuseIfRestricted } from '../services/restrictions.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const iso = (local: string) => new Date(at(local)).toISOString();

describe.each(dbKinds)('the blacklist over HTTP on %s', kind => {
  let t: TestApp;
  let worker: Worker;
  let serial = 0;

  beforeAll(async () => {
    t = await openTestApp(kind);
    worker = new Worker(t.store.db, { handlers: serviceTimerHandlers, channels: { inbox: inboxChannel }, now: () => t.clock.now });
    await createStaff(t.store.db, { login: 'health', name: '卫健窗口', password: demoPassword, department: '市卫生健康委员会', roles: ['窗口'], duties: [] });
  });
  afterAll(async () => t?.close());

  /** A session begun now on the simulated clock (the tests jump weeks, past any session's life). */
  async function as(login: string): Promise<Client> {
    const [user] = await t.store.db.query<{ id: string }>('select id from users where login = $1', [login]);
    const session = await createSession(t.store.db, user!.id, t.clock.now);
    return new Client(t.app, undefined, `${sessionCookieName}=${session.token}`, session.csrfToken);
  }

  /** A new organisation with one construction-permit case, submitted through the store. */
  async function organisationWithCase(): Promise<{ id: string; login: string; caseId: string; caseNumber: string }> {
    const n = 500 + serial++ + (kind === 'postgres' ? 100 : 0);
    const org = await createApplicant(t.store.db, { kind: 'organisation', name: `厦门市测试${n}有限公司`, creditCode: testCreditCode(n), contactName: '张三', phone: '13800138000', password: 'abc12345' });
    const caseId = randomUUID();
    const command: Extract<Command, { type: 'submit' }> = {
      type: 'submit', by: { kind: 'applicant', id: org.id, name: org.name }, caseId, caseNumber: '',
      applicant: { id: org.id, kind: 'organisation', name: org.name, goodRecord: false }, channel: 'online', answers: answersFor(permit), materials: []
    };
    const outcome = await t.store.cases.submit(permit.code, command, t.clock.now);
    expect(outcome.ok).toBe(true);
    const [row] = await t.store.db.query<{ case_number: string }>('select case_number from cases where case_id = $1', [caseId]);
    return { id: org.id, login: testCreditCode(n), caseId, caseNumber: row!.case_number };
  }

  async function expectStatus(response: Promise<{ status: number; body: any }>, status: number) {
    const r = await response;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  const falseMaterials = { materials: ['营业执照副本', '施工合同'], reason: '经向市场监管部门核实，营业执照副本系伪造。' };

  async function inbox(userId: string) {
    await worker.tick();
    return t.store.db.query<{ title: string; body: string }>('select title, body from inbox_messages where user_id = $1 order by id', [userId]);
  }

  it('false materials are recorded by staff of a department handling the case, with a reason; nobody else', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const path = `/api/office/cases/${org.caseId}/false-materials`;
    await expectStatus((await as(org.login)).post(path, falseMaterials), 403);
    expect((await expectStatus((await as('supervisor')).post(path, falseMaterials), 403)).error.message).toContain('办理岗位');
    await expectStatus((await as('bureau')).post(path, falseMaterials), 403);
    expect((await expectStatus((await as('health')).post(path, falseMaterials), 404)).error.message).toContain('不参与办理');
    await expectStatus((await as('window')).post(path, { ...falseMaterials, materials: [] }), 400);
    await expectStatus((await as('window')).post(path, { materials: ['营业执照副本'] }), 400);
    expect((await (await as(org.login)).get('/api/hall/restriction')).body.restricted).toBe(false);

    const recorded = await expectStatus((await as('window')).post(path, falseMaterials), 201);
    expect(recorded.restriction).toMatchObject({ summary: `办理事项时提供虚假申请材料或信息（${housing}认定，办件编号 ${org.caseNumber}）`, appealBy: iso('2026-11-17 00:00') });
    await expectStatus((await as('handler')).post(path, falseMaterials), 409);

    const mine = await expectStatus((await as(org.login)).get('/api/hall/restriction'), 200);
    expect(mine).toMatchObject({
      restricted: true, until: iso('2027-09-29 10:00'),
      restrictions: [{ ground: 'falseMaterials', state: 'inForce', canAppeal: true, appealBy: iso('2026-11-17 00:00'), appeal: null,
        grounds: [{ kind: 'falseMaterials', department: housing, caseNumber: org.caseNumber, materials: falseMaterials.materials, reason: falseMaterials.reason }] }]
    });
    await expect(refuseIfRestricted(t.store.db, { id: org.id }, t.clock.now)).rejects.toMatchObject({ status: 403, code: 'applicant.restricted', message: expect.stringContaining(org.caseNumber) });
    const notice = (await inbox(org.id)).find(m => m.title.includes('黑名单'));
    expect(notice?.body).toContain('提供虚假申请材料');
    expect(notice?.body).toContain('2026年11月16日前');

    const audited = await t.store.db.query<{ outcome: string; case_id: string | null }>(`select outcome, case_id from audit_log where action = 'restriction.falseMaterials' and target = $1 order by id`, [org.caseId]);
    expect(audited.map(a => a.outcome)).toEqual(['denied', 'denied', 'denied', 'ok', 'rejected']);
    expect(audited[3]!.case_id).toBe(org.caseId);
  });

  it('the applicant appeals within 30 workdays; the reform office lifts it and the restriction ends; staff without the duty cannot', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const other = await organisationWithCase();
    const { restriction } = await expectStatus((await as('window')).post(`/api/office/cases/${org.caseId}/false-materials`, falseMaterials), 201);

    t.clock.set('2026-11-16 17:00');
    await expectStatus((await as('window')).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '不知情' }), 403);
    await expectStatus((await as(other.login)).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '冒名申诉' }), 404);
    await expectStatus((await as(org.login)).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '' }), 400);
    const appeal = await expectStatus((await as(org.login)).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '执照由代办公司提供，本公司不知情，附代办合同。' }), 201);
    expect(appeal).toMatchObject({ restrictionId: restriction.id, status: 'pending', statusLabel: '正在核实' });
    expect((await expectStatus((await as(org.login)).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '再次申诉' }), 409)).error.code).toBe('restriction.appeal-exists');

    await expectStatus((await as('window')).get('/api/office/restriction-appeals'), 403);
    const listed = await expectStatus((await as('reform')).get('/api/office/restriction-appeals?status=pending'), 200);
    expect(listed.items).toContainEqual(expect.objectContaining({
      id: appeal.id, reason: expect.stringContaining('代办合同'), applicant: expect.objectContaining({ id: org.id }),
      restriction: expect.objectContaining({ id: restriction.id, grounds: [expect.objectContaining({ caseNumber: org.caseNumber })] })
    }));
    expect((await expectStatus((await as('bureau')).get('/api/office/restriction-appeals'), 200)).items.map((a: { id: string }) => a.id)).toContain(appeal.id);

    const decide = `/api/office/restriction-appeals/${appeal.id}/decide`;
    await expectStatus((await as('window')).post(decide, { lift: true, reasons: '我说了算' }), 403);
    await expectStatus((await as(org.login)).post(decide, { lift: true, reasons: '自己解除' }), 403);
    await expectStatus((await as('reform')).post(decide, { lift: true }), 400);
    t.clock.set('2026-11-18 10:00');
    const decided = await expectStatus((await as('reform')).post(decide, { lift: true, reasons: '经核实，执照系代办公司伪造，申请人不知情，予以除名。' }), 200);
    expect(decided).toMatchObject({ status: 'lifted', statusLabel: '申诉成立，已解除限制', decidedAt: iso('2026-11-18 10:00') });
    await expectStatus((await as('bureau')).post(decide, { lift: false, reasons: '维持' }), 409);

    expect(await expectStatus((await as(org.login)).get('/api/hall/restriction'), 200)).toMatchObject({
      restricted: false, until: null, restrictions: [{ state: 'lifted', liftReason: expect.stringContaining('予以除名'), appeal: { status: 'lifted' } }]
    });
    await expect(refuseIfRestricted(t.store.db, { id: org.id }, t.clock.now)).resolves.toBeUndefined();
    const lifted = (await inbox(org.id)).at(-1)!;
    expect(lifted.title).toBe('【网上办事黑名单】您的申诉成立，限制已解除');
    expect(lifted.body).toContain('予以除名');
    const audited = await t.store.db.query<{ outcome: string }>(`select outcome from audit_log where action = 'restriction.decideAppeal' and target = $1 order by id`, [appeal.id]);
    expect(audited.map(a => a.outcome)).toEqual(['denied', 'ok', 'rejected']);
    const appealed = await t.store.db.query<{ outcome: string }>(`select outcome from audit_log where action = 'restriction.appeal' and target = $1 order by id`, [restriction.id]);
    expect(appealed.map(a => a.outcome)).toEqual(['denied', 'ok', 'rejected']);
  });

  it('an appeal after 30 workdays is refused; an upheld appeal keeps the restriction and says why', async () => {
    t.clock.set('2026-09-29 10:00');
    const late = await organisationWithCase();
    const upheld = await organisationWithCase();
    const first = (await expectStatus((await as('window')).post(`/api/office/cases/${late.caseId}/false-materials`, falseMaterials), 201)).restriction;
    const second = (await expectStatus((await as('handler')).post(`/api/office/cases/${upheld.caseId}/false-materials`, falseMaterials), 201)).restriction;

    t.clock.set('2026-10-12 09:00');
    const appeal = await expectStatus((await as(upheld.login)).post('/api/hall/restriction/appeal', { restrictionId: second.id, reason: '材料是真的' }), 201);
    const decided = await expectStatus((await as('bureau')).post(`/api/office/restriction-appeals/${appeal.id}/decide`, { lift: false, reasons: '发证机关已书面确认该执照编号不存在。' }), 200);
    expect(decided).toMatchObject({ status: 'upheld', decision: '发证机关已书面确认该执照编号不存在。' });
    expect((await expectStatus((await as(upheld.login)).get('/api/hall/restriction'), 200)).restricted).toBe(true);
    expect((await inbox(upheld.id)).at(-1)!).toMatchObject({ title: '【网上办事黑名单】您的申诉不成立，维持限制', body: expect.stringContaining('执照编号不存在') });

    t.clock.set('2026-11-17 00:00');
    const refused = await expectStatus((await as(late.login)).post('/api/hall/restriction/appeal', { restrictionId: first.id, reason: '晚了也想申诉' }), 409);
    expect(refused.error).toMatchObject({ code: 'restriction.appeal-late', message: expect.stringContaining('2026年11月16日') });
    expect((await expectStatus((await as(late.login)).get('/api/hall/restriction'), 200)).restrictions[0]).toMatchObject({ canAppeal: false, appeal: null });
  });

  it('complaints the department finds untrue count: the fourth restricts; an accepted complaint cannot be found untrue at once', async () => {
    t.clock.set('2026-09-28 10:00');
    const person = await createApplicant(t.store.db, { kind: 'person', name: '钱投诉', idNumber: testIdNumber(kind === 'postgres' ? 811 : 812), phone: '13800138001', password: 'abc12345' });
    const login = person.kind === 'person' ? person.idNumber : '';
    const window = await as('window');
    const file = async (content: string) => expectStatus((await as(login)).post('/api/hall/complaints', { department: housing, content }), 201);
    const complaints = [];
    for (let i = 1; i <= 4; i++) complaints.push(await file(`第 ${i} 次投诉：窗口人员不在岗`));
    expect((await expectStatus(window.post(`/api/office/complaints/${complaints[0].id}/decide`, { accept: true, reply: '受理', untrue: true }), 422)).error.code).toBe('complaint.untrue-accepted');
    for (const c of complaints.slice(0, 3)) {
      expect(await expectStatus(window.post(`/api/office/complaints/${c.id}/decide`, { accept: false, reply: '经查监控，窗口人员全天在岗。', untrue: true }), 200)).toMatchObject({ foundUntrue: true });
    }
    expect((await expectStatus((await as(login)).get('/api/hall/restriction'), 200)).counting).toMatchObject({ falseComplaints: 3, threshold: 3 });
    await expectStatus(window.post(`/api/office/complaints/${complaints[3].id}/decide`, { accept: true, reply: '受理，调查核实' }), 200);
    await expectStatus(window.post(`/api/office/complaints/${complaints[3].id}/resolve`, { reply: '经调查，与事实不符。', publicSummary: '经查，投诉反映情况与事实不符。', untrue: true }), 200);
    const mine = await expectStatus((await as(login)).get('/api/hall/restriction'), 200);
    expect(mine).toMatchObject({ restricted: true, restrictions: [{ ground: 'falseComplaint', summary: '12 个月内提出与事实不符的投诉 4 次，超过 3 次', grounds: [{}, {}, {}, {}] }] });
    const messages = await inbox(person.id);
    expect(messages.some(m => m.body.includes('与事实不符') && m.title.includes('投诉'))).toBe(true);
    const audited = await t.store.db.query<{ detail: { untrue: boolean } }>(`select detail from audit_log where action = 'complaint.decide' and target = $1 and outcome = 'ok'`, [complaints[0].id]);
    expect(audited[0]!.detail.untrue).toBe(true);
  });
});
