import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const permitSource = matterSource('housing-construction/construction-permit.matter');
/** The permit with a shorter promised limit: the change the department publishes. */
const faster = permitSource
  .replace('承诺 7 工作日', '承诺 6 工作日')
  .replace('审查 由 承办人 2 工作日', '审查 由 承办人 1 工作日');
/** Promised longer than legal: an error the language reports. */
const broken = permitSource.replace('承诺 7 工作日', '承诺 30 工作日');
const organisation = '91350100M000100Y43';

describe.each(dbKinds)('the studio over HTTP on %s', kind => {
  let t: TestApp;
  let author: Client;
  let leader: Client;
  let reform: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    // The test store imports golden Definitions without the catalogue's files; put them where the runtime keeps them.
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    for (const [login, name, duties] of [
      ['planauthor', '孙编写', ['author']],
      ['planhead', '钱局长', ['head']],
      ['housinghead', '冯副局长', ['head', 'author']]
    ] as const) {
      await createStaff(t.store.db, {
        login,
        name,
        department: login === 'housinghead' ? '市住房和建设局' : '市自然资源和规划局',
        roles: [],
        duties: [...duties],
        password: demoPassword
      });
    }
    author = await t.as('author');
    leader = await t.as('leader');
    reform = await t.as('reform');
  });
  afterAll(async () => t?.close());

  it('checks a source: diagnostics with their place and code, and the compiled Definition when there is no error', async () => {
    const bad = await author.post('/api/studio/check', { source: broken });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ ok: false, definition: null });
    expect(bad.body.diagnostics).toContainEqual({
      line: 56,
      column: 19,
      endLine: 56,
      endColumn: 25,
      severity: 'error',
      code: 'limits.promised-exceeds-legal',
      message: expect.stringContaining('承诺时限 30 个工作日长于法定时限')
    });
    const typo = await author.post('/api/studio/check', {
      source: permitSource.replace('部门 市住房和建设局', '部门 市住房和建设')
    });
    expect(typo.body.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'link.unknown-department',
      message: expect.stringContaining('是不是“市住房和建设局”')
    });
    const good = await author.post('/api/studio/check', {
      source: faster,
      path: 'housing-construction/construction-permit.matter'
    });
    expect(good.body).toMatchObject({ ok: true, diagnostics: [] });
    expect(good.body.definition).toMatchObject({
      code: permit.code,
      name: permit.name,
      limits: { promised: { amount: 6, unit: 'workdays' } },
      source: { file: 'catalog/housing-construction/construction-permit.matter' }
    });
    const notAMatter = await author.post('/api/studio/check', { source: '部门 某某局 {\n}\n' });
    expect(notAMatter.body.diagnostics.map((d: { code: string }) => d.code)).toEqual(
      expect.arrayContaining(['studio.not-a-matter', 'studio.no-matter'])
    );
    const escape = await author.post('/api/studio/check', { source: faster, path: '../etc/passwd.matter' });
    expect(escape.status).toBe(400);
  });

  it("answers a condition thousands deep with the language's error, and the next check works (security-audit §1.7)", async () => {
    const poison = `事项 x { 表单 { a: 是否 } 材料 { m "m" 当 ${'('.repeat(5000)}a${')'.repeat(5000)} } }`;
    const refused = await author.post('/api/studio/check', { source: poison });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, definition: null });
    expect(refused.body.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'condition.too-complex', line: 1 })
    ]);
    const next = await author.post('/api/studio/check', {
      source: faster,
      path: 'housing-construction/construction-permit.matter'
    });
    expect(next.body).toMatchObject({ ok: true, diagnostics: [] });
  });

  it('drafts, is sent back, resubmits and is approved: the new version is live at once, a running case keeps its own', async () => {
    t.clock.set('2026-09-28 10:00');
    const company = await t.as(organisation);
    const answers = answersFor(permit);
    const running = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(running.status, JSON.stringify(running.body)).toBe(201);

    // A draft may be saved with errors, but not submitted.
    const draft = await author.post('/api/studio/drafts', { source: broken, note: '压缩承诺时限' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      code: permit.code,
      version: 2,
      state: 'draft',
      compiled: false,
      department: '市住房和建设局',
      author: { name: '赵编写' }
    });
    expect(draft.body.diagnostics.some((d: { severity: string }) => d.severity === 'error')).toBe(true);
    const path = `/api/studio/drafts/${permit.code}/2`;
    const refused = await author.post(`${path}/submit`, { reason: '压缩承诺时限，方便企业' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'studio.draft-has-errors',
      message: expect.stringContaining('处错误')
    });
    expect(refused.body.error.details.diagnostics[0]).toMatchObject({ code: 'limits.promised-exceeds-legal' });

    const fixed = await author.put(path, { source: faster });
    expect(fixed.body).toMatchObject({ state: 'draft', compiled: true, diagnostics: [], note: '压缩承诺时限' });
    // The reason for the change (变更理由) is required.
    const unreasoned = await author.post(`${path}/submit`, {});
    expect(unreasoned.status).toBe(400);
    expect(JSON.stringify(unreasoned.body.error)).toContain('变更理由');
    expect((await author.post(`${path}/submit`, { reason: '一' })).status).toBe(400);
    expect((await author.post(`${path}/submit`, { reason: '压缩承诺时限，方便企业' })).body).toMatchObject({
      state: 'submitted'
    });
    // Submitted: no more edits until the head decides.
    expect((await author.put(path, { source: faster })).status).toBe(409);
    expect((await author.post(`${path}/approve`, {})).status).toBe(403);

    const sentBack = await leader.post(`${path}/reject`, { comment: '请补充调整依据' });
    expect(sentBack.body).toMatchObject({ state: 'rejected', stateLabel: '已退回修改' });
    expect((await leader.post(`${path}/reject`, {})).status).toBe(400);
    expect((await author.put(path, { source: faster, note: '依据：市政府2026年第3号文' })).body).toMatchObject({
      state: 'draft'
    });
    await author.post(`${path}/submit`, { reason: '压缩承诺时限，依据市政府2026年第3号文' });

    t.clock.set('2026-09-28 15:30');
    const approved = await leader.post(`${path}/approve`, { comment: '同意' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ state: 'published', publishedAt: '2026-09-28T07:30:00.000Z' });

    const live = await t.anonymous.get(`/api/hall/matters/${permit.code}`);
    expect(live.body).toMatchObject({ version: 2, definition: { limits: { promised: { amount: 6 } } } });
    const kept = await company.get(`/api/hall/cases/${running.body.id}`);
    expect(kept.body.matter).toMatchObject({ code: permit.code, version: 1 });
    // Version 2's own materials list decides what the applicant uploads now.
    const later = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, live.body.definition, answers)
    });
    expect(later.body.matter.version).toBe(2);

    const first = await author.get(`/api/studio/matters/${permit.code}/versions/1`);
    expect(first.body.state).toBe('superseded');
    const detail = await author.get(`/api/studio/matters/${permit.code}/versions/2`);
    expect(detail.body).toMatchObject({ source: faster, definition: { code: permit.code } });
    expect(detail.body.approvals.map((a: { decision: string }) => a.decision)).toEqual([
      'submit',
      'reject',
      'submit',
      'approve',
      'publish',
      'file'
    ]);
    expect(detail.body.approvals[1]).toMatchObject({ comment: '请补充调整依据', actor: { name: '黄局长' } });

    // Published versions are history: a change is a new draft.
    const edit = await author.put(path, { source: permitSource });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain('请起草新版本');

    const filings = await reform.get('/api/studio/filings');
    expect(filings.body.items[0]).toMatchObject({
      code: permit.code,
      version: 2,
      previousVersion: 1,
      department: '市住房和建设局',
      approvedBy: { name: '黄局长' },
      approvalComment: '同意',
      filing: expect.stringContaining('报审改办备案')
    });
    const actions = await t.store.db.query<{ action: string }>(
      `select action from audit_log where target = $1 and outcome = 'ok'`,
      [`${permit.code}@2`]
    );
    expect(actions.map(a => a.action)).toEqual(
      expect.arrayContaining([
        'studio.draft.create',
        'studio.draft.update',
        'studio.submit',
        'studio.reject',
        'studio.approve'
      ])
    );
  });

  it('a new matter of the department goes the same way; one change at a time per matter', async () => {
    const code = '11350200003650121J300011700600002';
    const source = faster
      .replace(permit.code, code)
      .replace('事项 建筑工程施工许可证核发', '事项 建筑工程施工许可证延期');
    const created = await author.post('/api/studio/drafts', {
      source,
      path: 'housing-construction/permit-extension.matter'
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      code,
      version: 1,
      name: '建筑工程施工许可证延期',
      path: 'housing-construction/permit-extension.matter',
      compiled: true
    });
    const again = await author.post('/api/studio/drafts', { source });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'studio.open-version', details: { version: 1 } });
    const list = await author.get(`/api/studio/matters?code=${code}`);
    expect(list.body.items).toEqual([expect.objectContaining({ code, version: 1, state: 'draft' })]);
    expect((await t.anonymous.get(`/api/hall/matters/${code}`)).status).toBe(404);
  });

  describe('denials', () => {
    it('an author of another department can neither draft nor edit a matter of 市住房和建设局', async () => {
      const other = await t.as('planauthor');
      const drafted = await other.post('/api/studio/drafts', { source: faster });
      expect(drafted.status).toBe(403);
      expect(drafted.body.error.message).toContain('市住房和建设局');
      const code = '11350200003650121J300011700600002';
      expect((await other.put(`/api/studio/drafts/${code}/1`, { source: faster })).status).toBe(403);
      expect((await other.post(`/api/studio/drafts/${code}/1/submit`, { reason: '变更理由' })).status).toBe(403);
      // Nor by writing its own department into the source: the matter stays where it is.
      const moved = await other.post('/api/studio/drafts', {
        source: faster.replace('部门 市住房和建设局', '部门 市自然资源和规划局')
      });
      expect(moved.status).toBe(403);
      const denied = await t.store.db.query<{ n: number }>(
        `select count(*)::int as n from audit_log where actor_id = $1 and outcome = 'denied'`,
        [other.principal!.id]
      );
      expect(denied[0]!.n).toBeGreaterThanOrEqual(3);
    });

    it("only the head of the matter's department approves, and never their own draft", async () => {
      const code = '11350200003650121J300011700600002';
      const path = `/api/studio/drafts/${code}/1`;
      expect((await author.post(`${path}/submit`, { reason: '新增延期事项' })).status).toBe(200);
      expect((await author.post(`${path}/approve`, {})).body.error).toMatchObject({ code: 'studio.not-head' });
      const otherHead = await t.as('planhead');
      expect((await otherHead.post(`${path}/approve`, {})).body.error).toMatchObject({
        code: 'studio.other-department'
      });
      expect((await otherHead.post(`${path}/reject`, { comment: '不同意' })).status).toBe(403);
      expect((await reform.post(`${path}/approve`, {})).status).toBe(403);
      // A head who also drafts cannot approve what they drafted.
      const both = await t.as('housinghead');
      await leader.post(`${path}/reject`, { comment: '请由冯副局长重新起草' });
      const rewritten = await both.put(path, {
        source: (await author.get(`/api/studio/matters/${code}/versions/1`)).body.source
      });
      expect(rewritten.body).toMatchObject({ state: 'draft', author: { name: '冯副局长' } });
      await both.post(`${path}/submit`, { reason: '新增延期事项' });
      expect((await both.post(`${path}/approve`, {})).body.error).toMatchObject({ code: 'studio.own-draft' });
      expect((await leader.post(`${path}/approve`, {})).body).toMatchObject({ state: 'published' });
      expect((await leader.post(`${path}/approve`, {})).status).toBe(409);
    });

    it('an applicant gets 403 on every studio route, anonymous 401, staff without a studio duty 403', async () => {
      const applicant = await t.as(organisation);
      const window = await t.as('window');
      // The administration routes (departments, staff, catalogue files) have their own denials (admin.int.test.ts).
      const routes = t.api.routes.filter(r => r.group === 'studio' && !r.path.startsWith('/api/studio/admin/'));
      const scenario = { submittedAt: '2026-09-28T10:00' };
      expect(routes.length).toBeGreaterThanOrEqual(9);
      for (const route of routes) {
        const url = route.path
          .replace('/expectations/:id', '/expectations/1')
          .replace('/filings/:id', '/filings/1')
          .replace(':material/:kind', '申请表/template')
          .replace('/compare', '/compare?from=1&to=1')
          .replace(':code', permit.code)
          .replace(':version', '1')
          .replace(':id', '00000000-0000-4000-8000-000000000000');
        const body = route.path.endsWith('/reject')
          ? { comment: '意见' }
          : route.path === '/api/studio/drafts/:code/:version/submit'
            ? { reason: '变更理由' }
            : route.path.endsWith('/correct')
              ? { reasons: '改正理由' }
              : route.method === 'get' ||
                  ['/submit', '/approve', '/withdraw', '/accept', '/restore'].some(end => route.path.endsWith(end))
                ? {}
                : route.path.endsWith('/simulate')
                  ? { source: faster, scenario }
                  : route.path.endsWith('/expectations')
                    ? { name: '预期', source: faster, scenario }
                    : { source: faster };
        for (const [who, expected] of [
          [applicant, 403],
          [window, 403],
          [t.anonymous, 401]
        ] as const) {
          const response = await who.request(
            route.method.toUpperCase(),
            url,
            route.method === 'get' ? undefined : body
          );
          expect(response.status, `${who.principal?.login ?? 'anonymous'} ${route.method} ${url}`).toBe(expected);
        }
      }
    });

    it('lists are scoped: a department sees its own matters, the reform office all; only the reform office sees filings', async () => {
      const own = await author.get('/api/studio/matters?limit=500');
      expect(new Set(own.body.items.map((v: { department: string }) => v.department))).toEqual(
        new Set(['市住房和建设局'])
      );
      expect((await author.get('/api/studio/matters?department=市卫生健康委员会')).status).toBe(403);
      const all = await reform.get('/api/studio/matters?limit=500');
      expect(new Set(all.body.items.map((v: { department: string }) => v.department)).size).toBeGreaterThan(5);
      const hygiene = byName('公共场所卫生许可');
      expect((await author.get(`/api/studio/matters/${hygiene.code}/versions/1`)).status).toBe(403);
      expect((await reform.get(`/api/studio/matters/${hygiene.code}/versions/1`)).body).toMatchObject({
        state: 'published'
      });
      expect((await author.get('/api/studio/filings')).status).toBe(403);
      expect((await leader.get('/api/studio/filings')).status).toBe(403);
      expect((await reform.post('/api/studio/drafts', { source: faster })).status).toBe(403);
      expect((await author.get(`/api/studio/matters/${permit.code}/versions/99`)).status).toBe(404);
    });
  });
});
