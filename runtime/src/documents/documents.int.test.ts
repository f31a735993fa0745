import { createHash } from 'node:crypto';
import { sm2 as independent } from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../cases/index.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { dbKinds } from '../testing/database.ts';
import { openTestApp, type TestApp } from '../testing/http.ts';
import { submitted } from '../testing/submissions.ts';
import { documentsCheck } from './check.ts';
import { documentPdf, documentsChore, documentsOfCase, issueDocuments, verifyCopy, verifyDocument } from './index.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const organisation = '91350100M000100Y43';
const baseUrl = 'https://hall.example.gov.cn';

/** A demo staff member as the engine's actor. */
async function staff(t: TestApp, login: string): Promise<Actor> {
  const [u] = await t.store.db.query<{ id: string; name: string; department: string; roles: string[] }>(
    'select id, name, department, roles from users where login = $1',
    [login]
  );
  if (!u) throw new Error(`no staff ${login}`);
  return { kind: 'staff', id: u.id, name: u.name, department: u.department, roles: u.roles };
}

/** The construction permit from submission to an approving decision, by the demo staff through the store. */
async function grantedPermit(t: TestApp): Promise<{ caseId: string; caseNumber: string }> {
  const made = await submitted(t, permit, organisation);
  const run = async (login: string, command: Record<string, unknown>) => {
    const outcome = await t.store.cases.execute(
      made.caseId,
      { ...command, by: await staff(t, login) } as never,
      t.clock.now
    );
    if (!outcome.ok) throw new Error(`${login} ${String(command.type)}: ${outcome.rejection.message}`);
  };
  await run('window', { type: 'passPreReview' });
  await run('window', { type: 'confirmPaper' });
  await run('window', { type: 'accept' });
  await run('handler', { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
  await run('handler', { type: 'distribute' });
  await run('planning', { type: 'answerCoApproval', agree: true });
  await run('airdefence', { type: 'answerCoApproval', agree: true });
  await run('handler', { type: 'consolidate', opinion: '各协办部门均同意' });
  await run('chief', { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
  await run('leader', { type: 'decide', approve: true, reasons: '符合发证条件' });
  return made;
}

/** The ByteRange of a PDF, read by the test itself (not the code under test). */
function byteRange(pdf: Buffer): [number, number, number, number] {
  const text = pdf.toString('latin1');
  const m = [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].at(-1);
  if (!m) throw new Error('no ByteRange');
  return m.slice(1, 5).map(Number) as [number, number, number, number];
}

describe.each(dbKinds)('sealed documents on %s', kind => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-09-28 10:00');
    caseId = (await grantedPermit(t)).caseId;
  });
  afterAll(async () => t?.close());

  it('seals every notice of a case and its licence once, numbered per department and year without gaps', async () => {
    const first = await issueDocuments(t.services, caseId, { baseUrl });
    expect(first.map(d => d.kind).sort()).toEqual(['acceptance', 'decision', 'licence', 'receipt']);
    const department = permit.department.name;
    expect(first.map(d => d.number).sort()).toEqual([1, 2, 3, 4].map(n => `${department}〔2026〕${n}号`).sort());
    expect(await issueDocuments(t.services, caseId, { baseUrl })).toEqual([]);
    const listed = await documentsOfCase(t.store.db, caseId);
    expect(listed).toHaveLength(4);
    // Refused by the trigger, or before it by the runtime role's missing grant on PostgreSQL.
    await expect(t.store.db.query(`update documents set title = 'x' where case_id = $1`, [caseId])).rejects.toThrow(
      /append-only|permission denied/
    );
    await expect(t.store.db.query(`delete from documents where case_id = $1`, [caseId])).rejects.toThrow(
      /append-only|permission denied/
    );
  });

  it('npm run banshi -- verify checks every sealed document, and names one whose stored bytes were changed', async () => {
    await issueDocuments(t.services, caseId, { baseUrl });
    const intact = await documentsCheck(t.store.db);
    expect(intact.broken).toBe(false);
    expect(intact.lines.join('')).toMatch(/电子文书：\d+ 份，签章均有效/);
    // As the owner with the append-only trigger off, one byte of the decision's stored PDF changed; rolled back.
    class Rollback extends Error {}
    let report: Awaited<ReturnType<typeof documentsCheck>> | undefined;
    await t.store.owner
      .transaction(async tx => {
        await tx.query('alter table documents disable trigger documents_no_update');
        await tx.query(
          `update documents set pdf = overlay(pdf placing '\\x20'::bytea from 400 for 1)
            where case_id = $1 and kind = 'decision'`,
          [caseId]
        );
        report = await documentsCheck(tx);
        throw new Rollback();
      })
      .catch(error => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(report!.broken).toBe(true);
    expect(report!.lines.join('\n')).toMatch(
      /签章不符：\n {2}.*〔2026〕\d+号（[0-9a-f-]{36}）：文件内容与签发时记录的摘要不符/
    );
    expect((await documentsCheck(t.store.db)).broken).toBe(false);
  });

  it("a decision PDF's signature verifies with an independent SM2 implementation; one changed byte does not", async () => {
    const listed = await documentsOfCase(t.store.db, caseId);
    const decision = listed.find(d => d.kind === 'decision')!;
    const { pdf } = (await documentPdf(t.store.db, decision.id))!;
    const bytes = Buffer.from(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = bytes.toString('latin1');
    expect(text).toContain('/Filter /Banshi.SM2Seal');
    expect(text).toContain('/SubFilter /Banshi.SM2.SM3');
    expect(text).toMatch(/\/FontFile3|\/FontFile2/);
    const [a, b, c, d] = byteRange(bytes);
    expect(a).toBe(0);
    expect(c + d).toBe(bytes.length);
    const signed = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
    const digest = createHash('sm3').update(signed).digest();
    expect(digest.toString('hex')).toBe(decision.digest);
    const [row] = await t.store.db.query<{ signature: string; public_key: string }>(
      `select d.signature, k.public_key from documents d join seal_keys k on k.key_id = d.seal_key_id where d.id = $1`,
      [decision.id]
    );
    // The /Contents string holds the DER signature, zero-padded.
    expect(
      bytes
        .subarray(b + 1, c - 1)
        .toString('latin1')
        .startsWith(row!.signature)
    ).toBe(true);
    expect(
      independent.doVerifySignature(Array.from(digest), row!.signature, row!.public_key, { hash: true, der: true })
    ).toBe(true);
    const tampered = Buffer.from(signed);
    tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
    const changed = createHash('sm3').update(tampered).digest();
    expect(
      independent.doVerifySignature(Array.from(changed), row!.signature, row!.public_key, { hash: true, der: true })
    ).toBe(false);
  });

  it('verifies a stored document and an uploaded copy; a tampered copy fails with the reason', async () => {
    const listed = await documentsOfCase(t.store.db, caseId);
    const decision = listed.find(d => d.kind === 'decision')!;
    const stored = await verifyDocument(t.services, decision.id);
    expect(stored).toMatchObject({
      ok: true,
      document: { number: decision.number, department: permit.department.name, date: '2026年9月28日' }
    });
    const { pdf } = (await documentPdf(t.store.db, decision.id))!;
    const copy = Buffer.from(pdf);
    expect(await verifyCopy(t.services, copy)).toMatchObject({ ok: true, document: { id: decision.id } });

    const changed = Buffer.from(copy);
    const [, b] = byteRange(changed);
    changed[Math.floor(b / 2)]! ^= 0x01;
    expect(await verifyCopy(t.services, changed)).toMatchObject({ ok: false, reason: '被篡改' });

    const appended = Buffer.concat([copy, Buffer.from('\n1 0 obj << >> endobj\n%%EOF\n')]);
    expect(await verifyCopy(t.services, appended)).toMatchObject({ ok: false, reason: '被篡改' });

    expect(await verifyCopy(t.services, Buffer.from('%PDF-1.4\n%%EOF\n'))).toMatchObject({
      ok: false,
      reason: '不是本平台签发'
    });
    expect(await verifyCopy(t.services, Buffer.from('hello'))).toMatchObject({ ok: false, reason: '不是本平台签发' });

    const foreign = Buffer.from(
      copy.toString('latin1').replace(/\/BanshiKeyId \(SM2-[0-9a-f]{16}\)/, '/BanshiKeyId (SM2-0000000000000000)'),
      'latin1'
    );
    expect(await verifyCopy(t.services, foreign)).toMatchObject({ ok: false, reason: '不是本平台签发' });
  });

  it('the worker seals what the case events queued, in their own transaction, and empties the queue', async () => {
    const other = await grantedPermit(t);
    const [queued] = await t.store.db.query<{ n: number }>(
      'select count(*)::int as n from document_queue where case_id = $1',
      [other.caseId]
    );
    expect(queued!.n).toBe(1);
    const chore = documentsChore(t.services, { baseUrl });
    for (let round = 0; round < 20 && (await chore.run()) > 0; round++);
    expect((await documentsOfCase(t.store.db, other.caseId)).map(d => d.kind).sort()).toEqual([
      'acceptance',
      'decision',
      'licence',
      'receipt'
    ]);
    const [left] = await t.store.db.query<{ n: number }>('select count(*)::int as n from document_queue');
    expect(left!.n).toBe(0);
  });

  it('two processes sealing the same case at once seal each document once and leave no gap in the numbers', async () => {
    const other = await grantedPermit(t);
    const [x, y] = await Promise.all([
      issueDocuments(t.services, other.caseId, { baseUrl }),
      issueDocuments(t.services, other.caseId, { baseUrl })
    ]);
    expect(x.length + y.length).toBe(4);
    const rows = await t.store.db.query<{ sequence: number }>(
      `select sequence from documents where department = $1 and year = 2026 order by sequence`,
      [permit.department.name]
    );
    expect(rows.map(r => r.sequence)).toEqual(rows.map((_, i) => i + 1));
  });
});

describe.each(dbKinds)('the hall: sealed PDFs and the public verification page on %s', kind => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-09-28 10:00');
    caseId = (await grantedPermit(t)).caseId;
  });
  afterAll(async () => t?.close());

  /** Posts a file to the public form as a visitor's browser does (multipart, no session, no token). */
  const upload = (bytes: Buffer) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'copy.pdf');
    return t.app.request('/hall/verify', { method: 'POST', body: form });
  };

  it('the applicant downloads the sealed PDF of a notice and of the licence; the page download leads to it', async () => {
    const company = await t.as(organisation);
    const page = await company.page(`/hall/cases/${caseId}/notices/0`);
    expect(page.body).toContain('下载 PDF（电子签章）');
    expect(page.body).toContain(`/hall/cases/${caseId}/notices/0/pdf`);
    const old = await company.page(`/hall/cases/${caseId}/notices/0?download=1`);
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toBe(`/hall/cases/${caseId}/notices/0/pdf`);
    const receipt = await company.page(`/hall/cases/${caseId}/notices/0/pdf`);
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    expect(receipt.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[0-9A-Z]+-1\.pdf"; filename\*=UTF-8''/
    );
    const licence = await company.page(`/hall/cases/${caseId}/licence/pdf`);
    expect(licence.status).toBe(200);
    const licencePage = await company.page(`/hall/cases/${caseId}/licence?download=1`);
    expect(licencePage.headers.get('location')).toBe(`/hall/cases/${caseId}/licence/pdf`);
    // Another applicant's case is as absent as a missing one.
    const person = await t.as('11010519491231002X');
    expect((await person.page(`/hall/cases/${caseId}/licence/pdf`)).status).toBe(404);
  });

  it('anyone opens a document’s verification page: the result, the department, the date, the holder masked', async () => {
    const listed = await documentsOfCase(t.store.db, caseId);
    const licence = listed.find(d => d.kind === 'licence')!;
    const page = await t.anonymous.page(`/hall/verify/${licence.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('验证结果：验证通过');
    expect(page.body).toContain(licence.number);
    expect(page.body).toContain(permit.department.name);
    expect(page.body).toContain('2026年9月28日');
    expect(page.body).toContain('************0Y43');
    expect(page.body).not.toContain(organisation);
    expect(page.body).toMatch(/证照状态<\/dt><dd>有效/);
    expect((await t.anonymous.page('/hall/verify/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('malformed addresses and uploads are answered as pages, never as errors of the server', async () => {
    for (const path of ['/hall/verify/not-a-uuid', '/hall/verify/%00', `/hall/verify/${'1'.repeat(300)}`])
      expect((await t.anonymous.page(path)).status, path).toBe(404);
    const company = await t.as(organisation);
    for (const path of [
      `/hall/cases/${caseId}/notices/-1/pdf`,
      `/hall/cases/${caseId}/notices/99/pdf`,
      `/hall/cases/${caseId}/notices/x/pdf`,
      '/hall/cases/not-a-uuid/licence/pdf',
      '/hall/cases/00000000-0000-0000-0000-000000000000/notices/0/pdf'
    ])
      expect((await company.page(path)).status, path).toBe(404);
    const empty = await t.app.request('/hall/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'file=x'
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('请选择要核验的 PDF 文书。');
    const huge = await upload(Buffer.alloc(11 * 1024 * 1024, 0x20));
    expect(huge.status).toBe(413);
  });

  it('an uploaded genuine copy passes; a tampered copy fails and says why', async () => {
    const listed = await documentsOfCase(t.store.db, caseId);
    const decision = listed.find(d => d.kind === 'decision')!;
    const { pdf } = (await documentPdf(t.store.db, decision.id))!;
    const genuine = await upload(Buffer.from(pdf));
    expect(genuine.status).toBe(200);
    const body = await genuine.text();
    expect(body).toContain('验证结果：验证通过');
    expect(body).toContain(decision.number);
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(byteRange(tampered)[1] / 3)]! ^= 0x20;
    const refused = await upload(tampered);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('验证结果：验证失败（被篡改）');
    const none = await upload(Buffer.from('%PDF-1.4\n%%EOF\n'));
    expect(await none.text()).toContain('验证失败（不是本平台签发）');
    const [row] = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'document.verify'`
    );
    expect(row!.n).toBe(3);
  });
});

describe.each(dbKinds)('the workbench: a case’s documents through the office API on %s', kind => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-09-28 10:00');
  });
  afterAll(async () => t?.close());

  it('lists the case’s sealed documents (sealing what is missing) and serves each PDF to staff who may see it', async () => {
    const { caseId } = await grantedPermit(t);
    const window = await t.as('window');
    const listed = await window.get(`/api/office/cases/${caseId}/documents`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'acceptance',
      'decision',
      'licence',
      'receipt'
    ]);
    const decision = listed.body.items.find((d: { kind: string }) => d.kind === 'decision');
    expect(decision.verifyUrl).toBe(`http://localhost/hall/verify/${decision.id}`);
    const pdf = await window.get(`/api/office/cases/${caseId}/documents/${decision.id}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const [read] = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'document.read' and outcome = 'ok' and case_id = $1`,
      [caseId]
    );
    expect(read!.n).toBe(1);
    const applicant = await t.as(organisation);
    expect((await applicant.get(`/api/office/cases/${caseId}/documents`)).status).toBe(403);
  });
});
