import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';

const catalogDir = fileURLToPath(new URL('../../../../catalog/', import.meta.url));
const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const departments = readFileSync(join(catalogDir, 'departments.matter'), 'utf8');

describe.each(dbKinds)('the studio’s authoring reads and the hall’s previews on %s', kind => {
  let t: TestApp;
  let author: Client;
  let reform: Client;
  let planner: Client;
  let person: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [
      JSON.stringify({ 'departments.matter': departments })
    ]);
    await createStaff(t.store.db, {
      login: 'planauthor',
      name: '孙编写',
      department: '市自然资源和规划局',
      roles: [],
      duties: ['author'],
      password: demoPassword
    });
    author = await t.as('author');
    reform = await t.as('reform');
    planner = await t.as('planauthor');
    person = await t.as('11010519491231002X');
  });
  afterAll(async () => t?.close());

  it('lists the department’s matters with their live version; the reform office sees every department', async () => {
    const own = await author.get('/api/studio/overview');
    expect(own.status).toBe(200);
    const departmentsSeen = new Set(own.body.matters.map((m: { department: string }) => m.department));
    expect([...departmentsSeen]).toEqual(['市住房和建设局']);
    const row = own.body.matters.find((m: { code: string }) => m.code === permit.code);
    expect(row).toMatchObject({
      name: '建筑工程施工许可证核发',
      live: { version: 1 },
      open: null,
      type: 'licensing',
      typeLabel: '行政许可'
    });

    const all = await reform.get('/api/studio/overview');
    expect(new Set(all.body.matters.map((m: { department: string }) => m.department)).size).toBeGreaterThan(1);
  });

  it('searches by a part of the name or of the code, as text (a % is not a wildcard)', async () => {
    const byPart = await author.get(`/api/studio/overview?q=${encodeURIComponent('施工许可')}`);
    expect(byPart.body.matters.map((m: { code: string }) => m.code)).toContain(permit.code);
    const byCode = await author.get(`/api/studio/overview?q=${permit.code.slice(-10).toLowerCase()}`);
    expect(byCode.body.matters.map((m: { code: string }) => m.code)).toEqual([permit.code]);
    const wildcard = await author.get(`/api/studio/overview?q=${encodeURIComponent('%')}`);
    expect(wildcard.body.matters).toEqual([]);
  });

  it('shows the change in progress beside the live version once a draft exists', async () => {
    const source = readFileSync(join(catalogDir, 'housing-construction/construction-permit.matter'), 'utf8');
    const draft = await author.post('/api/studio/drafts', {
      source,
      path: 'housing-construction/construction-permit.matter'
    });
    expect(draft.status).toBe(201);
    const row = (await author.get('/api/studio/overview')).body.matters.find(
      (m: { code: string }) => m.code === permit.code
    );
    expect(row).toMatchObject({
      live: { version: 1 },
      open: { version: 2, state: 'draft', stateLabel: '草稿', author: '赵编写' }
    });
  });

  it('refuses another department’s list, applicants, and those without a studio duty, in Chinese', async () => {
    const other = await planner.get(`/api/studio/overview?department=${encodeURIComponent('市住房和建设局')}`);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('只能查看本部门的事项。');
    expect((await person.get('/api/studio/overview')).status).toBe(403);
    const window = await t.as('window');
    const refused = await window.get('/api/studio/workspace');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('事项管理仅限');
  });

  it('gives the editor the whole catalogue: its shared files and every live matter’s text', async () => {
    const answer = await planner.get('/api/studio/workspace');
    expect(answer.status).toBe(200);
    const paths = answer.body.files.map((f: { path: string }) => f.path);
    expect(paths).toContain('departments.matter');
    expect(paths.length).toBeGreaterThan(5);
    const live = await t.store.db.query<{ path: string; source: string }>(
      `select path, source from matter_versions where state = 'published'`
    );
    expect(live.length).toBeGreaterThan(3);
    for (const matter of live) expect(answer.body.files).toContainEqual({ path: matter.path, text: matter.source });
  });

  it('previews the guide with the hall’s own page, marked as a preview, for an author', async () => {
    const draft = { ...permit, name: '建筑工程施工许可证核发（草稿）' };
    const page = await author.post('/hall/preview/guide', { definition: draft, version: 2 });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = page.body as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('草稿预览 · 尚未发布 · 办事指南');
    expect(html).toContain('<h1>建筑工程施工许可证核发（草稿）</h1>');
    expect(html).toContain('第 2 版');
    // Nobody is signed in to the hall inside the preview, and its links open a new tab.
    expect(html).not.toContain('赵编写');
    expect(html).toContain('<base target="_blank"/>');
    // Exactly what the live guide prints, apart from the banner, version and date.
    const live = (await (await t.as('11010519491231002X')).page(`/hall/matters/${permit.code}`)).body;
    const section = (s: string) => s.slice(s.indexOf('<h2>基本信息</h2>'), s.indexOf('</main>'));
    expect(section((await author.post('/hall/preview/guide', { definition: permit, version: 1 })).body)).toBe(
      section(live)
    );
  });

  it('previews the application form with its script and the rules that show conditional materials', async () => {
    const page = await author.post('/hall/preview/form', { definition: permit });
    expect(page.status).toBe(200);
    const html = page.body as string;
    expect(html).toContain('草稿预览 · 尚未发布 · 申请表');
    expect(html).toContain('<script type="module" src="/hall/hall.js">');
    expect(html).toContain('id="form-rules"');
  });

  it('refuses a preview to applicants and to a visitor, and explains a definition it cannot draw', async () => {
    expect((await person.post('/hall/preview/guide', { definition: permit })).status).toBe(403);
    const anonymous = await t.app.request('/hall/preview/guide', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ definition: permit })
    });
    expect(anonymous.status).toBe(401);
    const broken = await author.post('/hall/preview/guide', { definition: { ...permit, steps: 'x' } });
    expect(broken.status).toBe(400);
    expect(broken.body).toContain('事项定义不完整，暂时无法预览');
  });
});
