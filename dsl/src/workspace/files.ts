import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { SourceFile } from './load.js';

/** Every `.matter` file under `path` (or `path` itself), sorted for stable output. */
export function matterFiles(path: string): string[] {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new Error(`找不到“${path}”。`);
  if (statSync(absolute).isFile()) return [absolute];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.matter')) found.push(full);
    }
  };
  walk(absolute);
  return found;
}

/**
 * The folder a path belongs to for linking: the nearest folder at or above it holding `departments.matter`
 * (a catalogue or the examples), else the path's own folder.
 */
export function workspaceFolder(path: string): string {
  const absolute = resolve(path);
  let dir = existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  const start = dir;
  for (;;) {
    if (existsSync(join(dir, 'departments.matter'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

export interface LoadPlan {
  /** Every file to load: the named ones and the rest of their workspace folders. */
  files: SourceFile[];
  /** The files whose diagnostics are reported. */
  named: Set<string>;
  /** Source ranges are relative to this folder. */
  root: string;
}

export function planLoad(paths: string[]): LoadPlan {
  const named = new Set(paths.flatMap(matterFiles));
  const folders = [...new Set(paths.map(workspaceFolder))];
  const all = new Set<string>(named);
  for (const folder of folders) for (const file of matterFiles(folder)) all.add(file);
  const root = dirname(folders[0] ?? process.cwd());
  const files = [...all].sort().map(file => ({ uri: file, text: readFileSync(file, 'utf8') }));
  return { files, named, root };
}

export function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}
