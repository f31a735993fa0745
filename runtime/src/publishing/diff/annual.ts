import type { Definition } from '@banshi/definition';
import { match, nameOf, type Changes } from './changes.ts';
import { reorder, rest, strings } from './generic.ts';
import * as L from './labels.ts';
import { limit } from './limits.ts';

type D = Definition;
type Annual = NonNullable<D['annualInspection']>;
type Declaration = NonNullable<D['declaration']>;

const modes = { written: '书面检查', onSite: '实地检查' } as const;
const conclusions = { pass: '合格', basicPass: '基本合格', fail: '不合格' } as const;
const periods = { yearly: '每年', halfYearly: '每半年', quarterly: '每季度', monthly: '每月' } as const;

const windowText = (w: Annual['window']) => `${w.from} 至 ${w.to}`;
const annualText = (a: Annual) =>
  `${a.modes.map(m => modes[m.kind] ?? m.kind).join('、')}，年检期间 ${windowText(a.window)}`;
const stageText = (s: Annual['stages'][number]) =>
  `${s.name}${s.due ? `（${s.due} 前）` : ''}${s.limit ? `（${L.limitText(s.limit)}）` : ''}`;
const dueText = (d: NonNullable<Declaration['due']>) =>
  'date' in d ? `${d.date} 前` : `期满后 ${d.daysAfterPeriod} 日内`;
const declarationText = (d: Declaration) => `${periods[d.period] ?? d.period}申报${d.due ? `，${dueText(d.due)}` : ''}`;

/** 年检: the inspection's modes and their pre-review limits, joint departments, the yearly window, conclusions, stages. */
export function annual(changes: Changes, a: D, b: D): void {
  const c = changes.in('年检');
  const [x, y] = [a.annualInspection, b.annualInspection];
  if (!x || !y) return c.value('年检', ['annualInspection'], x, y, annualText);
  const path = ['annualInspection'];
  const m = match(x.modes, y.modes, v => v.kind);
  const modeName = (k: string) => modes[k.replace(/#\d+$/, '') as 'written'] ?? nameOf(k);
  for (const [k, v] of m.added)
    c.added(
      `新增年检方式：${modeName(k)}（预审 ${L.limitText(v.preReviewLimit)}）`,
      [...path, 'modes', k],
      modeName(k)
    );
  for (const [k] of m.removed) c.removed(`删除年检方式：${modeName(k)}`, [...path, 'modes', k], modeName(k));
  for (const [k, p, q] of m.common) {
    limit(c, `${modeName(k)}的预审时限`, [...path, 'modes', k, 'preReviewLimit'], p.preReviewLimit, q.preReviewLimit);
    rest(c, [...path, 'modes', k], modeName(k), p, q, ['kind', 'preReviewLimit']);
  }
  reorder(c, '年检方式', [...path, 'modes'], m);
  const joint = match(x.joint, y.joint, v => v.name);
  for (const [k] of joint.added) c.added(`新增联合年检部门：${nameOf(k)}`, [...path, 'joint', k], nameOf(k));
  for (const [k] of joint.removed) c.removed(`删除联合年检部门：${nameOf(k)}`, [...path, 'joint', k], nameOf(k));
  for (const [k, p, q] of joint.common) rest(c, [...path, 'joint', k], `联合年检部门“${nameOf(k)}”`, p, q, ['name']);
  reorder(c, '联合年检部门', [...path, 'joint'], joint);
  c.value('年检期间', [...path, 'window'], x.window, y.window, windowText);
  strings(
    c,
    '年检结论',
    [...path, 'conclusions'],
    x.conclusions,
    y.conclusions,
    v => conclusions[v as 'pass'] ?? String(v)
  );
  const stages = match(x.stages, y.stages, v => v.name);
  for (const [k, v] of stages.added) c.added(`新增年检阶段：${stageText(v)}`, [...path, 'stages', k], stageText(v));
  for (const [k, v] of stages.removed) c.removed(`删除年检阶段：${nameOf(k)}`, [...path, 'stages', k], stageText(v));
  for (const [k, p, q] of stages.common) {
    const name = `年检阶段“${nameOf(k)}”`;
    c.value(`${name}的截止日`, [...path, 'stages', k, 'due'], p.due, q.due, String);
    limit(c, `${name}时限`, [...path, 'stages', k, 'limit'], p.limit, q.limit);
    rest(c, [...path, 'stages', k], name, p, q, ['name', 'due', 'limit']);
  }
  reorder(c, '年检阶段', [...path, 'stages'], stages);
  rest(c, path, '年检', x, y, ['modes', 'joint', 'window', 'conclusions', 'stages']);
}

/** 网上申报: how often the declaration is due, by when, and the commitment the applicant signs. */
export function declaration(changes: Changes, a: D, b: D): void {
  const c = changes.in('网上申报');
  const [x, y] = [a.declaration, b.declaration];
  if (!x || !y) return c.value('网上申报', ['declaration'], x, y, declarationText);
  c.value('申报周期', ['declaration', 'period'], x.period, y.period, p => periods[p] ?? p);
  c.value('申报截止', ['declaration', 'due'], x.due, y.due, dueText);
  c.value(
    '申报承诺书',
    ['declaration', 'commitment'],
    x.commitment,
    y.commitment,
    String,
    (_, q) => `申报承诺书改为：${q}`
  );
  rest(c, ['declaration'], '网上申报', x, y, ['period', 'due', 'commitment']);
}
