import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The shipped catalogue's and examples' files, as seeds for mutation. */
export function catalogSources(): string[] {
  const root = new URL('../../', import.meta.url).pathname;
  const texts: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.matter')) texts.push(readFileSync(full, 'utf8'));
    }
  };
  walk(join(root, 'catalog'));
  walk(join(root, 'examples'));
  return texts;
}
