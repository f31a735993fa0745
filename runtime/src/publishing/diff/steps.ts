import type { CoApprover, DepartmentRef, Definition, Step, SubmissionChannel } from '@banshi/definition';
import { match, nameOf, type Changes } from './changes.ts';
import { reorder, rest, strings } from './generic.ts';
import * as L from './labels.ts';
import { limit } from './limits.ts';

type D = Definition;

const deptText = (d: DepartmentRef | string) =>
  typeof d === 'string' ? d : `${d.name}${d.level ? `（${L.levels[d.level] ?? d.level}）` : ''}`;

/** What the head needs to picture a step: who does it, in how long; a parallel step's co-approvers. */
function stepText(s: Step): string {
  switch (s.kind) {
    case 'parallel':
      return `牵头 ${deptText(s.lead)}，协办 ${s.coApprovers.map(x => x.department.name).join('、')}，${L.limitText(s.limit)}`;
    case 'firstReview':
      return `由${deptText(s.department)}初审，${L.limitText(s.limit)}`;
    case 'delivery':
      return `${s.role ?? s.department}，${L.limitText(s.limit)}`;
    case 'review':
      return `${s.role}，${L.limitText(s.limit)}${s.channels ? `，${onlyText(s.channels)}` : ''}`;
    default:
      return `${s.role}，${L.limitText(s.limit)}`;
  }
}

/** A step limited to some channels (仅 现场): “仅窗口”, “仅窗口、快递”. */
const onlyText = (channels: readonly SubmissionChannel[]) => `仅${channels.map(ch => L.channels[ch]).join('、')}`;

const coApproverText = (x: CoApprover) =>
  `${x.department.name}（${x.task ? `${x.task}，` : ''}${L.limitText(x.limit)}）`;

/** A step's name in sentences: “审查”, or inside a first review “初审—审查”. */
const named = (parent: string, key: string) => (parent ? `${parent}—${nameOf(key)}` : nameOf(key));

/**
 * 办理环节: the steps matched by their label (a step's id is its kind and position, which moves when a step is added
 * before it), each with its role, limit and department; a parallel step's co-approvers by department; a first review
 * at a lower level with its own steps.
 */
export function steps(c: Changes, path: string[], parent: string, a: readonly Step[], b: readonly Step[]): void {
  const m = match(a, b, s => s.label);
  for (const [k, s] of m.added) c.added(`新增环节：${named(parent, k)}（${stepText(s)}）`, [...path, k], stepText(s));
  for (const [k, s] of m.removed) c.removed(`删除环节：${named(parent, k)}`, [...path, k], stepText(s));
  for (const [k, x, y] of m.common) {
    const here = [...path, k];
    const name = `环节“${named(parent, k)}”`;
    c.value(`${name}的类型`, [...here, 'kind'], x.kind, y.kind, v => L.stepKinds[v] ?? v);
    limit(c, `${name}时限`, [...here, 'limit'], x.limit, y.limit);
    const [rx, ry] = [(x as { role?: string }).role, (y as { role?: string }).role];
    c.value(`${name}的办理岗位`, [...here, 'role'], rx, ry, String, (_, q) => `${name}改由${q}办理`);
    const department = (v: Step) => (v as { department?: DepartmentRef | string }).department;
    const [dx, dy] = [department(x), department(y)];
    c.value(`${name}的办理部门`, [...here, 'department'], dx, dy, deptText, (_, q) => `${name}改由${q}办理`);
    const handled = ['id', 'label', 'kind', 'limit', 'role', 'department'];
    if (x.kind === 'parallel' && y.kind === 'parallel') {
      c.value(`${name}的牵头部门`, [...here, 'lead'], x.lead, y.lead, deptText, (_, q) => `${name}改由${q}牵头`);
      coApprovers(c, [...here, 'coApprovers'], x.coApprovers, y.coApprovers);
      handled.push('lead', 'coApprovers');
    }
    if (x.kind === 'review' && y.kind === 'review') {
      c.value(`${name}的递交方式限制`, [...here, 'channels'], x.channels, y.channels, onlyText);
      handled.push('channels');
    }
    if (x.kind === 'firstReview' && y.kind === 'firstReview') {
      steps(c, [...here, 'steps'], named(parent, k), x.steps, y.steps);
      handled.push('steps');
    }
    rest(c, here, name, x, y, handled);
  }
  reorder(c, parent ? `“${parent}”的环节` : '环节', path, m, ' → ');
}

function coApprovers(c: Changes, path: string[], a: readonly CoApprover[], b: readonly CoApprover[]): void {
  const m = match(a, b, x => x.department.name);
  for (const [k, x] of m.added) c.added(`新增协办部门：${coApproverText(x)}`, [...path, k], coApproverText(x));
  for (const [k, x] of m.removed) c.removed(`删除协办部门：${nameOf(k)}`, [...path, k], coApproverText(x));
  for (const [k, x, y] of m.common) {
    const name = `协办部门“${nameOf(k)}”`;
    limit(c, `${name}时限`, [...path, k, 'limit'], x.limit, y.limit);
    c.value(`${name}的任务`, [...path, k, 'task'], x.task, y.task, String, (_, q) => `${name}的任务改为：${q}`);
    rest(c, [...path, k, 'department'], name, x.department, y.department, ['name']);
    rest(c, [...path, k], name, x, y, ['department', 'limit', 'task']);
  }
  reorder(c, '协办部门', path, m);
}

const specialText = (p: D['specialProcedures'][number]) =>
  `${p.label}${p.maxDuration ? `（最长 ${L.limitText(p.maxDuration)}）` : ''}`;

/** 办理环节 (the steps and how the application comes in) and 特殊程序 (not counted in the limits, Art. 45). */
export function flow(changes: Changes, a: D, b: D): void {
  const c = changes.in('办理环节');
  strings(c, '递交方式', ['submission'], a.submission, b.submission, s => L.channels[s as 'online'] ?? String(s));
  steps(c, ['steps'], '', a.steps, b.steps);
  const s = changes.in('特殊程序');
  const m = match(a.specialProcedures, b.specialProcedures, p => p.label);
  for (const [k, p] of m.added) s.added(`新增特殊程序：${specialText(p)}`, ['specialProcedures', k], specialText(p));
  for (const [k, p] of m.removed) s.removed(`删除特殊程序：${p.label}`, ['specialProcedures', k], specialText(p));
  for (const [k, x, y] of m.common) {
    const path = ['specialProcedures', k];
    const name = `特殊程序“${nameOf(k)}”`;
    s.value(`${name}的类别`, [...path, 'kind'], x.kind, y.kind, v => L.specialKinds[v] ?? v);
    limit(s, `${name}最长时间`, [...path, 'maxDuration'], x.maxDuration, y.maxDuration);
    s.value(`${name}的依据`, [...path, 'basis'], x.basis, y.basis, String, (_, q) => `${name}的依据改为：${q}`);
    rest(s, path, name, x, y, ['kind', 'label', 'maxDuration', 'basis']);
  }
  reorder(s, '特殊程序', ['specialProcedures'], m);
}
export const flowKeys = ['submission', 'steps', 'specialProcedures'] as const;
