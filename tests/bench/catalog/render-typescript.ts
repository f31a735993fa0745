/**
 * Renders matters and the departments as TypeScript object literals, the peer of the Matter language: the same
 * information, type-checked by the interfaces of matter-types.ts.
 */
import { readFileSync } from 'node:fs';
import { regions } from './departments.ts';
import type { DepartmentSpec, MatterSpec, StepSpec } from './matter-spec.ts';
import { identifier } from './render-matter.ts';

const tsIdentifier = (name: string) => (identifier.test(name) ? name : `_${name.replace(/[^\p{L}\p{N}_]/gu, '_')}`);

/** A reference to a department or region constant, written as an identifier. */
interface Ref {
  $ref: string;
}
const ref = (name: string): Ref => ({ $ref: tsIdentifier(name) });

function tsInline(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tsInline).join(', ')}]`;
  if (value && typeof value === 'object') {
    if ('$ref' in value) return (value as Ref).$ref;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${tsInline(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot render ${String(value)}`);
}

/** An object literal laid out as a person would: one line per item while it fits in 160 characters. */
function tsValue(value: unknown, indent: string): string {
  const inline = tsInline(value);
  if (inline.length + indent.length <= 160 || value === null || typeof value !== 'object' || '$ref' in value)
    return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map(v => `${inner}${tsValue(v, inner)}`).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${k}: ${tsValue(v, inner)}`).join(',\n')}\n${indent}}`;
}

function tsStep(step: StepSpec): unknown {
  if (step.kind === '并联')
    return {
      ...step,
      lead: ref(step.lead),
      coApprovers: step.coApprovers.map(c => ({ ...c, department: ref(c.department) }))
    };
  if (step.kind === '初审') return { ...step, department: ref(step.department), steps: step.steps.map(tsStep) };
  return step;
}

export function renderMatterTs(m: MatterSpec, typesPath: string, departmentsPath: string): string {
  const used = new Set<string>([m.department]);
  const visit = (steps: StepSpec[]) => {
    for (const s of steps) {
      if (s.kind === '并联') {
        used.add(s.lead);
        s.coApprovers.forEach(c => used.add(c.department));
      }
      if (s.kind === '初审') {
        used.add(s.department);
        visit(s.steps);
      }
    }
  };
  visit(m.steps);
  for (const material of m.materials)
    if (material.source?.kind === '电子证照' && material.source.issuer) used.add(material.source.issuer);
  for (const j of m.inspection?.joint ?? []) used.add(j);
  const value = {
    ...m,
    department: ref(m.department),
    materials: m.materials.map(material =>
      material.source?.kind === '电子证照' && material.source.issuer
        ? { ...material, source: { ...material.source, issuer: ref(material.source.issuer) } }
        : material
    ),
    steps: m.steps.map(tsStep),
    ...(m.inspection ? { inspection: { ...m.inspection, joint: m.inspection.joint.map(ref) } } : {})
  };
  return [
    `import { defineMatter } from '${typesPath}';`,
    `import { ${[...used].sort().map(tsIdentifier).join(', ')} } from '${departmentsPath}';`,
    '',
    `export default defineMatter(${tsValue(value, '')});`,
    ''
  ].join('\n');
}

/**
 * The peer's lib.d.ts. A string rather than a file: a file under tests/ is part of the repository's own typecheck,
 * where its no-default-lib reference would switch off the standard library for every file.
 */
export const tsLib = `/// <reference no-default-lib="true"/>
// The few global types the TypeScript checker needs (the Matter language has no standard library either).
interface Array<T> { readonly length: number; [n: number]: T }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T }
interface Boolean {}
interface Function {}
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
type NoInfer<T> = intrinsic;
`;

/** The peer's ts/types.ts, the type library its matters import: matter-types.ts less its `//` lines. */
export const tsTypes = readFileSync(new URL('./matter-types.ts', import.meta.url), 'utf8').replace(/^\/\/.*\n/gm, '');

export function renderDepartmentsTs(departments: DepartmentSpec[]): string {
  const lines = [`import type { Department, Region } from './types';`, ''];
  for (const r of regions) {
    lines.push(
      `export const ${r.ident}: Region = { name: '${r.name}', code: '${r.code}', level: '${r.level}'${r.parent ? `, parent: ${r.parent}` : ''} };`
    );
  }
  lines.push('');
  for (const d of departments) {
    lines.push(
      `export const ${tsIdentifier(d.name)}: Department = {`,
      `  name: '${d.name}',`,
      `  code: '${d.code}',`,
      `  region: ${d.region},`,
      `  level: '${d.level}',`,
      `  roles: [{ name: '窗口', title: '综合受理窗口' }, { name: '承办人' }, { name: '处室负责人' }, { name: '分管领导' }],`,
      `  phones: [{ purpose: '咨询', number: '${d.phone}' }, { purpose: '投诉', number: '${d.complaintPhone}' }]`,
      '};'
    );
  }
  return `${lines.join('\n')}\n`;
}
