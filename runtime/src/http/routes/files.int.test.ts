import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../accounts/index.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const material = permit.materials[0]!.id;

const bytes = (text: string) => new TextEncoder().encode(text);
const pdf = bytes(
  '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n3 0 obj << /Type /Page >> endobj\n4 0 obj << /Type /Page >> endobj\n%%EOF\n'
);
const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);

function form(content: Uint8Array, name: string, fields: Record<string, string> = { material }): FormData {
  const data = new FormData();
  data.set('file', new Blob([content as Uint8Array<ArrayBuffer>]), name);
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe.each(dbKinds)('uploads and downloads on %s', kind => {
  let t: TestApp;
  let company: Client;
  let person: Client;

  beforeAll(async () => {
    t = await openTestApp(kind);
    company = await t.as('91350100M000100Y43');
    person = await t.as('11010519491231002X');
  });
  afterAll(async () => t?.close());

  async function upload(client: Client, data: FormData, status = 201) {
    const response = await client.post('/api/hall/files', data);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  }

  it('stores a PDF with the type and page count read from its bytes, and gives it back to its owner as an attachment', async () => {
    const stored = await upload(company, form(pdf, '施工合同 (盖章版).pdf'));
    expect(stored).toEqual({
      id: expect.any(String),
      name: '施工合同 (盖章版).pdf',
      mediaType: 'application/pdf',
      size: pdf.length,
      pages: 2
    });
    const response = await t.app.request(`/api/hall/files/${stored.id}`, { headers: { cookie: cookieOf(company) } });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="____ (___).pdf"; filename*=UTF-8''${encodeURIComponent('施工合同 (盖章版)').replace(/[()]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}.pdf`
    );
    const [row] = await t.store.db.query<{
      owner_id: string;
      sha256: string;
      material: string;
      case_id: string | null;
    }>('select owner_id, sha256, material, case_id from files where id = $1', [stored.id]);
    expect(row).toEqual({
      owner_id: company.principal!.id,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      material,
      case_id: null
    });
  });

  it('a retried upload with the same Idempotency-Key is one file; the same key for another file is refused', async () => {
    const key = { 'idempotency-key': `upload-${kind}-1` };
    const first = await company.request('POST', '/api/hall/files', form(pdf, '合同.pdf'), key);
    const again = await company.request('POST', '/api/hall/files', form(pdf, '合同.pdf'), key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const rows = await t.store.db.query('select 1 from files where owner_id = $1 and name = $2', [
      company.principal!.id,
      '合同.pdf'
    ]);
    expect(rows).toHaveLength(1);
    const other = await company.request('POST', '/api/hall/files', form(png, '合同.pdf'), key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency.mismatch');
  });

  it('judges the type by the bytes, not the name: a PNG called .exe is a PNG and downloads as one; HTML called .pdf is refused', async () => {
    const stored = await upload(company, form(png, 'C:\\fakepath\\photo.exe'));
    expect(stored).toMatchObject({ name: 'photo.exe', mediaType: 'image/png', pages: 1 });
    const download = await company.get(`/api/hall/files/${stored.id}`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''photo.exe.png`);
    const html = await upload(company, form(bytes('<html><script>alert(1)</script></html>'), 'scan.pdf'), 415);
    expect(html.error).toMatchObject({ code: 'file.type', message: expect.stringContaining('PDF、JPG、PNG、OFD') });
  });

  it('refuses a file over 20 MB naming the limit, an empty file, and an upload without its material', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(bytes('%PDF-1.4'));
    const tooLarge = await upload(company, form(big, 'big.pdf'), 413);
    expect(tooLarge.error).toMatchObject({ code: 'file.too-large', message: expect.stringContaining('20 MB') });
    await upload(company, form(new Uint8Array(0), 'empty.pdf'), 422);
    const noMaterial = await upload(company, form(pdf, 'a.pdf', {}), 400);
    expect(noMaterial.error.message).toContain('请注明这份文件是哪项申请材料');
    const noFile = new FormData();
    noFile.set('material', material);
    await upload(company, noFile, 400);
    // The company's uploads so far: three stored (a retried one is audited once) and the key reused for another
    // file refused, then this test's three refusals.
    const audit = await t.store.db.query<{ outcome: string; detail: { code?: string } }>(
      `select outcome, detail from audit_log where action = 'file.upload' and actor_id = $1 order by id`,
      [company.principal!.id]
    );
    expect(audit.map(a => a.outcome)).toEqual(['ok', 'ok', 'rejected', 'ok', 'rejected', 'rejected', 'rejected']);
    expect(audit.map(a => a.detail.code).filter(Boolean)).toEqual([
      'idempotency.mismatch',
      'file.type',
      'file.too-large',
      'file.empty'
    ]);
  });

  it('a NUL in the material field or the file name is a 400, never a 500 (security-audit §1.13)', async () => {
    const nul = new FormData();
    nul.set('file', new Blob([pdf], { type: 'application/pdf' }), 'a.pdf');
    nul.set('material', `${material}\u0000x`);
    expect(await upload(company, nul, 400)).toMatchObject({ error: { code: 'request.unstorable-text' } });
    const named = new FormData();
    named.set('file', new Blob([pdf], { type: 'application/pdf' }), 'a\u0000.pdf');
    named.set('material', material);
    expect(await upload(company, named, 400)).toMatchObject({ error: { code: 'request.unstorable-text' } });
  });

  it('only applicants upload; nobody signed out does', async () => {
    expect((await (await t.as('window')).post('/api/hall/files', form(pdf, 'a.pdf'))).status).toBe(403);
    expect((await t.anonymous.post('/api/hall/files', form(pdf, 'a.pdf'))).status).toBe(401);
  });

  it('another applicant, or staff while the file is in no case, get 404; once it is in a case, staff who may see the case read it', async () => {
    const stored = await upload(company, form(pdf, '申请表.pdf'));
    const window = await t.as('window');
    await createStaff(t.store.db, {
      login: 'health-window-f',
      name: '卫健窗口',
      password: 'banshi-demo-2026',
      department: '市卫生健康委员会',
      roles: ['窗口'],
      duties: []
    });
    const health = await t.as('health-window-f');
    const missing = await person.get(`/api/hall/files/${stored.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual((await person.get('/api/hall/files/00000000-0000-4000-8000-000000000000')).body);
    expect((await window.get(`/api/hall/files/${stored.id}`)).status).toBe(404);

    // The rest of what the answers make required, uploaded as the applicant would; this file is the application form.
    const answers = answersFor(permit);
    const materials = await uploadRequired(company, permit, answers, [{ material, fileId: stored.id }]);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect((await window.get(`/api/hall/files/${stored.id}`)).status).toBe(200);
    expect((await (await t.as('bureau')).get(`/api/hall/files/${stored.id}`)).status).toBe(200);
    expect((await health.get(`/api/hall/files/${stored.id}`)).status).toBe(404);
    expect((await person.get(`/api/hall/files/${stored.id}`)).status).toBe(404);
    expect((await company.get(`/api/hall/files/${stored.id}`)).status).toBe(200);
    expect((await t.anonymous.get(`/api/hall/files/${stored.id}`)).status).toBe(401);

    const reads = await t.store.db.query<{ actor_id: string; outcome: string; case_id: string | null }>(
      `select actor_id, outcome, case_id from audit_log where action = 'file.read' and target = $1 order by id`,
      [stored.id]
    );
    expect(reads.map(r => [r.actor_id, r.outcome])).toEqual([
      [person.principal!.id, 'denied'],
      [window.principal!.id, 'denied'],
      [window.principal!.id, 'ok'],
      [expect.any(String), 'ok'],
      [health.principal!.id, 'denied'],
      [person.principal!.id, 'denied'],
      [company.principal!.id, 'ok']
    ]);
    expect(reads.filter(r => r.outcome === 'ok').every(r => r.case_id === submitted.body.id)).toBe(true);
  });
});

const cookieOf = (client: Client) => (client as unknown as { cookie: string }).cookie;
