import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '@banshi/definition/identifiers';
import { matterTemplate } from '@banshi/dsl/templates';
import { createStaff, demoPassword } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';

const repo = new URL('../../../../', import.meta.url).pathname;
const first17 = '11350205MB2024001';
const newCode = first17 + creditCodeCheckChar(first17);
const newDepartment = '海沧区行政审批局';
const form = {
  name: newDepartment,
  code: newCode,
  level: 'county',
  region: '厦门市',
  roles: [
    { name: '窗口', title: '区政务服务中心综合窗口' },
    { name: '承办人', title: '审批科经办人' },
    { name: '处室负责人', title: '审批科科长' },
    { name: '分管领导', title: '分管副局长' }
  ],
  phones: [
    { purpose: 'consultation', number: '0592-6051234' },
    { purpose: 'complaint', number: '0592-6051299' }
  ],
  officeHours: [{ from: '08:30', to: '12:00' }],
  parent: '市住房和建设局',
  places: [
    {
      address: '海沧区行政服务中心 1 楼 综合窗口',
      officeHours: [
        { from: '08:30', to: '12:00' },
        { from: '14:30', to: '17:30' }
      ]
    }
  ]
};
const housing = '市住房和建设局';

/**
 * Signs in with a login and password as the studio's page does (with the code of the account's authenticator, which
 * a first sign-in enrols), optionally setting a new one.
 */
async function signIn(t: TestApp, login: string, password: string, newPassword?: string) {
  return t.login({ login, password, ...(newPassword ? { newPassword } : {}) });
}

