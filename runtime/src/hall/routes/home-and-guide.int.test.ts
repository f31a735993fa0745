import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { weakTag } from '../../platform/observability/http.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const hygiene = byName('公共场所卫生许可');

describe.each(dbKinds)("the hall's home and guide pages on %s", kind => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(kind);
  });
  afterAll(async () => t?.close());

  const get = async (path: string) => {
    const response = await t.app.request(path);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
      headers: response.headers
    };
  };

  it('home: every published matter, search by name, by department and for persons or organisations', async () => {
    expect((await get('/')).status).toBe(302);
    const home = await get('/hall');
    expect(home.type).toBe('text/html; charset=utf-8');
    expect(home.text.startsWith('<!DOCTYPE html><html lang="zh-CN">')).toBe(true);
    expect(home.text).toContain(permit.name);
    const found = await get(`/hall?q=${encodeURIComponent('卫生')}`);
    expect(found.text).toContain(hygiene.name);
    expect(found.text).not.toContain(`>${permit.name}<`);
    const byDepartment = await get(`/hall?department=${encodeURIComponent('市住房和建设局')}`);
    expect(byDepartment.text).toContain(permit.name);
    expect(byDepartment.text).not.toContain(`>${hygiene.name}<`);
    const inspections = await get('/hall?type=annualInspection');
    expect(inspections.text).toContain('民办非企业单位年度检查');
    expect(inspections.text).not.toContain(`>${permit.name}<`);
    const nothing = await get(`/hall?q=${encodeURIComponent('不存在的事项')}`);
    expect(nothing.text).toContain('没有找到符合条件的事项');
  });

  it('guide: every published element, from the live Definition', async () => {
    const guide = await get(`/hall/matters/${permit.code}`);
    expect(guide.status).toBe(200);
    for (const text of [
      '办事指南 · 第 1 版',
      '受理条件',
      '申请材料',
      '法定时限',
      '20 个工作日',
      '承诺时限',
      '7 个工作日',
      '办理流程',
      '并联审批',
      '市自然资源和规划局',
      '特殊程序',
      '专家评审',
      '收费',
      '办理结果',
      '咨询方式',
      '0592-5023601'
    ]) {
      expect(guide.text, text).toContain(text);
    }
    for (const m of permit.materials) expect(guide.text).toContain(m.title);
    expect((await get('/hall/matters/113502000036501210000000000000000')).status).toBe(404);
  });

  it('a guide page is under 50 KB of HTML and CSS, and needs no script', async () => {
    const guide = await get(`/hall/matters/${permit.code}`);
    const css = await get('/hall/hall.css');
    expect(css.type).toBe('text/css; charset=utf-8');
    expect(Buffer.byteLength(guide.text) + Buffer.byteLength(css.text)).toBeLessThan(50 * 1024);
    expect(guide.text).not.toContain('<script');
    // Its tag is kept with the cached page; a browser that has it gets 304 and no body.
    expect(guide.headers.get('etag')).toBe(weakTag(guide.text));
    const again = await t.app.request(`/hall/matters/${permit.code}`, {
      headers: { 'if-none-match': guide.headers.get('etag')! }
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it("track: by case number and the holder's credit code, with the timeline; errors summarised and linked, input kept", async () => {
    t.clock.set('2026-09-28 10:00');
    // No page drawn turns on Node's async hooks for the requests after it (components/render-store.ts).
    const asyncContext = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    onTestFinished(() => asyncContext.mockRestore());
    const company = await t.as('91350100M000100Y43');
    const answers = answersFor(permit);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    await (
      await t.as('window')
    ).post(`/api/office/cases/${submitted.body.id}/commands`, {
      type: 'requestCorrection',
      items: ['施工合同缺第 3 页']
    });
    const found = await get(`/hall/track?number=${submitted.body.caseNumber}&holder=91350100m000100y43`);
    expect(found.status).toBe(200);
    for (const text of ['待补正', '施工合同缺第 3 页', '提交申请', '一次性告知补正', '2026年9月28日 10:00'])
      expect(found.text, text).toContain(text);
    expect(found.text).not.toContain('王窗口');
    // Someone's case: no browser or proxy keeps it, and no ETag invites one to.
    expect(found.headers.get('cache-control')).toBe('no-store');
    expect(found.headers.get('etag')).toBeNull();
    const wrong = await get(`/hall/track?number=${submitted.body.caseNumber}&holder=11010519491231002X`);
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('没有找到与该编号和证件号相符的办件');
    const bad = await get(`/hall/track?number=${encodeURIComponent('"><script>x</script>')}&holder=123`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#number">');
    expect(bad.text).toContain('<a href="#holder">');
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(bad.text).not.toContain('<script>x');
    expect(bad.headers.get('cache-control')).toBe('no-store');
    // The empty form is public: cached and revalidated like any public page.
    const empty = await get('/hall/track');
    expect(empty.headers.get('cache-control')).toBeNull();
    expect(empty.headers.get('etag')).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(asyncContext).not.toHaveBeenCalled();
  });

  it('a new version shows at once, and nothing in a definition is rendered as HTML', async () => {
    const changed = {
      ...hygiene,
      name: '公共场所卫生许可<script>alert(1)</script>',
      conditions: '<img src=x onerror=alert(1)>'
    };
    await t.store.db.transaction(async tx => {
      await tx.query(`update matter_versions set state = 'superseded' where code = $1 and state = 'published'`, [
        hygiene.code
      ]);
      await tx.query(
        `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at) values ($1, 2, 'published', $2, $3, 'x', '', $4::jsonb, now())`,
        [hygiene.code, hygiene.department.name, changed.name, JSON.stringify(changed)]
      );
      await tx.query(`select pg_notify('banshi_published', $1)`, [hygiene.code]);
    });
    await expect.poll(() => t.store.registry.live(hygiene.code)?.version).toBe(2);
    const guide = await get(`/hall/matters/${hygiene.code}`);
    expect(guide.text).toContain('第 2 版');
    expect(guide.text).not.toContain('<script>alert(1)');
    expect(guide.text).not.toContain('<img src=x');
    expect(guide.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const home = await get(`/hall?q=${encodeURIComponent('<script>')}`);
    expect(home.text).not.toContain('<script>');
  });

  it('errors on hall pages are pages: an unknown address, an expired form, an oversized post', async () => {
    const missing = await get('/hall/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('text/html; charset=utf-8');
    expect(missing.text).toContain('找不到页面');
    expect((await get('/api/no-such-route')).type).toContain('application/json');
    const person = await t.as('11010519491231002X');
    const expired = await person.postForm('/hall/logout', { _csrf: 'stale' });
    expect(expired.status).toBe(403);
    expect(expired.body).toContain('<h1>无法完成操作</h1>');
    expect(expired.body).toContain('请返回上一页，刷新后再提交');
    const huge = await person.postForm('/hall/consultations', { question: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('提交的内容过大');
  });

  it('a guide that does not exist is a 404 page that still knows who is signed in', async () => {
    const person = await t.as('11010519491231002X');
    for (const path of ['/hall/matters/NO-SUCH-MATTER', '/hall/matters/NO-SUCH-MATTER/apply']) {
      const page = await person.page(path);
      expect(page.status, path).toBe(404);
      expect(page.body, path).toContain('href="/hall/my"');
    }
    expect((await get('/hall/matters/NO-SUCH-MATTER')).text).not.toContain('href="/hall/my"');
  });
});
