import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { readTracked } from '../../cases/track-lookups.ts';
import { caseSummary, trackedStateKeys } from '../../cases/case-view.ts';
import { openTestApp, type Client, type Response, type TestApp } from '../../testing/http.ts';
import { verifiedAtWindow } from '../../testing/identity.ts';
import { pdf, upload, uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const hygiene = byName('公共场所卫生许可');
const organisation = '91350100M000100Y43';
const person = '11010519491231002X';

describe.each(dbKinds)('cases over HTTP on %s', kind => {
  let t: TestApp;
  let company: Client;
  let window: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as(organisation);
    window = await t.as('window');
  });
  afterAll(async () => t?.close());

  async function submitPermit(client = company) {
    const answers = answersFor(permit);
    const response = await client.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(client, permit, answers)
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; caseNumber: string };
  }

  async function command(client: Client, id: string, body: Record<string, unknown>, expected = 200) {
    const response = await client.post(`/api/office/cases/${id}/commands`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(expected);
    return response.body;
  }

  it('public: lists and serves published matters; answers an unknown code in the error shape', async () => {
    const list = await t.anonymous.get('/api/hall/matters?q=施工许可');
    expect(list.body.items.map((m: { code: string }) => m.code)).toContain(permit.code);
    const one = await t.anonymous.get(`/api/hall/matters/${permit.code}`);
    expect(one.body).toMatchObject({ version: 1, definition: { name: permit.name } });
    const missing = await t.anonymous.get('/api/hall/matters/113502000036501210000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: { code: 'matter.not-found', message: expect.stringContaining('没有编码为'), details: expect.any(Object) }
    });
  });

  it('runs the construction permit from the hall to archive through the API, with co-approval across departments', async () => {
    t.clock.set('2026-09-28 10:00');
    const { id, caseNumber } = await submitPermit();
    expect(caseNumber).toMatch(/^11350200003650121J20260928/);
    await command(window, id, { type: 'passPreReview' });
    await command(window, id, { type: 'confirmPaper' });
    const accepted = await command(window, id, { type: 'accept' });
    expect(accepted).toMatchObject({ status: 'inReview', step: { id: 'review-1' } });
    const handler = await t.as('handler');
    await command(handler, id, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
    await command(handler, id, { type: 'distribute' });
    // The planning bureau co-approves: it sees the case in its queue and answers.
    const planning = await t.as('planning');
    const queue = await planning.get('/api/office/cases');
    expect(queue.body.items.map((c: { id: string; part: string }) => [c.id, c.part])).toContainEqual([
      id,
      'coApprover'
    ]);
    await command(planning, id, { type: 'answerCoApproval', agree: true });
    expect(t.store.registry.live(permit.code)).toBeDefined();
    const late = await t.store.db.query<{ n: number }>(
      'select count(*)::int as n from case_events where case_id = $1',
      [id]
    );
    expect(late[0]!.n).toBeGreaterThan(5);
    // 人防 has no demo account: answer as its clerk through the store, as the other department's own system would.
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
    await command(window, id, { type: 'archive' });
    const seen = await company.get(`/api/hall/cases/${id}`);
    expect(seen.body).toMatchObject({ status: 'archived', decision: { approve: true } });
    expect(seen.body.timeline.map((e: { label: string }) => e.label)).toEqual(
      expect.arrayContaining(['提交申请', '受理', '分送协办部门', '作出决定', '归档'])
    );
    // Applicants see departments, not staff names.
    expect(JSON.stringify(seen.body.timeline)).not.toContain('王窗口');
    // Every action and read is in the audit log.
    const audit = await t.store.db.query<{ action: string }>(
      `select action from audit_log where case_id = $1 and outcome = 'ok' order by id`,
      [id]
    );
    expect(audit.map(a => a.action)).toEqual(
      expect.arrayContaining(['case.submit', 'case.accept', 'case.decide', 'case.read'])
    );
  });

  it('a retried submission with the same Idempotency-Key creates one case and answers the same', async () => {
    const answers = answersFor(hygiene);
    const body = {
      matterCode: hygiene.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, hygiene, answers)
    };
    const headers = { 'idempotency-key': 'submit-once-1' };
    const [a, b] = await Promise.all([
      company.post('/api/hall/cases', body, headers),
      company.post('/api/hall/cases', body, headers)
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const third = await company.post('/api/hall/cases', body, headers);
    expect(third.body.id).toBe(a.body.id);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    const count = await t.store.db.query<{ n: number }>(`select count(*)::int as n from cases where case_id = $1`, [
      a.body.id
    ]);
    expect(count[0]!.n).toBe(1);
    const reused = await company.post('/api/hall/cases', { ...body, channel: 'onSite' }, headers);
    expect(reused.status).toBe(422);
  });

  it('online, a file for every material the answers make required (conditions and stand-ins included), each scan within its page limit', async () => {
    t.clock.set('2026-09-28 10:00');
    type Named = { material: string; fileId: string };
    const submit = (answers: Record<string, unknown>, materials: Named[], channel = 'online') =>
      company.post('/api/hall/cases', { matterCode: hygiene.code, channel, answers, materials });
    const file = async (material: string, pages = 1): Promise<Named> => ({
      material,
      fileId: await upload(company, material, pdf(pages))
    });
    const refused = async (answers: Record<string, unknown>, materials: Named[], missing: string[]) => {
      const response = await submit(answers, materials);
      expect(response.status, JSON.stringify(response.body)).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'material.missing', details: { materials: missing } });
      for (const id of missing)
        expect(response.body.error.message).toContain(hygiene.materials.find(m => m.id === id)!.title);
    };

    // No air conditioning, no commitment: the form, the plans, the hygiene test report and the house rules. The
    // manager's ID is an e-licence; the staff's health certificates may follow later.
    const plain = answersFor(hygiene, { 使用集中空调通风系统: false, 选择告知承诺: false });
    await refused(plain, [], ['申请表', '平面图', '检测报告', '管理制度']);
    const [form, plan, report, rules] = await Promise.all(
      ['申请表', '平面图', '检测报告', '管理制度'].map(m => file(m))
    );
    await refused(plain, [form!, report!, rules!], ['平面图']);
    // The window's channel is not the applicant's to declare (office-audit problem 6: it skipped the uploads).
    const onSite = await submit(plain, [], 'onSite');
    expect(onSite.status, JSON.stringify(onSite.body)).toBe(422);
    expect(onSite.body.error).toMatchObject({
      code: 'submission.window-only',
      message: expect.stringContaining('窗口工作人员当场录入')
    });

    // A central air-conditioning system: its own test report becomes required.
    const airConditioned = { ...plain, 使用集中空调通风系统: true };
    await refused(airConditioned, [form!, plan!, report!, rules!], ['空调检测报告']);
    const withAirReport = await submit(airConditioned, [form!, plan!, report!, rules!, await file('空调检测报告')]);
    expect(withAirReport.status, JSON.stringify(withAirReport.body)).toBe(201);

    // The commitment (告知承诺): the letter is required and stands in for the test report and the house rules, not
    // for the air-conditioning report.
    const committed = { ...plain, 选择告知承诺: true };
    const [form2, letter] = await Promise.all([file('申请表'), file('承诺书')]);
    await refused(committed, [form2!, await file('平面图')], ['承诺书']);
    await refused(
      { ...committed, 使用集中空调通风系统: true },
      [form2!, letter!, await file('平面图')],
      ['空调检测报告']
    );

    // The plans are a scan of at most 5 pages: 6 are refused naming the material, 5 are taken.
    const long = await file('平面图', 6);
    const tooLong = await submit(committed, [form2!, long, letter!]);
    expect(tooLong.status, JSON.stringify(tooLong.body)).toBe(422);
    expect(tooLong.body.error).toMatchObject({
      code: 'file.pages',
      message: expect.stringMatching(/平面图.*最多 5 页.*有 6 页/),
      details: { material: '平面图', maxPages: 5, pages: 6 }
    });
    // One file cannot stand for several materials.
    const reused = await submit(committed, [form2!, { material: '平面图', fileId: form2!.fileId }, letter!]);
    expect(reused.status, JSON.stringify(reused.body)).toBe(422);
    expect(reused.body.error.code).toBe('file.reused');
    const five = await file('平面图', 5);
    const accepted = await submit(committed, [form2!, five, letter!]);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const linked = await t.store.db.query<{ id: string; material: string }>(
      'select id, material from files where case_id = $1 order by material',
      [accepted.body.id]
    );
    expect(linked.map(f => [f.material, f.id]).sort()).toEqual(
      [
        ['平面图', five.fileId],
        ['承诺书', letter!.fileId],
        ['申请表', form2!.fileId]
      ].sort()
    );
  });

  it('a material filled in online (在线填报) is not demanded as an upload (office-audit 22)', async () => {
    const report = byName('企业年度报告公示');
    expect(report.materials.find(m => m.id === '年度报告')?.origin).toEqual({ kind: 'onlineForm' });
    const submitted = await company.post('/api/hall/cases', {
      matterCode: report.code,
      channel: 'online',
      answers: answersFor(report),
      materials: [],
      commitmentSigned: true
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const guide = await t.anonymous.page(`/hall/matters/${report.code}`);
    expect(guide.body).toContain('在线填报，无需上传附件');
  });

  it('messages speak one vocabulary and never show an internal id or an English field name (office-audit, "Rejection messages")', async () => {
    t.clock.set('2026-09-28 10:00');
    const { id } = await submitPermit();
    await command(window, id, { type: 'passPreReview' });
    const view = await window.get(`/api/office/cases/${id}`);
    // The status in the view and in a rejection read the same.
    const refused = await command(window, id, { type: 'decide', approve: true }, 409);
    expect(refused.error.message).toContain(`“${view.body.statusLabel}”`);
    await command(window, id, { type: 'confirmPaper' });
    await command(window, id, { type: 'accept' });
    const handler = await t.as('handler');
    const wrongStep = await command(handler, id, { type: 'completeStep', stepId: 'review-2', opinion: '同意' }, 409);
    expect(wrongStep.error.message).toBe('当前环节是“审查”，不是“审核”。');
    const messages = [
      (
        await handler.post(`/api/office/cases/${id}/commands`, {
          type: 'completeStep',
          stepId: 'review-1',
          opinion: ''
        })
      ).body.error.message,
      (await handler.post(`/api/office/cases/${id}/commands`, { type: 'frobnicate' })).body.error.message,
      (await handler.post(`/api/office/cases/${id}/commands`, { type: 'distribute', extra: 1 })).body.error.message,
      (await handler.post(`/api/office/cases/${id}/commands`, { type: 'requestCorrection', items: [] })).body.error
        .message,
      wrongStep.error.message
    ];
    expect(messages[0]).toBe('请求内容有误：“意见”不能为空');
    expect(messages[1]).toContain('“办理事项”无效，可以是：预审、补正通知');
    expect(messages[2]).toBe('请求内容有误：不认识的字段：“extra”');
    for (const message of messages.slice(0, 2).concat(messages.slice(3)))
      expect(message, message).not.toMatch(/[A-Za-z]/);
  });

  it('corrections: one notice listing everything; the applicant resubmits in the same case', async () => {
    t.clock.set('2026-09-28 10:00');
    const { id } = await submitPermit();
    await command(window, id, { type: 'requestCorrection', items: ['申请表缺少盖章', '施工合同缺第 3 页'] });
    const mine = await company.get(`/api/hall/cases/${id}`);
    expect(mine.body).toMatchObject({
      status: 'correcting',
      correction: { items: ['申请表缺少盖章', '施工合同缺第 3 页'] },
      next: expect.stringContaining('一次性补正')
    });
    const again = await window.post(`/api/office/cases/${id}/commands`, {
      type: 'requestCorrection',
      items: ['再补一份']
    });
    expect(again.status).toBe(409);
    const resubmitted = await company.post(`/api/hall/cases/${id}/resubmit`, { answers: { 项目名称: '补正后的项目' } });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', answers: { 项目名称: '补正后的项目' } });
  });

  it('tracking is throttled per address on its misses: 20 guesses, then 429 even for a right one; another address is served (security-audit §1.11)', async () => {
    const { caseNumber } = await submitPermit();
    // A real peer address, as the socket gives it (in-process requests have none).
    const from = (address: string, path: string) =>
      t.app.request(path, {}, { incoming: { socket: { remoteAddress: address } } });
    const guesser = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      const guess = await from(
        guesser,
        `/api/hall/track?number=11350200003650121J20260928${String(900000 + i)}&holder=${organisation}`
      );
      expect(guess.status).toBe(404);
    }
    const right = `/api/hall/track?number=${caseNumber}&holder=${organisation}`;
    const refused = await from(guesser, right);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'track.throttled',
        message: expect.stringContaining('分钟后再试'),
        details: { retryAfterSeconds: expect.any(Number) }
      }
    });
    const page = await from(guesser, `/hall/track?number=${caseNumber}&holder=${organisation}`);
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('查询未找到的次数过多');
    expect((await from('203.0.113.8', right)).status).toBe(200);
  });

  it("tracks by case number and the holder's credit code; a wrong holder learns nothing", async () => {
    const { caseNumber } = await submitPermit();
    const found = await t.anonymous.get(`/api/hall/track?number=${caseNumber}&holder=${organisation}`);
    expect(found.body).toMatchObject({ caseNumber, statusLabel: '已提交，待预审' });
    expect(found.headers.get('cache-control')).toBe('no-store');
    expect(found.headers.get('etag')).toBeNull();
    const wrong = await t.anonymous.get(`/api/hall/track?number=${caseNumber}&holder=${person}`);
    const none = await t.anonymous.get(
      `/api/hall/track?number=11350200003650121J20260928999999&holder=${organisation}`
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body).toEqual(none.body);
  });

  it("reads of a case's events only what its timeline shows, not the applicant's answers and materials", async () => {
    const { caseNumber } = await submitPermit();
    const row = await readTracked(t.store.db, { number: caseNumber, holder: organisation, ip: null });
    const submitted = row.events!.find(e => e.event.type === 'Submitted')!.event;
    expect(Object.keys(submitted).sort()).toEqual(['at', 'by', 'type']);
    const found = await t.anonymous.get(`/api/hall/track?number=${caseNumber}&holder=${organisation}`);
    expect(found.body.timeline).toEqual([
      { seq: 1, type: 'Submitted', label: '提交申请', at: new Date(submitted.at).toISOString(), by: '申请人' }
    ]);
  });

  it("reads of a case's state only what tracking shows, and answers as the whole state would", async () => {
    const submitted = await submitPermit();
    const correcting = await submitPermit();
    await command(window, correcting.id, { type: 'requestCorrection', items: ['申请表缺少盖章'] });
    const accepted = await submitPermit();
    await command(window, accepted.id, { type: 'passPreReview' });
    await command(window, accepted.id, { type: 'confirmPaper' });
    await command(window, accepted.id, { type: 'accept' });
    for (const { id, caseNumber } of [submitted, correcting, accepted]) {
      const row = await readTracked(t.store.db, { number: caseNumber, holder: organisation, ip: null });
      expect(Object.keys(row.state!).sort()).toEqual([...trackedStateKeys].filter(k => k in row.state!).sort());
      expect(row.state).not.toHaveProperty('answers');
      expect(row.state).not.toHaveProperty('applicant');
      expect(row.state).not.toHaveProperty('materials');
      // What the lookup answers is what the case's whole state gives, field by field.
      const whole = (await t.services.cases.load(t.store.db, id))!;
      const summary = caseSummary(
        whole.state,
        await t.services.cases.definitionOf(whole),
        'applicant',
        t.services.calendar()
      );
      const found = await t.anonymous.get(`/api/hall/track?number=${caseNumber}&holder=${organisation}`);
      const { timeline: _, ...answer } = found.body as Record<string, unknown>;
      expect(answer).toEqual(
        JSON.parse(
          JSON.stringify(Object.fromEntries(Object.keys(answer).map(k => [k, summary[k as keyof typeof summary]])))
        )
      );
      expect(Object.keys(answer).sort()).toEqual(
        [
          'caseNumber',
          'matter',
          'status',
          'statusLabel',
          'receivedAt',
          'deadlines',
          'provisional',
          'pauses',
          'next',
          'paused'
        ]
          .filter(k => JSON.parse(JSON.stringify(summary))[k] !== undefined)
          .sort()
      );
    }
  });

  it('many lookups at once, read together, each get what the same lookup alone gets', async () => {
    const first = await submitPermit();
    const second = await submitPermit();
    await command(window, second.id, { type: 'passPreReview' });
    const paths = [
      [first.caseNumber, organisation],
      [second.caseNumber, organisation],
      [first.caseNumber, person],
      ['11350200003650121J20260928999998', organisation]
    ].map(([number, holder]) => `/api/hall/track?number=${number}&holder=${holder}`);
    const alone: Response[] = [];
    for (const path of paths) alone.push(await t.anonymous.get(path));
    expect(alone.map(a => a.status)).toEqual([200, 200, 404, 404]);
    expect(alone[0]!.body.caseNumber).toBe(first.caseNumber);
    expect(alone[1]!.body.caseNumber).toBe(second.caseNumber);
    expect(alone[1]!.body.statusLabel).not.toBe(alone[0]!.body.statusLabel);
    const together = await Promise.all(Array.from({ length: 40 }, (_, i) => t.anonymous.get(paths[i % 4]!)));
    together.forEach((answer, i) => {
      expect(answer.status, `lookup ${i}`).toBe(alone[i % 4]!.status);
      expect(answer.body, `lookup ${i}`).toEqual(alone[i % 4]!.body);
    });
  });

  it("a year beyond the catalogue's calendars is counted on the provisional rule and says so, never refused", async () => {
    t.clock.set('2031-03-03 10:00');
    try {
      // Only a verified account applies online: the window verifies it first (accounts/identity.ts).
      const later = await verifiedAtWindow(
        t,
        await t.register('organisation', {
          name: '未来示例有限公司',
          creditCode: '91350100MA0000001P',
          contactName: '张三',
          phone: '13900000001',
          password: 'abc12345678'
        })
      );
      const answers = answersFor(permit);
      const response = await later.post('/api/hall/cases', {
        matterCode: permit.code,
        channel: 'online',
        answers,
        materials: await uploadRequired(later, permit, answers)
      });
      expect(response.status).toBe(201);
      // 2031-03-03 is a Monday: five workdays end on Monday 03-10, with no holiday between.
      expect(response.body.deemedAcceptanceAt).toBe('2031-03-10T16:00:00.000Z');
      expect(response.body.provisional).toEqual({
        years: [2031],
        note: expect.stringContaining('国务院办公厅公布该年节假日安排后将据实调整')
      });
      expect(response.body.notices[0].lines).toContain(
        '该日期按法定节假日暂定，国务院办公厅公布该年节假日安排后将据实调整。'
      );
    } finally {
      t.clock.set('2026-09-28 10:00');
    }
    const departments = await t.anonymous.get('/api/hall/departments');
    expect(departments.body.departments.map((d: { name: string }) => d.name)).toContain('市住房和建设局');
  });

  describe('denials: every role against what it must not do', () => {
    it('a supervisor or a matter author never acts on a case, and the author reads none (security-audit §1.1, §1.12)', async () => {
      t.clock.set('2026-09-28 10:00');
      const { id } = await submitPermit();
      await command(window, id, { type: 'passPreReview' });
      await command(window, id, { type: 'confirmPaper' });
      await command(window, id, { type: 'accept' });
      const supervisor = await t.as('supervisor');
      const author = await t.as('author');
      const pause = {
        type: 'startSpecialProcedure',
        kind: 'expertReview',
        reason: '专家论证',
        expected: { amount: 20, unit: 'workdays' }
      };
      // The audit's reproduction: the supervisor stopped the legal clock for 20 workdays. Now: 403, and nothing changed.
      for (const who of [supervisor, author]) {
        for (const body of [
          pause,
          { type: 'requestCorrection', items: ['缺少材料'] },
          { type: 'complete' },
          { type: 'archive' }
        ]) {
          const answer = await who.post(`/api/office/cases/${id}/commands`, body);
          expect(answer.status, `${who.principal?.login} ${body.type}`).toBe(403);
        }
      }
      // Another post of the department: the engine refuses it, naming the step's post.
      const chief = await t.as('chief');
      const wrongPost = await chief.post(`/api/office/cases/${id}/commands`, pause);
      expect(wrongPost.status).toBe(403);
      expect(wrongPost.body.error.message).toContain('市住房和建设局的“承办人”');
      const view = await window.get(`/api/office/cases/${id}`);
      expect(view.body).toMatchObject({ status: 'inReview', version: 4 });
      // The supervisor reads the case (to supervise it); the author reads no case, no queue, no file.
      expect((await supervisor.get(`/api/office/cases/${id}`)).status).toBe(200);
      expect((await author.get(`/api/office/cases/${id}`)).status).toBe(404);
      expect((await author.get('/api/office/cases')).status).toBe(403);
      const [file] = await t.services.db.query<{ id: string }>('select id from files where case_id = $1 limit 1', [id]);
      expect((await window.get(`/api/hall/files/${file!.id}`)).status).toBe(200);
      expect((await author.get(`/api/hall/files/${file!.id}`)).status).toBe(404);
      // The staff views are told what each post may give now, from the same place the engine asks.
      const handler = await t.as('handler');
      expect((await handler.get(`/api/office/cases/${id}`)).body.actions).toEqual([
        'requestCorrection',
        'completeStep',
        'returnStep',
        'startSpecialProcedure',
        'endSpecialProcedure',
        // seeds/003 §四: the post holding the case tells the applicant why it is late (once it is).
        'explainOverdue',
        // Art. 42: the handler asks, the head approves.
        'requestExtension'
      ]);
      expect((await supervisor.get(`/api/office/cases/${id}`)).body.actions).toEqual([]);
    });

    it("an applicant cannot read another applicant's case, nor act on it", async () => {
      const { id } = await submitPermit();
      const citizen = await t.as(person);
      const read = await citizen.get(`/api/hall/cases/${id}`);
      expect(read.status).toBe(404);
      expect((await citizen.post(`/api/hall/cases/${id}/withdraw`, {})).status).toBe(404);
      const denied = await t.store.db.query<{ outcome: string }>(
        `select outcome from audit_log where case_id = $1 and actor_id = $2`,
        [id, citizen.principal!.id]
      );
      expect(denied.map(d => d.outcome)).toContain('denied');
    });

    it('a citizen calling a staff route is refused; staff cannot submit as an applicant', async () => {
      const { id } = await submitPermit();
      expect((await company.get('/api/office/cases')).status).toBe(403);
      expect((await company.post(`/api/office/cases/${id}/commands`, { type: 'accept' })).status).toBe(403);
      expect((await company.get('/api/supervision/events')).status).toBe(403);
      expect(
        (await window.post('/api/hall/cases', { matterCode: permit.code, channel: 'online', answers: {} })).status
      ).toBe(403);
      expect((await t.anonymous.get('/api/hall/cases')).status).toBe(401);
      expect((await t.anonymous.post(`/api/office/cases/${id}/commands`, { type: 'accept' })).status).toBe(401);
    });

    it("a co-approver cannot decide, accept or do the lead's steps", async () => {
      t.clock.set('2026-09-28 10:00');
      const { id } = await submitPermit();
      const planning = await t.as('planning');
      expect((await planning.post(`/api/office/cases/${id}/commands`, { type: 'passPreReview' })).status).toBe(403);
      await command(window, id, { type: 'passPreReview' });
      await command(window, id, { type: 'confirmPaper' });
      await command(window, id, { type: 'accept' });
      const handler = await t.as('handler');
      await command(handler, id, { type: 'completeStep', stepId: 'review-1', opinion: '同意' });
      await command(handler, id, { type: 'distribute' });
      const decide = await planning.post(`/api/office/cases/${id}/commands`, { type: 'decide', approve: true });
      expect(decide.status).toBe(403);
      expect(decide.body.error.message).toMatch(/不能办理/);
      expect(
        (await planning.post(`/api/office/cases/${id}/commands`, { type: 'consolidate', opinion: '同意' })).status
      ).toBe(403);
    });

    it('a clerk of a department that takes no part cannot see or act on the case', async () => {
      const { id } = await submitPermit();
      const other = await t
        .register('person', {
          name: '无关',
          idNumber: '110105194912310037',
          phone: '13900000000',
          password: 'abc12345678'
        })
        .catch(() => undefined);
      void other;
      // A window clerk of the health commission, which has nothing to do with construction permits.
      const { createStaff } = await import('../../accounts/users.ts');
      await createStaff(t.store.db, {
        login: 'health-window',
        name: '卫健窗口',
        password: 'banshi-demo-2026',
        department: '市卫生健康委员会',
        roles: ['窗口'],
        duties: []
      });
      const health = await t.as('health-window');
      expect((await health.get(`/api/office/cases/${id}`)).status).toBe(404);
      expect((await health.post(`/api/office/cases/${id}/commands`, { type: 'passPreReview' })).status).toBe(404);
      const queue = await health.get('/api/office/cases');
      expect(queue.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    });

    it('a window clerk cannot decide; a handler cannot accept', async () => {
      const { id } = await submitPermit();
      expect(
        (await (await t.as('handler')).post(`/api/office/cases/${id}/commands`, { type: 'passPreReview' })).status
      ).toBe(403);
      await command(window, id, { type: 'passPreReview' });
      await command(window, id, { type: 'confirmPaper' });
      await command(window, id, { type: 'accept' });
      expect((await window.post(`/api/office/cases/${id}/commands`, { type: 'decide', approve: true })).status).toBe(
        409
      );
    });

    it('supervisors see their department only; the bureau sees all; window clerks none', async () => {
      const supervisor = await t.as('supervisor');
      expect((await supervisor.get('/api/supervision/events')).status).toBe(200);
      expect((await supervisor.get('/api/supervision/events?department=市卫生健康委员会')).status).toBe(403);
      expect((await (await t.as('bureau')).get('/api/supervision/events?department=市卫生健康委员会')).status).toBe(
        200
      );
      expect((await window.get('/api/supervision/events')).status).toBe(403);
      expect((await window.get('/api/supervision/performance')).status).toBe(403);
      const figures = await supervisor.get('/api/supervision/performance');
      expect(figures.body.items).toEqual([expect.objectContaining({ department: '市住房和建设局' })]);
    });

    it('a POST with the session cookie but without the CSRF token is refused', async () => {
      const answers = answersFor(permit);
      const response = await t.app.request('/api/hall/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: (company as unknown as { cookie: string }).cookie },
        body: JSON.stringify({
          matterCode: permit.code,
          channel: 'online',
          answers,
          materials: await uploadRequired(company, permit, answers)
        })
      });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('auth.csrf');
    });
  });
});

describe('metrics for Prometheus', () => {
  it('counts requests by route and status, and is closed to those without the token or duty', async () => {
    const { Metrics } = await import('../../platform/observability/metrics.ts');
    const metrics = new Metrics();
    const t = await openTestApp('pglite', { metrics });
    try {
      await t.anonymous.get('/api/hall/matters');
      await t.anonymous.get('/api/hall/cases');
      expect((await t.anonymous.get('/metrics')).status).toBe(403);
      expect((await (await t.as('window')).get('/metrics')).status).toBe(403);
      const scraped = await (await t.as('bureau')).get('/metrics');
      expect(scraped.status).toBe(200);
      expect(scraped.body).toContain(
        'banshi_http_requests_total{method="GET",route="/api/hall/matters",status="200"} 1'
      );
      expect(scraped.body).toContain('banshi_http_requests_total{method="GET",route="/api/hall/cases",status="401"} 1');
      expect(scraped.body).toMatch(
        /banshi_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/hall\/matters",status_class="2xx"\} \d/
      );
    } finally {
      await t.close();
    }
  });
});
