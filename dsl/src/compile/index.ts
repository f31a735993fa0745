import type { Catalog, Definition } from '@banshi/runtime/definition';
import type { LangiumDocument } from 'langium';
import { isMatter, type Workspace } from '../language/generated/ast.js';
import { compileCatalog, supervisionDefaults } from './compile-catalog.js';
import { compileMatter } from './compile-matter.js';

export { compileMatter, type CompileContext, type CompileResult } from './compile-matter.js';
export { compileCatalog, supervisionDefaults, type CatalogResult } from './compile-catalog.js';
export { documentedDefaults } from './supervision.js';

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
  for (const document of documents) {
    for (const element of document.parseResult.value.elements ?? []) {
      if (!isMatter(element)) continue;
      const result = compileMatter(element, { root, supervisionDefaults: supervisionDefaults(documents, document.uri.path) });
      if (result.ok) definitions.push(result.definition);
      else failures.push({ matter: element.name, message: result.message });
    }
  }
  definitions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const catalog = compileCatalog(documents, root);
  if (!catalog.ok) failures.push({ matter: '目录', message: catalog.message });
  return { catalog: catalog.ok ? catalog.catalog : undefined, definitions, failures };
}
