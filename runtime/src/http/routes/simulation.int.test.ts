import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword } from '../../accounts/index.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { dbKinds } from '../../testing/database.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import {
  CheckAnswer,
  DraftAnswer,
  Expectation,
  SimulationAnswer,
  VersionDetail,
  VersionList,
  VersionSummary
} from './studio-schemas.ts';

const { byName, definitions } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const path = 'housing-construction/construction-permit.matter';
const permitSource = matterSource(path);
/** The same matter with a shorter promised limit and a shorter first step. */
const faster = permitSource
  .replace('承诺 7 工作日', '承诺 6 工作日')
  .replace('审查 由 承办人 2 工作日', '审查 由 承办人 1 工作日');
/** The same matter with a longer promised limit. */
const slower = permitSource.replace('承诺 7 工作日', '承诺 8 工作日');
/** A matter whose guide declares no special procedure. */
const plain = definitions.find(d => d.specialProcedures.length === 0)!;
const nationalDay = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'];

interface Entry {
  at: string;
  day: string;
  kind: string;
  label: string;
  detail?: string;
  level: string;
  provisional?: true;
}

describe.each(dbKinds)('simulation before publishing, over HTTP on %s', kind => {
  let t: TestApp;
  let author: Client;
  let otherAuthor: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    await createStaff(t.store.db, {
      login: 'planauthor2',
      name: '孙编写',
      department: '市自然资源和规划局',
      roles: [],
      duties: ['author'],
      password: demoPassword
    });
    author = await t.as('author');
    otherAuthor = await t.as('planauthor2');
  });
  afterAll(async () => t?.close());

  const simulate = (scenario: Record<string, unknown>, source = permitSource, as = author) =>
    as.post('/api/studio/simulate', { source, path, scenario });

  it('across the National Day holiday: every limit skips the holiday, and nobody acts on it', async () => {
    const prompt = await simulate({ submittedAt: '2026-09-28T10:00' });
    expect(prompt.status, JSON.stringify(prompt.body)).toBe(200);
    expect(prompt.body).toMatchObject({ ok: true, provisionalYears: [] });
    // Accepted on 28 Sep: 7 workdays are 29, 30 Sep, 8, 9, 10 (the make-up Saturday), 12, 13 Oct (Art. 42: 20 in all).
    expect(prompt.body.outcome).toEqual({
      decidedOn: '2026-09-28',
      promisedBy: '2026-10-13',
      legalBy: '2026-10-30',
      deemedAcceptance: false,
      cards: []
    });
    const legal = (prompt.body.timeline as Entry[]).find(e => e.kind === 'deadline:legal')!;
    expect(legal).toMatchObject({ label: '法定时限届满', day: '2026-10-30', level: 'deadline' });
    expect(legal.detail).toContain('20 个工作日，起算 2026-09-29');

    // The worst lawful case: each step on its last day, so the first counted day falls after the holiday.
    const slow = await simulate({ submittedAt: '2026-09-29T10:00', staffPace: 'lastDay' });
    const timeline = slow.body.timeline as Entry[];
    const acts = timeline.filter(e => e.level === 'info');
    expect(acts.filter(e => nationalDay.includes(e.day))).toEqual([]);
    expect(timeline.find(e => e.kind === 'deadline:promised')!.detail).toContain('起算 2026-10-08（国庆节顺延）');
    expect(timeline.map(e => e.at)).toEqual([...timeline.map(e => e.at)].sort());
    expect(slow.body.outcome.cards.map((c: { level: string }) => c.level)).toContain('warning');
    expect(slow.body.outcome.cards.filter((c: { level: string }) => c.level !== 'warning')).toEqual([]);
  });

  it('a correction within five workdays restarts the acceptance window; a later one pauses the running clock', async () => {
    const early = await simulate({
      submittedAt: '2026-09-28T10:00',
      correction: { afterWorkdays: 2, applicantTakesDays: 3 }
    });
    const labels = (early.body.timeline as Entry[]).map(e => e.label);
    expect(labels).toEqual(expect.arrayContaining(['补正告知', '申请人补正', '受理', '受理期限']));
    expect(early.body.outcome).toMatchObject({ deemedAcceptance: false, promisedBy: '2026-10-16' });

    // No notice within five workdays of receipt: accepted by law from receipt (Art. 32), then the correction pauses the clock.
    const late = await simulate({
      submittedAt: '2026-09-28T10:00',
      correction: { afterWorkdays: 7, applicantTakesDays: 3 }
    });
    const timeline = late.body.timeline as Entry[];
    expect(timeline.find(e => e.kind === 'deemedAcceptance')).toMatchObject({
      label: '视为受理',
      day: '2026-10-11',
      detail: expect.stringContaining('自 2026-09-28 起即为受理')
    });
    expect(late.body.outcome.deemedAcceptance).toBe(true);
    // Three days paused (13 to 16 Oct, all workdays): the legal limit moves from 30 Oct to 4 Nov.
    expect(late.body.outcome.legalBy).toBe('2026-11-04');
    expect(timeline.find(e => e.kind === 'deadline:legal')!.detail).toContain('补正暂停 3 日');
  });

  it('a special procedure the guide declares stops the clock; one it does not is refused in Chinese', async () => {
    const answer = await simulate({
      submittedAt: '2026-09-28T10:00',
      specialProcedure: { name: '专家评审', afterWorkdays: 3, lengthDays: 10 }
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const timeline = answer.body.timeline as Entry[];
    const start = timeline.find(e => e.label === '特别程序 专家评审 开始')!;
    const end = timeline.find(e => e.label === '特别程序 专家评审 结束')!;
    expect(start.day).toBe('2026-10-08');
    expect(end.day).toBe('2026-10-19'); // ten days on is a Sunday: staff record the result on Monday
    expect(start.detail).toContain('第四十五条');
    expect(answer.body.outcome.legalBy > '2026-10-30').toBe(true);
    expect(timeline.find(e => e.kind === 'deadline:legal')!.detail).toContain('特别程序暂停 11 日');

    const unknown = await simulate({
      submittedAt: '2026-09-28T10:00',
      specialProcedure: { name: '听证', afterWorkdays: 1, lengthDays: 5 }
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toBe('本事项没有名为“听证”的特别程序；可选：专家评审。');
    const none = await simulate(
      { submittedAt: '2026-09-28T10:00', specialProcedure: { afterWorkdays: 1, lengthDays: 5 } },
      matterSource(plain.source.file.replace(/^catalog\//, ''))
    );
    expect(none.status, JSON.stringify(none.body)).toBe(422);
    expect(none.body.error.message).toContain('没有规定特别程序');
  });

  it('an extension taken at the last moment lengthens the legal limit by what the law allows, after a yellow card', async () => {
    const answer = await simulate({ submittedAt: '2026-09-28T10:00', extension: true });
    const timeline = answer.body.timeline as Entry[];
    const extended = timeline.find(e => e.label === '延长审批期限')!;
    expect(extended).toMatchObject({ day: '2026-10-30', level: 'deadline' });
    expect(extended.detail).toContain('延长 15 个工作日');
    // Joint handling: 15 more workdays after 30 Oct (Art. 42).
    expect(answer.body.outcome).toMatchObject({ decidedOn: '2026-10-30', legalBy: '2026-11-20' });
    expect(answer.body.outcome.cards).toContainEqual({
      level: 'yellow',
      day: '2026-10-14',
      what: '本办件超过承诺办结时限，亮黄牌。'
    });
    expect(answer.body.outcome.cards.some((c: { level: string }) => c.level === 'red')).toBe(false);
  });

  it('a co-approver answering late raises its anomalies and the step card, with dates', async () => {
    const answer = await simulate({
      submittedAt: '2026-09-28T10:00',
      lateCoApprover: { name: '市人民防空办公室', lateByWorkdays: 2 }
    });
    const cards = answer.body.outcome.cards as Array<{ level: string; day: string; what: string }>;
    expect(cards).toEqual(
      expect.arrayContaining([
        { level: 'anomaly', day: '2026-10-09', what: '本办件：市人民防空办公室没有在时限内答复并联审批。' },
        { level: 'yellow', day: '2026-10-09', what: '本办件超过“并联审批”环节时限，亮黄牌。' }
      ])
    );
    // Reported once (office-audit item 34): not again when the late answer comes.
    expect(cards.filter(c => c.what.includes('市人民防空办公室') && c.level === 'anomaly')).toHaveLength(1);
    const levels = new Set((answer.body.timeline as Entry[]).map(e => e.level));
    expect([...levels]).toEqual(expect.arrayContaining(['info', 'deadline', 'warning', 'yellow', 'anomaly']));
    const wrong = await simulate({
      submittedAt: '2026-09-28T10:00',
      lateCoApprover: { name: '市公安局', lateByWorkdays: 1 }
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toBe(
      '“市公安局”不是本事项的协办部门；可选：市自然资源和规划局、市人民防空办公室。'
    );
  });

  it('past the published calendar, dates are provisional and say so', async () => {
    const answer = await simulate({ submittedAt: '2026-12-21T10:00', staffPace: 'lastDay' });
    expect(answer.body.provisionalYears).toEqual([2027]);
    const legal = (answer.body.timeline as Entry[]).find(e => e.kind === 'deadline:legal')!;
    expect(legal.provisional).toBe(true);
  });

  it('a source with errors is not simulated: its diagnostics come back instead', async () => {
    const answer = await simulate(
      { submittedAt: '2026-09-28T10:00' },
      permitSource.replace('承诺 7 工作日', '承诺 30 工作日')
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, timeline: [], outcome: null });
    expect(answer.body.diagnostics.some((d: { severity: string }) => d.severity === 'error')).toBe(true);
  });

  it('saves an expectation; every later check and draft re-runs it and warns, without blocking submission', async () => {
    const scenario = { submittedAt: '2026-09-28T10:00', staffPace: 'lastDay' };
    t.clock.set('2026-09-20 10:00');
    const saved = await author.post(`/api/studio/matters/${permit.code}/expectations`, {
      name: '国庆前提交，最坏情况',
      scenario,
      source: permitSource,
      path
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({
      code: permit.code,
      name: '国庆前提交，最坏情况',
      scenario,
      createdBy: '赵编写',
      expected: { decidedOn: '2026-10-14', promisedBy: '2026-10-14', legalBy: '2026-11-02', deemedAcceptance: false }
    });
    const again = await author.post(`/api/studio/matters/${permit.code}/expectations`, {
      name: '国庆前提交，最坏情况',
      scenario,
      source: permitSource
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已有名为“国庆前提交，最坏情况”的模拟预期');

    const listed = await author.get(`/api/studio/matters/${permit.code}/expectations`);
    expect(listed.body.expectations).toEqual([saved.body]);

    const same = await author.post('/api/studio/check', { source: permitSource, path });
    expect(same.body.expectations).toEqual([
      expect.objectContaining({ id: saved.body.id, ok: true, changes: [], actual: saved.body.expected })
    ]);
    expect(same.body.diagnostics).toEqual([]);

    const shorter = await author.post('/api/studio/check', { source: faster, path });
    expect(shorter.body.ok).toBe(true);
    const broken = shorter.body.expectations[0];
    expect(broken).toMatchObject({ ok: false, expected: saved.body.expected });
    expect(broken.changes).toEqual(
      expect.arrayContaining([
        '作出决定的日期由 2026-10-14 变为 2026-10-13',
        '承诺时限届满日由 2026-10-14 变为 2026-10-13'
      ])
    );
    expect(shorter.body.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'studio.expectation-broken',
        message: expect.stringContaining('模拟预期“国庆前提交，最坏情况”不再成立：')
      })
    );

    // A draft with a longer limit saves, reports the broken expectation, and can still be submitted.
    const draft = await author.post('/api/studio/drafts', { source: slower, path });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.expectations[0].changes).toContain('承诺时限届满日由 2026-10-14 变为 2026-10-15');
    expect(draft.body.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    const updated = await author.put(`/api/studio/drafts/${permit.code}/${draft.body.version}`, {
      source: permitSource
    });
    expect(updated.body.expectations[0].ok).toBe(true);
    await author.put(`/api/studio/drafts/${permit.code}/${draft.body.version}`, { source: slower });
    const submitted = await author.post(`/api/studio/drafts/${permit.code}/${draft.body.version}/submit`, {
      reason: '承诺时限放宽一日'
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.state).toBe('submitted');

    // What the OpenAPI document says of these answers is what they are.
    SimulationAnswer.parse((await simulate(scenario)).body);
    Expectation.parse(saved.body);
    CheckAnswer.parse(shorter.body);
    DraftAnswer.parse(draft.body);
    VersionSummary.parse(submitted.body);
    VersionDetail.parse((await author.get(`/api/studio/matters/${permit.code}/versions/${draft.body.version}`)).body);
    VersionList.parse((await author.get(`/api/studio/matters?code=${permit.code}`)).body);

    const gone = await author.delete(`/api/studio/matters/${permit.code}/expectations/${saved.body.id}`);
    expect(gone.body).toEqual({ deleted: true });
    expect((await author.get(`/api/studio/matters/${permit.code}/expectations`)).body.expectations).toEqual([]);
    expect((await author.delete(`/api/studio/matters/${permit.code}/expectations/${saved.body.id}`)).status).toBe(404);
    const audited = await t.store.db.query<{ action: string }>(
      `select distinct action from audit_log where action like 'studio.expectation%' or action = 'studio.simulate' order by action`
    );
    expect(audited.map(a => a.action)).toEqual([
      'studio.expectation.create',
      'studio.expectation.delete',
      'studio.expectations',
      'studio.simulate'
    ]);
  });

  it('only the matter’s own authors save expectations; staff of other departments and applicants are refused', async () => {
    const body = { name: '他人', scenario: { submittedAt: '2026-09-28T10:00' }, source: permitSource, path };
    const other = await otherAuthor.post(`/api/studio/matters/${permit.code}/expectations`, body);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('studio.other-department');
    expect((await otherAuthor.get(`/api/studio/matters/${permit.code}/expectations`)).status).toBe(403);
    const leader = await t.as('leader');
    expect((await leader.post(`/api/studio/matters/${permit.code}/expectations`, body)).status).toBe(403);
    const applicant = await t.as('91350100M000100Y43');
    const refused = await applicant.post('/api/studio/simulate', { source: permitSource, scenario: body.scenario });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('这是工作人员使用的功能。');
    const window = await t.as('window');
    expect((await window.post('/api/studio/simulate', { source: permitSource, scenario: body.scenario })).status).toBe(
      403
    );
    const missing = await author.post(`/api/studio/matters/${'1'.repeat(33)}/expectations`, body);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('还没有任何版本');
  });

  it('bad input is refused with a Chinese message naming what is wrong', async () => {
    const badDate = await simulate({ submittedAt: '2026-13-01T10:00' });
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body.error)).toContain('提交时间不是有效的日期和时间');
    const badShape = await simulate({ submittedAt: '2026-09-28 10:00' });
    expect(JSON.stringify(badShape.body.error)).toContain('提交时间应写成“年-月-日T时:分”');
    const negative = await simulate({
      submittedAt: '2026-09-28T10:00',
      correction: { afterWorkdays: -1, applicantTakesDays: 1 }
    });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body.error)).toContain('告知补正的时间不能为负数');
    const extra = await simulate({ submittedAt: '2026-09-28T10:00', weather: 'rain' });
    expect(extra.status).toBe(400);
    const pace = await simulate({ submittedAt: '2026-09-28T10:00', staffPace: 'slow' });
    expect(JSON.stringify(pace.body.error)).toContain('办理节奏应为');
    const noName = await author.post(`/api/studio/matters/${permit.code}/expectations`, {
      name: ' ',
      scenario: { submittedAt: '2026-09-28T10:00' },
      source: permitSource
    });
    expect(JSON.stringify(noName.body.error)).toContain('请填写预期名称');
    const wrongMatter = await author.post(`/api/studio/matters/${permit.code}/expectations`, {
      name: '别的事项',
      scenario: { submittedAt: '2026-09-28T10:00' },
      source: matterSource(plain.source.file.replace(/^catalog\//, ''))
    });
    expect(wrongMatter.status).toBe(422);
    expect(wrongMatter.body.error.message).toContain(`不是事项 ${permit.code}`);
  });
});
