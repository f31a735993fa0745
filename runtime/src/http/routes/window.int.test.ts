import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor } from '../../testing/answers.ts';
import { testCreditCode, testIdNumber } from '../../testing/accounts.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, smsCode, type Client, type TestApp } from '../../testing/http.ts';
import { pdf } from '../../testing/materials.ts';
import { requiredUploads } from '@banshi/definition/answers';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
/** Every demo staff account but the housing bureau's window (demo.ts). */
const notWindow = [
  'handler',
  'chief',
  'leader',
  'planning',
  'airdefence',
  'author',
  'supervisor',
  'bureau',
  'reform',
  'reformhead',
  'exchange'
];

function scan(client: Client, applicantId: string, material: string, bytes = pdf(2)) {
  const form = new FormData();
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), `${material}.pdf`);
  form.set('applicantId', applicantId);
  form.set('matterCode', permit.code);
  form.set('material', material);
  return client.post('/api/office/window/files', form);
}

describe.each(dbKinds)('窗口收件 over HTTP on %s', kind => {
  let t: TestApp;
  let window: Client;
  const n = kind === 'postgres' ? 870 : 770;

  beforeAll(async () => {
    t = await openTestApp(kind);
    window = await t.as('window');
  });
  afterAll(async () => t?.close());

  it('finds nobody, registers a walk-in organisation (ID card checked), then finds it; a second registration is a 409', async () => {
    const creditCode = testCreditCode(n);
    const none = await window.get(`/api/office/window/applicants?creditCode=${creditCode}`);
    expect(none.status).toBe(200);
    expect(none.body.applicant).toBeNull();
    const bad = await window.get(`/api/office/window/applicants?idNumber=110105194912310021`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('校验位');
    const unchecked = await window.post('/api/office/window/applicants', {
      kind: 'organisation',
      name: '厦门市窗口测试有限公司',
      creditCode,
      contactName: '张经办',
      phone: '13900001111',
      idChecked: false
    });
    expect(unchecked.status).toBe(400);
    expect(JSON.stringify(unchecked.body)).toContain('当面核验');
    const made = await window.post('/api/office/window/applicants', {
      kind: 'organisation',
      name: '厦门市窗口测试有限公司',
      creditCode,
      contactName: '张经办',
      phone: '13900001111',
      idChecked: true
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({
      kind: 'organisation',
      registeredAtWindow: true,
      claimed: false,
      phone: '139****1111'
    });
    const [row] = await t.store.db.query<{ id_checked_in_person: boolean; window_registered_by: string }>(
      'select id_checked_in_person, window_registered_by from users where id = $1',
      [made.body.id]
    );
    expect(row!.id_checked_in_person).toBe(true);
    const [clerk] = await t.store.db.query<{ id: string }>(`select id from users where login = 'window'`);
    expect(row!.window_registered_by).toBe(clerk!.id);
    const found = await window.get(`/api/office/window/applicants?creditCode=${creditCode.toLowerCase()}`);
    expect(found.body.applicant.id).toBe(made.body.id);
    const again = await window.post('/api/office/window/applicants', {
      kind: 'organisation',
      name: '另一家',
      creditCode,
      contactName: '李经办',
      phone: '13900002222',
      idChecked: true
    });
    expect(again.status).toBe(409);
    const signIn = await t.anonymous.post('/api/auth/login', { login: creditCode, password: '!window-unclaimed' });
    expect(signIn.status).not.toBe(200);
    const audits = await t.store.db.query<{ action: string }>(
      `select action from audit_log where action = 'window.applicant.register' and outcome = 'ok'`
    );
    expect(audits.length).toBeGreaterThan(0);
  });

  it('its holder claims the account with a code sent to the phone the clerk recorded; another phone cannot', async () => {
    const creditCode = testCreditCode(n);
    const register = async (phone: string) => {
      const started = await t.anonymous.post('/api/auth/register/organisation', {
        name: '厦门市窗口测试有限公司',
        creditCode,
        contactName: '张经办',
        phone,
        password: 'claimed-at-home-2026'
      });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const { registrationId } = started.body as { registrationId: string };
      return t.anonymous.post('/api/auth/register/confirm', {
        registrationId,
        code: await smsCode(t.store.db, registrationId)
      });
    };
    const stranger = await register('13900002222');
    expect(stranger.status).toBe(409);
    expect(stranger.body.error.code).toBe('auth.exists');
    const holder = await register('13900001111');
    expect(holder.status, JSON.stringify(holder.body)).toBe(201);
    expect(holder.body.principal).toMatchObject({ kind: 'organisation', creditCode });
    const signIn = await t.anonymous.post('/api/auth/login', { login: creditCode, password: 'claimed-at-home-2026' });
    expect(signIn.status).toBe(200);
    // Claimed once: a second registration of the number is an existing account's.
    expect((await register('13900001111')).status).toBe(409);
  });

  it('uploads scans, submits on site on the applicant’s behalf, and the receipt and timeline say so; the handler lists it', async () => {
    const creditCode = testCreditCode(n + 1);
    const made = await window.post('/api/office/window/applicants', {
      kind: 'organisation',
      name: '厦门市窗口代办有限公司',
      creditCode,
      contactName: '王经办',
      phone: '13900003333',
      idChecked: true
    });
    const applicantId = made.body.id as string;
    const answers = answersFor(permit, { 建设单位: '厦门市窗口代办有限公司', 建设单位信用代码: creditCode });
    const missing = await window.post('/api/office/window/applications', {
      applicantId,
      matterCode: permit.code,
      answers: { ...answers, [permit.form.find(f => f.required)!.name]: '' },
      materials: []
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.fields).toBeDefined();
    const materials = [];
    for (const m of requiredUploads(permit, answers as never)) {
      const up = await scan(window, applicantId, m.id);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect(up.body.pages).toBe(2);
      materials.push({ material: m.id, fileId: up.body.id });
    }
    const notPdf = await scan(window, applicantId, materials[0]!.material, new TextEncoder().encode('hello'));
    expect(notPdf.status).toBe(415);
    const submitted = await window.post('/api/office/window/applications', {
      applicantId,
      matterCode: permit.code,
      answers,
      materials
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.receiptPage).toBe(`/hall/window/cases/${submitted.body.id}/receipt`);
    expect(submitted.body.falseMaterials).toBe(`/api/office/cases/${submitted.body.id}/false-materials`);
    const caseId = submitted.body.id as string;

    const handler = await t.as('handler');
    const detail = await handler.get(`/api/office/cases/${caseId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.channel).toBe('onSite');
    expect(detail.body.timeline[0]).toMatchObject({ label: '窗口代为录入', by: '市住房和建设局 王窗口' });
    const list = await handler.get('/api/office/cases');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(caseId);

    const receipt = await window.get(`/api/office/window/cases/${caseId}/receipt`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({
      caseNumber: submitted.body.caseNumber,
      channel: '窗口现场',
      enteredBy: '市住房和建设局 王窗口'
    });
    expect(receipt.body.art32Date).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(receipt.body.materials.length).toBe(materials.length);
    expect(receipt.body.materials[0].files[0].pages).toBe(2);
    const page = await window.page(`/hall/window/cases/${caseId}/receipt`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(submitted.body.caseNumber);
    expect(page.body).toContain('第三十二条');
    expect(page.body).toContain(receipt.body.art32Date);

    // The case is the applicant's: the files are linked to it and owned by them.
    const files = await t.store.db.query<{ owner_id: string; case_id: string }>(
      'select owner_id, case_id from files where case_id = $1',
      [caseId]
    );
    expect(files.length).toBe(materials.length);
    expect(files.every(f => f.owner_id === applicantId)).toBe(true);
  });

  it('a person cannot apply for a matter for organisations, as in the hall', async () => {
    const made = await window.post('/api/office/window/applicants', {
      kind: 'person',
      name: '张三',
      idNumber: testIdNumber(n),
      phone: '13900004444',
      idChecked: true
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const r = await window.post('/api/office/window/applications', {
      applicantId: made.body.id,
      matterCode: permit.code,
      answers: answersFor(permit),
      materials: []
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('面向企业');
  });

  it('records a good-record applicant with its basis', async () => {
    const org = await window.get(`/api/office/window/applicants?creditCode=91350100M000100Y43`);
    const r = await window.post(`/api/office/window/applicants/${org.body.applicant.id}/good-record`, {
      goodRecord: true,
      basis: '近三年无失信记录（信用中国查询）'
    });
    expect(r.status).toBe(200);
    expect(r.body.goodRecord).toBe(true);
  });

  it.each(notWindow)('refuses %s every window command', async login => {
    const other = await t.as(login);
    const org = await window.get(`/api/office/window/applicants?creditCode=91350100M000100Y43`);
    const id = org.body.applicant.id as string;
    const answers = answersFor(permit);
    const calls = [
      other.get('/api/office/window/matters'),
      other.get(`/api/office/window/applicants?creditCode=91350100M000100Y43`),
      other.post('/api/office/window/applicants', {
        kind: 'person',
        name: '某某',
        idNumber: testIdNumber(n + 5),
        phone: '13900005555',
        idChecked: true
      }),
      other.post(`/api/office/window/applicants/${id}/good-record`, { goodRecord: true, basis: '无' }),
      scan(other, id, permit.materials[0]!.id),
      other.post('/api/office/window/applications', {
        applicantId: id,
        matterCode: permit.code,
        answers,
        materials: []
      })
    ];
    for (const r of await Promise.all(calls)) {
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.error.message).toMatch(/窗口/);
    }
  });

  it('refuses applicants and other departments’ window staff', async () => {
    const applicant = await t.as('91350100M000100Y43');
    expect((await applicant.get('/api/office/window/matters')).status).toBe(403);
    const [user] = await t.store.db.query<{ id: string }>(`select id from users where login = 'window'`);
    expect(user).toBeDefined();
    const { createStaff, demoPassword } = await import('../../accounts/index.ts');
    await createStaff(t.store.db, {
      login: `plwin${n}`,
      name: '规划窗口',
      password: demoPassword,
      department: '市自然资源和规划局',
      roles: ['窗口'],
      duties: []
    });
    const planningWindow = await t.as(`plwin${n}`);
    const org = await window.get(`/api/office/window/applicants?creditCode=91350100M000100Y43`);
    const r = await planningWindow.post('/api/office/window/applications', {
      applicantId: org.body.applicant.id,
      matterCode: permit.code,
      answers: answersFor(permit),
      materials: []
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('市住房和建设局的“窗口”');
  });
});
