import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { sm2 } from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTimerHandlers } from '../cases/index.ts';
import { directoryBlobStore } from '../platform/files/blobs.ts';
import { verifyCommand } from '../platform/integrity/cli.ts';
import { fileKeyring } from '../platform/seal/index.ts';
import { inboxChannel } from '../platform/worker/channels.ts';
import { Worker } from '../platform/worker/worker.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { dbKinds } from '../testing/database.ts';
import { openTestApp, type Client, type TestApp } from '../testing/http.ts';
import { uploadRequired } from '../testing/materials.ts';
import { answersFor } from '../testing/scenario.ts';
import { archiveChore, archiveOf, manifestOf } from './archive-case.ts';
import { archiveCommand, archivesCheck } from './cli.ts';
import { exportFolder, packageEntries } from './export.ts';
import { sm3Hex } from './manifest.ts';
import { verifyArchives, verifyFolder } from './verify.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';

describe.each(dbKinds)('archives on %s (seed 001 第二十二条; 000 电子记录归档)', kind => {
  let t: TestApp;
  let data: string;
  let company: Client;
  let window: Client;
  let worker: Worker;
  let done: { id: string; caseNumber: string };
  const folders: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(kind);
    // The runtime's data folder as boot lays it out (blobs/, keys/), so the command-line tools find the same files.
    data = mkdtempSync(join(tmpdir(), 'banshi-archives-'));
    t.services.blobs = directoryBlobStore(join(data, 'blobs'));
    t.services.seals = fileKeyring(t.store.db, join(data, 'keys'), () => t.clock.now);
    company = await t.as('91350100M000100Y43');
    window = await t.as('window');
    worker = new Worker(t.store.db, {
      handlers: caseTimerHandlers(t.store.cases),
      channels: { inbox: inboxChannel },
      now: () => t.clock.now,
      // With the site's address the chore seals the case's documents not sealed yet (documents/) before packing.
      chores: [archiveChore(t.services, { documents: { baseUrl: 'https://banshi.example.gov.cn' } })]
    });
    done = await completedPermit();
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    for (const f of [data, ...folders]) if (f) rmSync(f, { recursive: true, force: true });
  });

  async function command(client: Client, id: string, body: Record<string, unknown>) {
    const r = await client.post(`/api/office/cases/${id}/commands`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  /** A construction permit from the hall to completion with its materials uploaded, as cases.int.test does. */
  async function completedPermit(): Promise<{ id: string; caseNumber: string }> {
    t.clock.set('2026-09-28 10:00');
    const answers = answersFor(permit);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.id as string;
    await command(window, id, { type: 'passPreReview' });
    await command(window, id, { type: 'confirmPaper' });
    await command(window, id, { type: 'accept' });
    const handler = await t.as('handler');
    await command(handler, id, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
    await command(handler, id, { type: 'distribute' });
    await command(await t.as('planning'), id, { type: 'answerCoApproval', agree: true });
    await t.store.cases.execute(
      id,
      {
        type: 'answerCoApproval',
        by: { kind: 'staff', id: 'rf', name: '人防赵', department: '市人民防空办公室', roles: ['承办人'] },
        agree: true
      },
      t.clock.now
    );
    await command(handler, id, { type: 'consolidate', opinion: '各协办部门均同意' });
    await command(await t.as('chief'), id, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    await command(await t.as('leader'), id, { type: 'decide', approve: true });
    await command(window, id, { type: 'deliver', method: 'online' });
    await command(window, id, { type: 'complete' });
    return { id, caseNumber: submitted.body.caseNumber as string };
  }

  it('a completed case is archived by the worker with no one asking: a sealed package, then the archive command by the system', async () => {
    // The day it closed the case still reads 已办结 (archiveAfterMs: a day).
    await worker.tick();
    expect((await company.get(`/api/hall/cases/${done.id}`)).body.status).toBe('completed');
    t.clock.set('2026-10-20 10:00');
    await worker.tick();
    const seen = await company.get(`/api/hall/cases/${done.id}`);
    expect(seen.body.status).toBe('archived');
    expect(seen.body.timeline.at(-1)).toMatchObject({ type: 'Archived', label: '归档', by: '系统' });
    const archive = (await archiveOf(t.services, done.id))!;
    expect(archive).toMatchObject({ caseNumber: done.caseNumber, department: housing });
    const [line] = await t.store.db.query<{ actor_kind: string; outcome: string }>(
      `select actor_kind, outcome from audit_log where case_id = $1 and action = 'case.archive'`,
      [done.id]
    );
    expect(line).toEqual({ actor_kind: 'system', outcome: 'ok' });
    // Another pass finds nothing left to do: one package per case.
    await worker.tick();
    expect(await t.store.db.query('select 1 from archives where case_id = $1', [done.id])).toHaveLength(1);
  });

  it('the package holds the application, every material, the notices, the opinions, the decision, the delivery receipt and the licence; every digest matches its file', async () => {
    const archive = (await archiveOf(t.services, done.id))!;
    const { bytes, manifest } = (await manifestOf(t.services, archive))!;
    expect(sm3Hex(bytes)).toBe(archive.manifestDigest);
    const roles = new Set(manifest.files.map(f => f.role));
    expect([...roles].sort()).toEqual(
      ['application', 'decision', 'delivery', 'licence', 'material', 'notice', 'record'].sort()
    );
    const uploaded = await t.store.db.query<{ sha256: string }>('select sha256 from files where case_id = $1', [
      done.id
    ]);
    expect(uploaded.length).toBeGreaterThan(0);
    expect(
      manifest.files
        .filter(f => f.role === 'material')
        .map(f => f.sha256)
        .sort()
    ).toEqual(uploaded.map(u => u.sha256).sort());
    for (const file of manifest.files) {
      const content = (await t.services.blobs.get(file.sha256))!;
      expect(content.byteLength, file.path).toBe(file.size);
      expect(sm3Hex(content), file.path).toBe(file.sm3);
    }
    expect(manifest.metadata).toMatchObject({
      caseNumber: done.caseNumber,
      department: housing,
      立档单位: housing,
      保管期限: '定期30年',
      outcome: 'approved',
      matter: { code: permit.code, name: permit.name }
    });
    // The notices are the sealed PDFs (documents/), each under its document number; the 决定书 and the licence too.
    const notices = manifest.files.filter(f => f.role === 'notice');
    expect(notices.length).toBeGreaterThan(1);
    for (const f of notices)
      expect(f, f.path).toMatchObject({
        mediaType: 'application/pdf',
        path: expect.stringMatching(/^03-告知书与回执\/.+（.+）\.pdf$/)
      });
    expect(manifest.files.filter(f => f.role === 'decision').map(f => f.mediaType)).toContain('application/pdf');
    expect(
      manifest.files
        .filter(f => f.role === 'licence')
        .map(f => f.mediaType)
        .sort()
    ).toEqual(['application/json', 'application/pdf']);
    const sealed = await t.store.db.query<{ n: number }>(
      'select count(*)::int as n from documents where case_id = $1',
      [done.id]
    );
    expect(manifest.files.filter(f => f.mediaType === 'application/pdf' && f.role !== 'material')).toHaveLength(
      sealed[0]!.n
    );
    const opinions = new TextDecoder().decode(
      await t.services.blobs.get(manifest.files.find(f => f.path === '04-审批记录/审查意见.txt')!.sha256)
    );
    expect(opinions).toContain('意见：各协办部门均同意');
    expect(opinions).toContain('市人民防空办公室');
  });

  it("the manifest's seal verifies with an independent SM2 implementation and with verify; nothing is broken", async () => {
    const archive = (await archiveOf(t.services, done.id))!;
    const { bytes } = (await manifestOf(t.services, archive))!;
    const key = (await t.services.seals.publicKey(archive.seal.keyId))!;
    expect(key.department).toBe(housing);
    expect(
      sm2.doVerifySignature(Array.from(bytes), archive.seal.signature, key.publicKey, { hash: true, der: true })
    ).toBe(true);
    const altered = bytes.slice();
    altered[10] = altered[10]! ^ 1;
    expect(
      sm2.doVerifySignature(Array.from(altered), archive.seal.signature, key.publicKey, { hash: true, der: true })
    ).toBe(false);
    const report = await verifyArchives(t.store.db, t.services.blobs, t.services.seals);
    expect(report).toMatchObject({ checked: 1, breaks: [] });
    const check = await archivesCheck(t.store.db, { BANSHI_DATA_DIR: data });
    expect(check.broken).toBe(false);
    expect(check.lines[0]).toContain('1 个档案包');
  });

  it('exports a self-describing folder that verifies on its own; one changed byte in a file is named', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'banshi-export-'));
    folders.push(folder);
    const entries = await packageEntries(t.services, done.id);
    await exportFolder(entries, folder);
    expect(readFileSync(join(folder, '说明.txt'), 'utf8')).toContain('核验方法');
    expect(await verifyFolder(folder)).toMatchObject({ ok: true, caseNumber: done.caseNumber, department: housing });
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await archiveCommand(
        ['archive', 'verify', folder],
        {},
        l => out.push(l),
        l => err.push(l)
      )
    ).toBe(0);
    expect(out.join('\n')).toContain('档案包完整');

    if (t.store.url) {
      // npm run banshi -- archive export, as the runtime's role on the runtime's database and data folder.
      const second = join(folder, '..', `${folder.split('/').at(-1)}-cli`);
      folders.push(second);
      const code = await archiveCommand(
        ['archive', 'export', done.caseNumber, second],
        { DATABASE_URL: t.store.url, BANSHI_DATA_DIR: data },
        l => out.push(l),
        l => err.push(l)
      );
      expect(code, err.join('\n')).toBe(0);
      expect(await verifyFolder(second)).toMatchObject({ ok: true, caseNumber: done.caseNumber });
      const exported = await t.store.db.query(
        `select 1 from audit_log where case_id = $1 and action = 'archive.export' and outcome = 'ok'`,
        [done.id]
      );
      expect(exported).toHaveLength(1);
      expect(
        await archiveCommand(
          ['archive', 'export', done.caseNumber, second],
          { DATABASE_URL: t.store.url, BANSHI_DATA_DIR: data },
          () => {},
          l => err.push(l)
        )
      ).toBe(2);
      expect(err.at(-1)).toContain('不是空的');
    }

    const material = entries.find(e => e.path.startsWith('02-申请材料/'))!;
    const target = join(folder, ...material.path.split('/'));
    const bytes = readFileSync(target);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
    writeFileSync(target, bytes);
    expect(await verifyFolder(folder)).toMatchObject({ ok: false, path: material.path });
    expect(
      await archiveCommand(
        ['archive', 'verify', folder],
        {},
        l => out.push(l),
        l => err.push(l)
      )
    ).toBe(1);
    expect(err.join('\n')).toContain(material.path);
  });

  it('the department downloads the package as a zip, audited; other departments and applicants cannot', async () => {
    const response = await t.app.request(`/api/office/cases/${done.id}/archive`, {
      headers: { cookie: await cookieOf(window) }
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zip = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const archive = (await archiveOf(t.services, done.id))!;
    const { bytes } = (await manifestOf(t.services, archive))!;
    expect(zip[`${done.caseNumber}/manifest.json`]).toEqual(bytes);
    expect(Object.keys(zip)).toContain(`${done.caseNumber}/manifest.seal.json`);
    const [line] = await t.store.db.query<{ outcome: string }>(
      `select outcome from audit_log where case_id = $1 and action = 'archive.download' order by id desc limit 1`,
      [done.id]
    );
    expect(line?.outcome).toBe('ok');
    expect((await (await t.as('planning')).get(`/api/office/cases/${done.id}/archive`)).status).toBe(404);
    expect((await company.get(`/api/office/cases/${done.id}/archive`)).status).toBe(403);
  });

  it('a withdrawn case archived by hand (the office’s archive command) gets its package on the next pass, with no second Archived event', async () => {
    t.clock.set('2026-10-21 10:00');
    const answers = answersFor(permit);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.id as string;
    const withdrawn = await company.post(`/api/hall/cases/${id}/withdraw`, { reason: '项目暂缓' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    await command(window, id, { type: 'archive' });
    expect(await archiveOf(t.services, id)).toBeUndefined();
    expect(await archiveChore(t.services).run(t.clock.now)).toBe(1);
    const archive = (await archiveOf(t.services, id))!;
    const { manifest } = (await manifestOf(t.services, archive))!;
    expect(manifest.metadata).toMatchObject({ outcome: 'withdrawn', 保管期限: '定期10年' });
    const archived = await t.store.db.query(`select 1 from case_events where case_id = $1 and type = 'Archived'`, [id]);
    expect(archived).toHaveLength(1);
    expect((await verifyArchives(t.store.db, t.services.blobs, t.services.seals)).breaks).toEqual([]);
  });

  it('verify names the archive whose stored file was changed (npm run banshi -- verify on PostgreSQL)', async () => {
    const archive = (await archiveOf(t.services, done.id))!;
    const { manifest } = (await manifestOf(t.services, archive))!;
    const file = manifest.files.find(f => f.role === 'material')!;
    const path = join(data, 'blobs', file.sha256.slice(0, 2), file.sha256.slice(2, 4), file.sha256);
    const bytes = readFileSync(path);
    bytes[0] = bytes[0]! ^ 0x01;
    writeFileSync(path, bytes);
    const check = await archivesCheck(t.store.db, { BANSHI_DATA_DIR: data });
    expect(check.broken).toBe(true);
    expect(check.lines.join('\n')).toContain(`办件 ${done.caseNumber}：文件内容被改动：${file.path}`);
    if (t.store.url) {
      const err: string[] = [];
      const code = await verifyCommand(
        ['verify'],
        { DATABASE_URL: t.store.url, BANSHI_DATA_DIR: data },
        () => {},
        l => err.push(l),
        [archivesCheck]
      );
      expect(code).toBe(1);
      expect(err.join('\n')).toContain(file.path);
    }
  });
});

/** The session cookie a client holds (signed in again first if it lapsed), for a response that is not text. */
async function cookieOf(client: Client): Promise<string> {
  await client.get('/api/auth/me');
  return (client as unknown as { cookie: string }).cookie;
}
