import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { pdf } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const permitSource = matterSource('housing-construction/construction-permit.matter');
/** Version 2: a field added, one removed with its material, one changed in kind, a material added. */
const changed = permitSource
  .replace('    项目名称: 文本 必填\n', '    项目名称: 文本 必填\n    项目负责人: 文本 必填\n')
  .replace('建筑面积: 数字 单位 "平方米" 必填', '建筑面积: 文本 必填')
  .replace('    涉及房屋征收: 是否 必填\n', '')
  .replace(/ {4}征收进度 "房屋征收进度情况说明"[^\n]*\n/, '')
  .replace(/( {4}资金承诺 [^\n]*\n)/, '$1    安全承诺 "安全生产承诺书" 原件 1 份 必要\n');

/** The form as a browser without script sends it: multipart, the files in it, the CSRF token as a field. */
function applyForm(csrf: string, fields: Record<string, string>, files: Record<string, Uint8Array> = {}) {
  const form = new FormData();
  form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [material, bytes] of Object.entries(files))
    form.append(`file.${material}`, new File([bytes as Uint8Array<ArrayBuffer>], `${material}.pdf`));
  return form;
}
const typedAnswers = () =>
  Object.fromEntries(
    Object.entries({ ...answersFor(permit), 涉及房屋征收: true, 项目名称: '滨海大厦' }).map(([k, v]) => [
      `answer.${k}`,
      v === true ? '是' : v === false ? '否' : String(v)
    ])
  );
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const keptOf = (html: string) => [...html.matchAll(/name="keep" value="([^"]+)"/g)].map(m => m[1]!.split(':')[0]);

describe.each(dbKinds)("an applicant's draft when a new version of the matter goes live, on %s", kind => {
  let t: TestApp;
  let company: Client;
  const apply = `/hall/matters/${permit.code}/apply`;
  const saveDraft = async (intent: 'save' | 'submit', draft = '') => {
    const csrf = csrfOf((await company.page(apply)).body);
    return company.request<string>(
      'POST',
      apply,
      applyForm(
        csrf,
        { ...typedAnswers(), draft, intent, channel: 'online', delivery: 'online' },
        {
          施工合同: pdf(2),
          征收进度: pdf(1)
        }
      )
    );
  };
  let first = '';
  let second = '';

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    company = await t.as('91350100M000100Y43');
    const saved = await saveDraft('save');
    expect(saved.status, saved.body).toBe(303);
    first = /draft=([0-9a-f-]{36})/.exec(saved.headers.get('location')!)![1]!;
    const other = await saveDraft('save', crypto.randomUUID());
    second = /draft=([0-9a-f-]{36})/.exec(other.headers.get('location')!)![1]!;
    const [row] = await t.store.db.query<{ matter_version: number }>(
      'select matter_version from application_drafts where id = $1',
      [first]
    );
    expect(row!.matter_version).toBe(1);

    const author = await t.as('author');
    const head = await t.as('leader');
    const draft = await author.post('/api/studio/drafts', { source: changed, note: '调整申请表' });
    expect(draft.body, JSON.stringify(draft.body.diagnostics)).toMatchObject({ version: 2, compiled: true });
    const path = `/api/studio/drafts/${permit.code}/2`;
    expect((await author.post(`${path}/submit`, { reason: '调整申请表填写项和申请材料' })).status).toBe(200);
    expect((await head.post(`${path}/approve`, {})).status).toBe(200);
    expect(t.services.registry.live(permit.code)?.version).toBe(2);
  });
  afterAll(async () => t?.close());

  it('opening the draft carries it over and says above the form what changed', async () => {
    const page = await company.page(`${apply}?draft=${first}`);
    expect(page.status).toBe(200);
    const html = page.body;
    expect(html).toContain('本事项的办事指南已更新（第 1 版 → 第 2 版），您的草稿已转到新版本');
    expect(html).toContain('新增填写项：“项目负责人”');
    expect(html).toContain('不再需要填写：“涉及房屋征收”');
    expect(html).toContain('填写要求有变化：“建筑面积”');
    expect(html).toContain('新增材料：“安全生产承诺书”');
    expect(html).toContain('不再需要的材料：“房屋征收进度情况说明”，为其上传的 1 个文件不再随申请提交');
    expect(html.indexOf('id="carried-over"')).toBeLessThan(html.indexOf('<form method="post"'));
    // Kept: the answer to a field still there, the file of a material still asked for.
    expect(html).toMatch(/name="answer\.项目名称"[^>]*value="滨海大厦"|value="滨海大厦"[^>]*name="answer\.项目名称"/);
    expect(keptOf(html)).toEqual(['施工合同']);
    const [row] = await t.store.db.query<{ matter_version: number; answers: Record<string, string> }>(
      'select matter_version, answers from application_drafts where id = $1',
      [first]
    );
    expect(row!.matter_version).toBe(2);
    expect(Object.keys(row!.answers)).not.toContain('涉及房屋征收');
    expect(Object.keys(row!.answers)).not.toContain('建筑面积');

    // Told again until the applicant saves; then not any more.
    expect((await company.page(`${apply}?draft=${first}`)).body).toContain('新增填写项：“项目负责人”');
    const csrf = csrfOf(html);
    const resaved = await company.request<string>(
      'POST',
      apply,
      applyForm(csrf, { 'answer.项目名称': '滨海大厦', draft: first, intent: 'save' })
    );
    expect(resaved.status).toBe(303);
    expect((await company.page(`${apply}?draft=${first}`)).body).not.toContain('id="carried-over"');
  });

  it('a form filled under the old version and sent after the new one went live is carried over, not submitted', async () => {
    const before = await t.store.db.query('select 1 from cases');
    const sent = await saveDraft('submit', second);
    expect(sent.status).toBe(409);
    expect(sent.body).toContain('第 1 版 → 第 2 版');
    expect(sent.body).toContain('不再需要填写：“涉及房屋征收”');
    expect(sent.body).toContain('新增材料：“安全生产承诺书”');
    expect((await t.store.db.query('select 1 from cases')).length).toBe(before.length);
    const [row] = await t.store.db.query<{ matter_version: number; case_id: string | null }>(
      'select matter_version, case_id from application_drafts where id = $1',
      [second]
    );
    expect(row).toEqual({ matter_version: 2, case_id: null });
  });
});
