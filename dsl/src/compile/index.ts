import type { Catalog, Definition, SupervisionPolicy } from '@banshi/definition';
import { folderOf } from '../language/folders.js';
import type { LangiumDocument } from 'langium';
import { isMatter, type Workspace } from '../language/generated/ast.js';
import { compileCatalog, supervisionDefaults } from './compile-catalog.js';
import { compileMatter } from './compile-matter.js';

export { compileMatter, type CompileContext, type CompileResult } from './compile-matter.js';
export { compileCatalog, supervisionDefaults, type CatalogResult } from './compile-catalog.js';

export interface CompiledWorkspace {
  /** Undefined when the catalogue files have errors; the reason is among the failures. */
  catalog: Catalog | undefined;
  definitions: Definition[];
  failures: Array<{ matter: string; message: string }>;
}

/** Compiles every matter of checked documents, sorted by code, with the catalogue they run against. */
export function compileWorkspace(documents: LangiumDocument<Workspace>[], root: string): CompiledWorkspace {
  const definitions: Definition[] = [];
  const failures: CompiledWorkspace['failures'] = [];
  // The defaults depend only on a file's folder: work them out once per folder, not once per file.
  const byFolder = new Map<string, SupervisionPolicy>();
  const defaultsFor = (path: string) => {
    const folder = folderOf(path);
    let policy = byFolder.get(folder);
    if (!policy) byFolder.set(folder, (policy = supervisionDefaults(documents, path)));
    return policy;
  };
  for (const document of documents) {
    for (const element of document.parseResult.value.elements ?? []) {
      if (!isMatter(element)) continue;
      const result = compileMatter(element, { root, supervisionDefaults: defaultsFor(document.uri.path) });
      if (result.ok) definitions.push(result.definition);
      else failures.push({ matter: element.name, message: result.message });
    }
  }
  definitions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const catalog = compileCatalog(documents, root);
  if (!catalog.ok) failures.push({ matter: '目录', message: catalog.message });
  return { catalog: catalog.ok ? catalog.catalog : undefined, definitions, failures };
}
