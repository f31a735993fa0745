import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { pdf, upload, uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { CasePage } from './case-page-schemas.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const iso = (local: string) => new Date(at(local)).toISOString();
const staffLogins = [
  'window',
  'handler',
  'chief',
  'leader',
  'planning',
  'airdefence',
  'author',
  'supervisor',
  'bureau',
  'reform',
  'reformhead',
  'exchange'
];

describe.each(dbKinds)('the staff case page on %s', kind => {
  let t: TestApp;
  let company: Client;
  let person: Client;
  const staff: Record<string, Client> = {};
  let outsider: Client;
  let id: string;
  let corrected: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as('91350100M000100Y43');
    person = await t.as('11010519491231002X');
    for (const login of staffLogins) staff[login] = await t.as(login);
    await createStaff(t.store.db, {
      login: 'market-handler',
      name: '市监承办',
      password: 'banshi-demo-2026',
      department: '市市场监督管理局',
      roles: ['承办人'],
      duties: []
    });
    outsider = await t.as('market-handler');
  });
  afterAll(async () => t?.close());

  async function command(by: Client, body: object, status = 200) {
    const r = await by.post(`/api/office/cases/${id}/commands`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  it('a correction round keeps both rounds’ files, the later one marking the earlier superseded', async () => {
    t.clock.set('2026-09-28 09:00');
    const answers = answersFor(permit);
    const materials = await uploadRequired(company, permit, answers);
    const created = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    corrected = materials[0]!.material;
    await command(staff.window!, { type: 'requestCorrection', items: ['申请表缺少盖章'] });
    t.clock.set('2026-09-28 09:30');
    const fileId = await upload(company, corrected, pdf(2), '申请表（盖章）.pdf');
    const again = await company.post(`/api/hall/cases/${id}/resubmit`, {
      materials: [{ material: corrected, fileId }]
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    t.clock.set('2026-09-28 10:00');
    await command(staff.window!, { type: 'passPreReview' });
    await command(staff.window!, { type: 'confirmPaper' });
    await command(staff.window!, { type: 'accept' });
    const page = await staff.handler!.get(`/api/office/cases/${id}/page`);
    expect(page.status).toBe(200);
    CasePage.parse(page.body);
    const files = page.body.materials.find((m: { id: string }) => m.id === corrected).files;
    expect(
      files.map((f: { round: number; superseded: boolean; pages: number }) => [f.round, f.superseded, f.pages])
    ).toEqual([
      [0, true, 1],
      [1, false, 2]
    ]);
    expect(page.body.correctionRounds).toBe(1);
    expect(page.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['receipt', 'correction', 'acceptance']);
    expect(page.body.opinions.map((o: { verdictLabel: string }) => o.verdictLabel)).toEqual([
      '补正告知',
      '通过',
      '受理'
    ]);
    expect(page.body.answers.length).toBe(permit.form.length);
    expect(page.body.holder).toMatchObject({ kind: 'organisation', name: '厦门市示例建设有限公司' });
  });

  it('the extension: every demo account but the step’s handler is refused the request, every one but the head the approval', async () => {
    t.clock.set('2026-09-29 09:00');
    for (const login of staffLogins.filter(l => l !== 'handler'))
      await command(staff[login]!, { type: 'requestExtension', reason: '情况复杂' }, 403);
    await command(staff.handler!, { type: 'approveExtension', opinion: '同意' }, 403);
    await command(staff.leader!, { type: 'approveExtension', opinion: '同意' }, 409);
    const asked = await staff.handler!.get(`/api/office/cases/${id}/page`);
    expect(asked.body.actions.map((a: { type: string }) => a.type)).toContain('requestExtension');
    expect(asked.body.actions.find((a: { type: string }) => a.type === 'requestExtension').form).toEqual({
      kind: 'requestExtension',
      max: { amount: 15, unit: 'workdays' },
      head: '市住房和建设局的“分管领导”'
    });
    await command(staff.handler!, {
      type: 'requestExtension',
      reason: '需现场核查施工场地',
      amount: { amount: 10, unit: 'workdays' }
    });
    await command(staff.handler!, { type: 'requestExtension', reason: '再次申请' }, 409);
    for (const login of staffLogins.filter(l => l !== 'leader')) {
      await command(staff[login]!, { type: 'approveExtension', opinion: '同意' }, 403);
      await command(staff[login]!, { type: 'refuseExtension', opinion: '不同意' }, 403);
    }
    const pending = await staff.leader!.get(`/api/office/cases/${id}/page`);
    const approve = pending.body.actions.find((a: { type: string }) => a.type === 'approveExtension');
    expect(approve).toMatchObject({
      ready: true,
      form: { kind: 'answerExtension', request: { reason: '需现场核查施工场地' } }
    });
    await command(staff.leader!, { type: 'approveExtension', opinion: ' ' }, 400);
    t.clock.set('2026-09-29 09:30');
    await command(staff.leader!, { type: 'approveExtension', opinion: '同意延长 10 个工作日' });
    await command(staff.handler!, { type: 'requestExtension', reason: '再延' }, 409);
    await command(staff.leader!, { type: 'approveExtension', opinion: '同意' }, 409);
    for (const login of staffLogins.filter(l => l !== 'handler' && l !== 'leader'))
      await command(staff[login]!, { type: 'approveExtension', opinion: '同意' }, 403);
    // The applicant hears of it with the reason.
    const mine = await company.get(`/api/hall/cases/${id}`);
    expect(mine.body.notices.find((n: { kind: string }) => n.kind === 'extension').lines).toContain(
      '理由：需现场核查施工场地'
    );
  });

  it('a special procedure pause and the extension: the derivation lists both and the dates match the hand count', async () => {
    t.clock.set('2026-09-29 10:00');
    await command(staff.handler!, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全，同意' });
    t.clock.set('2026-09-30 10:00');
    await command(staff.handler!, { type: 'distribute' });
    t.clock.set('2026-10-09 10:00');
    await command(staff.handler!, {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '超限高层需专家论证',
      expected: { amount: 5, unit: 'workdays' }
    });
    t.clock.set('2026-10-14 10:00');
    await command(staff.handler!, { type: 'endSpecialProcedure', result: '专家评审通过' });
    const page = (await staff.handler!.get(`/api/office/cases/${id}/page`)).body;
    CasePage.parse(page);
    const legal = page.deadlineDerivations.find((d: { key: string }) => d.key === 'legal');
    // 20 workdays from 28 Sep end 30 Oct; +10 approved 29 Sep → 13 Nov; 26 left on 9 Oct, from 14 Oct → 19 Nov.
    expect(legal.extension).toMatchObject({
      requestedBy: '市住房和建设局 陈承办',
      approvedBy: '黄局长',
      movedTo: iso('2026-11-14 00:00')
    });
    expect(legal.pauses).toEqual([
      expect.objectContaining({
        from: iso('2026-10-09 10:00'),
        to: iso('2026-10-14 10:00'),
        remaining: { amount: 26, unit: 'workdays' }
      })
    ]);
    expect(legal.at).toBe(iso('2026-11-20 00:00'));
    expect(legal.stored).toBe(legal.at);
    expect(legal.holidays).toEqual([{ name: '国庆节', from: '2026-10-01', to: '2026-10-07', provisional: false }]);
    // The co-approver's own deadline, in the page and in its answer form.
    const planning = page.coApproval.coApprovers.find(
      (c: { department: string }) => c.department === '市自然资源和规划局'
    );
    expect(planning.deadline).toBe(iso('2026-10-15 00:00'));
    const form = (await staff.planning!.get(`/api/office/cases/${id}/page`)).body.actions;
    expect(form).toEqual([
      expect.objectContaining({
        type: 'answerCoApproval',
        ready: true,
        form: { kind: 'answerCoApproval', department: '市自然资源和规划局', deadline: iso('2026-10-15 00:00') }
      })
    ]);
    // A 不同意 must be answered in the consolidation, with the engine's sentence.
    await command(staff.planning!, { type: 'answerCoApproval', agree: false, reasons: '用地手续不全' });
    await command(staff.airdefence!, { type: 'answerCoApproval', agree: true });
    const refused = await command(staff.handler!, { type: 'consolidate', opinion: '同意' }, 422);
    expect(refused.error.message).toBe(
      '市自然资源和规划局不同意（用地手续不全）：汇总意见须逐一回应不同意见，写明采纳与否及理由。'
    );
    await command(staff.handler!, {
      type: 'consolidate',
      opinion: '汇总同意',
      responses: { 市自然资源和规划局: '已补充用地批准文件' }
    });
  });

  it('files: inline PDFs for staff who may see the case; the same 404 for another department, an author, and the API for applicants', async () => {
    const page = (await staff.handler!.get(`/api/office/cases/${id}/page`)).body;
    const file = page.materials.find((m: { id: string }) => m.id === corrected).files[1];
    const got = await staff.handler!.request('GET', file.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename=/);
    expect((await staff.chief!.request('GET', file.url)).status).toBe(200);
    expect((await staff.planning!.request('GET', file.url)).status).toBe(200);
    expect((await outsider.request('GET', file.url)).status).toBe(404);
    expect((await staff.author!.request('GET', file.url)).status).toBe(404);
    expect((await outsider.get(`/api/office/cases/${id}/page`)).status).toBe(404);
    expect((await person.request('GET', file.url)).status).toBe(403);
    expect((await person.get(`/api/hall/files/${file.id}`)).status).toBe(404);
    const denied = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'file.read' and outcome = 'denied' and target = $1`,
      [file.id]
    );
    expect(denied[0]!.n).toBeGreaterThanOrEqual(2);
    const read = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'file.read' and outcome = 'ok' and target = $1`,
      [file.id]
    );
    expect(read[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it('a city’s first review: the stage’s derivation until the hand-off (Art. 43), then the province’s step from receipt', async () => {
    const coachLine = byName('省际道路旅客运输班线经营许可');
    const transport: Record<string, Client> = {};
    for (const [login, department, role] of [
      ['jt-window', '市交通运输局', '窗口'],
      ['jt-handler', '市交通运输局', '承办人'],
      ['jt-chief', '市交通运输局', '处室负责人'],
      ['jt-leader', '市交通运输局', '分管领导'],
      ['st-handler', '省交通运输厅', '承办人']
    ] as const) {
      await createStaff(t.store.db, {
        login,
        name: `${department}${role}`,
        password: 'banshi-demo-2026',
        department,
        roles: [role],
        duties: []
      });
      transport[login] = await t.as(login);
    }
    t.clock.set('2026-11-02 09:00');
    const answers = answersFor(coachLine);
    const created = await company.post('/api/hall/cases', {
      matterCode: coachLine.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, coachLine, answers)
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const coachId: string = created.body.id;
    const run = async (by: Client, body: object) => {
      const r = await by.post(`/api/office/cases/${coachId}/commands`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    t.clock.set('2026-11-02 10:00');
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) await run(transport['jt-window']!, { type });
    t.clock.set('2026-11-03 10:00');
    await run(transport['jt-handler']!, {
      type: 'completeStep',
      stepId: 'firstReview-1.review-1',
      opinion: '符合条件'
    });
    await run(transport['jt-chief']!, { type: 'completeStep', stepId: 'firstReview-1.review-2', opinion: '同意' });
    await run(transport['jt-leader']!, { type: 'completeStep', stepId: 'firstReview-1.review-3', opinion: '同意上报' });
    const before = (await transport['jt-leader']!.get(`/api/office/cases/${coachId}/page`)).body;
    CasePage.parse(before);
    // Accepted Mon 2 Nov: 3–6, 9–13, 16–20, 23–27, 30 Nov are the 20 workdays.
    const stage = before.deadlineDerivations.find((d: { key: string }) => d.key === 'stage');
    expect(stage).toMatchObject({
      label: '市交通运输局初审期限（报送省交通运输厅）',
      start: { at: iso('2026-11-02 10:00'), text: '自市交通运输局受理之日起算（受理次日起算）' },
      limit: { amount: 20, unit: 'workdays' },
      at: iso('2026-12-01 00:00'),
      stored: iso('2026-12-01 00:00')
    });
    expect(stage.lines[0]).toContain('届满于 2026年11月30日24时');
    t.clock.set('2026-11-05 10:00');
    await run(transport['jt-leader']!, { type: 'handOff', opinion: '初审同意，报省厅决定' });
    const after = (await transport['st-handler']!.get(`/api/office/cases/${coachId}/page`)).body;
    CasePage.parse(after);
    expect(after.deadlineDerivations.map((d: { key: string }) => d.key)).toEqual(['legal', 'promised', 'step']);
    // Received Thu 5 Nov: 6, 9, 10, 11, 12 Nov.
    expect(after.deadlineDerivations[2]).toMatchObject({
      label: '省交通运输厅“审查”环节期限',
      start: {
        at: iso('2026-11-05 10:00'),
        text: '自省交通运输厅收到市交通运输局报送的初审意见和全部申请材料之日起算'
      },
      at: iso('2026-11-13 00:00'),
      stored: iso('2026-11-13 00:00')
    });
  });
});
