import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredUploads } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import { testCreditCode, testIdNumber } from '../../testing/accounts.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, smsCode, type Client, type TestApp } from '../../testing/http.ts';
import { pdf, uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const password = 'abc12345678';

/** The apply form's answers as a browser sends them. */
function typed(definition: Definition): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(answersFor(definition)))
    fields[`answer.${name}`] = value === true ? '是' : value === false ? '否' : String(value);
  return fields;
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const draftOf = (html: string) => /name="draft" value="([^"]+)"/.exec(html)![1]!;

describe.each(dbKinds)('applicant identity levels on %s', kind => {
  let t: TestApp;
  let window: Client;
  const n = kind === 'postgres' ? 620 : 520;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
    window = await t.as('window');
  });
  afterAll(async () => t?.close());

  /** The hall's apply form for the permit, posted with every file, as a browser without script. */
  async function applyInHall(company: Client) {
    const page = await company.page(`/hall/matters/${permit.code}/apply`);
    const form = new FormData();
    form.append('_csrf', csrfOf(page.body));
    form.append('draft', draftOf(page.body));
    for (const [name, value] of Object.entries({
      intent: 'submit',
      channel: 'online',
      delivery: 'express',
      ...typed(permit)
    }))
      form.append(name, value);
    for (const m of requiredUploads(permit, answersFor(permit)))
      form.append(`file.${m.id}`, new File([Buffer.from(pdf(1))], `${m.id}.pdf`));
    return company.request<string>('POST', `/hall/matters/${permit.code}/apply`, form);
  }

  it('a registered account consults and reads its level, but cannot apply online (API and hall form), losing nothing typed', async () => {
    const company = await t.register('organisation', {
      name: '未核验示例有限公司',
      creditCode: testCreditCode(n),
      contactName: '张三',
      phone: '13900000101',
      password
    });
    const identity = await company.get('/api/hall/identity');
    expect(identity.body).toMatchObject({ level: 'registered', levelLabel: '已注册', verifiedAt: null });
    expect(identity.body.allows).not.toContain(expect.stringContaining('在网上提交申请'));
    expect(identity.body.howToVerify).toContain('营业执照');
    const account = await company.page('/hall/account');
    expect(account.body).toContain('<strong id="level">已注册</strong>');
    expect(account.body).toContain('到任一服务大厅窗口办理实名核验');

    const answers = answersFor(permit);
    const api = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe('identity.unverified');
    expect(api.body.error.message).toContain('尚未实名核验');
    expect(api.body.error.message).toContain('营业执照');

    const form = await company.page(`/hall/matters/${permit.code}/apply`);
    expect(form.body).toContain('id="identity"');
    const refused = await applyInHall(company);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<a href="#identity">您的账号尚未实名核验');
    expect(refused.body).toContain('您填写的内容已保存为草稿');
    // What was typed is in the draft: the form shows it again and 我的办件 lists it.
    expect(refused.body).toContain(`value="${answersFor(permit)['项目名称']}"`);
    expect((await company.page('/hall/my')).body).toContain(permit.name);
    const cases = await t.store.db.query('select 1 from cases where applicant_id = $1', [company.principal!.id]);
    expect(cases).toEqual([]);
    const audited = await t.store.db.query<{ action: string; outcome: string }>(
      `select action, outcome from audit_log where actor_id = $1 and detail->>'code' = 'identity.unverified' order by id`,
      [company.principal!.id]
    );
    expect(audited).toEqual([
      { action: 'case.submit', outcome: 'denied' },
      { action: 'hall.apply', outcome: 'denied' }
    ]);
  });

  it('only a window clerk verifies, with the document checked and its name the account’s; then the account applies', async () => {
    const company = await t.register('organisation', {
      name: '待核验示例有限公司',
      creditCode: testCreditCode(n + 1),
      contactName: '李四',
      phone: '13900000102',
      password
    });
    const login = company.principal!.login;
    const handler = await t.as('handler');
    expect((await handler.get(`/api/office/identity/accounts?q=${login}`)).status).toBe(403);
    const found = await window.get(`/api/office/identity/accounts?q=${login}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      expect.objectContaining({ id: company.principal!.id, level: 'registered', phone: '139****0102' })
    ]);
    // Found by the phone too.
    expect((await window.get('/api/office/identity/accounts?q=139-0000-0102')).body.items[0].id).toBe(
      company.principal!.id
    );
    const path = `/api/office/identity/accounts/${company.principal!.id}/verify`;
    const body = { document: 'businessLicence', nameOnDocument: '待核验示例有限公司', documentChecked: true };
    const byHandler = await handler.post(path, body);
    expect(byHandler.status).toBe(403);
    expect(byHandler.body.error.message).toContain('窗口');
    expect((await window.post(path, { ...body, documentChecked: false })).status).toBe(400);
    expect((await window.post(path, { ...body, document: 'residentIdCard' })).body.error.code).toBe(
      'identity.document'
    );
    const otherName = await window.post(path, { ...body, nameOnDocument: '另一家有限公司' });
    expect(otherName.status).toBe(422);
    expect(otherName.body.error.message).toContain('号码找回');
    expect((await company.get('/api/hall/identity')).body.level).toBe('registered');

    const verified = await window.post(path, body);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ level: 'verified', levelLabel: '已实名核验' });
    expect((await window.post(path, body)).status).toBe(409);
    const clerk = window.principal!;
    const [record] = await t.store.db.query<{ method: string; document: string; verified_by: string }>(
      'select method, document, verified_by from identity_verifications where user_id = $1',
      [company.principal!.id]
    );
    expect(record).toEqual({ method: 'window', document: '营业执照和经办人居民身份证', verified_by: clerk.id });
    const audit = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'identity.verify' and target = $1 order by id`,
      [company.principal!.id]
    );
    // The unticked box is refused by the body's schema before the action starts: no line for it.
    expect(audit.map(a => a.outcome)).toEqual(['denied', 'rejected', 'rejected', 'ok', 'rejected']);
    expect(
      (
        await t.store.db.query(`select 1 from outbox where recipient = $1 and channel = 'inbox'`, [
          company.principal!.id
        ])
      ).length
    ).toBe(1);

    expect((await company.get('/api/hall/identity')).body).toMatchObject({
      level: 'verified',
      method: '服务大厅窗口当面核验证件',
      howToVerify: null
    });
    expect((await company.page('/hall/account')).body).toContain('<strong id="level">已实名核验</strong>');
    const submitted = await applyInHall(company);
    expect(submitted.status, /<div class="error-summary"[\s\S]*?<\/div>/.exec(submitted.body)?.[0]).toBe(303);
    expect(submitted.headers.get('location')).toMatch(/^\/hall\/cases\/[0-9a-f-]{36}\/receipt$/);
    const answers = answersFor(permit);
    const api = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(api.status).toBe(201);
  });

  it('the real holder takes their ID number over from an unverified account that claimed it', async () => {
    const idNumber = testIdNumber(n);
    const impostor = await t.register('person', { name: '冒用者', idNumber, phone: '13900000103', password });
    // The holder cannot register the number online: it is taken, and they are sent to a window.
    const started = await t.anonymous.post('/api/auth/register/person', {
      name: '真本人',
      idNumber,
      phone: '13900000104',
      password
    });
    const code = await smsCode(t.store.db, started.body.registrationId);
    const taken = await t.anonymous.post('/api/auth/register/confirm', {
      registrationId: started.body.registrationId,
      code
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('窗口');

    const reclaim = {
      kind: 'person',
      idNumber,
      name: '真本人',
      phone: '13900000104',
      document: 'residentIdCard',
      documentChecked: true
    };
    expect((await (await t.as('handler')).post('/api/office/identity/reclaims', reclaim)).status).toBe(403);
    const done = await window.post('/api/office/identity/reclaims', reclaim);
    expect(done.status).toBe(201);
    expect(done.body.holder).toMatchObject({ name: '真本人', login: idNumber, level: 'verified', claimed: false });
    expect(done.body.previous).toEqual({ id: impostor.principal!.id, name: '冒用者', phone: '139****0103' });

    // The claimer's sessions ended and its password no longer signs in; it is told by SMS.
    expect((await impostor.get('/api/hall/identity')).status).toBe(401);
    expect((await t.anonymous.post('/api/auth/login', { login: idNumber, password })).status).toBe(401);
    const [sms] = await t.store.db.query<{ body: string }>(
      `select body from outbox where channel = 'sms' and recipient = '13900000103' and payload->>'kind' = 'identityReclaimed'`
    );
    expect(sms!.body).toContain('已由证件本人');
    expect(sms!.body).not.toContain(idNumber);
    const [closed] = await t.store.db.query<{ login: string; id_number: string | null; reclaimed_login: string }>(
      'select login, id_number, reclaimed_login from users where id = $1',
      [impostor.principal!.id]
    );
    expect(closed).toEqual({
      login: `reclaimed:${impostor.principal!.id}`,
      id_number: null,
      reclaimed_login: idNumber
    });
    const [record] = await t.store.db.query<{ reclaimed_from: string }>(
      'select reclaimed_from from identity_verifications where user_id = $1',
      [done.body.holder.id]
    );
    expect(record!.reclaimed_from).toBe(impostor.principal!.id);
    expect(
      (await t.store.db.query(`select 1 from audit_log where action = 'identity.reclaim' and outcome = 'ok'`)).length
    ).toBe(1);

    // The holder claims the new account online with a code to the phone the clerk recorded, and it is verified.
    const holder = await t.register('person', { name: '真本人', idNumber, phone: '13900000104', password });
    expect(holder.principal!.id).toBe(done.body.holder.id);
    expect((await holder.get('/api/hall/identity')).body.level).toBe('verified');
    // A verified number is not taken over again.
    const again = await window.post('/api/office/identity/reclaims', {
      ...reclaim,
      name: '又一人',
      phone: '13900000105'
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('identity.verified');
  });

  it('an account the window registers is verified from the start', async () => {
    const created = await window.post('/api/office/window/applicants', {
      kind: 'person',
      name: '窗口登记',
      idNumber: testIdNumber(n + 1),
      phone: '13900000106',
      idChecked: true
    });
    expect(created.status).toBe(201);
    const found = await window.get(`/api/office/identity/accounts?q=${testIdNumber(n + 1)}`);
    expect(found.body.items[0]).toMatchObject({ level: 'verified', registeredAtWindow: true });
  });
});
