import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { pdf, upload, uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { CommandPreview } from './case-preview.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const remedies = '如不服本决定，可以依法申请行政复议或者提起行政诉讼。';

describe.each(dbKinds)('the preview of what a command would send the applicant, on %s', kind => {
  let t: TestApp;
  let company: Client;
  const staff: Record<string, Client> = {};
  let id: string;
  let caseNumber: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as('91350100M000100Y43');
    for (const login of ['window', 'handler', 'chief', 'leader', 'planning', 'airdefence', 'author', 'supervisor'])
      staff[login] = await t.as(login);
    await createStaff(t.store.db, {
      login: 'market-handler',
      name: '市监承办',
      password: 'banshi-demo-2026',
      department: '市市场监督管理局',
      roles: ['承办人'],
      duties: []
    });
    staff.outsider = await t.as('market-handler');
    t.clock.set('2026-09-28 09:00');
    const answers = answersFor(permit);
    const created = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    caseNumber = created.body.caseNumber;
  });
  afterAll(async () => t?.close());

  async function preview(by: Client, body: object, status = 200) {
    const r = await by.post(`/api/office/cases/${id}/preview`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    if (status === 200) CommandPreview.parse(r.body);
    return r.body;
  }

  async function command(by: Client, body: object, status = 200) {
    const r = await by.post(`/api/office/cases/${id}/commands`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  }

  /** What a preview must leave as it found: the case's version, its events, its outbox and its timers. */
  async function stored() {
    const [row] = await t.store.db.query<{ version: number; events: number; outbox: number; timers: number }>(
      `select (select version from cases where case_id = $1) as version,
              (select count(*)::int from case_events where case_id = $1) as events,
              (select count(*)::int from outbox) as outbox,
              (select count(*)::int from timers) as timers`,
      [id]
    );
    return row;
  }

  const deniedPreviews = async () =>
    (
      await t.store.db.query<{ n: number }>(
        `select count(*)::int as n from audit_log
         where action = 'case.preview' and outcome = 'denied' and (target = $1 or case_id::text = $1)`,
        [id]
      )
    )[0]!.n;

  it('the correction notice: exactly what the applicant then receives, and nothing stored by the preview', async () => {
    t.clock.set('2026-09-28 10:00');
    const body = { type: 'requestCorrection', items: ['申请表缺少盖章', '施工合同缺少双方签章页'] };
    const before = await stored();
    const answer = await preview(staff.window!, body);
    expect(await stored()).toEqual(before);
    expect(answer).toMatchObject({
      ok: true,
      results: [],
      notices: [
        {
          kind: 'correction',
          title: '补正材料通知书',
          caseNumber,
          matter: '建筑工程施工许可证核发',
          department: '市住房和建设局',
          applicant: '厦门市示例建设有限公司',
          issuedAt: new Date(t.clock.now).toISOString()
        }
      ]
    });
    expect(answer.notices[0].lines.slice(0, 3)).toEqual([
      '请一次性补正以下全部内容后重新提交：',
      '1. 申请表缺少盖章',
      '2. 施工合同缺少双方签章页'
    ]);
    await command(staff.window!, body);
    const issued = (await company.get(`/api/hall/cases/${id}`)).body.notices;
    expect(issued.at(-1)).toEqual(answer.notices[0]);
  });

  it('a refused command answers with the engine’s sentence, the same as the command route’s, never a code', async () => {
    const body = { type: 'accept' };
    const answer = await preview(staff.window!, body);
    const refused = await command(staff.window!, body, 409);
    expect(answer).toEqual({ ok: false, refusal: refused.error.message });
    expect(answer.refusal).toMatch(/[\u4e00-\u9fa5]/);
    expect(answer.refusal).not.toContain(refused.error.code);
    // A correction naming what the first notice did not (Art. 32 一次性告知) is refused in a sentence as well.
    const later = await preview(staff.window!, { type: 'requestCorrection', items: ['另缺监理合同'] });
    expect(later.ok).toBe(false);
    expect(later.refusal).toMatch(/[\u4e00-\u9fa5]{4}/);
  });

  it('the notice of refusal to accept gives the reasons and the remedies', async () => {
    t.clock.set('2026-09-28 11:00');
    const fileId = await upload(company, '申请表', pdf(1), '申请表（盖章）.pdf');
    const again = await company.post(`/api/hall/cases/${id}/resubmit`, { materials: [{ material: '申请表', fileId }] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const answer = await preview(staff.window!, { type: 'refuse', reasons: '不属于本机关职权范围' });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    expect(answer.notices).toEqual([
      expect.objectContaining({
        kind: 'refusal',
        title: '不予受理通知书',
        lines: ['理由：不属于本机关职权范围', remedies]
      })
    ]);
  });

  it('denials: the same status and sentence as the command route, each audited', async () => {
    const body = { type: 'passPreReview' };
    const cases = [
      { who: company, status: 403 },
      { who: staff.outsider!, status: 404 },
      { who: staff.author!, status: 403 },
      { who: staff.supervisor!, status: 403 },
      // A co-approving department may only answer its co-approval.
      { who: staff.planning!, status: 403 },
      // The engine's own authority: the handler holds no post of the pre-review step.
      { who: staff.handler!, status: 403 }
    ];
    const audited = await deniedPreviews();
    for (const { who, status } of cases) {
      const before = await stored();
      const previewed = await preview(who, body, status);
      const commanded = await command(who, body, status);
      expect(previewed.error.message).toBe(commanded.error.message);
      expect(await stored()).toEqual(before);
    }
    // Every staff denial is in the audit log (the applicant is turned away before any case is read).
    expect(await deniedPreviews()).toBe(audited + cases.length - 1);
  });

  it('the decision: 准予 names the licence and its validity, 不予 gives reasons and remedies; what is sent is what was shown', async () => {
    await command(staff.window!, { type: 'passPreReview' });
    await command(staff.window!, { type: 'confirmPaper' });
    await command(staff.window!, { type: 'accept' });
    await command(staff.handler!, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
    await command(staff.handler!, { type: 'distribute' });
    await command(staff.planning!, { type: 'answerCoApproval', agree: true });
    await command(staff.airdefence!, { type: 'answerCoApproval', agree: true });
    await command(staff.handler!, { type: 'consolidate', opinion: '各协办部门均同意' });
    await command(staff.chief!, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    t.clock.set('2026-10-12 10:00');
    const before = await stored();
    const denied = await preview(staff.leader!, { type: 'decide', approve: false, reasons: '施工场地不具备施工条件' });
    expect(denied.notices).toEqual([
      expect.objectContaining({
        kind: 'decision',
        title: '不予行政许可决定书',
        lines: ['不予许可。', '理由：施工场地不具备施工条件', remedies]
      })
    ]);
    expect(denied.results).toEqual([]);
    const granted = await preview(staff.leader!, { type: 'decide', approve: true });
    expect(granted.notices).toEqual([
      expect.objectContaining({
        kind: 'decision',
        title: '准予行政许可决定书',
        applicant: '厦门市示例建设有限公司',
        lines: ['准予许可，颁发建筑工程施工许可证。']
      })
    ]);
    // 有效期 3 个月 from the day of the decision: 2026-10-12 to 2027-01-11.
    expect(granted.results).toEqual([
      {
        kind: 'licence',
        name: '建筑工程施工许可证',
        issued: '2026-10-12',
        until: '2027-01-11',
        validity: '2026-10-12 至 2027-01-11'
      }
    ]);
    expect(await stored()).toEqual(before);
    // Not the leader's to decide: the same 403 as the command, audited.
    const audited = await deniedPreviews();
    const handlerPreview = await preview(staff.handler!, { type: 'decide', approve: true }, 403);
    const handlerCommand = await command(staff.handler!, { type: 'decide', approve: true }, 403);
    expect(handlerPreview.error.message).toBe(handlerCommand.error.message);
    expect(await deniedPreviews()).toBe(audited + 1);
    await command(staff.leader!, { type: 'decide', approve: true });
    const issued = (await company.get(`/api/hall/cases/${id}`)).body.notices;
    expect(issued.at(-1)).toEqual(granted.notices[0]);
  });
});
