import type { Diagnostic } from 'vscode-languageserver-types';
import { loadWorkspace } from '../workspace/load.js';
import { displayPath, planLoad } from '../workspace/files.js';

const severityName = (d: Diagnostic) =>
  d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : d.severity === 3 ? 'info' : 'hint';

/** `banshi check <paths…>`: one line per diagnostic; 1 when there is an error. */
export async function check(
  paths: string[],
  write: (line: string) => void,
  summary: (line: string) => void
): Promise<number> {
  const plan = planLoad(paths);
  const workspace = await loadWorkspace(plan.files);
  let errors = 0;
  let warnings = 0;
  for (const document of workspace.documents) {
    const file = document.uri.fsPath;
    if (!plan.named.has(file)) continue;
    const diagnostics = [...workspace.diagnostics(document)].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    );
    for (const d of diagnostics) {
      const severity = severityName(d);
      if (severity === 'hint' || severity === 'info') continue;
      if (severity === 'error') errors++;
      else warnings++;
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      write(
        `${displayPath(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity}: ${message} [${String(d.code ?? '')}]`
      );
    }
  }
  summary(`检查了 ${plan.named.size} 个文件：${errors} 个错误，${warnings} 个警告。`);
  return errors > 0 ? 1 : 0;
}
