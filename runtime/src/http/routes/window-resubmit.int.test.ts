import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { pdf, uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';
import { CasePage } from './case-page-schemas.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');

function scan(client: Client, applicantId: string, material: string) {
  const form = new FormData();
  form.set('file', new Blob([pdf(3) as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), `${material}-补正.pdf`);
  form.set('applicantId', applicantId);
  form.set('matterCode', permit.code);
  form.set('material', material);
  return client.post('/api/office/window/files', form);
}

describe.each(dbKinds)('窗口代为补正 over HTTP on %s', kind => {
  let t: TestApp;
  let company: Client;
  let window: Client;
  let handler: Client;
  let id: string;
  let applicantId: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as('91350100M000100Y43');
    window = await t.as('window');
    handler = await t.as('handler');
    t.clock.set('2026-09-28 09:00');
    const answers = answersFor(permit);
    const created = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    const [row] = await t.store.db.query<{ applicant_id: string }>(
      'select applicant_id from cases where case_id = $1',
      [id]
    );
    applicantId = row!.applicant_id;
  });
  afterAll(async () => t?.close());

  const resubmit = (by: Client, materials: unknown[]) =>
    by.post(`/api/office/window/cases/${id}/resubmit`, { materials });

  it('before a correction notice there is nothing to resubmit', async () => {
    const uploaded = await scan(window, applicantId, '施工合同');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const r = await resubmit(window, [{ material: '施工合同', fileId: uploaded.body.id }]);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/补正/);
  });

  it('the window’s case page offers to enter the correction, the material the notice names first', async () => {
    const notice = await window.post(`/api/office/cases/${id}/commands`, {
      type: 'requestCorrection',
      items: ['建设工程施工合同：缺少双方签章页']
    });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    const page = CasePage.parse((await window.get(`/api/office/cases/${id}/page`)).body);
    const form = page.windowResubmit!;
    expect(form.ready).toBe(true);
    expect(form.applicantId).toBe(applicantId);
    expect(form.materials[0]).toEqual({ id: '施工合同', title: '建设工程施工合同', named: true });
    expect(form.materials.filter(m => m.named)).toHaveLength(1);
    // Electronic licences are fetched, not brought.
    expect(form.materials.some(m => m.id === '用地批准')).toBe(false);
    const handlers = CasePage.parse((await handler.get(`/api/office/cases/${id}/page`)).body);
    expect(handlers.windowResubmit).toBeNull();
  });

  it('only the window post may enter it, with at least one scan, and the applicant’s own files only', async () => {
    const uploaded = await scan(window, applicantId, '施工合同');
    const denied = await resubmit(handler, [{ material: '施工合同', fileId: uploaded.body.id }]);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/窗口收件应由/);
    expect((await resubmit(window, [])).status).toBe(400);
    const applicants = await company.post(`/api/office/window/cases/${id}/resubmit`, {
      materials: [{ material: '施工合同', fileId: uploaded.body.id }]
    });
    expect(applicants.status).toBe(403);
    const audit = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'window.resubmit' and outcome = 'denied'`
    );
    expect(audit[0]!.n).toBeGreaterThan(0);
  });

  it('the scan taken at the window is the applicant’s, the case resumes pre-review, and the clerk is recorded', async () => {
    t.clock.set('2026-09-29 10:00');
    const uploaded = await scan(window, applicantId, '施工合同');
    const r = await resubmit(window, [{ material: '施工合同', fileId: uploaded.body.id }]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('submitted');
    const page = CasePage.parse((await handler.get(`/api/office/cases/${id}/page`)).body);
    const contract = page.materials.find(m => m.id === '施工合同')!;
    expect(contract.files.map(f => [f.round, f.superseded, f.pages])).toEqual([
      [0, true, 1],
      [1, false, 3]
    ]);
    expect(page.timeline.at(-1)).toMatchObject({ type: 'Resubmitted', by: expect.stringContaining('市住房和建设局') });
    // The applicant sees the corrected file as their own case's.
    const own = await company.get(`/api/hall/cases/${id}`);
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('submitted');
  });
});
