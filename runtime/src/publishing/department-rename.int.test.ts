import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword } from '../accounts/index.ts';
import { dbKinds } from '../testing/database.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { catalogueSources, matterSource } from '../testing/catalogue-sources.ts';
import { openTestApp, type Client, type TestApp } from '../testing/http.ts';
import { uploadRequired } from '../testing/materials.ts';
import { answersFor } from '../testing/scenario.ts';

const { byName, definitions } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const old = '市住房和建设局';
const renamed = '市住房和城乡建设局';
const organisation = '91350100M000100Y43';

describe.each(dbKinds)('a department renamed in a 机构改革 on %s', kind => {
  let t: TestApp;
  let reform: Client;
  let reformhead: Client;
  let housingAdmin: Client;
  let company: Client;
  let caseId: string;
  let caseNumber: string;
  let changeId: string;
  /** The live matters that name the housing bureau anywhere (its own, a co-approval, a first review, an issuer…). */
  const naming = definitions.filter(d => JSON.stringify(d).includes(`"${old}"`)).map(d => d.code);

  beforeAll(async () => {
    t = await openTestApp(kind);
    // The test store imports golden Definitions without the catalogue's files: put the real files where the runtime keeps them.
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    for (const d of definitions) {
      const path = d.source.file.replace(/^catalog\//, '');
      await t.store.db.query('update matter_versions set path = $2, source = $3 where code = $1', [
        d.code,
        path,
        matterSource(path)
      ]);
    }
    await createStaff(t.store.db, {
      login: 'housingadmin',
      name: '贺管理',
      department: old,
      roles: [],
      duties: ['admin'],
      password: demoPassword
    });
    reform = await t.as('reform');
    reformhead = await t.as('reformhead');
    housingAdmin = await t.as('housingadmin');
    company = await t.as(organisation);
  }, 120_000);
  afterAll(async () => t?.close());

  async function command(client: Client, id: string, body: Record<string, unknown>) {
    const response = await client.post(`/api/office/cases/${id}/commands`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  it('a case is submitted and a draft is in progress under the old name', async () => {
    t.clock.set('2026-09-28 10:00');
    const answers = answersFor(permit);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    ({ id: caseId, caseNumber } = submitted.body);
    const author = await t.as('author');
    const source = matterSource(permit.source.file.replace(/^catalog\//, '')).replace(
      /承诺 \d+ 工作日/,
      '承诺 12 工作日'
    );
    const draft = await author.post('/api/studio/drafts', { source, note: '压缩承诺时限' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  }, 60_000);

  it('only a department’s own administrator proposes its rename, and only another member of the reform office confirms it', async () => {
    const own = await housingAdmin.get(`/api/studio/admin/departments/${encodeURIComponent(old)}`);
    expect(own.status).toBe(200);
    const other = definitions.find(d => d.department.name !== old)!.department.name;
    const theirs = await reform.get(`/api/studio/admin/departments/${encodeURIComponent(other)}`);
    const foreign = await housingAdmin.post('/api/studio/admin/department-changes', {
      form: { ...theirs.body.form, name: `${other}（新）` },
      previousName: other
    });
    expect(foreign.status).toBe(403);
    const author = await t.as('author');
    const notAdmin = await author.post('/api/studio/admin/department-changes', {
      form: { ...own.body.form, name: renamed },
      previousName: old
    });
    expect(notAdmin.status).toBe(403);

    const proposed = await housingAdmin.post('/api/studio/admin/department-changes', {
      form: { ...own.body.form, name: renamed },
      previousName: old,
      note: '机构改革'
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body.summary).toEqual([`名称：${old} → ${renamed}`]);
    expect(proposed.body.source).toContain(`曾用名 "${old}"`);
    changeId = proposed.body.id;
    // The proposer, the department's staff and its head cannot confirm it.
    for (const who of [housingAdmin, await t.as('leader'), await t.as('window')]) {
      const denied = await who.post(`/api/studio/admin/department-changes/${changeId}/approve`, {});
      expect(denied.status).toBe(403);
    }
    expect(t.services.registry.catalog().departments.some(d => d.name === old)).toBe(true);
  }, 120_000);

  it('the reform office confirms: the catalogue, every live matter naming it, drafts, staff and stored names move at once', async () => {
    expect(naming).toContain(permit.code);
    const approved = await reformhead.post(`/api/studio/admin/department-changes/${changeId}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const catalog = t.services.registry.catalog();
    expect(catalog.departments.find(d => d.name === renamed)?.formerNames).toEqual([old]);
    expect(catalog.departments.some(d => d.name === old)).toBe(false);

    for (const code of naming) {
      const live = t.services.registry.live(code)!;
      expect(JSON.stringify(live.definition), code).not.toContain(`"${old}"`);
      const [row] = await t.store.db.query<{ source: string; note: string; version: number }>(
        `select source, note, version from matter_versions where code = $1 and state = 'published'`,
        [code]
      );
      expect(row!.note).toBe(`部门更名：${old} → ${renamed}`);
      expect(row!.source).toContain(renamed);
    }
    const live = t.services.registry.live(permit.code)!;
    expect(live.definition.department.name).toBe(renamed);
    // Only references moved: the guide's own wording and everything else is as it was.
    expect({ ...live.definition, department: undefined, steps: undefined, source: undefined }).toEqual({
      ...permit,
      department: undefined,
      steps: undefined,
      source: undefined
    });

    // The reform office's filings show each rename version, approved and filed in the confirming member's name.
    const filings = await reform.get('/api/studio/filings?limit=100');
    expect(filings.status).toBe(200);
    for (const code of naming) {
      const filing = filings.body.items.find((f: { code: string }) => f.code === code);
      expect(filing, code).toMatchObject({
        department: t.services.registry.live(code)!.definition.department.name,
        approvedBy: { name: expect.any(String) },
        approvalComment: `部门更名：${old} → ${renamed}`,
        filing: expect.stringContaining('报审改办备案')
      });
      // What the reform office reviews: the version against the one it replaced, as each was written.
      expect(
        filing.changes.map((c: { text: string }) => c.text).some((text: string) => text.includes(renamed)),
        JSON.stringify(filing.changes)
      ).toBe(true);
    }

    // The draft in progress now names the department as it is called, on a new revision.
    const [draft] = await t.store.db.query<{ source: string; state: string; revision: number; department: string }>(
      `select source, state, revision, department from matter_versions where code = $1 and state = 'draft'`,
      [permit.code]
    );
    expect(draft).toMatchObject({ state: 'draft', revision: 2, department: renamed });
    expect(draft!.source).toContain(`部门 ${renamed}`);
    expect(draft!.source).toContain('承诺 12 工作日');

    // Staff accounts and the tables queues, access and supervision read.
    const [staff] = await t.store.db.query<{ department: string }>(
      `select department from users where login = 'window'`
    );
    expect(staff!.department).toBe(renamed);
    const [row] = await t.store.db.query<{ department: string }>('select department from cases where case_id = $1', [
      caseId
    ]);
    expect(row!.department).toBe(renamed);
    const left = await t.store.db.query<{ n: number }>(
      `select (select count(*) from case_departments where department = $1)::int
            + (select count(*) from users where department = $1)::int
            + (select count(*) from matter_versions where department = $1)::int as n`,
      [old]
    );
    expect(left[0]!.n).toBe(0);
  }, 180_000);

  it('the case submitted before is pre-reviewed, accepted and decided by the renamed department’s staff', async () => {
    const window = await t.as('window');
    const queue = await window.get('/api/office/cases');
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
    await command(window, caseId, { type: 'passPreReview' });
    await command(window, caseId, { type: 'confirmPaper' });
    await command(window, caseId, { type: 'accept' });
    const handler = await t.as('handler');
    await command(handler, caseId, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
    await command(handler, caseId, { type: 'distribute' });
    await command(await t.as('planning'), caseId, { type: 'answerCoApproval', agree: true });
    await t.store.cases.execute(
      caseId,
      {
        type: 'answerCoApproval',
        by: { kind: 'staff', id: 'rf', name: '人防赵', department: '市人民防空办公室', roles: ['承办人'] },
        agree: true
      },
      t.clock.now
    );
    await command(handler, caseId, { type: 'consolidate', opinion: '各协办部门均同意' });
    await command(await t.as('chief'), caseId, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    const decided = await command(await t.as('leader'), caseId, { type: 'decide', approve: true });
    expect(decided).toMatchObject({ matter: { version: 1, department: renamed } });
    // Supervision attributes the case to the department as it is called now.
    const supervisor = await t.as('supervisor');
    const seen = await supervisor.get(`/api/office/cases/${caseId}`);
    expect(seen.body.matter).toMatchObject({ version: 1, department: renamed });
  }, 120_000);

  it('the hall shows the new name on every guide and on the case’s own pages', async () => {
    for (const code of naming) {
      const guide = await t.app.request(`/hall/matters/${code}`);
      expect(guide.status).toBe(200);
      const html = await guide.text();
      // Every guide of the department prints its new name; another department's (naming it as an e-licence's issuer,
      // which the guide does not print) at least no longer prints the old one.
      if (t.services.registry.live(code)!.definition.department.name === renamed) expect(html, code).toContain(renamed);
      // The guide's own wording stays as published (a letter's address, 厦门市住房和建设局政策法规处): not a reference.
      expect(html.replaceAll(`厦门${old}`, ''), code).not.toContain(old);
    }
    const mine = await company.get(`/api/hall/cases/${caseId}`);
    expect(mine.body.matter).toMatchObject({ version: 1, department: renamed });
    const tracked = await t.app.request(`/hall/track?number=${caseNumber}&holder=${organisation}`);
    expect(tracked.status).toBe(200);
    expect(await tracked.text()).not.toContain(old);
  }, 60_000);

  it('a new draft naming the old department gets the language’s diagnostic', async () => {
    const author = await t.as('author');
    const source = matterSource(permit.source.file.replace(/^catalog\//, ''));
    expect(source).toContain(old);
    const checked = await author.post('/api/studio/check', { source });
    expect(checked.status).toBe(200);
    expect(checked.body.ok).toBe(false);
    expect(checked.body.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'link.unknown-department',
        message: expect.stringContaining(old)
      })
    );
  }, 60_000);
});
