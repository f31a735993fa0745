import { language } from './language.ts';
import { Catalog, Definition } from '@banshi/definition';

/** One problem found in a catalogue's files, 1-based as an editor shows it. */
export interface CatalogueProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
}

/** Where a department is written: its file and the block's character offsets in it. */
export interface DepartmentPlace {
  name: string;
  path: string;
  start: number;
  end: number;
}

export interface CatalogueCheck {
  /** Errors only (warnings do not stop a publication); empty when the whole catalogue compiles. */
  errors: CatalogueProblem[];
  catalog: Catalog | undefined;
  definitions: Definition[];
  /** Each department's block, read even when there are errors elsewhere. */
  departments: DepartmentPlace[];
  /** The path of each matter's file, by its code. */
  matterPaths: Map<string, string>;
}

/** Files are `file:///catalog/<path>` and source ranges read `catalog/<path>`, as the studio's checks have them. */
const folder = '/catalog';
const root = '/';

let queue: Promise<unknown> = Promise.resolve();

/**
 * Checks a whole catalogue (every file, by its path in the folder) in memory with the language's own checks, as
 * `banshi check <folder>` would, and compiles it. Each check builds the language's services afresh (nothing of
 * one catalogue stays for the next) and checks run one at a time: an administrator's action, not a keystroke's.
 */
export function checkCatalogueFiles(files: Record<string, string>): Promise<CatalogueCheck> {
  const run = queue.then(() => check(files));
  queue = run.catch(() => undefined);
  return run;
}

async function check(files: Record<string, string>): Promise<CatalogueCheck> {
  const { compileWorkspace, loadWorkspace } = await language();
  const paths = Object.keys(files).sort();
  const workspace = await loadWorkspace(paths.map(p => ({ uri: `file://${folder}/${p}`, text: files[p]! })));
  const pathOf = (uri: { path: string }) => decodeURIComponent(uri.path).slice(folder.length + 1);
  const errors: CatalogueProblem[] = [];
  const departments: DepartmentPlace[] = [];
  const matterPaths = new Map<string, string>();
  for (const document of workspace.documents) {
    const path = pathOf(document.uri);
    for (const d of document.diagnostics ?? []) {
      if (d.severity !== 1) continue;
      errors.push({
        file: path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        code: String(d.code ?? '')
      });
    }
    for (const element of (document.parseResult.value.elements ?? []) as unknown as AstElement[]) {
      if (element.$type === 'Department' && typeof element.name === 'string' && element.$cstNode)
        departments.push({ name: element.name, path, start: element.$cstNode.offset, end: element.$cstNode.end });
      if (element.$type === 'Matter' && element.code) matterPaths.set(element.code.trim(), path);
    }
  }
  const compiled = compileWorkspace(workspace.documents, root);
  if (errors.length === 0)
    for (const failure of compiled.failures)
      errors.push({
        file: '',
        line: 1,
        column: 1,
        code: 'studio.compile',
        message: `${failure.matter}：${failure.message}`
      });
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return {
    errors,
    catalog: errors.length === 0 && compiled.catalog ? Catalog.parse(compiled.catalog) : undefined,
    definitions: errors.length === 0 ? compiled.definitions.map(d => Definition.parse(d)) : [],
    departments,
    matterPaths
  };
}

/** A problem as a person reads it in a list: `departments.matter:12:3: …`. */
export const problemLine = (p: CatalogueProblem) =>
  p.file ? `${p.file}:${p.line}:${p.column}: ${p.message}` : p.message;

interface AstElement {
  $type: string;
  name?: unknown;
  code?: string;
  $cstNode?: { offset: number; end: number };
}
