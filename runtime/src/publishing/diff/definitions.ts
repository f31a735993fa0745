import type { Definition } from '@banshi/definition';
import { annual, declaration } from './annual.ts';
import { basics, basicsKeys, placesAndDelivery, placesKeys } from './basics.ts';
import { Changes, same } from './changes.ts';
import { fees, feesKeys, results, resultsKeys } from './fees-results.ts';
import { eligibility, form } from './form.ts';
import { walk, keyLabel } from './generic.ts';
import { limits, limitsKeys, supervision } from './limits.ts';
import { materials, materialsKeys } from './materials.ts';
import type { DefinitionChange } from './schema.ts';
import { flow, flowKeys } from './steps.ts';

type Section = readonly [readonly string[], (c: Changes, a: Definition, b: Definition) => void];

/** Each section of the guide, the Definition's fields it reads, in the guide's order. */
const sections: readonly Section[] = [
  [basicsKeys, basics],
  [['eligibility'], eligibility],
  [materialsKeys, materials],
  [['form'], form],
  [limitsKeys, limits],
  [flowKeys, flow],
  [feesKeys, fees],
  [resultsKeys, results],
  [placesKeys, placesAndDelivery],
  [['supervision'], supervision],
  [['annualInspection'], annual],
  [['declaration'], declaration]
];
const covered = new Set(sections.flatMap(([keys]) => keys));
const areas: Record<string, readonly string[]> = {
  基本信息: basicsKeys.filter(k => k !== 'conditions'),
  受理条件: ['conditions'],
  申请条件: ['eligibility'],
  申请材料: materialsKeys,
  申请表: ['form'],
  办理时限: limitsKeys,
  办理环节: ['submission', 'steps'],
  特殊程序: ['specialProcedures'],
  收费: feesKeys,
  办理结果: resultsKeys,
  办理地点与咨询投诉: ['places', 'hours', 'consultation', 'complaint'],
  送达: ['delivery'],
  待确认: ['toConfirm'],
  监察: ['supervision'],
  年检: ['annualInspection'],
  网上申报: ['declaration']
};
const areaOf = Object.fromEntries(Object.entries(areas).flatMap(([area, keys]) => keys.map(k => [k, area])));

/**
 * What changed from one version of a matter to the next, in Chinese, section by section as the guide reads: the
 * list the department head approves and the reform office files (seed 004 第十四条: a unit's flows, forms, guides and
 * promises are confirmed by its head and filed; 第十六条: no configuration changed without approval; 002 六(五): the
 * reform office confirms each item's basis, conditions, flow, limits, authority and forms, the elements compared
 * here). Source ranges are not compared: a line that moved changed nothing.
 *
 * Every field is compared: a section's differ names what a head or citizen cares about; whatever it leaves
 * unsaid (a field added to the Definition later, a shape it does not expect) is reported field by field with a
 * Chinese label, so two versions that differ never give an empty list.
 */
export function diffDefinitions(before: Definition, after: Definition): DefinitionChange[] {
  const list: DefinitionChange[] = [];
  const root = new Changes(list, '其他');
  const x = before as unknown as Record<string, unknown>;
  const y = after as unknown as Record<string, unknown>;
  for (const [keys, differ] of sections) {
    if (keys.every(key => same(x[key], y[key]))) continue;
    const from = list.length;
    differ(root, before, after);
    if (list.length === from)
      for (const key of keys)
        if (!same(x[key], y[key])) walk(root.in(areaOf[key] ?? '其他'), [key], keyLabel(key), x[key], y[key], key);
  }
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)]))
    if (!covered.has(key) && key !== 'source')
      walk(root.in(areaOf[key] ?? '其他'), [key], keyLabel(key), x[key], y[key], key);
  return list;
}
