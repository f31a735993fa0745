import { Catalog, Definition } from '@banshi/definition';
import { compileFolder } from '../../dsl/src/workspace/compile-folder.js';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const folders = ['catalog', 'examples'] as const;
export const goldenDir = (folder: string) => join(root, 'tests/golden', folder);

/** The golden files a folder should have: one Definition per matter by code, and the catalogue. */
export async function expectedGoldens(folder: string): Promise<{ files: Map<string, string>; errors: string[] }> {
  const compiled = await compileFolder(join(root, folder));
  const files = new Map<string, string>();
  for (const definition of compiled.definitions) {
    files.set(`${definition.code}.json`, `${JSON.stringify(Definition.parse(definition), null, 2)}\n`);
  }
  if (compiled.catalog) files.set('catalog.json', `${JSON.stringify(Catalog.parse(compiled.catalog), null, 2)}\n`);
  const errors = [
    ...compiled.errors.map(e => `${e.file}:${e.line}:${e.column} ${e.message}`),
    ...compiled.failures.map(f => `${f.matter}: ${f.message}`)
  ];
  return { files, errors };
}
