import type { ValidationAcceptor } from 'langium';
import {
  isAndCondition,
  isBooleanLiteral,
  isComparison,
  isGroupCondition,
  isNotCondition,
  isNumberLiteral,
  isOrCondition,
  isStringLiteral,
  type Comparison,
  type Condition,
  type Field,
  type Form,
  type Material,
  type Materials
} from '../generated/ast.js';
import { isRealDate } from '@banshi/definition/identifiers';
import { comparator, fieldKind, fieldKindLabel } from '../vocabulary.js';
import { report } from './report.js';

export function checkForm(form: Form, accept: ValidationAcceptor): void {
  const seen = new Map<string, Field>();
  for (const field of form.fields) {
    if (seen.has(field.name)) {
      report(accept, 'error', 'duplicate.field', `表单字段“${field.name}”重复。`, field, { property: 'name' });
    }
    seen.set(field.name, field);
    const kind = fieldKind(field.kind);
    if (kind === 'money' && !field.unit) {
      report(accept, 'error', 'field.money-unit', `金额字段“${field.name}”要写单位，如 \`单位 "万元"\`。`, field, {
        property: 'kind'
      });
    }
    if (field.unit && kind !== 'money' && kind !== 'number') {
      report(
        accept,
        'error',
        'field.unit-not-allowed',
        `只有金额和数字字段可以写单位，“${field.name}”是${fieldKindLabel[kind ?? ''] ?? field.kind}。`,
        field,
        { property: 'unit' }
      );
    }
    if (kind === 'choice' && field.options.length === 0) {
      report(
        accept,
        'error',
        'field.choice-options',
        `选项字段“${field.name}”要列出可选值，如 \`选项 ("新建", "扩建")\`。`,
        field,
        { property: 'kind' }
      );
    }
    if (kind !== 'choice' && field.options.length > 0) {
      report(
        accept,
        'error',
        'field.options-not-allowed',
        `只有选项字段可以列出可选值，“${field.name}”是${fieldKindLabel[kind ?? ''] ?? field.kind}。`,
        field,
        { property: 'options' }
      );
    }
    checkRange(field, kind, accept);
    field.options.forEach((option, index) => {
      if (field.options.indexOf(option) !== index) {
        report(accept, 'error', 'field.duplicate-option', `选项“${option}”重复。`, field, {
          property: 'options',
          index
        });
      }
    });
  }
}

/** 最小值 and 最大值: only a number or an amount has them, and the smallest is not above the largest. */
function checkRange(field: Field, kind: string | undefined, accept: ValidationAcceptor): void {
  if (field.min === undefined && field.max === undefined) return;
  if (kind !== 'number' && kind !== 'money') {
    report(
      accept,
      'error',
      'field.range-not-allowed',
      `只有数字和金额字段可以写最小值、最大值，“${field.name}”是${fieldKindLabel[kind ?? ''] ?? field.kind}。`,
      field,
      { property: field.min !== undefined ? 'min' : 'max' }
    );
    return;
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    report(
      accept,
      'error',
      'field.range-reversed',
      `“${field.name}”的最小值 ${field.min} 大于最大值 ${field.max}，这样什么答案都填不了。`,
      field,
      { property: 'min' }
    );
  }
}

export function checkMaterials(materials: Materials, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const material of materials.items) {
    if (seen.has(material.name)) {
      report(accept, 'error', 'duplicate.material', `材料“${material.name}”重复。`, material, { property: 'name' });
    }
    seen.add(material.name);
    checkMaterial(material, accept);
  }
}

function checkMaterial(material: Material, accept: ValidationAcceptor): void {
  const title = material.title ?? material.name;
  if (material.condition && material.necessity) {
    report(
      accept,
      'error',
      'material.condition-and-necessity',
      `材料“${title}”既写了“当 …”条件，又写了必要性：有条件的材料只在条件成立时才需要。`,
      material,
      { property: 'necessity' }
    );
  }
  if (material.maxPages !== undefined && material.maxPages > 5) {
    report(
      accept,
      'warning',
      'material.scan-pages',
      `扫描件最多 ${material.maxPages} 页：扫描件一般不超过 5 页，超过的可只扫描主要部分和结论部分。`,
      material,
      { property: 'maxPages' }
    );
  }
  if (material.copies !== undefined && (!Number.isInteger(material.copies) || material.copies < 1)) {
    report(accept, 'error', 'material.copies', '份数应为正整数。', material, { property: 'copies' });
  }
  if (material.source?.$type === 'ELicenceSource' && material.copies !== undefined) {
    report(
      accept,
      'warning',
      'material.elicence-paper',
      `“${title}”来自电子证照，由部门共享获取，不应再要求申请人提交纸质份数。`,
      material,
      { property: 'copies' }
    );
  }
  material.replaces.forEach((target, index) => {
    if (target.ref && target.ref.replaces.length > 0) {
      report(
        accept,
        'error',
        'material.replaces-chain',
        `“${title}”代替的“${target.ref.title ?? target.ref.name}”本身又代替别的材料。`,
        material,
        { property: 'replaces', index }
      );
    }
  });
}

