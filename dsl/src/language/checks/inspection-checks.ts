import type { ValidationAcceptor } from 'langium';
import type { AnnualInspection, Declaration, Matter } from '../generated/ast.js';
import { matterType } from '../vocabulary.js';
import { report } from './report.js';
import { keywordRange } from './util.js';

function monthDayValid(value: string): boolean {
  const [month, day] = value.split('-').map(Number) as [number, number];
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

export function checkAnnualInspection(matter: Matter, accept: ValidationAcceptor): void {
  const inspection = matter.inspection;
  const type = matterType(matter.type);
  if (type === 'annualInspection' && !inspection) {
    report(accept, 'error', 'annual.missing-block', '类型为年检的事项要写 `年检 { 方式 …  时间窗 … }`。', matter, {
      property: 'type'
    });
  }
  if (!inspection) return;
  if (type && type !== 'annualInspection') {
    report(accept, 'warning', 'annual.type-mismatch', '写了年检规则，但事项类型不是“年检”。', matter, {
      property: 'type'
    });
  }
  checkInspectionBlock(matter, inspection, accept);
}

function checkInspectionBlock(matter: Matter, inspection: AnnualInspection, accept: ValidationAcceptor): void {
  const range = keywordRange(inspection, '年检', 'annualInspection');
  if (inspection.modes.length === 0) {
    report(
      accept,
      'error',
      'annual.missing-mode',
      '年检要写检查方式：`方式 书面 2 工作日` 或 `方式 实地 3 工作日`。',
      inspection,
      { range }
    );
  }
  const kinds = new Set<string>();
  for (const mode of inspection.modes) {
    if (kinds.has(mode.kind))
      report(accept, 'error', 'annual.duplicate-mode', `检查方式“${mode.kind}”重复。`, mode, { property: 'kind' });
    kinds.add(mode.kind);
    if (!mode.limit) {
      report(
        accept,
        'warning',
        'annual.mode-limit',
        `“${mode.kind}”检查没有写预审时限（书面一般 2 个工作日，实地 3 个工作日）。`,
        mode,
        { property: 'kind' }
      );
    }
  }
  if (!inspection.windowFrom || !inspection.windowTo) {
    report(accept, 'error', 'annual.missing-window', '年检要写时间窗：`时间窗 03-01 至 05-31`。', inspection, {
      range
    });
  } else {
    for (const property of ['windowFrom', 'windowTo'] as const) {
      if (!monthDayValid(inspection[property]!)) {
        report(accept, 'error', 'annual.window-invalid', `“${inspection[property]}”不是有效的月-日。`, inspection, {
          property
        });
      }
    }
    if (inspection.windowFrom > inspection.windowTo) {
      report(
        accept,
        'error',
        'annual.window-reversed',
        `时间窗的开始“${inspection.windowFrom}”晚于结束“${inspection.windowTo}”。`,
        inspection,
        { property: 'windowFrom' }
      );
    }
  }
  if (inspection.conclusions.length === 0) {
    report(
      accept,
      'error',
      'annual.missing-conclusions',
      '年检要写可能的结论：`结论 合格, 基本合格, 不合格`。',
      inspection,
      { range }
    );
  }
  const own = matter.department?.ref;
  inspection.joint.forEach((ref, index) => {
    if (own && ref.ref === own) {
      report(accept, 'error', 'annual.joint-self', `联合年检的部门“${own.name}”就是本事项的实施部门。`, inspection, {
        property: 'joint',
        index
      });
    }
    if (inspection.joint.findIndex(other => other.ref && other.ref === ref.ref) !== index) {
      report(accept, 'error', 'annual.joint-duplicate', `联合年检部门“${ref.$refText}”重复。`, inspection, {
        property: 'joint',
        index
      });
    }
  });
  for (const stage of inspection.stages) {
    if (stage.due && !monthDayValid(stage.due)) {
      report(accept, 'error', 'annual.window-invalid', `“${stage.due}”不是有效的月-日。`, stage, { property: 'due' });
    }
    if (stage.due && inspection.windowTo && stage.due > inspection.windowTo) {
      report(
        accept,
        'error',
        'annual.stage-after-window',
        `阶段“${stage.name}”的截止日期 ${stage.due} 晚于时间窗结束 ${inspection.windowTo}。`,
        stage,
        { property: 'due' }
      );
    }
  }
  const dues = inspection.stages.map(s => s.due).filter((d): d is string => !!d);
  if (dues.some((due, i) => i > 0 && due < dues[i - 1]!)) {
    report(accept, 'error', 'annual.stage-order', '各阶段的截止日期应按先后顺序排列。', inspection, { range });
  }
}

export function checkDeclaration(declaration: Declaration, accept: ValidationAcceptor): void {
  const range = keywordRange(declaration, '网上申报', 'declaration');
  if (!declaration.period) {
    report(accept, 'error', 'declaration.missing-period', '网上申报要写周期：`周期 每年`。', declaration, { range });
  }
  if (!declaration.commitment) {
    report(
      accept,
      'error',
      'declaration.missing-commitment',
      '网上申报要写申报人签署的承诺内容：`承诺内容 "…"`。',
      declaration,
      { range }
    );
  }
  if (declaration.dueDate && !monthDayValid(declaration.dueDate)) {
    report(accept, 'error', 'declaration.due-invalid', `“${declaration.dueDate}”不是有效的月-日。`, declaration, {
      property: 'dueDate'
    });
  }
}
