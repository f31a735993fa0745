import type { Definition, Result } from '@banshi/definition';
import { match, nameOf, type Changes } from './changes.ts';
import { reorder, rest } from './generic.ts';
import * as L from './labels.ts';

type D = Definition;
type Fee = NonNullable<D['fees']>['items'][number];

const feeText = (f: Fee) => `${f.name} ${f.amountYuan} 元（${f.basis}）${f.waivable ? '，可减免' : ''}`;
const feesText = (f: NonNullable<D['fees']>) =>
  f.free ? '不收费' : f.items.length ? f.items.map(feeText).join('；') : '收费（未列项目）';

/** 收费: free or not, each fee item by name with its amount and legal basis, online payment. */
export function fees(changes: Changes, a: D, b: D): void {
  const c = changes.in('收费');
  if (!a.fees || !b.fees) return c.value('收费说明', ['fees'], a.fees, b.fees, feesText);
  c.flag(['fees', 'free'], a.fees.free, b.fees.free, '改为不收费', '改为收费');
  const m = match(a.fees.items, b.fees.items, f => f.name);
  for (const [k, f] of m.added) c.added(`新增收费项目：${feeText(f)}`, ['fees', 'items', k], feeText(f));
  for (const [k, f] of m.removed) c.removed(`删除收费项目：${f.name}`, ['fees', 'items', k], feeText(f));
  for (const [k, x, y] of m.common) {
    const path = ['fees', 'items', k];
    const name = `收费“${nameOf(k)}”`;
    c.value(
      `${name}金额`,
      [...path, 'amountYuan'],
      x.amountYuan,
      y.amountYuan,
      String,
      (p, q) => `${name} ${p} → ${q} 元`
    );
    c.value(`${name}的收费依据`, [...path, 'basis'], x.basis, y.basis, String, (_, q) => `${name}的收费依据改为：${q}`);
    c.flag([...path, 'waivable'], x.waivable, y.waivable, `${name}改为可减免`, `${name}改为不可减免`);
    rest(c, path, name, x, y, ['name', 'amountYuan', 'basis', 'waivable']);
  }
  reorder(c, '收费项目', ['fees', 'items'], m);
  c.flag(['fees', 'onlinePayment'], a.fees.onlinePayment, b.fees.onlinePayment, '改为支持网上缴费', '不再支持网上缴费');
  rest(c, ['fees'], '收费', a.fees, b.fees, ['free', 'items', 'onlinePayment']);
}
export const feesKeys = ['fees'] as const;

const validityText = (v: NonNullable<Result['validity']>) =>
  v === 'indefinite' ? '长期' : `${v.amount} ${{ years: '年', months: '个月', days: '日' }[v.unit] ?? v.unit}`;
const resultText = (r: Result) =>
  `${r.name}（${L.resultKinds[r.kind] ?? r.kind}${r.validity ? `，有效期 ${validityText(r.validity)}` : ''}）`;

/** 办理结果: the licence and other documents the matter issues, by name; which comes first is the main one. */
export function results(changes: Changes, a: D, b: D): void {
  const c = changes.in('办理结果');
  const list = (d: D) => [...(d.result ? [d.result] : []), ...(d.otherResults ?? [])];
  const m = match(list(a), list(b), r => r.name);
  for (const [k, r] of m.added) c.added(`新增办理结果：${resultText(r)}`, ['results', k], resultText(r));
  for (const [k, r] of m.removed) c.removed(`删除办理结果：${r.name}`, ['results', k], resultText(r));
  for (const [k, x, y] of m.common) {
    const path = ['results', k];
    const name = `办理结果“${nameOf(k)}”`;
    c.value(`${name}的类别`, [...path, 'kind'], x.kind, y.kind, v => L.resultKinds[v] ?? v);
    c.value(`${name}的有效期`, [...path, 'validity'], x.validity, y.validity, validityText);
    c.value(`${name}的样本`, [...path, 'sample'], x.sample, y.sample, String, (_, q) => `${name}的样本改为：${q}`);
    c.value(`${name}的适用情形`, [...path, 'condition'], x.condition, y.condition, L.conditionText);
    rest(c, path, name, x, y, ['name', 'kind', 'validity', 'sample', 'condition']);
  }
  reorder(c, '办理结果', ['results'], m);
}
export const resultsKeys = ['result', 'otherResults'] as const;