/** The type a condition's value must have for a field kind; undefined for kinds that cannot be compared. */
function literalKindFor(kind: string | undefined): 'number' | 'string' | 'boolean' | 'date' | undefined {
  switch (kind) {
    case 'number':
    case 'money':
      return 'number';
    case 'yesNo':
      return 'boolean';
    case 'date':
      return 'date';
    case 'text':
    case 'choice':
    case 'address':
    case 'phone':
    case 'idNumber':
    case 'creditCode':
      return 'string';
    default:
      return undefined;
  }
}

export function checkCondition(condition: Condition, accept: ValidationAcceptor): void {
  // Only the outermost condition is checked; it walks the rest.
  if (
    isAndCondition(condition.$container) ||
    isOrCondition(condition.$container) ||
    isNotCondition(condition.$container) ||
    isGroupCondition(condition.$container)
  )
    return;
  walk(condition, accept);
}

function walk(condition: Condition | undefined, accept: ValidationAcceptor): void {
  if (!condition) return;
  if (isAndCondition(condition) || isOrCondition(condition)) {
    walk(condition.left, accept);
    walk(condition.right, accept);
  } else if (isNotCondition(condition)) {
    walk(condition.operand, accept);
  } else if (isGroupCondition(condition)) {
    walk(condition.inner, accept);
  } else if (isComparison(condition)) {
    checkComparison(condition, accept);
  }
}

function checkComparison(comparison: Comparison, accept: ValidationAcceptor): void {
  const field = comparison.field?.ref;
  if (!field) return;
  const kind = fieldKind(field.kind);
  const label = fieldKindLabel[kind ?? ''] ?? field.kind;
  if (!comparison.op || !comparison.value) {
    if (kind !== 'yesNo') {
      report(
        accept,
        'error',
        'condition.not-yes-no',
        `“当 ${field.name}”只能用于“是否”字段；“${field.name}”是${label}字段，请写比较，如 \`当 ${field.name} = …\`。`,
        comparison,
        { property: 'field' }
      );
    }
    return;
  }
  const expected = literalKindFor(kind);
  const value = comparison.value;
  const actual = isNumberLiteral(value)
    ? 'number'
    : isBooleanLiteral(value)
      ? 'boolean'
      : isStringLiteral(value)
        ? 'string'
        : undefined;
  const op = comparator(comparison.op) ?? comparison.op;
  const wrongType = () =>
    report(
      accept,
      'error',
      'condition.type-mismatch',
      `“${field.name}”是${label}字段，不能和${actual === 'number' ? '数字' : actual === 'boolean' ? '是/否' : '文字'}比较。`,
      comparison,
      { property: 'value' }
    );
  if (expected === 'date') {
    if (actual !== 'string' || !isRealDate((value as { value: string }).value)) {
      report(
        accept,
        'error',
        'condition.type-mismatch',
        `“${field.name}”是日期字段，要和 "YYYY-MM-DD" 形式的日期比较。`,
        comparison,
        { property: 'value' }
      );
    }
    return;
  }
  if (expected !== actual) {
    wrongType();
    return;
  }
  if ((expected === 'string' || expected === 'boolean') && op !== '=' && op !== '!=') {
    report(
      accept,
      'error',
      'condition.operator',
      `${label}字段只能用“=”或“!=”比较，不能用“${comparison.op}”。`,
      comparison,
      { property: 'op' }
    );
  }
  if (kind === 'choice' && isStringLiteral(value) && !field.options.includes(value.value)) {
    report(
      accept,
      'error',
      'condition.unknown-option',
      `“${value.value}”不是选项字段“${field.name}”的可选值（${field.options.join('、')}）。`,
      comparison,
      { property: 'value' }
    );
  }
}
