import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the runtime keeps its data, as main.ts configures it: PostgreSQL when a URL is given, and the data folder. */
export interface Site {
  databaseUrl?: string;
  /** DATABASE_OWNER_URL: the tables' owner (migration 022), which a restore needs; databaseUrl when absent. */
  ownerUrl?: string;
  /** BANSHI_DATA_DIR: the embedded database under pglite/, uploaded files under blobs/. */
  dataDir: string;
}

export const pgliteDir = (site: Site) => join(site.dataDir, 'pglite');
export const blobsDir = (site: Site) => join(site.dataDir, 'blobs');

/** Whether a folder exists and holds anything. */
export async function hasEntries(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Whether a process holds the embedded database: PGlite keeps `postmaster.pid` in its folder while open and removes
 * it on close. One left by a process that was killed says the same; starting and stopping the runtime clears it.
 */
export async function pgliteInUse(dataDir: string): Promise<boolean> {
  return access(join(dataDir, 'postmaster.pid')).then(
    () => true,
    () => false
  );
}

export const inUseMessage = (dataDir: string) =>
  `内置数据库 ${dataDir} 正被使用（有 postmaster.pid）：请先停止运行时再备份或恢复；若运行时上次是被强行结束的，启动后正常停止一次即可。`;
