import type { Definition, Material } from '@banshi/definition';
import { match, type Changes } from './changes.ts';
import { rest, strings } from './generic.ts';
import * as L from './labels.ts';

type D = Definition;

const requirement = (m: Material) =>
  `${L.necessity[m.necessity] ?? m.necessity}${m.condition ? `（${L.conditionText(m.condition)}时）` : ''}`;

const paperText = (p: NonNullable<Material['paper']>) =>
  `${L.paperForms[p.form] ?? p.form}${p.copies !== undefined ? ` ${p.copies} 份` : ''}${p.size ? `（${p.size}）` : ''}`;

const originText = (o: Material['origin']) => {
  switch (o.kind) {
    case 'eLicence':
      return `电子证照（${o.licence}${o.issuer ? `，${o.issuer}核发` : ''}）`;
    case 'intermediary':
      return `中介服务${o.provider ? `（${o.provider}）` : ''}`;
    case 'onlineForm':
      return '在线填报';
    case 'applicant':
      return '申请人自备';
  }
  return String((o as { kind: unknown }).kind);
};

const scanText = (s: NonNullable<Material['scan']>) =>
  s.maxPages !== undefined ? `扫描件不超过 ${s.maxPages} 页` : '可提交扫描件';

const paperModeText = (p: D['paper']) =>
  p.mode === 'afterPreReview'
    ? `预审通过后${L.paperHow[p.how] ?? p.how}${p.goodRecordFirst ? '，信用良好的可先受理' : ''}`
    : '无需提交纸质材料';

/** 申请材料: materials matched by their id, so a moved material is not reported as removed and added. */
export function materials(changes: Changes, a: D, b: D): void {
  const c = changes.in('申请材料');
  c.value('纸质材料', ['paper'], a.paper, b.paper, paperModeText, (_, y) => `纸质材料改为：${y}`);
  const m = match(a.materials, b.materials, x => x.id);
  for (const [id, x] of m.added) c.added(`新增材料：${x.title}`, ['materials', id], `${x.title}（${requirement(x)}）`);
  for (const [id, x] of m.removed)
    c.removed(`删除材料：${x.title}`, ['materials', id], `${x.title}（${requirement(x)}）`);
  for (const [id, x, y] of m.common) {
    const path = ['materials', id];
    const name = `材料“${y.title}”`;
    c.value(`材料“${x.title}”的名称`, [...path, 'title'], x.title, y.title, String, (p, q) => `材料“${p}”改名为“${q}”`);
    if (x.necessity !== y.necessity)
      c.changed(`${name}改为${requirement(y)}`, [...path, 'necessity'], requirement(x), requirement(y));
    else c.value(`${name}的提交情形`, [...path, 'condition'], x.condition, y.condition, L.conditionText);
    if (x.paper && y.paper) {
      c.value(
        `${name}的形式`,
        [...path, 'paper', 'form'],
        x.paper.form,
        y.paper.form,
        f => L.paperForms[f] ?? f,
        (_, q) => `${name}改为${q}`
      );
      c.value(
        `${name}的份数`,
        [...path, 'paper', 'copies'],
        x.paper.copies,
        y.paper.copies,
        n => `${n} 份`,
        (p, q) => `${name}份数 ${p} → ${q}`
      );
      c.value(`${name}的规格`, [...path, 'paper', 'size'], x.paper.size, y.paper.size, String);
      rest(c, [...path, 'paper'], `${name}的纸质要求`, x.paper, y.paper, ['form', 'copies', 'size']);
    } else c.value(`${name}的纸质要求`, [...path, 'paper'], x.paper, y.paper, paperText);
    if (x.scan && y.scan) {
      c.value(
        `${name}的扫描件页数上限`,
        [...path, 'scan', 'maxPages'],
        x.scan.maxPages,
        y.scan.maxPages,
        n => `${n} 页`
      );
      rest(c, [...path, 'scan'], `${name}的扫描件`, x.scan, y.scan, ['maxPages']);
    } else c.value(`${name}的扫描件要求`, [...path, 'scan'], x.scan, y.scan, scanText);
    c.value(`${name}的来源`, [...path, 'origin'], x.origin, y.origin, originText, (_, q) => `${name}的来源改为：${q}`);
    c.value(
      `${name}的模板`,
      [...path, 'template'],
      x.template,
      y.template,
      String,
      (_, q) => `${name}的模板改为：${q}`
    );
    c.value(`${name}的样本`, [...path, 'sample'], x.sample, y.sample, String, (_, q) => `${name}的样本改为：${q}`);
    strings(c, `${name}可代替的材料`, [...path, 'replaces'], x.replaces, y.replaces, String);
    c.value(`${name}的说明`, [...path, 'note'], x.note, y.note, String, (_, q) => `${name}的说明改为：${q}`);
    rest(c, path, name, x, y, [
      'id',
      'title',
      'necessity',
      'condition',
      'paper',
      'scan',
      'origin',
      'template',
      'sample',
      'replaces',
      'note'
    ]);
  }
  if (m.reordered) {
    const title = (list: Material[], key: string) => list.find(x => x.id === key.replace(/#\d+$/, ''))?.title ?? key;
    const [p, q] = [
      m.reordered.before.map(k => title(a.materials, k)).join('、'),
      m.reordered.after.map(k => title(b.materials, k)).join('、')
    ];
    c.changed(`材料顺序改为：${q}`, ['materials', '$order'], p, q);
  }
}
export const materialsKeys = ['paper', 'materials'] as const;
