import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { requiredUploads } from '@banshi/definition/answers';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { adminUrl } from '../../runtime/src/testing/database.ts';
import { pdf, type MaterialFile } from '../../runtime/src/testing/materials.ts';
import { HttpUser, RuntimeRig } from '../support/runtime-process.ts';

const root = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);
const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const clock = '2026-12-01T10:00:00+08:00';

/** Runs `npm run banshi -- …` as a user does (the script's own command line), on the rig's data. */
async function banshi(rig: RuntimeRig, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { DATABASE_URL: _unused, DATABASE_OWNER_URL: _owner, ...rest } = process.env;
  // As an operator runs them: DATABASE_URL the runtime's role, DATABASE_OWNER_URL the owner that restore needs.
  const env = {
    ...rest,
    BANSHI_DATA_DIR: rig.dataDir,
    ...(rig.database ? { DATABASE_URL: rig.database.url, DATABASE_OWNER_URL: rig.database.ownerUrl } : {})
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', './tools/node-polyfills.mjs', '--import', 'tsx', 'tools/banshi.ts', ...args],
      { cwd: root, env }
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function download(base: string, user: HttpUser, fileId: string): Promise<Uint8Array> {
  const response = await fetch(`${base}/api/hall/files/${fileId}`, {
    headers: { authorization: `Bearer ${user.token}` }
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** The rig's database gone and made again empty under the same name, as after losing the server's disk. */
async function destroy(rig: RuntimeRig): Promise<void> {
  if (rig.database) {
    const name = new URL(rig.database.url).pathname.slice(1);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end();
    }
  }
  for (const entry of readdirSync(rig.dataDir)) rmSync(join(rig.dataDir, entry), { recursive: true, force: true });
}

describe.each(['pglite', 'postgres'] as const)('restore drill on %s', { timeout: 240_000 }, kind => {
  const rig = new RuntimeRig(`drill-${kind}`, kind);
  const backups = mkdtempSync(join(tmpdir(), `banshi-backups-${kind}-`));
  afterAll(async () => {
    await rig.dispose();
    rmSync(backups, { recursive: true, force: true });
  });

  // The first case's first file, the case as its applicant read it, and the file's bytes: what must come back.
  let caseId: string;
  let fileId: string;
  let before: unknown;
  let bytes: Uint8Array;
  const backup = join(backups, 'nightly');

  it('backs up the cases and their uploaded files, restores them on a destroyed machine and reads an old case', async () => {
    let running = await rig.start({ BANSHI_CLOCK: clock });
    const company = await HttpUser.signIn(running.url, '91350100M000100Y43');
    const answers = answersFor(permit);
    const materials: MaterialFile[] = [];
    for (const [i, { id: material }] of requiredUploads(permit, answers).entries()) {
      const answer = await company.upload(material, scan(i), `${material}（${kind}）.pdf`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      materials.push({ material, fileId: answer.body.id });
    }
    expect(materials.length).toBeGreaterThan(0);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    caseId = submitted.body.id;
    fileId = materials[0]!.fileId;
    before = (await company.get(`/api/hall/cases/${caseId}`)).body;
    bytes = await download(running.url, company, fileId);
    expect(bytes).toEqual(scan(0));

    // PostgreSQL is backed up while the runtime serves (pg_dump reads a snapshot); PGlite with the runtime stopped.
    if (kind === 'pglite') await running.stop();
    const made = await banshi(rig, 'backup', backup);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('备份完成');
    if (kind === 'postgres') await running.stop();
    rig.running = undefined;

    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'banshi-backup',
      databaseKind: kind,
      migrationVersion: expect.any(Number)
    });
    expect(manifest.tables['public.cases']).toBe(1);
    // Every uploaded file, besides the catalogue's material templates.
    expect(manifest.files.map((f: { sha256: string }) => f.sha256)).toEqual(
      expect.arrayContaining(materials.map((_, i) => sha256(scan(i))))
    );
    expect(made.stdout).toContain(`上传文件：${manifest.files.length} 个`);

    // A restore onto data that is there is refused without --force, and changes nothing.
    const refused = await banshi(rig, 'restore', backup);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('恢复的目标已有数据');
    expect(refused.stderr).toContain('--force');

    await destroy(rig);
    const restored = await banshi(rig, 'restore', backup);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('恢复完成，核对无误');
    expect(restored.stdout).toContain(`迁移版本 ${manifest.migrationVersion}`);
    // The restored audit log and case events still chain: a restore that reordered or rewrote a row would break them.
    const chains = await banshi(rig, 'verify');
    expect(chains.code, chains.stderr).toBe(0);

    // The runtime starts on what was restored; the applicant reads the old case and downloads its file.
    running = await rig.start({ BANSHI_CLOCK: clock });
    const again = await HttpUser.signIn(running.url, '91350100M000100Y43');
    const after = await again.get(`/api/hall/cases/${caseId}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
    expect(await download(running.url, again, fileId)).toEqual(bytes);
    await running.stop();
    rig.running = undefined;
  });

  it('refuses a backup with one byte of one file changed, saying so in Chinese, and leaves the data alone', async () => {
    const corrupted = join(backups, 'corrupted');
    cpSync(backup, corrupted, { recursive: true });
    const target = join(corrupted, 'files', ...blobPathParts(sha256(scan(0))));
    const content = readFileSync(target);
    content[10] = content[10]! ^ 0x01;
    writeFileSync(target, content);

    const answer = await banshi(rig, 'restore', corrupted, '--force');
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain(`备份已损坏，拒绝恢复：文件 ${sha256(scan(0))} 的内容与清单记录的摘要不符。`);

    // What the drill restored is still there: the case and its file.
    const db = await rig.open();
    try {
      expect(await db.query('select 1 from cases where case_id = $1', [caseId])).toHaveLength(1);
    } finally {
      await db.close();
    }
    expect(readFileSync(join(rig.dataDir, 'blobs', ...blobPathParts(sha256(scan(0)))))).toEqual(Buffer.from(bytes));
  });
});

/** A one-page scan with bytes of its own (a comment after the end), so each upload is a stored file of its own. */
const scan = (i: number) => new Uint8Array([...pdf(), ...new TextEncoder().encode(`% scan ${i}\n`)]);
const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');
const blobPathParts = (sha: string) => [sha.slice(0, 2), sha.slice(2, 4), sha];
