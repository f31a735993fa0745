import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { directoryBlobStore } from '../files/blobs.ts';
import { backup } from './backup.ts';
import { BackupError, blobPath } from './manifest.ts';
import { restore } from './restore.ts';
import type { Site } from './site.ts';

const content = new TextEncoder().encode('%PDF-1.4\n% 营业执照扫描件\n%%EOF\n');

/** A data folder as the runtime leaves it: the embedded database migrated, one uploaded file and its row. */
async function site(): Promise<Site & { sha256: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-backup-'));
  mkdirSync(join(dataDir, 'pglite'));
  const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
  await migrate(db);
  const sha256 = await directoryBlobStore(join(dataDir, 'blobs')).put(content);
  await db.query(
    `insert into files (id, owner_id, name, media_type, size, sha256) values ($1, $2, '营业执照.pdf', 'application/pdf', $3, $4)`,
    [randomUUID(), randomUUID(), content.length, sha256]
  );
  await db.close();
  return { dataDir, sha256 };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(BackupError);
      return (error as Error).message;
    }
  );

describe('backup and restore of the embedded database', { timeout: 120_000 }, () => {
  let source: Site & { sha256: string };
  const scratch = mkdtempSync(join(tmpdir(), 'banshi-backups-'));
  const folder = join(scratch, 'one');

  beforeAll(async () => {
    source = await site();
    await backup(source, folder, new Date('2026-12-01T02:30:00Z'));
  });
  afterAll(() => {
    rmSync(source.dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes a manifest naming the database, its migration, its rows and the file with its digest', () => {
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'banshi-backup',
      createdAt: '2026-12-01T02:30:00.000Z',
      databaseKind: 'pglite',
      database: { file: 'database.pglite.tar.gz', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      files: [{ sha256: source.sha256, size: content.length }]
    });
    expect(manifest.tables['public.files']).toBe(1);
    expect(manifest.migrationVersion).toBeGreaterThanOrEqual(20);
    expect(readFileSync(blobPath(join(folder, 'files'), source.sha256))).toEqual(Buffer.from(content));
  });

  it('will not write into a folder that holds anything', async () => {
    const message = await refusal(backup(source, folder));
    expect(message).toBe(`备份目录 ${folder} 已存在且不为空；请指定一个新的空目录。`);
  });

  it('will not back up nor restore onto an embedded database a process holds open', async () => {
    const held = await openPglite({ dataDir: join(source.dataDir, 'pglite') });
    try {
      const message = await refusal(backup(source, join(scratch, 'held')));
      expect(message).toContain(`内置数据库 ${join(source.dataDir, 'pglite')} 正被使用`);
      expect(await refusal(restore(source, folder, { force: true }))).toContain('请先停止运行时');
    } finally {
      await held.close();
    }
  });

  it('will not back up a database naming a file that is not there, and leaves no half backup', async () => {
    const broken = await site();
    try {
      rmSync(blobPath(join(broken.dataDir, 'blobs'), broken.sha256));
      const target = join(scratch, 'broken');
      const message = await refusal(backup(broken, target));
      expect(message).toContain(`数据库登记的文件 ${broken.sha256} 在文件目录`);
      expect(existsSync(target)).toBe(false);
    } finally {
      rmSync(broken.dataDir, { recursive: true, force: true });
    }
  });

  it('refuses what is not a backup, and a backup of the other kind of database', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const target: Site = { dataDir: join(scratch, 'target-a') };
    expect(await refusal(restore(target, empty))).toContain('这不是办事 Banshi 的备份');
    const postgres: Site = { dataDir: join(scratch, 'target-b'), databaseUrl: 'postgres://nobody@127.0.0.1:1/none' };
    expect(await refusal(restore(postgres, folder))).toBe(
      '这份备份来自内置数据库 PGlite，而当前设置了 DATABASE_URL（PostgreSQL）：请去掉 DATABASE_URL，在内置数据库上恢复。'
    );
  });

  it('restores, and says what does not match when the restored rows differ from the manifest', async () => {
    const target: Site = { dataDir: join(scratch, 'target-c') };
    const restored = await restore(target, folder);
    expect(restored).toMatchObject({ files: 1, bytes: content.length });
    expect(readFileSync(blobPath(join(target.dataDir, 'blobs'), source.sha256))).toEqual(Buffer.from(content));

    // A manifest that promises a row more than the database holds: the restore's own count catches it.
    const edited = join(scratch, 'edited');
    cpSync(folder, edited, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(edited, 'manifest.json'), 'utf8'));
    manifest.tables['public.files'] = 2;
    writeFileSync(join(edited, 'manifest.json'), JSON.stringify(manifest));
    expect(await refusal(restore(target, edited, { force: true }))).toBe(
      '恢复后核对不符：表 public.files 应有 2 行，实有 1 行。'
    );
  });
});
