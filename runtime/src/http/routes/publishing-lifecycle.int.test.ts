import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword } from '../../accounts/index.ts';
import { PublicationScheduler, publishDue } from '../../publishing/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { Comparison, Filings, History, Review, Task } from './lifecycle-schemas.ts';
import { VersionDetail } from './studio-schemas.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const code = permit.code;
const v1 = matterSource('housing-construction/construction-permit.matter');
/** Version 2: a field dropped, a required field and a required material added. */
const v2 = v1
  .replace('    联系人电话: 电话 必填\n', '    工程监理单位: 文本 必填\n')
  .replace(
    '    资金承诺 "建设资金已经落实承诺书"',
    '    安全承诺 "建设工程安全生产承诺书" 原件 1 份 必要\n    资金承诺 "建设资金已经落实承诺书"'
  );
const organisation = '91350100M000100Y43';
const draftPath = `/api/studio/drafts/${code}`;

describe.each(dbKinds)('the publishing lifecycle over HTTP on %s', kind => {
  let t: TestApp;
  let author: Client;
  let author2: Client;
  let leader: Client;
  let reform: Client;
  let planAuthor: Client;
  let planHead: Client;
  let admin: Client;
  let window: Client;
  let company: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    await t.store.db.query('update matter_versions set source = $1 where code = $2 and version = 1', [v1, code]);
    for (const [login, name, department, duties] of [
      ['housingauthor2', '钱编写', '市住房和建设局', ['author']],
      ['planauthor', '孙编写', '市自然资源和规划局', ['author']],
      ['planhead', '钱局长', '市自然资源和规划局', ['head']],
      ['sysadmin', '周管理', null, ['admin']]
    ] as const)
      await createStaff(t.store.db, {
        login,
        name,
        department,
        roles: [],
        duties: [...duties],
        password: demoPassword
      });
    const signIn = (login: string) => t.as(login);
    author = await signIn('author');
    author2 = await signIn('housingauthor2');
    leader = await signIn('leader');
    reform = await signIn('reform');
    planAuthor = await signIn('planauthor');
    planHead = await signIn('planhead');
    admin = await signIn('sysadmin');
    window = await signIn('window');
    company = await signIn(organisation);
  });
  afterAll(async () => t?.close());

  it('an editor saving on an older revision is refused with who saved last, when, and the text as it stands', async () => {
    const draft = await author.post('/api/studio/drafts', { source: v1, note: '安全生产承诺' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ version: 2, revision: 1 });
    const saved = await author.put(`${draftPath}/2`, { source: v2, baseRevision: 1 });
    expect(saved.body).toMatchObject({ revision: 2, author: { name: '赵编写' } });
    // 钱编写 opened revision 1 and saves over it.
    const stale = await author2.put(`${draftPath}/2`, { source: `${v1}\n`, baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'studio.draft-conflict',
      message: expect.stringContaining('赵编写'),
      details: { revision: 2, savedBy: { name: '赵编写' }, source: v2, savedAt: '2026-09-28T02:00:00.000Z' }
    });
    expect(stale.body.error.message).toContain('2026年9月28日 10:00');
    const detail = await author2.get(`/api/studio/matters/${code}/versions/2`);
    expect(detail.body).toMatchObject({ source: v2, revision: 2 });
    expect((await author2.put(`${draftPath}/2`, { source: v2, baseRevision: 2 })).body).toMatchObject({
      revision: 3,
      author: { name: '钱编写' }
    });
    expect((await author.put(`${draftPath}/2`, { source: v2, baseRevision: 0 })).status).toBe(400);
  });

  it("the head's review: the reason, the version replaced, what changed, and the impact on cases and drafts", async () => {
    const answers = answersFor(permit);
    const running = await company.post('/api/hall/cases', {
      matterCode: code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(running.status, JSON.stringify(running.body)).toBe(201);
    // Two applicants' drafts: one answered the field that goes and lacks what comes; one already fits version 2.
    for (const [draftAnswers, materials] of [
      [answers, []],
      [{ 工程监理单位: '厦门监理有限公司' }, [{ material: '安全承诺', fileId: randomUUID() }]]
    ] as const)
      await t.store.db.query(
        `insert into application_drafts (id, user_id, matter_code, answers, materials, created_at, updated_at)
         values ($1, $2, $3, $4::jsonb, $5::jsonb, now(), now())`,
        [randomUUID(), company.principal!.id, code, JSON.stringify(draftAnswers), JSON.stringify(materials)]
      );

    const unreasoned = await author.post(`${draftPath}/2/submit`, {});
    expect(unreasoned.status).toBe(400);
    expect(JSON.stringify(unreasoned.body)).toContain('请填写变更理由');
    expect((await author.post(`${draftPath}/2/submit`, { reason: ' 短 ' })).body.error.message).toContain(
      '至少 2 个字'
    );
    const submitted = await author.post(`${draftPath}/2/submit`, { reason: '落实安全生产责任，增加承诺书' });
    expect(submitted.body).toMatchObject({ state: 'submitted' });

    const review = await leader.get(`/api/studio/matters/${code}/versions/2/review`);
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    Review.parse(review.body);
    expect(review.body).toMatchObject({
      version: { code, version: 2, state: 'submitted' },
      reason: '落实安全生产责任，增加承诺书',
      live: { version: 1, definition: { code, name: permit.name } },
      definition: { code },
      impact: {
        openCases: {
          version: 1,
          count: 1,
          byStatus: [{ status: 'submitted', statusLabel: '已提交，待预审', count: 1 }]
        },
        applicationDrafts: {
          count: 2,
          needChange: 1,
          droppedAnswers: 1,
          newRequiredFields: 1,
          newRequiredMaterials: 1
        }
      },
      lineComments: [],
      correction: null
    });
    const changes = review.body.changes.map((c: { text: string }) => c.text).join('\n');
    expect(changes).toContain('建设工程安全生产承诺书');
    expect(changes).toContain('联系人电话');
    expect(review.body.sourceDiff).toMatchObject({ linesAdded: 2, linesRemoved: 1 });

    // Who may read it: the department's authors and heads and the reform office; nobody else.
    expect((await author.get(`/api/studio/matters/${code}/versions/2/review`)).status).toBe(200);
    expect((await reform.get(`/api/studio/matters/${code}/versions/2/review`)).status).toBe(200);
    for (const other of [planAuthor, planHead, window, company])
      expect((await other.get(`/api/studio/matters/${code}/versions/2/review`)).status).toBe(403);
    expect((await t.anonymous.get(`/api/studio/matters/${code}/versions/2/review`)).status).toBe(401);
    expect((await leader.get(`/api/studio/matters/${code}/versions/9/review`)).status).toBe(404);
  });

  it('sends back with comments on lines of the source, which the version detail and the review carry', async () => {
    const beyond = await leader.post(`${draftPath}/2/reject`, {
      comment: '请修改',
      lines: [{ line: 9999, text: '没有这一行' }]
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.message).toContain('第 9999 行不存在');
    const lines = [
      { line: 4, text: '事项名称不变，但请在备注中写明依据' },
      { line: 31, text: '监理单位应写全称' }
    ];
    const sentBack = await leader.post(`${draftPath}/2/reject`, { comment: '请补充依据', lines });
    expect(sentBack.body).toMatchObject({ state: 'rejected' });
    const detail = await author.get(`/api/studio/matters/${code}/versions/2`);
    VersionDetail.parse(detail.body);
    expect(detail.body.lineComments).toEqual(
      lines.map(l => expect.objectContaining({ ...l, by: { id: leader.principal!.id, name: '黄局长' } }))
    );
    expect(detail.body.reason).toBe('落实安全生产责任，增加承诺书');
    expect((await author.get(`/api/studio/matters/${code}/versions/2/review`)).body.lineComments).toHaveLength(2);
    // The author sees it among their tasks; another department's author does not.
    expect((await author.get('/api/studio/tasks')).body.items).toContainEqual(
      expect.objectContaining({ kind: 'sentBack', code, version: 2 })
    );
    expect((await planAuthor.get('/api/studio/tasks')).body.items).toEqual([]);
  });

  it('approves for a set time: scheduled, holding the slot, withdrawn and scheduled again, live at its time', async () => {
    await author.put(`${draftPath}/2`, { source: v2 });
    await author.post(`${draftPath}/2/submit`, { reason: '落实安全生产责任，增加承诺书（依据已补充）' });
    expect((await leader.get('/api/studio/tasks')).body.items).toContainEqual(
      expect.objectContaining({ kind: 'approval', code, version: 2, kindLabel: '审批事项变更' })
    );
    expect((await planHead.get('/api/studio/tasks')).body.items).toEqual([]);
    Task.array().parse((await leader.get('/api/studio/tasks')).body.items);

    t.clock.set('2026-12-20 10:00');
    const past = await leader.post(`${draftPath}/2/approve`, { at: '2026-12-20T09:00:00+08:00' });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({
      code: 'studio.schedule-in-past',
      message: expect.stringContaining('须晚于现在')
    });
    expect((await leader.post(`${draftPath}/2/approve`, { at: '2027-01-01 00:00' })).status).toBe(400);
    const newYear = '2027-01-01T00:00:00+08:00';
    for (const who of [author, planHead, reform, admin])
      expect((await who.post(`${draftPath}/2/approve`, { at: newYear })).status).toBe(403);
    const scheduled = await leader.post(`${draftPath}/2/approve`, { comment: '同意，元旦起施行', at: newYear });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    expect(scheduled.body).toMatchObject({
      state: 'scheduled',
      stateLabel: '待生效（定时发布）',
      scheduledAt: '2026-12-31T16:00:00.000Z',
      publishedAt: null
    });
    // It holds the matter's one change in progress; it is not live yet, and cannot be edited.
    const another = await author.post('/api/studio/drafts', { source: v1 });
    expect(another.body.error).toMatchObject({
      code: 'studio.open-version',
      details: { version: 2, state: 'scheduled' }
    });
    expect((await author.put(`${draftPath}/2`, { source: v1 })).body.error.message).toContain('撤回定时发布');
    expect((await t.anonymous.get(`/api/hall/matters/${code}`)).body.version).toBe(1);
    const overview = await author.get('/api/studio/overview');
    expect(overview.body.matters.find((m: { code: string }) => m.code === code).open).toMatchObject({
      version: 2,
      state: 'scheduled',
      scheduledAt: '2026-12-31T16:00:00.000Z'
    });

    // Withdrawn before the time by the head of the department only.
    for (const who of [author, planHead, reform, admin])
      expect((await who.post(`${draftPath}/2/withdraw`, {})).status).toBe(403);
    const withdrawn = await leader.post(`${draftPath}/2/withdraw`, { comment: '收费依据待市政府文件' });
    expect(withdrawn.body).toMatchObject({ state: 'submitted', scheduledAt: null });
    expect((await leader.post(`${draftPath}/2/withdraw`, {})).body.error.code).toBe('studio.not-scheduled');
    const again = await leader.post(`${draftPath}/2/approve`, { at: newYear });
    expect(again.body.state).toBe('scheduled');

    // At the time it is due: nothing published before, published once after (the worker's pass or a timer).
    t.clock.set('2026-12-31 23:59');
    expect(await publishDue(t.services, t.clock.now)).toBe(0);
    t.clock.set('2027-01-01 00:00');
    const late = await leader.post(`${draftPath}/2/withdraw`, {});
    expect(late.body.error).toMatchObject({ code: 'studio.schedule-due' });
    t.clock.set('2027-01-01 00:05');
    const [first, second] = await Promise.all([
      publishDue(t.services, t.clock.now),
      publishDue(t.services, t.clock.now)
    ]);
    expect(first + second).toBe(1);
    const live = await t.anonymous.get(`/api/hall/matters/${code}`);
    expect(live.body).toMatchObject({ version: 2 });
    const detail = await author.get(`/api/studio/matters/${code}/versions/2`);
    expect(detail.body).toMatchObject({ state: 'published', publishedAt: '2026-12-31T16:00:00.000Z' });
    expect(detail.body.approvals.map((a: { decision: string }) => a.decision)).toEqual([
      'submit',
      'reject',
      'submit',
      'approve',
      'schedule',
      'withdraw',
      'approve',
      'schedule',
      'publish',
      'file'
    ]);
    expect(detail.body.approvals.at(-1)).toMatchObject({
      actor: { name: '黄局长' },
      comment: expect.stringContaining('按预定时间发布')
    });
  });

  it('filing: the reform office files a change or orders its correction, which is the department’s task until a later version is filed', async () => {
    const list = await reform.get('/api/studio/filings');
    Filings.parse(list.body);
    const filing = list.body.items[0];
    expect(filing).toMatchObject({
      code,
      version: 2,
      previousVersion: 1,
      state: 'pending',
      stateLabel: '待备案',
      reason: '落实安全生产责任，增加承诺书（依据已补充）',
      decision: null
    });
    expect(filing.changes.length).toBeGreaterThan(0);
    expect((await reform.get('/api/studio/tasks')).body.items).toContainEqual(
      expect.objectContaining({ kind: 'filing', code, version: 2, filingId: filing.id })
    );

    for (const who of [author, leader, planHead, admin]) {
      expect((await who.post(`/api/studio/filings/${filing.id}/correct`, { reasons: '收费依据不明' })).status).toBe(
        403
      );
      expect((await who.post(`/api/studio/filings/${filing.id}/accept`, {})).status).toBe(403);
    }
    expect((await reform.post(`/api/studio/filings/${filing.id}/correct`, {})).status).toBe(400);
    expect((await reform.post('/api/studio/filings/999999/accept', {})).status).toBe(404);
    const reasons = '承诺书应注明依据《建设工程安全生产管理条例》第几条';
    const corrected = await reform.post(`/api/studio/filings/${filing.id}/correct`, { reasons });
    expect(corrected.body).toMatchObject({
      state: 'correction',
      stateLabel: '责令改正',
      decision: { by: { name: '郑审改' }, text: reasons }
    });
    expect((await reform.post(`/api/studio/filings/${filing.id}/accept`, {})).body.error.code).toBe(
      'studio.filing-decided'
    );
    expect(
      (await reform.get('/api/studio/filings?state=correction')).body.items.map((f: { id: number }) => f.id)
    ).toEqual([filing.id]);

    const correction = { code, version: 2, filingId: filing.id, reasons, orderedBy: { name: expect.any(String) } };
    expect((await author.get('/api/studio/tasks')).body.items).toContainEqual(
      expect.objectContaining({ kind: 'correction', code, version: 2, filingId: filing.id })
    );
    expect(
      (await leader.get('/api/studio/tasks')).body.items.some((i: { kind: string }) => i.kind === 'correction')
    ).toBe(false);
    expect((await planAuthor.get('/api/studio/tasks')).body.items).toEqual([]);
    const overview = await author.get('/api/studio/overview');
    expect(overview.body.matters.find((m: { code: string }) => m.code === code).correction).toMatchObject(correction);
    expect((await author.get(`/api/studio/matters/${code}/versions/2`)).body.correction).toMatchObject(correction);
  });

  it('restores an old version as a new draft, and a scheduled publication goes live at its time with no request', async () => {
    for (const who of [planAuthor, leader, reform])
      expect((await who.post(`/api/studio/matters/${code}/versions/1/restore`, {})).status).toBe(403);
    const restored = await author.post(`/api/studio/matters/${code}/versions/1/restore`, {});
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    expect(restored.body).toMatchObject({ version: 3, state: 'draft', note: '恢复第 1 版', compiled: true });
    expect((await author.get(`/api/studio/matters/${code}/versions/3`)).body.source).toBe(v1);
    const busy = await author.post(`/api/studio/matters/${code}/versions/2/restore`, {});
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('已有未完成的变更');
    await author.post(`${draftPath}/3/submit`, { reason: '按审改办意见改正：恢复原申请材料' });

    // This process's timer on a clock that runs from the test's, as a server's does.
    const base = t.clock.now;
    const started = Date.now();
    const scheduler = new PublicationScheduler({ ...t.services, now: () => base + (Date.now() - started) });
    await scheduler.start();
    try {
      const at = new Date(base + 1_500).toISOString();
      expect((await leader.post(`${draftPath}/3/approve`, { at })).body.state).toBe('scheduled');
      await expect
        .poll(async () => (await t.anonymous.get(`/api/hall/matters/${code}`)).body.version, { timeout: 15_000 })
        .toBe(3);
    } finally {
      await scheduler.stop();
    }
    // Version 3 is filed: the correction on version 2 is no longer open.
    expect(
      (await author.get('/api/studio/tasks')).body.items.some((i: { kind: string }) => i.kind === 'correction')
    ).toBe(false);
    expect((await author.get(`/api/studio/matters/${code}/versions/3`)).body.correction).toBeNull();
    const [latest] = (await reform.get('/api/studio/filings?state=pending')).body.items;
    expect(latest).toMatchObject({ version: 3, previousVersion: 2 });
    expect((await reform.post(`/api/studio/filings/${latest.id}/accept`, { note: '同意备案' })).body).toMatchObject({
      state: 'filed',
      stateLabel: '已备案',
      decision: { text: '同意备案' }
    });
    // The case started under version 1 stays on it.
    const cases = await t.store.db.query<{ matter_version: number }>(
      'select matter_version from cases where matter_code = $1',
      [code]
    );
    expect(cases.map(c => c.matter_version)).toEqual([1]);
  });

  it('history and compare: every version with who did what, when and why; any two versions side by side', async () => {
    const history = await reform.get(`/api/studio/matters/${code}/history`);
    History.parse(history.body);
    const [third, second, first] = history.body.versions;
    expect(first).toMatchObject({ version: 1, state: 'superseded', supersededAt: '2026-12-31T16:00:00.000Z' });
    expect(second).toMatchObject({
      version: 2,
      state: 'superseded',
      author: { name: '赵编写' },
      submitted: { by: { name: '赵编写' }, reason: '落实安全生产责任，增加承诺书（依据已补充）' },
      approved: { by: { name: '黄局长' } },
      scheduledAt: '2026-12-31T16:00:00.000Z',
      publishedAt: '2026-12-31T16:00:00.000Z',
      filing: { state: 'correction', decision: { comment: expect.stringContaining('安全生产管理条例') } }
    });
    expect(second.sentBack[0]).toMatchObject({ by: { name: '黄局长' }, comment: '请补充依据' });
    expect(second.sentBack[0].lines).toHaveLength(2);
    expect(second.withdrawn[0]).toMatchObject({ comment: '收费依据待市政府文件' });
    expect(third).toMatchObject({ version: 3, state: 'published', note: '恢复第 1 版', filing: { state: 'filed' } });

    const compared = await author.get(`/api/studio/matters/${code}/compare?from=1&to=2`);
    Comparison.parse(compared.body);
    expect(compared.body).toMatchObject({ from: { version: 1 }, to: { version: 2 } });
    expect(compared.body.changes.map((c: { text: string }) => c.text).join('\n')).toContain('建设工程安全生产承诺书');
    expect((await author.get(`/api/studio/matters/${code}/compare?from=1&to=3`)).body.changes).toEqual([]);

    for (const who of [planAuthor, planHead, window]) {
      expect((await who.get(`/api/studio/matters/${code}/history`)).status).toBe(403);
      expect((await who.get(`/api/studio/matters/${code}/compare?from=1&to=2`)).status).toBe(403);
    }
    expect((await author.get(`/api/studio/matters/${code}/compare?from=1&to=7`)).status).toBe(404);
    expect((await author.get(`/api/studio/matters/${code}/compare?from=1`)).status).toBe(400);
    expect((await author.get('/api/studio/matters/11350200003650121J399999999999999/history')).status).toBe(404);
  });
});
