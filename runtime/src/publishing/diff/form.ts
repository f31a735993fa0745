import type { Definition, EligibilityRule, Field } from '@banshi/definition';
import { match, nameOf, type Changes } from './changes.ts';
import { reorder, rest, strings } from './generic.ts';
import * as L from './labels.ts';

type D = Definition;

const fieldText = (f: Field) =>
  `${f.name}（${L.fieldKinds[f.kind] ?? f.kind}${f.unit ? `，单位 ${f.unit}` : ''}${f.required ? '，必填' : '，选填'}）`;

/** 申请表: the form's fields by name, and the rules each answer is checked by (type, required, range, options). */
export function form(changes: Changes, a: D, b: D): void {
  const c = changes.in('申请表');
  const m = match(a.form, b.form, f => f.name);
  for (const [k, f] of m.added) c.added(`新增表单项：${fieldText(f)}`, ['form', k], fieldText(f));
  for (const [k, f] of m.removed) c.removed(`删除表单项：${f.name}`, ['form', k], fieldText(f));
  for (const [k, x, y] of m.common) {
    const path = ['form', k];
    const name = `表单项“${nameOf(k)}”`;
    c.value(`${name}的类型`, [...path, 'kind'], x.kind, y.kind, v => L.fieldKinds[v] ?? v);
    c.flag([...path, 'required'], x.required, y.required, `${name}改为必填`, `${name}改为选填`);
    c.value(`${name}的单位`, [...path, 'unit'], x.unit, y.unit, String);
    c.value(`${name}的最小值`, [...path, 'min'], x.min, y.min, String);
    c.value(`${name}的最大值`, [...path, 'max'], x.max, y.max, String);
    if (x.options && y.options) strings(c, `${name}的选项`, [...path, 'options'], x.options, y.options, String);
    else c.value(`${name}的选项`, [...path, 'options'], x.options, y.options, o => o.join('、'));
    rest(c, path, name, x, y, ['name', 'kind', 'required', 'unit', 'min', 'max', 'options']);
  }
  reorder(c, '表单项', ['form'], m);
}

const ruleText = (r: EligibilityRule) =>
  `${r.message ?? L.conditionText(r.condition)}${r.appliesWhen ? `（${L.conditionText(r.appliesWhen)}时）` : ''}`;

/** 申请条件: the eligibility rules an application must meet to be submitted, by name. */
export function eligibility(changes: Changes, a: D, b: D): void {
  const c = changes.in('申请条件');
  const m = match(a.eligibility ?? [], b.eligibility ?? [], r => r.name);
  for (const [k, r] of m.added) c.added(`新增申请条件：${r.name}`, ['eligibility', k], ruleText(r));
  for (const [k, r] of m.removed) c.removed(`删除申请条件：${r.name}`, ['eligibility', k], ruleText(r));
  for (const [k, x, y] of m.common) {
    const path = ['eligibility', k];
    const name = `申请条件“${nameOf(k)}”`;
    c.value(name, [...path, 'condition'], x.condition, y.condition, L.conditionText, (_, q) => `${name}改为：${q}`);
    c.value(`${name}的提示`, [...path, 'message'], x.message, y.message, String, (_, q) => `${name}的提示改为：${q}`);
    c.value(`${name}的适用情形`, [...path, 'appliesWhen'], x.appliesWhen, y.appliesWhen, L.conditionText);
    rest(c, path, name, x, y, ['name', 'condition', 'message', 'appliesWhen']);
  }
  reorder(c, '申请条件', ['eligibility'], m);
}
