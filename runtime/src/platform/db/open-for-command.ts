import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectPostgres, openPglite, type Db } from './db.ts';

/**
 * The database a command-line tool works on: the runtime's own, PostgreSQL at DATABASE_URL or else the embedded
 * database in BANSHI_DATA_DIR (default `data`). Never creates one; refuses an embedded database a running runtime
 * holds (PGlite has one process per data folder). A Chinese message when it cannot.
 */
export async function openForCommand(env: {
  DATABASE_URL?: string;
  BANSHI_DATA_DIR?: string;
}): Promise<Db | { error: string }> {
  if (env.DATABASE_URL) return connectPostgres({ url: env.DATABASE_URL, max: 1 });
  const folder = join(resolve(env.BANSHI_DATA_DIR ?? 'data'), 'pglite');
  if (!existsSync(join(folder, 'PG_VERSION')))
    return { error: `找不到内置数据库：${folder}（请设置 DATABASE_URL，或用 BANSHI_DATA_DIR 指向运行时的数据目录）` };
  if (existsSync(join(folder, 'postmaster.pid')))
    return {
      error: `内置数据库 ${folder} 正被使用（有 postmaster.pid）：请先停止运行时；若运行时上次是被强行结束的，启动后正常停止一次即可。`
    };
  return openPglite({ dataDir: folder });
}
