import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from './catalog.ts';

/** The shipped catalogue folder. */
export const catalogDir = fileURLToPath(new URL('../../../catalog/', import.meta.url));

/** A matter file of the shipped catalogue, by its path in the folder. */
export const matterSource = (path: string) => readFileSync(join(catalogDir, path), 'utf8');

/**
 * The catalogue's files other than matters (departments, regions, calendars, supervision defaults), by path in the
 * folder, as the runtime imports them with the catalogue: the test store imports golden Definitions without them.
 */
export function catalogueSources(): Record<string, string> {
  const matterFiles = new Set(loadCatalog().definitions.map(d => d.source.file.replace(/^catalog\//, '')));
  const sources: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.matter') && !matterFiles.has(relative(catalogDir, full)))
        sources[relative(catalogDir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(catalogDir);
  return sources;
}
