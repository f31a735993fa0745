import type { ValidationAcceptor } from 'langium';
import type { Matter } from '../generated/ast.js';
import { toConfirmMarks } from '../to-confirm.js';
import { report } from './report.js';

/**
 * 待确认: each marked value is a warning at its marker (the matter checks, previews and simulates, but the studio
 * refuses to submit it for approval); a marker after no value marks nothing and says so.
 */
export function checkToConfirm(matter: Matter, accept: ValidationAcceptor): void {
  const { marks, stray } = toConfirmMarks(matter);
  for (const mark of marks) {
    report(
      accept,
      'warning',
      'to-confirm.marked',
      `“${mark.label}”待确认：办事指南原文没有写明，这个值还要向部门核实。可以检查、预览和模拟，但提交审批前要核实并删去“待确认”。`,
      matter,
      { range: mark.range }
    );
  }
  for (const s of stray) {
    report(
      accept,
      'warning',
      'to-confirm.stray',
      '“待确认”要写在一个值的后面，如 `承诺 7 工作日 待确认`；这里前面没有值，它不标记任何内容。',
      matter,
      { range: s.range }
    );
  }
}
