/** Reading the repository's own sources as text: the files of a folder and the specifiers each imports. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;

/** The files under `dir` (relative to the repository) whose names `keep` takes, at any depth. */
function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir))) {
    const full = join(root, dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(relative(root, full), keep));
    else if (keep(entry)) out.push(relative(root, full));
  }
  return out;
}

/** The `.ts` and `.tsx` files under `dir` (relative to the repository), tests left out. */
export function sources(dir: string): string[] {
  return walk(dir, name => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));
}

/** The test files (`*.test.ts`, `*.test.tsx`) under `dir`. */
export function testFiles(dir: string): string[] {
  return walk(dir, name => /\.test\.tsx?$/.test(name));
}

/** The module specifiers a file imports or re-exports, static and dynamic. */
export function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)
  ].map(m => m[1] ?? m[2]!);
}

export const text = (file: string) => readFileSync(join(root, file), 'utf8');
