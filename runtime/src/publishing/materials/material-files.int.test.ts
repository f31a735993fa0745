import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { pdf } from '../../testing/materials.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { docx, pptx, xlsx } from '../../testing/template-files.ts';
import { maxTemplateBytes, sizeText } from './file-types.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const permitSource = matterSource('housing-construction/construction-permit.matter');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function fileForm(bytes: Uint8Array, name: string): FormData {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return form;
}

describe.each(dbKinds)("materials' templates and samples, versioned with the matter, on %s", kind => {
  let t: TestApp;
  let author: Client;
  let otherAuthor: Client;
  let head: Client;
  let reform: Client;
  const files = (version: number) => `/api/studio/matters/${permit.code}/versions/${version}/material-files`;
  const upload = (who: Client, version: number, material: string, which: string, bytes: Uint8Array, name: string) =>
    who.request('PUT', `${files(version)}/${encodeURIComponent(material)}/${which}`, fileForm(bytes, name));
  const guide = async () => (await t.anonymous.page(`/hall/matters/${permit.code}`)).body;
  const hallLinks = (html: string) =>
    [...html.matchAll(/href="(\/hall\/matters\/[^"]+\/materials\/[^"]+)"/g)].map(m => m[1]!.replace(/&amp;/g, '&'));
  const publish = async (version: number) => {
    const path = `/api/studio/drafts/${permit.code}/${version}`;
    expect((await author.post(`${path}/submit`, { reason: '更新申请材料的空白表格和填写样本' })).status).toBe(200);
    expect((await head.post(`${path}/approve`, {})).status).toBe(200);
  };

  const template1 = docx('建筑工程施工许可证申请表（第一版）');
  const sample1 = pdf(1);

  beforeAll(async () => {
    t = await openTestApp(kind);
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    await createStaff(t.store.db, {
      login: 'planauthor',
      name: '孙编写',
      department: '市自然资源和规划局',
      roles: [],
      duties: ['author'],
      password: demoPassword
    });
    author = await t.as('author');
    otherAuthor = await t.as('planauthor');
    head = await t.as('leader');
    reform = await t.as('reform');
    const draft = await author.post('/api/studio/drafts', { source: permitSource, note: '上传申请表样表' });
    expect(draft.body).toMatchObject({ version: 2, state: 'draft' });
  });
  afterAll(async () => t?.close());

  it('an author uploads a template and a sample for a material of the draft, named by its id or its title', async () => {
    const template = await upload(author, 2, '申请表', 'template', template1, '施工许可申请表.docx');
    expect(template.status, JSON.stringify(template.body)).toBe(200);
    expect(template.body).toMatchObject({
      material: '申请表',
      kind: 'template',
      kindLabel: '空白表格',
      name: '施工许可申请表.docx',
      type: 'docx',
      typeLabel: 'Word 文档',
      size: template1.length,
      sha256: sha(template1),
      uploadedBy: { name: '赵编写' }
    });
    const sample = await upload(author, 2, '建筑工程施工许可证申请表', 'sample', sample1, '填写示例.pdf');
    expect(sample.body).toMatchObject({ material: '申请表', kind: 'sample', type: 'pdf' });
    const sheet = await upload(author, 2, '资金承诺', 'template', xlsx(), '资金表.xlsx');
    expect(sheet.body).toMatchObject({ type: 'xlsx', mediaType: expect.stringContaining('spreadsheetml') });
    const list = await author.get(files(2));
    expect(list.body.editable).toBe(true);
    expect(list.body.items.map((f: { material: string; kind: string }) => `${f.material}/${f.kind}`)).toEqual([
      '申请表/template',
      '申请表/sample',
      '资金承诺/template'
    ]);
    const audited = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'studio.material-file.upload' and outcome = 'ok'`
    );
    expect(audited[0]!.n).toBe(3);
  });

  it('refuses, in Chinese, files that are not what they claim, too large, or for a material the draft lacks', async () => {
    const text = await upload(author, 2, '申请表', 'template', new TextEncoder().encode('伪装的表格'), '申请表.docx');
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: 'material-file.type', message: expect.stringContaining('docx') });
    expect((await upload(author, 2, '申请表', 'template', pptx(), '演示.docx')).status).toBe(415);
    const big = await upload(author, 2, '申请表', 'template', new Uint8Array(maxTemplateBytes + 10), 'big.pdf');
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('10 MB');
    const huge = await upload(author, 2, '申请表', 'template', new Uint8Array(maxTemplateBytes + 2_000_000), 'h.pdf');
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('不能超过 10 MB');
    const unknown = await upload(author, 2, '不存在的材料', 'template', docx(), 'x.docx');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('没有申请材料“不存在的材料”');
    const wrongKind = await upload(author, 2, '申请表', 'manual', docx(), 'x.docx');
    expect(wrongKind.status).toBe(400);
    // Nothing refused was stored.
    const list = await author.get(files(2));
    expect(list.body.items.find((f: { kind: string }) => f.kind === 'template').sha256).toBe(sha(template1));
  });

  it("refuses another department's author, a head, the reform office, and a version that is not editable", async () => {
    for (const who of [otherAuthor, head, reform]) {
      const refused = await upload(who, 2, '申请表', 'template', docx(), 'x.docx');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect((await who.delete(`${files(2)}/${encodeURIComponent('申请表')}/template`)).status).toBe(403);
    }
    expect((await otherAuthor.get(files(2))).status).toBe(403);
    expect((await reform.get(files(2))).body.editable).toBe(false);
    const live = await upload(author, 1, '申请表', 'template', docx(), 'x.docx');
    expect(live.status).toBe(409);
    expect(live.body.error).toMatchObject({
      code: 'studio.not-editable',
      message: expect.stringContaining('不能修改')
    });
    const applicant = await t.as('91350100M000100Y43');
    expect((await upload(applicant, 2, '申请表', 'template', docx(), 'x.docx')).status).toBe(403);
    expect((await t.anonymous.get(files(2))).status).toBe(401);
    const denied = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'studio.material-file.upload' and outcome = 'denied'`
    );
    expect(denied[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it("the hall offers no draft's file; once published, the guide links each with its name, type and size", async () => {
    expect(hallLinks(await guide())).toEqual([]);
    expect(await guide()).toContain('（可到办理窗口领取）');
    const draftUrl = `/hall/matters/${permit.code}/materials/${encodeURIComponent('申请表')}/template/${sha(template1)}`;
    expect((await t.anonymous.page(draftUrl)).status).toBe(404);

    await publish(2);
    const html = await guide();
    const links = hallLinks(html);
    expect(links).toContain(draftUrl);
    expect(links).toHaveLength(3);
    // Plain links in a page with no script: they work without JavaScript.
    expect(html).not.toContain('<script');
    expect(html).toContain(`href="${draftUrl}" download="施工许可申请表.docx"`);
    expect(html).toContain('空白表格：');
    expect(html).toContain('施工许可申请表.docx</a>');
    expect(html).toContain(`（Word 文档，${sizeText(template1.length)}）`);
    expect(html).toContain('填写样本：');
    expect(html).not.toContain('建筑工程施工许可证申请表.docx（可到办理窗口领取）');

    const response = await t.app.request(draftUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    );
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="_______.docx"; filename*=UTF-8''${encodeURIComponent('施工许可申请表.docx')}`
    );
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(`"${sha(template1)}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(template1);
    const again = await t.app.request(draftUrl, { headers: { 'if-none-match': `"${sha(template1)}"` } });
    expect(again.status).toBe(304);
  });

  it("a new draft carries the files forward; replacing and removing them there leaves the live version's alone", async () => {
    const next = await author.post('/api/studio/drafts', { source: permitSource, note: '更新申请表' });
    expect(next.body).toMatchObject({ version: 3, state: 'draft' });
    const carried = (await author.get(files(3))).body.items;
    const live = (await author.get(files(2))).body.items;
    expect(carried.map((f: { sha256: string }) => f.sha256)).toEqual(live.map((f: { sha256: string }) => f.sha256));
    expect((await author.get(files(2))).body.editable).toBe(false);

    const template2 = docx('建筑工程施工许可证申请表（第二版）');
    expect((await upload(author, 3, '申请表', 'template', template2, '申请表（新）.docx')).status).toBe(200);
    expect((await author.delete(`${files(3)}/${encodeURIComponent('申请表')}/sample`)).body).toEqual({ removed: true });
    expect((await author.delete(`${files(3)}/${encodeURIComponent('申请表')}/sample`)).status).toBe(404);

    const liveAfter = (await author.get(files(2))).body.items;
    expect(liveAfter).toEqual(live);
    const links = hallLinks(await guide());
    expect(links).toContain(
      `/hall/matters/${permit.code}/materials/${encodeURIComponent('申请表')}/template/${sha(template1)}`
    );
    expect(links.some(l => l.endsWith('/sample/' + sha(sample1)))).toBe(true);
    // The draft's replacement is not reachable from the hall, by its hash or otherwise.
    const draftOnly = `/hall/matters/${permit.code}/materials/${encodeURIComponent('申请表')}/template/${sha(template2)}`;
    expect((await t.anonymous.page(draftOnly)).status).toBe(404);
    expect((await (await t.as('91350100M000100Y43')).page(draftOnly)).status).toBe(404);

    // The studio reads the draft's file; another department's author does not.
    const studioUrl = `${files(3)}/${encodeURIComponent('申请表')}/template`;
    const read = await author.request('GET', studioUrl);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('private, no-store');
    expect((await otherAuthor.get(studioUrl)).status).toBe(403);
    expect((await reform.get(studioUrl)).status).toBe(200);
  });

  it("the studio's preview of the draft's guide links the draft's files to the studio's own download", async () => {
    const detail = await author.get(`/api/studio/matters/${permit.code}/versions/3`);
    const preview = await author.post('/hall/preview/guide', { definition: detail.body.definition, version: 3 });
    expect(preview.status).toBe(200);
    const studioUrl = `/api/studio/matters/${permit.code}/versions/3/material-files/${encodeURIComponent('申请表')}/template`;
    expect(preview.body).toContain(`href="${studioUrl}"`);
    expect(preview.body).toContain('申请表（新）.docx');
    expect(preview.body).not.toContain('/hall/matters/' + permit.code + '/materials/');
    // Another department's author previewing the same Definition sees no file of a matter not theirs.
    const other = await otherAuthor.post('/hall/preview/guide', { definition: detail.body.definition, version: 3 });
    expect(other.body).not.toContain('material-files');
  });
});
