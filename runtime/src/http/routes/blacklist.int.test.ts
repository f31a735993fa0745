import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../web/session-middleware.ts';
import { createSession, createApplicant, createStaff, demoPassword } from '../../accounts/index.ts';
import { testCreditCode, testIdNumber } from '../../testing/accounts.ts';
import { dbKinds } from '../../testing/database.ts';
import { answersFor } from '../../testing/answers.ts';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { verifyThroughWindow } from '../../testing/identity.ts';
import { submitted } from '../../testing/submissions.ts';
import { inboxChannel } from '../../platform/worker/channels.ts';
import { requestTimerHandlers } from '../../requests/index.ts';
import { Worker } from '../../platform/worker/worker.ts';
import { refuseIfRestricted } from '../../blacklist/index.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const iso = (local: string) => new Date(at(local)).toISOString();

describe.each(dbKinds)('the blacklist over HTTP on %s', kind => {
  let t: TestApp;
  let worker: Worker;
  let serial = 0;

  beforeAll(async () => {
    t = await openTestApp(kind);
    worker = new Worker(t.store.db, {
      handlers: requestTimerHandlers,
      channels: { inbox: inboxChannel },
      now: () => t.clock.now
    });
    await createStaff(t.store.db, {
      login: 'health',
      name: '卫健窗口',
      password: demoPassword,
      department: '市卫生健康委员会',
      roles: ['窗口'],
      duties: []
    });
    await createStaff(t.store.db, {
      login: 'planningwindow',
      name: '规划窗口',
      password: demoPassword,
      department: '市自然资源和规划局',
      roles: ['窗口'],
      duties: []
    });
    await createStaff(t.store.db, {
      login: 'windowchief',
      name: '许窗口',
      password: demoPassword,
      department: housing,
      roles: ['窗口', '处室负责人'],
      duties: []
    });
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
    const org = await createApplicant(t.store.db, {
      kind: 'organisation',
      name: `厦门市测试${n}有限公司`,
      creditCode: testCreditCode(n),
      contactName: '张三',
      phone: '13800138000',
      password: 'abc12345'
    });
    // Verified at the window, so that what stops it applying online is the blacklist (accounts/identity.ts).
    await verifyThroughWindow(t, org);
    const { caseId, caseNumber } = await submitted(t, permit, testCreditCode(n));
    return { id: org.id, login: testCreditCode(n), caseId, caseNumber };
  }

  async function expectStatus(response: Promise<{ status: number; body: any }>, status: number) {
    const r = await response;
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  const falseMaterials = {
    materials: ['营业执照副本', '施工合同'],
    reason: '经向市场监管部门核实，营业执照副本系伪造。',
    evidence: '市场监管局 2026 年 9 月 28 日复函：该执照编号不存在。'
  };

  /** False materials proposed by the lead department's handler and confirmed by its section chief: the restriction. */
  async function restrictedThrough(caseId: string) {
    const { proposal } = await expectStatus(
      (await as('handler')).post(`/api/office/cases/${caseId}/false-materials`, falseMaterials),
      201
    );
    return (
      await expectStatus(
        (await as('chief')).post(`/api/office/restriction-proposals/${proposal.id}/decide`, {
          confirm: true,
          reasons: '复函属实'
        }),
        200
      )
    ).restriction;
  }

  async function inbox(userId: string) {
    await worker.tick();
    return t.store.db.query<{ title: string; body: string }>(
      'select title, body from inbox_messages where user_id = $1 order by id',
      [userId]
    );
  }

  it('false materials: a handler of the lead proposes with evidence, a section chief confirms, and only then is the applicant restricted (security-audit §1.9)', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const path = `/api/office/cases/${org.caseId}/false-materials`;
    await expectStatus((await as(org.login)).post(path, falseMaterials), 403);
    expect((await expectStatus((await as('supervisor')).post(path, falseMaterials), 403)).error.message).toContain(
      '办理岗位'
    );
    await expectStatus((await as('bureau')).post(path, falseMaterials), 403);
    expect((await expectStatus((await as('health')).post(path, falseMaterials), 404)).error.message).toContain(
      '不参与办理'
    );
    // The lead's leader holds neither post that proposes (承办人, 窗口).
    expect((await expectStatus((await as('leader')).post(path, falseMaterials), 403)).error).toMatchObject({
      code: 'restriction.wrong-post',
      message: expect.stringContaining('承办人或窗口')
    });
    await expectStatus((await as('handler')).post(path, { ...falseMaterials, materials: [] }), 400);
    await expectStatus((await as('handler')).post(path, { materials: ['营业执照副本'], reason: '伪造' }), 400);

    // The audit's reproduction: the planning bureau's handler (a co-approver) alone blacklisted the applicant. Now it
    // only reports to the lead department, and nothing counts against the applicant.
    const reported = (await expectStatus((await as('planning')).post(path, falseMaterials), 201)).proposal;
    expect(reported).toMatchObject({
      status: 'reported',
      department: housing,
      reportedByDepartment: '市自然资源和规划局',
      evidence: falseMaterials.evidence
    });
    expect((await (await as(org.login)).get('/api/hall/restriction')).body.restricted).toBe(false);
    await expect(refuseIfRestricted(t.store.db, { id: org.id }, t.clock.now)).resolves.toBeUndefined();
    await expectStatus((await as('handler')).post(path, falseMaterials), 409);
    const decide = `/api/office/restriction-proposals/${reported.id}/decide`;
    expect(
      (await expectStatus((await as('chief')).post(decide, { confirm: true, reasons: '属实' }), 409)).error.message
    ).toContain('须先由本部门承办人提出');
    await expectStatus((await as('planning')).post(decide, { confirm: true, reasons: '属实' }), 404);
    expect(
      (await expectStatus((await as('planning')).get('/api/office/restriction-proposals'), 200)).items.map(
        (p: { id: string }) => p.id
      )
    ).not.toContain(reported.id);
    expect(
      (await expectStatus((await as('handler')).get('/api/office/restriction-proposals?status=reported'), 200)).items
    ).toContainEqual(expect.objectContaining({ id: reported.id, caseNumber: org.caseNumber }));

    const adopted = await expectStatus(
      (await as('handler')).post(`/api/office/restriction-proposals/${reported.id}/adopt`, {
        reason: falseMaterials.reason,
        evidence: falseMaterials.evidence
      }),
      200
    );
    expect(adopted).toMatchObject({ status: 'proposed', statusLabel: '已提出，待处室负责人确认' });
    expect((await (await as(org.login)).get('/api/hall/restriction')).body.restricted).toBe(false);
    expect(
      (await expectStatus((await as('handler')).post(decide, { confirm: true, reasons: '属实' }), 403)).error.code
    ).toBe('restriction.wrong-post');
    await expectStatus((await as('leader')).post(decide, { confirm: true, reasons: '属实' }), 403);
    await expectStatus((await as('chief')).post(decide, { confirm: true }), 400);

    const confirmed = await expectStatus((await as('chief')).post(decide, { confirm: true, reasons: '复函属实' }), 200);
    expect(confirmed).toMatchObject({ status: 'confirmed', decision: '复函属实' });
    expect(confirmed.restriction).toMatchObject({
      summary: `办理事项时提供虚假申请材料或信息（${housing}认定，办件编号 ${org.caseNumber}）`,
      appealBy: iso('2026-11-17 00:00')
    });
    await expectStatus((await as('chief')).post(decide, { confirm: false, reasons: '改变主意' }), 409);
    expect((await expectStatus((await as('handler')).post(path, falseMaterials), 409)).error.code).toBe(
      'restriction.already-recorded'
    );

    const mine = await expectStatus((await as(org.login)).get('/api/hall/restriction'), 200);
    expect(mine).toMatchObject({
      restricted: true,
      until: iso('2027-09-29 10:00'),
      restrictions: [
        {
          ground: 'falseMaterials',
          state: 'inForce',
          canAppeal: true,
          appealBy: iso('2026-11-17 00:00'),
          appeal: null,
          grounds: [
            {
              kind: 'falseMaterials',
              department: housing,
              caseNumber: org.caseNumber,
              materials: falseMaterials.materials,
              reason: falseMaterials.reason,
              evidence: falseMaterials.evidence
            }
          ]
        }
      ]
    });
    await expect(refuseIfRestricted(t.store.db, { id: org.id }, t.clock.now)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'applicant.restricted',
      message: expect.stringContaining(org.caseNumber)
    });
    // Neither by express nor by declaring the window's channel (office-audit problem 6: both got round the blacklist).
    for (const channel of ['express', 'onSite']) {
      const refused = await expectStatus(
        (await as(org.login)).post('/api/hall/cases', {
          matterCode: permit.code,
          channel,
          answers: answersFor(permit)
        }),
        403
      );
      expect(refused.error.code).toBe('applicant.restricted');
    }
    const notice = (await inbox(org.id)).find(m => m.title.includes('黑名单'));
    expect(notice?.body).toContain('提供虚假申请材料');
    expect(notice?.body).toContain('2026年11月16日前');

    const [kept] = await t.store.db.query<{ evidence: string; recorded_by: string; confirmed_by: string }>(
      `select g.evidence, u.login as recorded_by, c.login as confirmed_by from restriction_grounds g join users u on u.id = g.recorded_by join users c on c.id = g.confirmed_by where g.subject_id = $1`,
      [org.caseId]
    );
    expect(kept).toEqual({ evidence: falseMaterials.evidence, recorded_by: 'handler', confirmed_by: 'chief' });
    const audited = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'restriction.falseMaterials' and target = $1 order by id`,
      [org.caseId]
    );
    expect(audited.map(a => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'ok', 'rejected', 'rejected']);
  });

  it('a section chief may reject a proposal or a report: nothing is recorded and the case may be proposed again', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const path = `/api/office/cases/${org.caseId}/false-materials`;
    const { proposal } = await expectStatus((await as('handler')).post(path, falseMaterials), 201);
    expect(
      await expectStatus(
        (await as('chief')).post(`/api/office/restriction-proposals/${proposal.id}/decide`, {
          confirm: false,
          reasons: '复函未盖章，依据不足'
        }),
        200
      )
    ).toMatchObject({ status: 'rejected', statusLabel: '处室负责人不予确认' });
    expect((await (await as(org.login)).get('/api/hall/restriction')).body.restricted).toBe(false);
    const reported = (await expectStatus((await as('planning')).post(path, falseMaterials), 201)).proposal;
    expect(
      await expectStatus(
        (await as('chief')).post(`/api/office/restriction-proposals/${reported.id}/decide`, {
          confirm: false,
          reasons: '规划局所指材料与本案无关'
        }),
        200
      )
    ).toMatchObject({ status: 'rejected' });
    expect(
      (await t.store.db.query('select 1 from restriction_grounds where subject_id = $1', [org.caseId])).length
    ).toBe(0);
  });

  it('the applicant appeals within 30 workdays; the reform office lifts it and the restriction ends; staff without the duty cannot', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const other = await organisationWithCase();
    const restriction = await restrictedThrough(org.caseId);

    t.clock.set('2026-11-16 17:00');
    await expectStatus(
      (await as('window')).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '不知情' }),
      403
    );
    await expectStatus(
      (await as(other.login)).post('/api/hall/restriction/appeal', {
        restrictionId: restriction.id,
        reason: '冒名申诉'
      }),
      404
    );
    await expectStatus(
      (await as(org.login)).post('/api/hall/restriction/appeal', { restrictionId: restriction.id, reason: '' }),
      400
    );
    const appeal = await expectStatus(
      (await as(org.login)).post('/api/hall/restriction/appeal', {
        restrictionId: restriction.id,
        reason: '执照由代办公司提供，本公司不知情，附代办合同。'
      }),
      201
    );
    expect(appeal).toMatchObject({ restrictionId: restriction.id, status: 'pending', statusLabel: '正在核实' });
    expect(
      (
        await expectStatus(
          (await as(org.login)).post('/api/hall/restriction/appeal', {
            restrictionId: restriction.id,
            reason: '再次申诉'
          }),
          409
        )
      ).error.code
    ).toBe('restriction.appeal-exists');

    await expectStatus((await as('window')).get('/api/office/restriction-appeals'), 403);
    const listed = await expectStatus((await as('reform')).get('/api/office/restriction-appeals?status=pending'), 200);
    expect(listed.items).toContainEqual(
      expect.objectContaining({
        id: appeal.id,
        reason: expect.stringContaining('代办合同'),
        applicant: expect.objectContaining({ id: org.id }),
        restriction: expect.objectContaining({
          id: restriction.id,
          grounds: [expect.objectContaining({ caseNumber: org.caseNumber })]
        })
      })
    );
    expect(
      (await expectStatus((await as('bureau')).get('/api/office/restriction-appeals'), 200)).items.map(
        (a: { id: string }) => a.id
      )
    ).toContain(appeal.id);

    const decide = `/api/office/restriction-appeals/${appeal.id}/decide`;
    await expectStatus((await as('window')).post(decide, { lift: true, reasons: '我说了算' }), 403);
    await expectStatus((await as(org.login)).post(decide, { lift: true, reasons: '自己解除' }), 403);
    await expectStatus((await as('reform')).post(decide, { lift: true }), 400);
    t.clock.set('2026-11-18 10:00');
    const decided = await expectStatus(
      (await as('reform')).post(decide, {
        lift: true,
        reasons: '经核实，执照系代办公司伪造，申请人不知情，予以除名。'
      }),
      200
    );
    expect(decided).toMatchObject({
      status: 'lifted',
      statusLabel: '申诉成立，已解除限制',
      decidedAt: iso('2026-11-18 10:00')
    });
    await expectStatus((await as('bureau')).post(decide, { lift: false, reasons: '维持' }), 409);

    expect(await expectStatus((await as(org.login)).get('/api/hall/restriction'), 200)).toMatchObject({
      restricted: false,
      until: null,
      restrictions: [{ state: 'lifted', liftReason: expect.stringContaining('予以除名'), appeal: { status: 'lifted' } }]
    });
    await expect(refuseIfRestricted(t.store.db, { id: org.id }, t.clock.now)).resolves.toBeUndefined();
    const lifted = (await inbox(org.id)).at(-1)!;
    expect(lifted.title).toBe('【网上办事黑名单】您的申诉成立，限制已解除');
    expect(lifted.body).toContain('予以除名');
    const audited = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'restriction.decideAppeal' and target = $1 order by id`,
      [appeal.id]
    );
    expect(audited.map(a => a.outcome)).toEqual(['denied', 'ok', 'rejected']);
    const appealed = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'restriction.appeal' and target = $1 order by id`,
      [restriction.id]
    );
    expect(appealed.map(a => a.outcome)).toEqual(['denied', 'ok', 'rejected']);
  });

  it('an appeal after 30 workdays is refused; an upheld appeal keeps the restriction and says why', async () => {
    t.clock.set('2026-09-29 10:00');
    const late = await organisationWithCase();
    const upheld = await organisationWithCase();
    const first = await restrictedThrough(late.caseId);
    const second = await restrictedThrough(upheld.caseId);

    t.clock.set('2026-10-12 09:00');
    const appeal = await expectStatus(
      (await as(upheld.login)).post('/api/hall/restriction/appeal', { restrictionId: second.id, reason: '材料是真的' }),
      201
    );
    const decided = await expectStatus(
      (await as('bureau')).post(`/api/office/restriction-appeals/${appeal.id}/decide`, {
        lift: false,
        reasons: '发证机关已书面确认该执照编号不存在。'
      }),
      200
    );
    expect(decided).toMatchObject({ status: 'upheld', decision: '发证机关已书面确认该执照编号不存在。' });
    expect((await expectStatus((await as(upheld.login)).get('/api/hall/restriction'), 200)).restricted).toBe(true);
    expect((await inbox(upheld.id)).at(-1)!).toMatchObject({
      title: '【网上办事黑名单】您的申诉不成立，维持限制',
      body: expect.stringContaining('执照编号不存在')
    });

    t.clock.set('2026-11-17 00:00');
    const refused = await expectStatus(
      (await as(late.login)).post('/api/hall/restriction/appeal', { restrictionId: first.id, reason: '晚了也想申诉' }),
      409
    );
    expect(refused.error).toMatchObject({
      code: 'restriction.appeal-late',
      message: expect.stringContaining('2026年11月16日')
    });
    expect(
      (await expectStatus((await as(late.login)).get('/api/hall/restriction'), 200)).restrictions[0]
    ).toMatchObject({ canAppeal: false, appeal: null });
  });

  it('complaints: a handler proposes untrue with evidence, a section chief confirms; the fourth restricts; whoever handled the case complained about steps aside', async () => {
    t.clock.set('2026-09-28 10:00');
    const person = await createApplicant(t.store.db, {
      kind: 'person',
      name: '钱投诉',
      idNumber: testIdNumber(kind === 'postgres' ? 811 : 812),
      phone: '13800138001',
      password: 'abc12345'
    });
    const login = person.kind === 'person' ? person.idNumber : '';
    const handler = await as('handler');
    const chief = await as('chief');
    const evidence = '调阅当日窗口监控录像：窗口人员全天在岗。';
    const file = async (content: string) =>
      expectStatus((await as(login)).post('/api/hall/complaints', { department: housing, content }), 201);
    const confirm = async (complaintId: string) => {
      const proposals = (await expectStatus(chief.get('/api/office/restriction-proposals?status=proposed'), 200))
        .items as Array<{ id: string; subjectId: string }>;
      const proposal = proposals.find(p => p.subjectId === complaintId)!;
      return expectStatus(
        chief.post(`/api/office/restriction-proposals/${proposal.id}/decide`, { confirm: true, reasons: '录像属实' }),
        200
      );
    };
    const complaints = [];
    for (let i = 1; i <= 4; i++) complaints.push(await file(`第 ${i} 次投诉：窗口人员不在岗`));
    expect(
      (
        await expectStatus(
          handler.post(`/api/office/complaints/${complaints[0].id}/decide`, {
            accept: true,
            reply: '受理',
            untrue: true,
            evidence
          }),
          422
        )
      ).error.code
    ).toBe('complaint.untrue-accepted');
    expect(
      (
        await expectStatus(
          handler.post(`/api/office/complaints/${complaints[0].id}/decide`, {
            accept: false,
            reply: '不符',
            untrue: true
          }),
          422
        )
      ).error.code
    ).toBe('complaint.untrue-evidence');
    expect(
      (
        await expectStatus(
          (await as('window')).post(`/api/office/complaints/${complaints[0].id}/decide`, {
            accept: false,
            reply: '不符',
            untrue: true,
            evidence
          }),
          403
        )
      ).error.code
    ).toBe('restriction.wrong-post');
    for (const c of complaints.slice(0, 3)) {
      expect(
        await expectStatus(
          handler.post(`/api/office/complaints/${c.id}/decide`, {
            accept: false,
            reply: '经查监控，窗口人员全天在岗。',
            untrue: true,
            evidence
          }),
          200
        )
      ).toMatchObject({ foundUntrue: false, untrueProposal: 'proposed' });
    }
    expect((await expectStatus((await as(login)).get('/api/hall/restriction'), 200)).counting).toMatchObject({
      falseComplaints: 0
    });
    for (const c of complaints.slice(0, 3)) await confirm(c.id);
    expect((await expectStatus((await as(login)).get('/api/hall/restriction'), 200)).counting).toMatchObject({
      falseComplaints: 3,
      threshold: 3
    });
    await expectStatus(
      handler.post(`/api/office/complaints/${complaints[3].id}/decide`, { accept: true, reply: '受理，调查核实' }),
      200
    );
    await expectStatus(
      handler.post(`/api/office/complaints/${complaints[3].id}/resolve`, {
        reply: '经调查，与事实不符。',
        publicSummary: '经查，投诉反映情况与事实不符。',
        untrue: true,
        evidence
      }),
      200
    );
    expect((await confirm(complaints[3].id)).restriction).toBeDefined();
    const mine = await expectStatus((await as(login)).get('/api/hall/restriction'), 200);
    expect(mine).toMatchObject({
      restricted: true,
      restrictions: [
        {
          ground: 'falseComplaint',
          summary: '12 个月内提出与事实不符的投诉 4 次，超过 3 次',
          grounds: [{ evidence }, {}, {}, {}]
        }
      ]
    });
    const messages = await inbox(person.id);
    expect(messages.filter(m => m.title.includes('认定您的投诉与事实不符'))).toHaveLength(4);
    const audited = await t.store.db.query<{ detail: { untrue: boolean } }>(
      `select detail from audit_log where action = 'complaint.decide' and target = $1 and outcome = 'ok'`,
      [complaints[0].id]
    );
    expect(audited[0]!.detail.untrue).toBe(true);
  });

  it('the window clerk whose work is complained about neither decides the complaint nor confirms it untrue (office-audit problem 5)', async () => {
    t.clock.set('2026-09-28 10:00');
    const org = await organisationWithCase();
    // A clerk who is both the window and a section chief handles the case, and is then complained about.
    const clerk = await as('windowchief');
    await expectStatus(
      clerk.post(`/api/office/cases/${org.caseId}/commands`, { type: 'requestCorrection', items: ['营业执照副本'] }),
      200
    );
    const complaint = await expectStatus(
      (await as(org.login)).post('/api/hall/complaints', {
        department: housing,
        caseId: org.caseId,
        content: '窗口人员要求补正的材料此前已经提交'
      }),
      201
    );
    const refused = await expectStatus(
      clerk.post(`/api/office/complaints/${complaint.id}/decide`, { accept: false, reply: '与事实不符' }),
      403
    );
    expect(refused.error).toMatchObject({ code: 'complaint.subject', message: expect.stringContaining('回避') });
    await expectStatus(
      (await as('handler')).post(`/api/office/complaints/${complaint.id}/decide`, {
        accept: false,
        reply: '经核对收件记录，该材料未曾提交。',
        untrue: true,
        evidence: '收件登记簿第 12 页'
      }),
      200
    );
    const [row] = await t.store.db.query<{ id: string }>('select id from restriction_proposals where subject_id = $1', [
      complaint.id
    ]);
    const decide = `/api/office/restriction-proposals/${row!.id}/decide`;
    expect((await expectStatus(clerk.post(decide, { confirm: true, reasons: '属实' }), 403)).error.code).toBe(
      'complaint.subject'
    );
    expect((await expectStatus((await as(org.login)).get('/api/hall/restriction'), 200)).counting.falseComplaints).toBe(
      0
    );
    await expectStatus((await as('chief')).post(decide, { confirm: true, reasons: '登记簿属实' }), 200);
    expect((await expectStatus((await as(org.login)).get('/api/hall/restriction'), 200)).counting.falseComplaints).toBe(
      1
    );
  });

  it('the lead’s window clerk, who checks the paper against the upload, proposes false materials; a section chief confirms (issue 15)', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const path = `/api/office/cases/${org.caseId}/false-materials`;
    const pageOf = async (login: string) =>
      expectStatus((await as(login)).get(`/api/office/cases/${org.caseId}/page`), 200);
    expect((await pageOf('window')).falseMaterials).toEqual({ may: 'propose', proposals: [] });
    expect((await pageOf('handler')).falseMaterials.may).toBe('propose');
    expect((await pageOf('planningwindow')).falseMaterials.may).toBe('report');
    expect((await pageOf('chief')).falseMaterials.may).toBeNull();
    expect((await pageOf('leader')).falseMaterials.may).toBeNull();
    // A clerk of a department that takes no part in the case neither proposes nor reports.
    expect((await expectStatus((await as('health')).post(path, falseMaterials), 404)).error.code).toBe(
      'case.not-found'
    );

    const paper = {
      materials: ['营业执照副本'],
      reason: '窗口核对纸质原件时发现，营业执照副本与网上上传的扫描件注册资本不一致，原件系涂改。',
      evidence: '窗口收件核对记录；纸质副本复印件（已留存）。'
    };
    const { proposal } = await expectStatus((await as('window')).post(path, paper), 201);
    expect(proposal).toMatchObject({
      status: 'proposed',
      statusLabel: '已提出，待处室负责人确认',
      department: housing,
      materials: paper.materials,
      reportedByDepartment: null
    });
    // Nothing counts against the applicant yet; no one proposes the same case twice.
    expect((await (await as(org.login)).get('/api/hall/restriction')).body.restricted).toBe(false);
    expect((await expectStatus((await as('handler')).post(path, falseMaterials), 409)).error.code).toBe(
      'restriction.proposal-open'
    );
    const decide = `/api/office/restriction-proposals/${proposal.id}/decide`;
    // The clerk may not confirm, nor may a handler.
    expect(
      (await expectStatus((await as('window')).post(decide, { confirm: true, reasons: '属实' }), 403)).error
    ).toMatchObject({ code: 'restriction.wrong-post', message: expect.stringContaining('处室负责人') });
    await expectStatus((await as('handler')).post(decide, { confirm: true, reasons: '属实' }), 403);
    expect((await pageOf('window')).falseMaterials.proposals).toEqual([
      expect.objectContaining({ id: proposal.id, status: 'proposed', reason: paper.reason })
    ]);

    const confirmed = await expectStatus(
      (await as('chief')).post(decide, { confirm: true, reasons: '原件涂改属实' }),
      200
    );
    expect(confirmed).toMatchObject({ status: 'confirmed', decision: '原件涂改属实' });
    expect((await (await as(org.login)).get('/api/hall/restriction')).body.restricted).toBe(true);
    const [kept] = await t.store.db.query<{ recorded_by: string; confirmed_by: string }>(
      `select u.login as recorded_by, c.login as confirmed_by from restriction_grounds g join users u on u.id = g.recorded_by join users c on c.id = g.confirmed_by where g.subject_id = $1`,
      [org.caseId]
    );
    expect(kept).toEqual({ recorded_by: 'window', confirmed_by: 'chief' });
    expect((await pageOf('window')).falseMaterials.proposals).toEqual([
      expect.objectContaining({
        status: 'confirmed',
        statusLabel: '已确认，已记入网上办事黑名单',
        decision: '原件涂改属实'
      })
    ]);
  });

  it('a co-approver’s window clerk only reports; a clerk who is also a section chief cannot confirm their own proposal', async () => {
    t.clock.set('2026-09-29 10:00');
    const org = await organisationWithCase();
    const path = `/api/office/cases/${org.caseId}/false-materials`;
    const reported = (await expectStatus((await as('planningwindow')).post(path, falseMaterials), 201)).proposal;
    expect(reported).toMatchObject({
      status: 'reported',
      department: housing,
      reportedByDepartment: '市自然资源和规划局'
    });
    // Taking a co-approver's report up stays with the lead's handler.
    expect(
      (
        await expectStatus(
          (await as('window')).post(`/api/office/restriction-proposals/${reported.id}/adopt`, {
            reason: falseMaterials.reason,
            evidence: falseMaterials.evidence
          }),
          403
        )
      ).error.code
    ).toBe('restriction.wrong-post');
    await expectStatus(
      (await as('chief')).post(`/api/office/restriction-proposals/${reported.id}/decide`, {
        confirm: false,
        reasons: '规划局所指材料与本案无关'
      }),
      200
    );

    const { proposal } = await expectStatus((await as('windowchief')).post(path, falseMaterials), 201);
    expect(proposal.status).toBe('proposed');
    const decide = `/api/office/restriction-proposals/${proposal.id}/decide`;
    expect(
      (await expectStatus((await as('windowchief')).post(decide, { confirm: true, reasons: '属实' }), 403)).error.code
    ).toBe('restriction.own-proposal');
    await expectStatus((await as('chief')).post(decide, { confirm: true, reasons: '复函属实' }), 200);
  });
});
