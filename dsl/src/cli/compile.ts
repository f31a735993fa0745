import { isMatter } from '../language/generated/ast.js';
import { compileMatter, supervisionDefaults } from '../compile/index.js';
import { loadWorkspace } from '../workspace/load.js';
import { displayPath, planLoad } from '../workspace/files.js';

/** Stable JSON: keys in the order the compiler writes them, two-space indent, final newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `banshi compile <file>`: the Definition JSON of the file's matter on standard output. */
export async function compile(path: string, out: (text: string) => void, err: (line: string) => void): Promise<number> {
  const plan = planLoad([path]);
  const workspace = await loadWorkspace(plan.files);
  const document = workspace.documents.find(d => plan.named.has(d.uri.fsPath));
  if (!document) {
    err(`“${path}”不是 .matter 文件。`);
    return 2;
  }
  const errors = workspace.diagnostics(document).filter(d => d.severity === 1);
  if (errors.length > 0) {
    for (const d of errors) {
      err(
        `${displayPath(document.uri.fsPath)}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${String(d.message)} [${String(d.code ?? '')}]`
      );
    }
    return 1;
  }
  const matters = (document.parseResult.value.elements ?? []).filter(isMatter);
  if (matters.length === 0) {
    err(`“${path}”中没有事项。`);
    return 1;
  }
  const defaults = supervisionDefaults(workspace.documents, document.uri.path);
  const results = matters.map(m => compileMatter(m, { root: plan.root, supervisionDefaults: defaults }));
  const failed = results.filter(r => !r.ok);
  for (const f of failed) if (!f.ok) err(f.message);
  if (failed.length > 0) return 1;
  const definitions = results.map(r => (r.ok ? r.definition : undefined));
  out(toJson(definitions.length === 1 ? definitions[0] : definitions));
  return 0;
}