describe.each(dbKinds)('administration over HTTP on %s', kind => {
  let t: TestApp;
  let reform: Client;
  let reformhead: Client;
  let author: Client;
  let housingAdmin: Client;
  let changeId: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    // The test store imports golden Definitions without the catalogue's files: put the real files where the runtime keeps them.
    await t.store.db.query('update catalog_versions set sources = $1::jsonb', [JSON.stringify(catalogueSources())]);
    for (const d of loadCatalog().definitions) {
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
      department: housing,
      roles: [],
      duties: ['admin'],
      password: demoPassword
    });
    reform = await t.as('reform');
    reformhead = await t.as('reformhead');
    author = await t.as('author');
    housingAdmin = await t.as('housingadmin');
  }, 120_000);
  afterAll(async () => t?.close());

  it('checks a department with the whole catalogue: errors come back in Chinese on the field they concern', async () => {
    const bad = await reform.post('/api/studio/admin/departments/check', {
      form: { ...form, code: '11350205MB20240010', region: '厦门' }
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'code', message: expect.stringContaining('不是有效的统一社会信用代码') }),
        expect.objectContaining({ field: 'region', file: 'departments.matter' })
      ])
    );
    const links = await reform.post('/api/studio/admin/departments/check', {
      form: {
        ...form,
        parent: '市住房和建设厅',
        places: [{ address: '海沧区行政服务中心', officeHours: [{ from: '14:30', to: '12:00' }] }],
        formerNames: ['市民政局']
      }
    });
    expect(links.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'parent', message: expect.stringContaining('市住房和建设厅') }),
        expect.objectContaining({ field: 'places', code: 'department.office-hours' }),
        expect.objectContaining({ field: 'formerNames', code: 'department.former-name-current' })
      ])
    );
    const refused = await reform.post('/api/studio/admin/department-changes', {
      form: { ...form, region: '厦门' }
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('department.has-errors');
    const good = await reform.post('/api/studio/admin/departments/check', { form });
    expect(good.body).toMatchObject({ ok: true, problems: [], summary: [`新建部门“${newDepartment}”`] });
    expect(good.body.source).toContain(`部门 ${newDepartment} {`);
    expect(good.body.source).toContain('角色 窗口 "区政务服务中心综合窗口", 承办人 "审批科经办人", 处室负责人');
    expect(good.body.source).toContain('  上级部门 市住房和建设局\n');
    expect(good.body.source).toContain(
      '  办理地点 "海沧区行政服务中心 1 楼 综合窗口" (办公时间 08:30-12:00, 14:30-17:30)\n'
    );
  }, 60_000);

  it('a department is proposed by one member of the reform office and confirmed by another: live at once', async () => {
    const proposed = await reform.post('/api/studio/admin/department-changes', { form, note: '新设区审批局' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body).toMatchObject({ state: 'pending', department: newDepartment, previousName: null });
    changeId = proposed.body.id;
    // Not yet in the catalogue.
    expect(t.services.registry.catalog().departments.some(d => d.name === newDepartment)).toBe(false);

    const twice = await reform.post('/api/studio/admin/department-changes', { form });
    expect(twice.status).toBe(409);

    const own = await reform.post(`/api/studio/admin/department-changes/${changeId}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('catalog-change.own-change');
    for (const who of [author, housingAdmin]) {
      const refused = await who.post(`/api/studio/admin/department-changes/${changeId}/approve`, {});
      expect(refused.status).toBe(403);
    }
    const before = t.services.registry.catalogVersion();
    const approved = await reformhead.post(`/api/studio/admin/department-changes/${changeId}/approve`, {
      comment: '同意'
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'published',
      catalogVersion: before + 1,
      decidedBy: { name: expect.any(String) }
    });
    const live = t.services.registry.catalog().departments.find(d => d.name === newDepartment);
    expect(live).toMatchObject({ code: newCode, level: 'county', region: '厦门市' });
    expect(live?.roles.map(r => r.name)).toEqual(['窗口', '承办人', '处室负责人', '分管领导']);
    expect(live).toMatchObject({ parent: housing, places: form.places });

    const again = await reformhead.post(`/api/studio/admin/department-changes/${changeId}/approve`, {});
    expect(again.status).toBe(409);
    const audit = await t.store.db.query<{ action: string; outcome: string }>(
      `select action, outcome from audit_log where action like 'catalog-change.%' or action = 'department.propose' order by id`
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'department.propose', outcome: 'ok' },
        { action: 'catalog-change.approve', outcome: 'denied' },
        { action: 'catalog-change.approve', outcome: 'ok' }
      ])
    );
  }, 60_000);

  it('a department administrator sees and changes only their own department, and creates none', async () => {
    const list = await housingAdmin.get('/api/studio/admin/departments');
    expect(list.status).toBe(200);
    expect(list.body.scope).toBe(housing);
    expect(list.body.departments.map((d: { name: string }) => d.name)).toEqual([housing]);
    // Its window comes from the catalogue; any department may be chosen as a parent.
    expect(list.body.departments[0].places).toEqual([{ address: '厦门市市民中心 B 区 2 楼 工程建设项目审批综合窗口' }]);
    expect(list.body.parents).toEqual(
      expect.arrayContaining([{ name: '省交通运输厅', level: 'province', region: '福建省' }])
    );
    const all = await reform.get('/api/studio/admin/departments');
    expect(all.body.departments.length).toBeGreaterThan(10);

    const other = await housingAdmin.get(`/api/studio/admin/departments/${encodeURIComponent(newDepartment)}`);
    expect(other.status).toBe(403);
    const create = await housingAdmin.post('/api/studio/admin/department-changes', {
      form: { ...form, name: '另一个局' }
    });
    expect(create.status).toBe(403);
    const foreign = await housingAdmin.post('/api/studio/admin/department-changes', {
      form: { ...form, phones: [] },
      previousName: newDepartment
    });
    expect(foreign.status).toBe(403);
    for (const who of [author]) {
      expect((await who.get('/api/studio/admin/departments')).status).toBe(403);
      expect((await who.get('/api/studio/admin/staff')).status).toBe(403);
    }

    const own = await housingAdmin.get(`/api/studio/admin/departments/${encodeURIComponent(housing)}`);
    expect(own.status).toBe(200);
    const phones = [{ purpose: 'consultation', number: '0592-5023602' }, ...own.body.form.phones.slice(1)];
    const change = await housingAdmin.post('/api/studio/admin/department-changes', {
      form: { ...own.body.form, phones },
      previousName: housing
    });
    expect(change.status, JSON.stringify(change.body)).toBe(201);
    expect(change.body.summary).toEqual([
      '电话：咨询 0592-5023601、投诉 0592-5023690 → 咨询 0592-5023602、投诉 0592-5023690'
    ]);
    // Its author cannot confirm it, nor can a department administrator; the reform office can.
    expect((await housingAdmin.post(`/api/studio/admin/department-changes/${change.body.id}/approve`, {})).status).toBe(
      403
    );
    const approved = await reform.post(`/api/studio/admin/department-changes/${change.body.id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const live = t.services.registry.catalog().departments.find(d => d.name === housing);
    expect(live?.phones[0]).toEqual({ purpose: 'consultation', number: '0592-5023602' });
    // The new department is still there: changes apply to the catalogue as it is when confirmed.
    expect(t.services.registry.catalog().departments.some(d => d.name === newDepartment)).toBe(true);

    const history = await housingAdmin.get(`/api/studio/admin/departments/${encodeURIComponent(housing)}`);
    expect(history.body.history).toEqual([expect.objectContaining({ state: 'published', id: change.body.id })]);
    expect((await housingAdmin.get('/api/studio/admin/department-changes')).body.items).toHaveLength(1);

    const reject = await reform.post('/api/studio/admin/department-changes', {
      form: { ...form, officeHours: [] },
      previousName: newDepartment
    });
    expect(reject.status).toBe(201);
    expect(
      (await author.post(`/api/studio/admin/department-changes/${reject.body.id}/reject`, { comment: '不' })).status
    ).toBe(403);
    const rejected = await reformhead.post(`/api/studio/admin/department-changes/${reject.body.id}/reject`, {
      comment: '办公时间照旧'
    });
    expect(rejected.body).toMatchObject({ state: 'rejected', comment: '办公时间照旧' });
  }, 90_000);

  it('staff accounts: created with posts of the department and duties the creator may grant; a temporary password', async () => {
    const made = await reform.post('/api/studio/admin/staff', {
      login: 'hcauthor',
      name: '海编写',
      department: newDepartment,
      roles: ['承办人'],
      duties: ['author']
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.account).toMatchObject({ login: 'hcauthor', mustChangePassword: true, dutyLabels: ['事项编写'] });
    const temporary: string = made.body.temporaryPassword;
    expect(temporary).toMatch(/^[A-Za-z0-9]{12}$/);

    const unknownPost = await reform.post('/api/studio/admin/staff', {
      login: 'hcwrong',
      name: '错岗位',
      department: newDepartment,
      roles: ['科员'],
      duties: []
    });
    expect(unknownPost.status).toBe(422);
    expect(unknownPost.body.error.message).toContain('没有“科员”这个岗位');

    // A department's administrator: their own department only, and no duty beyond it.
    const foreign = await housingAdmin.post('/api/studio/admin/staff', {
      login: 'hcother',
      name: '他部门',
      department: newDepartment,
      roles: [],
      duties: []
    });
    expect(foreign.status).toBe(403);
    for (const duty of ['reformOffice', 'bureau', 'exchange']) {
      const refused = await housingAdmin.post('/api/studio/admin/staff', {
        login: `h${duty.toLowerCase()}`,
        name: '越权',
        department: housing,
        roles: [],
        duties: [duty]
      });
      expect(refused.status, duty).toBe(403);
      expect(refused.body.error.code).toBe('staff.duty-not-grantable');
    }
    const noDepartment = await housingAdmin.post('/api/studio/admin/staff', {
      login: 'hsysadmin',
      name: '系统',
      department: null,
      roles: [],
      duties: ['admin']
    });
    expect(noDepartment.status).toBe(403);
    const ownWindow = await housingAdmin.post('/api/studio/admin/staff', {
      login: 'hwindow2',
      name: '窗口二',
      department: housing,
      roles: ['窗口'],
      duties: ['author']
    });
    expect(ownWindow.status).toBe(201);
    const listed = await housingAdmin.get('/api/studio/admin/staff');
    expect(new Set(listed.body.items.map((a: { department: string }) => a.department))).toEqual(new Set([housing]));
    expect(listed.body.grantable.map((g: { duty: string }) => g.duty)).toEqual([
      'author',
      'head',
      'supervisor',
      'admin'
    ]);
    expect(
      (await housingAdmin.get(`/api/studio/admin/staff?department=${encodeURIComponent(newDepartment)}`)).status
    ).toBe(403);
    const ofNew = await reform.get(`/api/studio/admin/staff?department=${encodeURIComponent(newDepartment)}`);
    expect(ofNew.body.items.map((a: { login: string }) => a.login)).toEqual(['hcauthor']);

    // The temporary password signs nobody in until its holder sets their own.
    const first = await signIn(t, 'hcauthor', temporary);
    expect(first.status).toBe(403);
    expect(first.body.error.code).toBe('auth.password-change-required');
    const weak = await signIn(t, 'hcauthor', temporary, 'short');
    expect(weak.status).toBe(400);
    const set = await signIn(t, 'hcauthor', temporary, 'hc-own-pass-2026');
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await signIn(t, 'hcauthor', temporary)).status).toBe(401);
    expect((await signIn(t, 'hcauthor', 'hc-own-pass-2026')).status).toBe(200);
  }, 60_000);

  it('posts and duties change, a disabled account is signed out at once, a reset password is temporary', async () => {
    const { body } = await reform.get(`/api/studio/admin/staff?department=${encodeURIComponent(newDepartment)}`);
    const account = body.items[0];
    const changed = await reform.put(`/api/studio/admin/staff/${account.id}`, {
      name: account.name,
      roles: ['窗口', '承办人'],
      duties: ['author', 'head']
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['窗口', '承办人'], duties: ['author', 'head'] });
    expect(
      (await housingAdmin.put(`/api/studio/admin/staff/${account.id}`, { name: 'x', roles: [], duties: [] })).status
    ).toBe(404);

    const signedIn = await signIn(t, 'hcauthor', 'hc-own-pass-2026');
    const cookie = signedIn.cookie!.split(';')[0]!;
    const me = () => t.app.request('/api/auth/me', { headers: { cookie } });
    expect((await me()).status).toBe(200);
    const disabled = await reform.post(`/api/studio/admin/staff/${account.id}/disable`, {});
    expect(disabled.body.disabled).toBe(true);
    expect((await me()).status).toBe(401);
    expect((await signIn(t, 'hcauthor', 'hc-own-pass-2026')).status).toBe(403);
    expect((await reform.post(`/api/studio/admin/staff/${account.id}/enable`, {})).body.disabled).toBe(false);

    const reset = await reform.post(`/api/studio/admin/staff/${account.id}/reset-password`, {});
    expect(reset.status).toBe(200);
    expect(reset.body.account.mustChangePassword).toBe(true);
    expect((await signIn(t, 'hcauthor', 'hc-own-pass-2026')).status).toBe(401);
    expect((await signIn(t, 'hcauthor', reset.body.temporaryPassword)).body.error.code).toBe(
      'auth.password-change-required'
    );
    expect((await signIn(t, 'hcauthor', reset.body.temporaryPassword, 'hc-newer-pass-2026')).status).toBe(200);

    const self = (await reform.get('/api/studio/admin/staff')).body.items.find(
      (a: { login: string }) => a.login === 'reform'
    );
    expect((await reform.post(`/api/studio/admin/staff/${self.id}/disable`, {})).status).toBe(422);
    // The leader holds a duty a department's administrator cannot grant? No: 'head' is theirs; the reform office's is not.
    expect((await housingAdmin.post(`/api/studio/admin/staff/${self.id}/reset-password`, {})).status).toBe(404);
  }, 60_000);

  it("the new department's author drafts a matter for it with no restart, checked against the live catalogue", async () => {
    const hc = await signIn(t, 'hcauthor', 'hc-newer-pass-2026');
    expect(hc.status).toBe(200);
    const cookie = hc.cookie!.split(';')[0]!;
    const code = `${newCode}4000110099900001`.slice(0, 33);
    const source = matterTemplate('licence', { name: '海沧区临时占道许可', code, department: newDepartment });
    const response = await t.app.request('/api/studio/drafts', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': hc.body.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ source, note: '新建事项' })
    });
    const body = (await response.json()) as any;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ department: newDepartment, state: 'draft' });
    expect(body.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
  }, 60_000);

  it('exports the live catalogue as a zip that banshi check accepts, and imports a zip checked whole first', async () => {
    expect((await housingAdmin.get('/api/studio/admin/catalogue/export')).status).toBe(403);
    const exported = await reform.request('GET', '/api/studio/admin/catalogue/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const raw = await t.app.request('/api/studio/admin/catalogue/export', {
      headers: { cookie: (reform as unknown as { cookie: string }).cookie }
    });
    const files = unzipSync(new Uint8Array(await raw.arrayBuffer()));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['departments.matter', 'housing-construction/construction-permit.matter'])
    );
    expect(strFromU8(files['departments.matter']!)).toContain(`部门 ${newDepartment} {`);

    const dir = mkdtempSync(join(tmpdir(), 'banshi-export-'));
    try {
      for (const [path, bytes] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      // The built command line, made once for the test run (tests/support/build-once.ts).
      const run = spawnSync(process.execPath, ['dist/banshi.mjs', 'check', dir], { cwd: repo, encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout + run.stderr).toMatch(/检查了 \d+ 个文件：0 个错误/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const upload = (zip: Uint8Array, who: Client = reform) => {
      const body = new FormData();
      body.append('file', new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), 'catalogue.zip');
      return who.post('/api/studio/admin/catalogue/import', body);
    };
    const broken = { ...files };
    broken['departments.matter'] = strToU8(strFromU8(files['departments.matter']!).replace('层级 市级', '层级 市'));
    const refused = await upload(zipSync(broken));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('catalogue.has-errors');
    expect(refused.body.error.details.problems[0]).toMatchObject({
      file: 'departments.matter',
      line: expect.any(Number)
    });
    expect((await upload(zipSync(files), housingAdmin)).status).toBe(403);

    // The same catalogue under a folder, one matter changed: one new draft, nothing else.
    const permit = strFromU8(files['housing-construction/construction-permit.matter']!);
    const nested: Record<string, Uint8Array> = {};
    for (const [path, bytes] of Object.entries(files)) nested[`xiamen/${path}`] = bytes;
    nested['xiamen/housing-construction/construction-permit.matter'] = strToU8(
      permit.replace('承诺 7 工作日', '承诺 6 工作日').replace('审查 由 承办人 2 工作日', '审查 由 承办人 1 工作日')
    );
    nested['xiamen/README.txt'] = strToU8('说明');
    const imported = await upload(zipSync(nested));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.drafts).toEqual([
      expect.objectContaining({ path: 'housing-construction/construction-permit.matter', department: housing })
    ]);
    expect(imported.body).toMatchObject({ change: null, changedFiles: [], skipped: ['xiamen/README.txt'] });
    // All or nothing: the matter now has a change in progress, so a second import creates nothing.
    const again = await upload(zipSync(nested));
    expect(again.status).toBe(409);
  }, 120_000);
});
