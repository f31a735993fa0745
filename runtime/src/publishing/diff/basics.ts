import type { Definition } from '@banshi/definition';
import type { Changes } from './changes.ts';
import { rest, strings } from './generic.ts';
import * as L from './labels.ts';

type D = Definition;
const long = (label: string) => (_: string, after: string) => `${label}改为：${after}`;

/** 基本信息: what the matter is, who handles it, on what basis, for whom, how often one comes. */
export function basics(changes: Changes, a: D, b: D): void {
  const c = changes.in('基本信息');
  c.value('事项名称', ['name'], a.name, b.name, String);
  c.value('事项编码', ['code'], a.code, b.code, String);
  c.value('地方编码', ['localCode'], a.localCode, b.localCode, String);
  c.value('事项类型', ['type'], a.type, b.type, t => L.matterTypeLabels[t] ?? t);
  c.value('层级', ['level'], a.level, b.level, l => L.levels[l] ?? l);
  c.value('实施机关', ['department', 'name'], a.department.name, b.department.name, String, long('实施机关'));
  strings(
    c,
    '实施机关的办公时间',
    ['department', 'officeHours'],
    a.department.officeHours ?? [],
    b.department.officeHours ?? [],
    h => `${(h as { from: string }).from}—${(h as { to: string }).to}`
  );
  rest(c, ['department'], '实施机关', a.department, b.department, ['name', 'officeHours']);
  strings(c, '设定依据', ['basis'], a.basis, b.basis, String);
  strings(
    c,
    '服务对象',
    ['serviceObjects'],
    a.serviceObjects,
    b.serviceObjects,
    o => L.serviceObjects[o as 'person'] ?? String(o)
  );
  c.value('到现场次数', ['visits'], a.visits, b.visits, v => `${v.count} 次${v.reason ? `（${v.reason}）` : ''}`);
  c.value('网办深度', ['onlineDepth'], a.onlineDepth, b.onlineDepth, n => `${['', '一', '二', '三', '四'][n] ?? n}级`);
  c.value(
    '预约办理',
    ['appointment'],
    a.appointment,
    b.appointment,
    p => `支持预约到窗口办理${p.note ? `（${p.note}）` : ''}`
  );
  c.value('数量限制', ['quantityLimit'], a.quantityLimit, b.quantityLimit, String);
  c.value('办理次数限制', ['repeatLimit'], a.repeatLimit, b.repeatLimit, r => `同一${r.licence}最多办理 ${r.max} 次`);
  changes.in('受理条件').value('受理条件', ['conditions'], a.conditions, b.conditions, String, long('受理条件'));
}
export const basicsKeys = [
  'name',
  'code',
  'localCode',
  'type',
  'level',
  'department',
  'basis',
  'serviceObjects',
  'visits',
  'onlineDepth',
  'appointment',
  'quantityLimit',
  'repeatLimit',
  'conditions'
] as const;

const channelText = (ch: unknown) => {
  const { kind, value } = ch as D['consultation'][number];
  return `${L.channelKinds[kind] ?? kind}${value ? ` ${value}` : ''}`;
};

/** 办理地点与咨询投诉, 送达 and 待确认. */
export function placesAndDelivery(changes: Changes, a: D, b: D): void {
  const c = changes.in('办理地点与咨询投诉');
  strings(c, '办理地点', ['places'], a.places, b.places, String);
  c.value('办理时间', ['hours'], a.hours, b.hours, String);
  strings(c, '咨询方式', ['consultation'], a.consultation, b.consultation, channelText);
  strings(c, '投诉方式', ['complaint'], a.complaint, b.complaint, channelText);
  strings(
    changes.in('送达'),
    '送达方式',
    ['delivery'],
    a.delivery,
    b.delivery,
    d => L.channels[d as 'online'] ?? String(d)
  );
  const pending = changes.in('待确认');
  const placeOf = (t: unknown) => (t as { place: string }).place;
  const labelOf = (list: D['toConfirm'], place: string) => list?.find(t => t.place === place)?.label ?? place;
  const before = new Set((a.toConfirm ?? []).map(placeOf));
  const after = new Set((b.toConfirm ?? []).map(placeOf));
  for (const place of after)
    if (!before.has(place))
      pending.added(`新增待确认：${labelOf(b.toConfirm, place)}`, ['toConfirm', place], labelOf(b.toConfirm, place));
  for (const place of before)
    if (!after.has(place))
      pending.removed(`已确认：${labelOf(a.toConfirm, place)}`, ['toConfirm', place], labelOf(a.toConfirm, place));
  for (const place of before)
    if (after.has(place))
      pending.value(
        `待确认“${place}”`,
        ['toConfirm', place],
        labelOf(a.toConfirm, place),
        labelOf(b.toConfirm, place),
        String
      );
}
export const placesKeys = ['places', 'hours', 'consultation', 'complaint', 'delivery', 'toConfirm'] as const;
