import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const permitSource = matterSource('housing-construction/construction-permit.matter');
/** The permit as a clerk writes it from a source guide that gives no promised limit and no office hours. */
const unconfirmed = permitSource
  .replace('承诺 7 工作日', '承诺 7 工作日 待确认')
  .replace(/(\n\s*办理时间 "[^"\n]*")/, '$1 待确认');

describe.each(dbKinds)('待确认 in the studio on %s', kind => {
  let t: TestApp;
  let author: Client;
  beforeAll(async () => {
    t = await openTestApp(kind);
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    author = await t.as('author');
  });
  afterAll(async () => t?.close());

  it('checks with a warning at each mark and compiles a Definition that carries them', async () => {
    expect(unconfirmed.match(/待确认/g)).toHaveLength(2);
    const checked = await author.post('/api/studio/check', {
      source: unconfirmed,
      path: 'housing-construction/construction-permit.matter'
    });
    expect(checked.status).toBe(200);
    expect(checked.body.ok).toBe(true);
    expect(checked.body.diagnostics.map((d: { code: string }) => d.code)).toEqual([
      'to-confirm.marked',
      'to-confirm.marked'
    ]);
    expect(checked.body.definition.limits.promised).toEqual({ amount: 7, unit: 'workdays' });
    expect(checked.body.definition.toConfirm.map((m: { place: string }) => m.place)).toEqual([
      'hours',
      'limits.promised'
    ]);
  });

  it('saves as a draft but refuses to submit it, naming each place, until the marks are gone', async () => {
    const draft = await author.post('/api/studio/drafts', { source: unconfirmed, note: '按原指南录入' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const path = `/api/studio/drafts/${permit.code}/${draft.body.version}`;
    const refused = await author.post(`${path}/submit`, { reason: '核实后删去待确认' });
    expect(refused.status).toBe(422);
    const promisedLine = unconfirmed.split('\n').findIndex(l => l.includes('承诺 7 工作日 待确认')) + 1;
    expect(refused.body.error).toMatchObject({
      code: 'studio.draft-to-confirm',
      message: expect.stringMatching(
        /^草稿还有 2 处“待确认”，向部门核实并删去“待确认”后才能提交审批：第 \d+ 行“办理时间 .*”；第 \d+ 行“时限 .*承诺 7 工作日”。$/
      )
    });
    expect(refused.body.error.message).toContain(`第 ${promisedLine} 行`);
    expect((await author.put(path, { source: permitSource })).status).toBe(200);
    expect((await author.post(`${path}/submit`, { reason: '核实后删去待确认' })).body).toMatchObject({
      state: 'submitted'
    });
  });
});
