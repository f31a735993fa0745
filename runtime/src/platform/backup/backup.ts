import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { openPglite } from '../db/db.ts';
import { BackupError, blobPath, digestOf, writeManifest, type Manifest } from './manifest.ts';
import { blobsDir, hasEntries, inUseMessage, pgliteDir, pgliteInUse, type Site } from './site.ts';
import { readView, type DatabaseView } from './snapshot.ts';
import { describeUrl, libpq, runPgTool } from './tools.ts';

/**
 * Backs up the database and the uploaded files it names into a new folder:
 * - PostgreSQL: pg_dump (custom format) of a snapshot exported from a repeatable-read transaction, in which the
 *   rows per table and the files named are read too; the runtime may keep serving meanwhile.
 * - PGlite: its dumpDataDir tarball, with the runtime stopped (PGlite has one process on its folder).
 * Then each named file is copied and checked against its digest. A file is stored (and flushed) before the row
 * naming it commits, so every file the snapshot names is on disk by the time it is copied; files uploaded after
 * the snapshot are not named by it and not carried. The manifest is written last.
 */
export async function backup(site: Site, folder: string, now: Date = new Date()): Promise<Manifest> {
  if (await hasEntries(folder)) throw new BackupError(`备份目录 ${folder} 已存在且不为空；请指定一个新的空目录。`);
  await mkdir(folder, { recursive: true });
  try {
    return await write(site, folder, now);
  } catch (error) {
    // The folder was empty or new: a backup that did not finish leaves nothing that looks like one.
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function write(site: Site, folder: string, now: Date): Promise<Manifest> {
  const snapshot = site.databaseUrl
    ? await dumpPostgres(site.databaseUrl, folder)
    : await dumpPglite(pgliteDir(site), folder);
  const files: Manifest['files'] = [];
  for (const sha256 of snapshot.view.files) {
    const source = blobPath(blobsDir(site), sha256);
    const target = blobPath(join(folder, 'files'), sha256);
    await mkdir(dirname(target), { recursive: true });
    try {
      await copyFile(source, target);
    } catch {
      throw new BackupError(`数据库登记的文件 ${sha256} 在文件目录 ${blobsDir(site)} 中找不到，备份未完成。`);
    }
    const copied = await digestOf(target);
    if (copied.sha256 !== sha256)
      throw new BackupError(`文件目录中的文件 ${sha256} 内容与其摘要不符（已损坏），备份未完成。`);
    files.push({ sha256, size: copied.size });
  }
  const manifest: Manifest = {
    format: 'banshi-backup',
    formatVersion: 1,
    createdAt: now.toISOString(),
    source: site.databaseUrl ? describeUrl(site.databaseUrl) : `PGlite ${pgliteDir(site)}`,
    databaseKind: site.databaseUrl ? 'postgres' : 'pglite',
    migrationVersion: snapshot.view.migrationVersion,
    database: { file: snapshot.file, ...(await digestOf(join(folder, snapshot.file))) },
    tables: snapshot.view.tables,
    files
  };
  await writeManifest(folder, manifest);
  return manifest;
}

type Snapshot = { view: DatabaseView; file: Manifest['database']['file'] };

async function dumpPostgres(databaseUrl: string, folder: string): Promise<Snapshot> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'banshi-backup' } });
  try {
    return await sql.begin('isolation level repeatable read read only', async tx => {
      // pg_dump reads the very snapshot this transaction holds: its rows and our counts are the same rows.
      const [exported] = await tx.unsafe<{ id: string }[]>('select pg_export_snapshot() as id');
      const view = await readView({
        query: async (text, params = []) =>
          (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as never[]
      });
      const { dbname, env } = libpq(databaseUrl);
      await runPgTool(
        'pg_dump',
        [
          '--format=custom',
          `--snapshot=${exported!.id}`,
          `--file=${join(folder, 'database.pgdump')}`,
          `--dbname=${dbname}`
        ],
        env
      );
      return { view, file: 'database.pgdump' as const };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function dumpPglite(dataDir: string, folder: string): Promise<Snapshot> {
  if (!(await hasEntries(dataDir)))
    throw new BackupError(`内置数据库目录 ${dataDir} 不存在或为空：请检查 BANSHI_DATA_DIR。`);
  if (await pgliteInUse(dataDir)) throw new BackupError(inUseMessage(dataDir));
  const db = await openPglite({ dataDir });
  try {
    const view = await readView(db);
    const dump = await db.pglite.dumpDataDir('gzip');
    await writeFile(join(folder, 'database.pglite.tar.gz'), new Uint8Array(await dump.arrayBuffer()));
    return { view, file: 'database.pglite.tar.gz' };
  } finally {
    await db.close();
  }
}
