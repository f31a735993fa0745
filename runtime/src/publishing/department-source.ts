import { z } from 'zod';
import type { Department } from '@banshi/definition';

/**
 * A department as the administration form holds it, and the Matter-language block written from it: what the
 * language can say about a department today (代码, 地区, 层级, 上级部门, 角色 with their post titles, 电话 by
 * purpose, 办公时间, 办理地点 with their own hours, 曾用名). The block is the source of truth; the form is one way to write it.
 */

export const levels = ['national', 'province', 'city', 'county', 'township', 'village'] as const;
export type DepartmentLevel = (typeof levels)[number];

export const levelLabels: Record<DepartmentLevel, string> = {
  national: '国家级',
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级',
  village: '村级'
};

const noBreaks = (s: string) => !/[\r\n\u0000]/.test(s);
const Text = (max: number, what: string) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`).refine(noBreaks, `${what}不能换行`);
const Time = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, '时间应写作 09:00');

export const DepartmentForm = z.object({
  name: Text(60, '部门名称'),
  code: z.string().trim().toUpperCase().max(18, '统一社会信用代码为 18 位').refine(noBreaks, '代码不能换行').optional(),
  level: z.enum(levels, { error: '请选择层级' }).optional(),
  region: z.string().trim().max(60, '地区名称过长').refine(noBreaks, '地区不能换行').optional(),
  roles: z
    .array(
      z.object({
        name: Text(30, '角色名称'),
        title: z.string().trim().max(60, '岗位名称不能超过 60 个字').refine(noBreaks, '岗位名称不能换行').optional()
      })
    )
    .max(30, '角色不能超过 30 个'),
  phones: z
    .array(
      z.object({
        purpose: z.enum(['consultation', 'complaint']).optional(),
        number: z
          .string()
          .trim()
          .regex(/^[0-9+\-() ]{3,30}$/, '电话号码只能包含数字、空格、+、-、括号')
      })
    )
    .max(10, '电话不能超过 10 个'),
  officeHours: z.array(z.object({ from: Time, to: Time })).max(6, '办公时间段不能超过 6 段'),
  /** Names the department had before (曾用名); a rename adds the old one (department-rename.ts). */
  formerNames: z.array(Text(60, '曾用名')).max(20, '曾用名不能超过 20 个').optional(),
  /** The parent department's name (上级部门), one of the catalogue's; none when left out. */
  parent: z.string().trim().max(60, '上级部门名称过长').refine(noBreaks, '上级部门不能换行').optional(),
  /** The department's windows (办理地点), each with its own hours when they differ from the department's. */
  places: z
    .array(
      z.object({
        address: Text(120, '办理地点'),
        officeHours: z
          .array(z.object({ from: Time, to: Time }))
          .max(6, '办公时间段不能超过 6 段')
          .optional()
      })
    )
    .max(20, '办理地点不能超过 20 处')
    .optional()
});
export type DepartmentForm = z.infer<typeof DepartmentForm>;

/** A name as the language reads it: bare when it lexes as one identifier, else quoted. */
function name(text: string): string {
  return /^[A-Za-z_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF][A-Za-z0-9_\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF·]*$/.test(
    text
  )
    ? text
    : quote(text);
}

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The line of the block each form field is written on (0-based within the block), for errors from the checks. */
export type BlockField =
  'name' | 'code' | 'region' | 'level' | 'parent' | 'roles' | 'phones' | 'officeHours' | 'places' | 'formerNames';

const hoursText = (hours: ReadonlyArray<{ from: string; to: string }>) =>
  hours.map(h => `${h.from}-${h.to}`).join(', ');

/** The department's block in the Matter language, and which line holds which field. */
export function departmentBlock(form: DepartmentForm): { text: string; lines: BlockField[] } {
  const lines: Array<[BlockField, string]> = [['name', `部门 ${name(form.name)} {`]];
  if (form.code) lines.push(['code', `  代码 ${quote(form.code)}`]);
  if (form.region) lines.push(['region', `  地区 ${name(form.region)}`]);
  if (form.level) lines.push(['level', `  层级 ${levelLabels[form.level]}`]);
  if (form.parent) lines.push(['parent', `  上级部门 ${name(form.parent)}`]);
  if (form.roles.length > 0)
    lines.push([
      'roles',
      `  角色 ${form.roles.map(r => (r.title ? `${name(r.name)} ${quote(r.title)}` : name(r.name))).join(', ')}`
    ]);
  if (form.phones.length > 0)
    lines.push([
      'phones',
      `  电话 ${form.phones
        .map(p => `${p.purpose ? `${p.purpose === 'consultation' ? '咨询' : '投诉'} ` : ''}${quote(p.number)}`)
        .join(', ')}`
    ]);
  if (form.officeHours.length > 0)
    lines.push(['officeHours', `  办公时间 ${form.officeHours.map(h => `${h.from}-${h.to}`).join(', ')}`]);
  // One line a place, so that a check's error on a place lands beside the form's places.
  for (const place of form.places ?? [])
    lines.push([
      'places',
      `  办理地点 ${quote(place.address)}${place.officeHours?.length ? ` (办公时间 ${hoursText(place.officeHours)})` : ''}`
    ]);
  if (form.formerNames?.length) lines.push(['formerNames', `  曾用名 ${form.formerNames.map(quote).join(', ')}`]);
  return { text: [...lines.map(l => l[1]), '}'].join('\n'), lines: [...lines.map(l => l[0]), 'name'] };
}

/** The form a published department fills. */
export function formOf(d: Department): DepartmentForm {
  return {
    name: d.name,
    ...(d.code ? { code: d.code } : {}),
    ...(d.level ? { level: d.level } : {}),
    ...(d.region ? { region: d.region } : {}),
    roles: d.roles.map(r => ({ name: r.name, ...(r.title ? { title: r.title } : {}) })),
    phones: d.phones.map(p => ({ number: p.number, ...(p.purpose ? { purpose: p.purpose } : {}) })),
    officeHours: d.officeHours ?? [],
    ...(d.parent ? { parent: d.parent } : {}),
    ...(d.places?.length
      ? {
          places: d.places.map(p => ({
            address: p.address,
            ...(p.officeHours?.length ? { officeHours: p.officeHours } : {})
          }))
        }
      : {}),
    ...(d.formerNames?.length ? { formerNames: [...d.formerNames] } : {})
  };
}

const purposeLabel = (p: { purpose?: string | undefined }) =>
  p.purpose === 'consultation' ? '咨询 ' : p.purpose === 'complaint' ? '投诉 ' : '';

/** What a change does, in Chinese, one line a difference: the reform office reads this before approving. */
export function describeChange(before: DepartmentForm | undefined, after: DepartmentForm): string[] {
  if (!before) return [`新建部门“${after.name}”`];
  const lines: string[] = [];
  const was = (v: string | undefined) => v || '（未写）';
  if (before.name !== after.name) lines.push(`名称：${before.name} → ${after.name}`);
  if ((before.code ?? '') !== (after.code ?? ''))
    lines.push(`统一社会信用代码：${was(before.code)} → ${was(after.code)}`);
  if ((before.level ?? '') !== (after.level ?? ''))
    lines.push(
      `层级：${was(before.level && levelLabels[before.level])} → ${was(after.level && levelLabels[after.level])}`
    );
  if ((before.region ?? '') !== (after.region ?? '')) lines.push(`地区：${was(before.region)} → ${was(after.region)}`);
  const role = (r: DepartmentForm['roles'][number]) => (r.title ? `${r.name}（${r.title}）` : r.name);
  for (const r of after.roles) {
    const old = before.roles.find(o => o.name === r.name);
    if (!old) lines.push(`新增角色：${role(r)}`);
    else if ((old.title ?? '') !== (r.title ?? ''))
      lines.push(`角色“${r.name}”的岗位：${was(old.title)} → ${was(r.title)}`);
  }
  for (const r of before.roles) if (!after.roles.some(n => n.name === r.name)) lines.push(`删除角色：${role(r)}`);
  const phones = (f: DepartmentForm) => f.phones.map(p => `${purposeLabel(p)}${p.number}`).join('、') || '（无）';
  if (phones(before) !== phones(after)) lines.push(`电话：${phones(before)} → ${phones(after)}`);
  const hours = (f: DepartmentForm) => f.officeHours.map(h => `${h.from}-${h.to}`).join('、') || '按工作日历';
  if (hours(before) !== hours(after)) lines.push(`办公时间：${hours(before)} → ${hours(after)}`);
  if ((before.parent ?? '') !== (after.parent ?? ''))
    lines.push(`上级部门：${was(before.parent)} → ${was(after.parent)}`);
  const place = (p: NonNullable<DepartmentForm['places']>[number]) =>
    p.officeHours?.length ? `${p.address}（办公时间 ${hoursText(p.officeHours)}）` : p.address;
  const placesBefore = (before.places ?? []).map(place);
  const placesAfter = (after.places ?? []).map(place);
  for (const p of placesAfter) if (!placesBefore.includes(p)) lines.push(`新增办理地点：${p}`);
  for (const p of placesBefore) if (!placesAfter.includes(p)) lines.push(`删除办理地点：${p}`);
  for (const n of after.formerNames ?? [])
    if (!(before.formerNames ?? []).includes(n) && n !== before.name) lines.push(`新增曾用名：${n}`);
  return lines;
}

/** A department's name as a reference to it is written in the Matter language (bare or quoted). */
export const writtenName = name;
