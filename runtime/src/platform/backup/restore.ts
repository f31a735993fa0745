import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { connectPostgres, openPglite, type Db } from '../db/db.ts';
import { BackupError, blobPath, digestOf, readManifest, type Manifest } from './manifest.ts';
import { blobsDir, hasEntries, inUseMessage, pgliteDir, pgliteInUse, type Site } from './site.ts';
import { readView } from './snapshot.ts';
import { describeUrl, libpq, runPgTool } from './tools.ts';

export interface RestoreOptions {
  /** Overwrite a database or a file folder that already holds data. */
  force?: boolean;
}

export interface Restored {
  manifest: Manifest;
  target: string;
  tables: number;
  rows: number;
  files: number;
  bytes: number;
}

/**
 * Restores a backup onto the runtime's configured database and data folder (the runtime stopped): checks every
 * digest of the backup first, refuses a target with data unless forced, restores the database and the files, then
 * counts the rows of every table and checks every file the restored rows name against its digest.
 */
export async function restore(site: Site, folder: string, options: RestoreOptions = {}): Promise<Restored> {
  const manifest = await readManifest(folder);
  const kind = site.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.databaseKind !== kind)
    throw new BackupError(
      manifest.databaseKind === 'postgres'
        ? '这份备份来自 PostgreSQL，而当前没有设置 DATABASE_URL（内置数据库）：请在 PostgreSQL 上恢复。'
        : '这份备份来自内置数据库 PGlite，而当前设置了 DATABASE_URL（PostgreSQL）：请去掉 DATABASE_URL，在内置数据库上恢复。'
    );
  await checkBackup(folder, manifest);

  const target = site.databaseUrl ? describeUrl(site.databaseUrl) : `PGlite ${pgliteDir(site)}`;
  if (!site.databaseUrl && (await pgliteInUse(pgliteDir(site)))) throw new BackupError(inUseMessage(pgliteDir(site)));
  const occupied = [
    ...((site.databaseUrl ? await postgresHasTables(site.databaseUrl) : await hasEntries(pgliteDir(site)))
      ? [`数据库（${target}）`]
      : []),
    ...((await hasEntries(blobsDir(site))) ? [`文件目录（${blobsDir(site)}）`] : [])
  ];
  if (occupied.length && !options.force)
    throw new BackupError(`恢复的目标已有数据：${occupied.join('、')}。确认要用备份覆盖时，请加 --force 再运行。`);

  // The runtime's role (022) may not drop or create tables: the owner restores.
  if (site.databaseUrl) await restorePostgres(site.ownerUrl ?? site.databaseUrl, join(folder, manifest.database.file));
  else await restorePglite(pgliteDir(site), join(folder, manifest.database.file));
  await rm(blobsDir(site), { recursive: true, force: true });
  await mkdir(blobsDir(site), { recursive: true });
  if (manifest.files.length) await cp(join(folder, 'files'), blobsDir(site), { recursive: true });

  await verifyRestored(site, manifest);
  return {
    manifest,
    target,
    tables: Object.keys(manifest.tables).length,
    rows: Object.values(manifest.tables).reduce((a, b) => a + b, 0),
    files: manifest.files.length,
    bytes: manifest.files.reduce((a, f) => a + f.size, 0)
  };
}

/** Every digest in the manifest against the bytes in the backup, before anything is touched. */
async function checkBackup(folder: string, manifest: Manifest): Promise<void> {
  const corrupt = (what: string) => new BackupError(`备份已损坏，拒绝恢复：${what}`);
  const dump = await digestOf(join(folder, manifest.database.file)).catch(() => undefined);
  if (!dump) throw corrupt(`缺少数据库文件 ${manifest.database.file}。`);
  if (dump.sha256 !== manifest.database.sha256 || dump.size !== manifest.database.size)
    throw corrupt(`数据库文件 ${manifest.database.file} 的摘要与清单不符。`);
  for (const file of manifest.files) {
    const found = await digestOf(blobPath(join(folder, 'files'), file.sha256)).catch(() => undefined);
    if (!found) throw corrupt(`缺少文件 ${file.sha256}。`);
    if (found.sha256 !== file.sha256 || found.size !== file.size)
      throw corrupt(`文件 ${file.sha256} 的内容与清单记录的摘要不符。`);
  }
}

async function postgresHasTables(databaseUrl: string): Promise<boolean> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql.unsafe<{ n: string }[]>(
      `select count(*)::text as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`
    );
    return Number(row!.n) > 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function restorePostgres(databaseUrl: string, dump: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // What was there goes: every schema but PostgreSQL's own (an empty public schema is what a new database has).
    const schemas = await sql.unsafe<{ name: string }[]>(
      `select nspname as name from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema'`
    );
    for (const { name } of schemas) await sql.unsafe(`drop schema "${name.replace(/"/g, '""')}" cascade`);
    await sql.unsafe('create schema public');
    // As a new database has it: every role may look into it (the runtime's role among them); only the owner creates.
    await sql.unsafe('grant usage on schema public to public');
  } finally {
    await sql.end({ timeout: 5 });
  }
  const { dbname, env } = libpq(databaseUrl);
  await runPgTool('pg_restore', ['--exit-on-error', '--single-transaction', `--dbname=${dbname}`, dump], env);
}

async function restorePglite(dataDir: string, dump: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const db = await openPglite({ dataDir, loadDataDir: new Blob([new Uint8Array(await readFile(dump))]) });
  await db.close();
}

/** The restored database counted table by table, and every file its rows name read back against its digest. */
async function verifyRestored(site: Site, manifest: Manifest): Promise<void> {
  const db: Db = site.databaseUrl
    ? connectPostgres({ url: site.databaseUrl, max: 1 })
    : await openPglite({ dataDir: pgliteDir(site) });
  let view;
  try {
    view = await readView(db);
  } finally {
    await db.close();
  }
  const wrong = (what: string) => new BackupError(`恢复后核对不符：${what}`);
  if (view.migrationVersion !== manifest.migrationVersion)
    throw wrong(`迁移版本应为 ${manifest.migrationVersion}，实为 ${view.migrationVersion}。`);
  for (const [table, rows] of Object.entries(manifest.tables)) {
    const found = view.tables[table];
    if (found === undefined) throw wrong(`缺少表 ${table}。`);
    if (found !== rows) throw wrong(`表 ${table} 应有 ${rows} 行，实有 ${found} 行。`);
  }
  const extra = Object.keys(view.tables).filter(t => !(t in manifest.tables));
  if (extra.length) throw wrong(`多出备份中没有的表 ${extra.join('、')}。`);
  const listed = new Set(manifest.files.map(f => f.sha256));
  for (const sha256 of view.files) {
    if (!listed.has(sha256)) throw wrong(`数据库登记的文件 ${sha256} 不在备份清单中。`);
    const found = await digestOf(blobPath(blobsDir(site), sha256)).catch(() => undefined);
    if (!found) throw wrong(`数据库登记的文件 ${sha256} 在文件目录中找不到。`);
    if (found.sha256 !== sha256) throw wrong(`文件 ${sha256} 的内容与摘要不符。`);
  }
}
