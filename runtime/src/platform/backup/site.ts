import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the runtime keeps its data, as main.ts configures it: PostgreSQL when a URL is given, and the data folder. */
export interface Site {
  databaseUrl?: string;
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
