import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { inboxChannel } from '../../platform/worker/channels.ts';
import { requestTimerHandlers } from '../../requests/index.ts';
import { caseTimerHandlers } from '../../cases/index.ts';
import { Worker } from '../../platform/worker/worker.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const planningBureau = '市自然资源和规划局';
const iso = (local: string) => new Date(at(local)).toISOString();

describe.each(dbKinds)('hall services over HTTP on %s', kind => {
  let t: TestApp;
  let person: Client;
  let company: Client;
  let window: Client;
  let planning: Client;
  let supervisor: Client;
  let worker: Worker;

  beforeAll(async () => {
    t = await openTestApp(kind);
    person = await t.as('11010519491231002X');
    company = await t.as('91350100M000100Y43');
    window = await t.as('window');
    planning = await t.as('planning');
    supervisor = await t.as('supervisor');
    worker = new Worker(t.store.db, {
      handlers: { ...caseTimerHandlers(t.store.cases), ...requestTimerHandlers },
      channels: { inbox: inboxChannel },
      now: () => t.clock.now
    });
  });
  afterAll(async () => t?.close());

  async function expectStatus(response: Promise<{ status: number; body: any }>, status: number) {
    const r = await response;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  /** An online construction-permit application by the company, with the files its answers make required. */
  async function permitApplication() {
    const answers = answersFor(permit);
    return {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    };
  }

  async function inboxOf(client: Client): Promise<Array<{ title: string; body: string }>> {
    await worker.tick();
    return (await client.get('/api/hall/inbox')).body.items;
  }

  async function cardsFor(subjectId: string) {
    return t.store.db.query<{ rule: string; level: string; department: string }>(
      'select rule, level, department from supervision_events where subject_id = $1 order by id',
      [subjectId]
    );
  }

  describe('consultations (网上咨询)', () => {
    it("an applicant asks about a matter: it goes to the matter's department, due in 3 workdays (forwarding in 2)", async () => {
      t.clock.set('2026-09-28 10:00');
      const asked = await expectStatus(
        person.post('/api/hall/consultations', { matterCode: permit.code, question: '施工许可需要提供几份施工合同？' }),
        201
      );
      // 9-29, 9-30, then the National Day holiday until 10-07: the third workday is 10-08.
      expect(asked).toMatchObject({
        department: housing,
        status: 'open',
        statusLabel: '待答复',
        answerDue: iso('2026-10-09 00:00'),
        forwardDue: iso('2026-10-01 00:00')
      });
      expect((await person.get('/api/hall/consultations')).body.items.map((c: { id: string }) => c.id)).toContain(
        asked.id
      );
      expect((await company.get('/api/hall/consultations')).body.items.map((c: { id: string }) => c.id)).not.toContain(
        asked.id
      );
    });

    it('refuses a question without matter or department, an unknown department, a mismatch and an over-long question', async () => {
      expect((await person.post('/api/hall/consultations', { question: '你好' })).status).toBe(400);
      const unknown = await expectStatus(
        person.post('/api/hall/consultations', { department: '市不存在局', question: '你好' }),
        422
      );
      expect(unknown.error.message).toContain('目录中没有');
      await expectStatus(
        person.post('/api/hall/consultations', {
          matterCode: permit.code,
          department: planningBureau,
          question: '你好'
        }),
        422
      );
      await expectStatus(
        person.post('/api/hall/consultations', { department: housing, question: '问'.repeat(2001) }),
        400
      );
      await expectStatus(
        window.post('/api/hall/consultations', { department: housing, question: '工作人员不能咨询' }),
        403
      );
    });

    it('only staff of the department answer; the asker finds the answer in the inbox; a second answer is refused', async () => {
      t.clock.set('2026-09-28 10:00');
      const asked = await expectStatus(
        person.post('/api/hall/consultations', { department: housing, question: '预售许可和施工许可能同时办理吗？' }),
        201
      );
      expect(
        (await planning.get('/api/office/consultations')).body.items.map((c: { id: string }) => c.id)
      ).not.toContain(asked.id);
      await expectStatus(planning.post(`/api/office/consultations/${asked.id}/answer`, { answer: '可以' }), 404);
      await expectStatus(person.post(`/api/office/consultations/${asked.id}/answer`, { answer: '可以' }), 403);
      await expectStatus(person.get('/api/office/consultations'), 403);
      // The department's supervisor may read the list but has no post to answer from.
      expect((await supervisor.get('/api/office/consultations')).body.items.map((c: { id: string }) => c.id)).toContain(
        asked.id
      );
      await expectStatus(supervisor.post(`/api/office/consultations/${asked.id}/answer`, { answer: '可以' }), 403);

      t.clock.set('2026-09-29 09:30');
      const answered = await expectStatus(
        window.post(`/api/office/consultations/${asked.id}/answer`, {
          answer: '可以并联办理，请在工程建设项目审批系统一并申报。'
        }),
        200
      );
      expect(answered).toMatchObject({
        status: 'answered',
        statusLabel: '已答复',
        answer: expect.stringContaining('并联办理'),
        closedAt: iso('2026-09-29 09:30')
      });
      await expectStatus(window.post(`/api/office/consultations/${asked.id}/answer`, { answer: '再答一次' }), 409);
      const inbox = await inboxOf(person);
      expect(inbox).toContainEqual(
        expect.objectContaining({
          title: expect.stringContaining('已答复您的咨询'),
          body: expect.stringContaining('并联办理')
        })
      );
      const mine = (await person.get('/api/hall/consultations')).body.items.find(
        (c: { id: string }) => c.id === asked.id
      );
      expect(mine).toMatchObject({ status: 'answered', answer: expect.stringContaining('并联办理') });
      const audit = await t.store.db.query<{ outcome: string }>(
        `select outcome from audit_log where action = 'consultation.answer' and target = $1 order by id`,
        [asked.id]
      );
      expect(audit.map(a => a.outcome)).toEqual(['denied', 'ok', 'rejected']);
    });

    it('forwarding: within 2 workdays it is simply forwarded; the other department gets it as a new consultation; the asker is told', async () => {
      t.clock.set('2026-09-28 10:00');
      const asked = await expectStatus(
        person.post('/api/hall/consultations', { department: housing, question: '我家宅基地的规划条件在哪里查？' }),
        201
      );
      await expectStatus(
        window.post(`/api/office/consultations/${asked.id}/forward`, { to: housing, note: '本部门' }),
        422
      );
      await expectStatus(
        window.post(`/api/office/consultations/${asked.id}/forward`, { to: '市不存在局', note: '无' }),
        422
      );
      t.clock.set('2026-09-30 16:00');
      const forwarded = await expectStatus(
        window.post(`/api/office/consultations/${asked.id}/forward`, {
          to: planningBureau,
          note: '规划条件由市自然资源和规划局答复。'
        }),
        200
      );
      expect(forwarded).toMatchObject({
        late: false,
        consultation: { status: 'forwarded', forwardedTo: planningBureau },
        forwardedAs: {
          department: planningBureau,
          status: 'open',
          question: asked.question,
          answerDue: iso('2026-10-11 00:00')
        }
      });
      expect(await cardsFor(asked.id)).toEqual([]);
      const theirs = (await planning.get('/api/office/consultations?status=open')).body.items.map(
        (c: { id: string }) => c.id
      );
      expect(theirs).toContain(forwarded.forwardedAs.id);
      await expectStatus(window.post(`/api/office/consultations/${asked.id}/answer`, { answer: '已转办' }), 409);
      expect(await inboxOf(person)).toContainEqual(
        expect.objectContaining({
          title: `【网上咨询】您的咨询已转交${planningBureau}`,
          body: expect.stringContaining('规划条件由')
        })
      );
      // The forwarded consultation's own timer runs: the original's was stopped.
      t.clock.set('2026-10-09 10:00');
      await worker.tick();
      expect(await cardsFor(asked.id)).toEqual([]);
      await expectStatus(
        planning.post(`/api/office/consultations/${forwarded.forwardedAs.id}/answer`, {
          answer: '请到规划局窗口查询。'
        }),
        200
      );
    });

    it('forwarding after 2 workdays is still done, and raises one anomaly for the department', async () => {
      t.clock.set('2026-09-28 10:00');
      const asked = await expectStatus(
        person.post('/api/hall/consultations', { department: housing, question: '不动产登记怎么预约？' }),
        201
      );
      t.clock.set('2026-10-08 10:00');
      const forwarded = await expectStatus(
        window.post(`/api/office/consultations/${asked.id}/forward`, {
          to: planningBureau,
          note: '不动产登记不属于本局职责。'
        }),
        200
      );
      expect(forwarded.late).toBe(true);
      expect(await cardsFor(asked.id)).toEqual([
        { rule: 'consultationForwardLate', level: 'anomaly', department: housing }
      ]);
      const seen = (await supervisor.get('/api/supervision/events?level=anomaly')).body.items;
      expect(seen).toContainEqual(
        expect.objectContaining({
          subjectId: asked.id,
          rule: 'consultationForwardLate',
          message: expect.stringContaining('超过 2 个工作日')
        })
      );
    });

    it('a consultation nobody answers gets one yellow card when its 3 workdays are over; an answered one none', async () => {
      t.clock.set('2026-09-28 10:00');
      const open = await expectStatus(
        person.post('/api/hall/consultations', { department: housing, question: '没人回答的问题' }),
        201
      );
      const answered = await expectStatus(
        person.post('/api/hall/consultations', { department: housing, question: '有人回答的问题' }),
        201
      );
      await expectStatus(window.post(`/api/office/consultations/${answered.id}/answer`, { answer: '答复' }), 200);
      t.clock.set('2026-10-08 23:59');
      await worker.tick();
      expect(await cardsFor(open.id)).toEqual([]);
      t.clock.set('2026-10-09 00:01');
      await worker.tick();
      await worker.tick();
      t.clock.set('2026-10-12 10:00');
      await worker.tick();
      expect(await cardsFor(open.id)).toEqual([
        { rule: 'consultationOverdue', level: 'yellowCard', department: housing }
      ]);
      expect(await cardsFor(answered.id)).toEqual([]);
      // Answering late still answers; the card stays.
      await expectStatus(window.post(`/api/office/consultations/${open.id}/answer`, { answer: '迟到的答复' }), 200);
      expect(await cardsFor(open.id)).toHaveLength(1);
    });
  });

  describe('complaints (网上投诉)', () => {
    const content = '窗口工作人员态度差，本人李四，身份证 11010519491231002X，电话 13800000001。';

    it("a complaint about another applicant's case, or naming a department that has no part in it, is refused", async () => {
      t.clock.set('2026-09-28 10:00');
      const theirs = await expectStatus(company.post('/api/hall/cases', await permitApplication()), 201);
      await expectStatus(person.post('/api/hall/complaints', { department: housing, caseId: theirs.id, content }), 404);
      await expectStatus(
        company.post('/api/hall/complaints', {
          department: '市教育局',
          caseId: theirs.id,
          content: '与此件无关的部门'
        }),
        422
      );
      const own = await expectStatus(
        company.post('/api/hall/complaints', { department: housing, caseId: theirs.id, content: '受理太慢' }),
        201
      );
      expect(own).toMatchObject({
        caseId: theirs.id,
        caseNumber: theirs.caseNumber,
        status: 'open',
        acceptDue: iso('2026-10-09 00:00')
      });
    });

    it('the department accepts and resolves; the complainant sees the outcome; the public sees only department, date and summary', async () => {
      t.clock.set('2026-09-28 10:00');
      const filed = await expectStatus(person.post('/api/hall/complaints', { department: housing, content }), 201);
      await expectStatus(
        planning.post(`/api/office/complaints/${filed.id}/decide`, { accept: true, reply: '受理' }),
        404
      );
      await expectStatus(
        person.post(`/api/office/complaints/${filed.id}/decide`, { accept: true, reply: '受理' }),
        403
      );
      await expectStatus(
        window.post(`/api/office/complaints/${filed.id}/resolve`, { reply: '未受理先办结', publicSummary: '摘要' }),
        409
      );
      t.clock.set('2026-09-29 10:00');
      await expectStatus(
        window.post(`/api/office/complaints/${filed.id}/decide`, {
          accept: true,
          reply: '您的投诉已受理，我局将调查处理。'
        }),
        200
      );
      await expectStatus(
        window.post(`/api/office/complaints/${filed.id}/decide`, { accept: false, reply: '改主意' }),
        409
      );
      t.clock.set('2026-10-09 10:00');
      for (const publicSummary of [
        '投诉人李四反映窗口态度问题，已整改。',
        '联系电话 13800000001 的群众反映的问题已整改。',
        '身份证 11010519491231002X 的群众反映的问题已整改。'
      ]) {
        const refused = await expectStatus(
          window.post(`/api/office/complaints/${filed.id}/resolve`, { reply: '已处理', publicSummary }),
          422
        );
        expect(refused.error.message).toContain('公开摘要中不得');
      }
      const resolved = await expectStatus(
        window.post(`/api/office/complaints/${filed.id}/resolve`, {
          reply: '经调查属实，已对相关人员批评教育并加强培训。',
          publicSummary: '群众反映窗口服务态度问题，经查属实，已批评教育并加强窗口培训。'
        }),
        200
      );
      expect(resolved).toMatchObject({ status: 'resolved', statusLabel: '已办结' });
      const mine = (await person.get('/api/hall/complaints')).body.items.find((c: { id: string }) => c.id === filed.id);
      expect(mine).toMatchObject({ status: 'resolved', reply: expect.stringContaining('批评教育'), content });
      expect((await inboxOf(person)).map(m => m.title)).toEqual(
        expect.arrayContaining([`【网上投诉】${housing}已受理您的投诉`, `【网上投诉】${housing}已办结您的投诉`])
      );
      // Anyone may read the results, with nothing about the complainant.
      const published = await expectStatus(t.anonymous.get('/api/hall/complaints/public'), 200);
      expect(published.items).toContainEqual({
        department: housing,
        matterCode: null,
        date: '2026-10-09',
        publicSummary: '群众反映窗口服务态度问题，经查属实，已批评教育并加强窗口培训。'
      });
      for (const item of published.items)
        expect(Object.keys(item).sort()).toEqual(['date', 'department', 'matterCode', 'publicSummary']);
      const text = JSON.stringify(published);
      for (const secret of [
        '李四',
        '11010519491231002X',
        '13800000001',
        '态度差',
        filed.id,
        person.principal!.id,
        '厦门市示例建设有限公司',
        '受理太慢'
      ])
        expect(text).not.toContain(secret);
    });

    it('a refused complaint is told to the complainant but not published; one left open gets a yellow card after 3 workdays', async () => {
      t.clock.set('2026-09-28 10:00');
      const refused = await expectStatus(
        person.post('/api/hall/complaints', { department: housing, content: '不属于效能投诉的内容' }),
        201
      );
      const ignored = await expectStatus(
        person.post('/api/hall/complaints', { department: housing, content: '没人理的投诉' }),
        201
      );
      await expectStatus(
        window.post(`/api/office/complaints/${refused.id}/decide`, {
          accept: false,
          reply: '不属于效能投诉范围，请向有关部门反映。'
        }),
        200
      );
      expect(
        (await person.get('/api/hall/complaints')).body.items.find((c: { id: string }) => c.id === refused.id)
      ).toMatchObject({ status: 'refused', statusLabel: '不予受理' });
      expect(JSON.stringify((await t.anonymous.get('/api/hall/complaints/public')).body)).not.toContain(
        '不属于效能投诉范围'
      );
      t.clock.set('2026-10-09 10:00');
      await worker.tick();
      await worker.tick();
      expect(await cardsFor(ignored.id)).toEqual([
        { rule: 'complaintOverdue', level: 'yellowCard', department: housing }
      ]);
      expect(await cardsFor(refused.id)).toEqual([]);
    });
  });

  describe('appointments (预约)', () => {
    const place = permit.places[0]!;
    const booking = (slotAt: string, extra: Record<string, unknown> = {}) => ({
      matterCode: permit.code,
      place,
      slotAt,
      ...extra
    });

    it("books a future workday slot at one of the matter's places, and refuses anything else", async () => {
      t.clock.set('2026-09-28 10:00');
      const booked = await expectStatus(
        person.post('/api/hall/appointments', booking('2026-09-29T10:00:00+08:00')),
        201
      );
      expect(booked).toMatchObject({
        place,
        status: 'booked',
        slotAt: iso('2026-09-29 10:00'),
        slotEnd: iso('2026-09-29 10:30'),
        department: housing
      });
      const cases: Array<[string, number, string]> = [
        ['2026-09-28T09:30:00+08:00', 422, '将来'],
        ['2026-09-29T10:15:00+08:00', 422, '整点或半点'],
        ['2026-09-29T17:00:00+08:00', 422, '9:00 至 17:00'],
        ['2026-09-29T12:00:00+08:00', 422, '午休'],
        ['2026-10-02T10:00:00+08:00', 422, '不是工作日'],
        // 2027 has no published calendar: 正月初三 rests by the provisional rule.
        ['2027-02-08T10:00:00+08:00', 422, '不是工作日'],
        ['2026-09-29T10:00:00+08:00', 409, '已有预约']
      ];
      for (const [slotAt, status, words] of cases) {
        const body = await expectStatus(person.post('/api/hall/appointments', booking(slotAt)), status);
        expect(body.error.message, slotAt).toContain(words);
      }
      expect(
        (
          await expectStatus(
            person.post('/api/hall/appointments', booking('2026-09-29T11:00:00+08:00', { place: '某某大厅' })),
            422
          )
        ).error.message
      ).toContain(permit.places[1]!);
      await expectStatus(person.post('/api/hall/appointments', booking('not a time')), 400);
      await expectStatus(
        person.post('/api/hall/appointments', {
          ...booking('2026-09-29T11:00:00+08:00'),
          matterCode: '113502000036501210000000000000000'
        }),
        404
      );
    });

    it('the applicant cancels their own booking before it starts; nobody else can', async () => {
      t.clock.set('2026-09-28 10:00');
      const booked = await expectStatus(
        person.post('/api/hall/appointments', booking('2026-09-30T09:00:00+08:00')),
        201
      );
      await expectStatus(company.post(`/api/hall/appointments/${booked.id}/cancel`), 404);
      await expectStatus(window.post(`/api/hall/appointments/${booked.id}/cancel`), 403);
      const started = await expectStatus(
        person.post('/api/hall/appointments', booking('2026-09-30T10:00:00+08:00')),
        201
      );
      expect(await expectStatus(person.post(`/api/hall/appointments/${booked.id}/cancel`), 200)).toMatchObject({
        status: 'cancelled'
      });
      await expectStatus(person.post(`/api/hall/appointments/${booked.id}/cancel`), 409);
      t.clock.set('2026-09-30 10:05');
      expect(
        (await expectStatus(person.post(`/api/hall/appointments/${started.id}/cancel`), 409)).error.message
      ).toContain('已经开始');
      await expectStatus(window.post(`/api/office/appointments/${started.id}/attend`), 200);
    });

    it('the window records who came, on the day; whoever did not come is a no-show once the slot is over', async () => {
      t.clock.set('2026-09-28 10:00');
      const comes = await expectStatus(
        company.post('/api/hall/appointments', booking('2026-09-29T14:00:00+08:00')),
        201
      );
      const stays = await expectStatus(
        company.post('/api/hall/appointments', booking('2026-09-29T14:30:00+08:00')),
        201
      );
      await expectStatus(window.post(`/api/office/appointments/${comes.id}/attend`), 409);
      await expectStatus(planning.post(`/api/office/appointments/${comes.id}/attend`), 404);
      await expectStatus(company.post(`/api/office/appointments/${comes.id}/attend`), 403);
      t.clock.set('2026-09-29 13:55');
      const day = (await window.get('/api/office/appointments?date=2026-09-29')).body.items;
      expect(day).toContainEqual(
        expect.objectContaining({ id: comes.id, applicant: '厦门市示例建设有限公司', status: 'booked' })
      );
      expect((await planning.get('/api/office/appointments?date=2026-09-29')).body.items).toEqual([]);
      await expectStatus(window.post(`/api/office/appointments/${comes.id}/attend`), 200);
      t.clock.set('2026-09-29 15:01');
      await worker.tick();
      const mine = (await company.get('/api/hall/appointments')).body;
      expect(mine.items.find((a: { id: string }) => a.id === comes.id)).toMatchObject({ status: 'attended' });
      expect(mine.items.find((a: { id: string }) => a.id === stays.id)).toMatchObject({
        status: 'noShow',
        statusLabel: '未按时到场（失约）'
      });
      expect(mine.noShows).toBe(1);
      await expectStatus(window.post(`/api/office/appointments/${stays.id}/attend`), 409);
      expect((await person.get('/api/hall/appointments')).body.items.map((a: { id: string }) => a.id)).not.toContain(
        stays.id
      );
    });
  });

  describe('evaluations (好差评)', () => {
    async function command(client: Client, id: string, body: Record<string, unknown>) {
      await expectStatus(client.post(`/api/office/cases/${id}/commands`, body), 200);
    }

    /** A construction permit taken from the hall to completion, as case-routes.test does. */
    async function completedPermit(): Promise<{ id: string; caseNumber: string }> {
      const submitted = await expectStatus(company.post('/api/hall/cases', await permitApplication()), 201);
      const id = submitted.id as string;
      await command(window, id, { type: 'passPreReview' });
      await command(window, id, { type: 'confirmPaper' });
      await command(window, id, { type: 'accept' });
      const handler = await t.as('handler');
      await command(handler, id, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
      await command(handler, id, { type: 'distribute' });
      await command(planning, id, { type: 'answerCoApproval', agree: true });
      await t.store.cases.execute(
        id,
        {
          type: 'answerCoApproval',
          by: { kind: 'staff', id: 'rf', name: '人防赵', department: '市人民防空办公室', roles: ['承办人'] },
          agree: true
        },
        t.clock.now
      );
      await command(handler, id, { type: 'consolidate', opinion: '各协办部门均同意' });
      await command(await t.as('chief'), id, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
      await command(await t.as('leader'), id, { type: 'decide', approve: true });
      await command(window, id, { type: 'deliver', method: 'online' });
      await command(window, id, { type: 'complete' });
      return { id, caseNumber: submitted.caseNumber };
    }

    it('only the applicant, only once the case is completed, only once; a bad rating needs a reason', async () => {
      t.clock.set('2026-09-28 10:00');
      const pending = await expectStatus(company.post('/api/hall/cases', await permitApplication()), 201);
      expect(
        (await expectStatus(company.post(`/api/hall/cases/${pending.id}/evaluation`, { level: 5 }), 409)).error.message
      ).toContain('办结后');
      const done = await completedPermit();
      await expectStatus(person.post(`/api/hall/cases/${done.id}/evaluation`, { level: 5 }), 404);
      await expectStatus(window.post(`/api/hall/cases/${done.id}/evaluation`, { level: 5 }), 403);
      await expectStatus(company.post(`/api/hall/cases/${done.id}/evaluation`, { level: 6 }), 400);
      expect(
        (await expectStatus(company.post(`/api/hall/cases/${done.id}/evaluation`, { level: 2, reason: '  ' }), 422))
          .error.message
      ).toContain('请写明原因');
      const good = await expectStatus(company.post(`/api/hall/cases/${done.id}/evaluation`, { level: 4 }), 201);
      expect(good).toMatchObject({
        level: 4,
        levelLabel: '满意',
        rectificationDue: null,
        department: housing,
        caseNumber: done.caseNumber
      });
      expect(
        (await expectStatus(company.post(`/api/hall/cases/${done.id}/evaluation`, { level: 1, reason: '改评' }), 409))
          .error.code
      ).toBe('evaluation.exists');
      expect(await expectStatus(company.get(`/api/hall/cases/${done.id}/evaluation`), 200)).toMatchObject({
        id: good.id
      });
      await expectStatus(person.get(`/api/hall/cases/${done.id}/evaluation`), 404);
      await expectStatus(window.post(`/api/office/evaluations/${good.id}/rectify`, { text: '无需整改' }), 409);
    });

    it("a bad rating opens a rectification for the case's department within 15 workdays; unrectified, it gets a yellow card", async () => {
      t.clock.set('2026-09-28 10:00');
      const rectified = await completedPermit();
      const ignored = await completedPermit();
      const bad = await expectStatus(
        company.post(`/api/hall/cases/${rectified.id}/evaluation`, { level: 2, reason: '补正要求反复，跑了三趟。' }),
        201
      );
      // The catalogue's supervision defaults give 15 workdays; 10-10 is an adjusted workday.
      expect(bad).toMatchObject({ levelLabel: '不满意', rectificationDue: iso('2026-10-24 00:00'), rectifiedAt: null });
      const worse = await expectStatus(
        company.post(`/api/hall/cases/${ignored.id}/evaluation`, { level: 1, reason: '办理超期。' }),
        201
      );

      const pending = (await window.get('/api/office/evaluations?pending=true')).body.items.map(
        (e: { id: string }) => e.id
      );
      expect(pending).toEqual(expect.arrayContaining([bad.id, worse.id]));
      expect((await planning.get('/api/office/evaluations')).body.items).toEqual([]);
      await expectStatus(planning.post(`/api/office/evaluations/${bad.id}/rectify`, { text: '整改' }), 404);
      await expectStatus(supervisor.post(`/api/office/evaluations/${bad.id}/rectify`, { text: '整改' }), 403);
      await expectStatus(company.post(`/api/office/evaluations/${bad.id}/rectify`, { text: '整改' }), 403);
      await expectStatus(company.get('/api/office/evaluations'), 403);

      t.clock.set('2026-10-12 10:00');
      const done = await expectStatus(
        window.post(`/api/office/evaluations/${bad.id}/rectify`, {
          text: '已梳理补正清单，一次性告知，并约谈相关人员。'
        }),
        200
      );
      expect(done).toMatchObject({
        rectifiedAt: iso('2026-10-12 10:00'),
        rectification: expect.stringContaining('一次性告知')
      });
      await expectStatus(window.post(`/api/office/evaluations/${bad.id}/rectify`, { text: '再整改' }), 409);
      expect(await inboxOf(company)).toContainEqual(
        expect.objectContaining({ title: `【服务评价】${housing}已就您的评价整改` })
      );

      t.clock.set('2026-10-26 10:00');
      await worker.tick();
      await worker.tick();
      expect(await cardsFor(worse.id)).toEqual([
        { rule: 'rectificationOverdue', level: 'yellowCard', department: housing }
      ]);
      expect(await cardsFor(bad.id)).toEqual([]);
      const seen = (await supervisor.get('/api/supervision/events?level=yellowCard')).body.items;
      expect(seen).toContainEqual(
        expect.objectContaining({ subjectId: worse.id, caseId: ignored.id, caseNumber: ignored.caseNumber })
      );
    });
  });

  it('staff of an uninvolved department see none of these items; staff without a department are refused', async () => {
    await createStaff(t.store.db, {
      login: 'health-window',
      name: '卫健窗口',
      password: 'banshi-demo-2026',
      department: '市卫生健康委员会',
      roles: ['窗口'],
      duties: []
    });
    const health = await t.as('health-window');
    for (const path of [
      '/api/office/consultations',
      '/api/office/complaints',
      '/api/office/evaluations',
      '/api/office/appointments?date=2026-09-29'
    ]) {
      expect((await health.get(path)).body.items, path).toEqual([]);
    }
    expect((await (await t.as('bureau')).get('/api/office/consultations')).status).toBe(403);
  });
});
