import { describe, expect, it } from 'vitest';
import type { Catalog, Definition } from '@banshi/definition';
import { loadCatalog } from '../testing/catalog.ts';
import { currentNames, withCurrentNames } from './department-names.ts';

const { catalog, definitions } = loadCatalog();
const old = '市住房和建设局';
const renamed = '市住房和城乡建设局';

/** The catalogue after the 机构改革: the housing bureau under its new name, the old one among its former names. */
const after: Catalog = {
  ...catalog,
  departments: catalog.departments.map(d => (d.name === old ? { ...d, name: renamed, formerNames: [old] } : d))
};

/** Every department name the Definition's schema holds, in one list. */
function departmentsOf(d: Definition): string[] {
  const steps = (list: Definition['steps']): string[] =>
    list.flatMap(s =>
      s.kind === 'parallel'
        ? [s.lead.name, ...s.coApprovers.map(c => c.department.name)]
        : s.kind === 'firstReview'
          ? [s.department.name, ...steps(s.steps)]
          : [s.department]
    );
  return [
    d.department.name,
    ...steps(d.steps),
    ...d.materials.flatMap(m => (m.origin.kind === 'eLicence' && m.origin.issuer ? [m.origin.issuer] : [])),
    ...(d.annualInspection?.joint.map(j => j.name) ?? [])
  ];
}

describe('a case started before a department was renamed', () => {
  it('reads its matter with the department under its current name, wherever the matter names it', () => {
    const names = currentNames(after);
    expect(names.get(old)).toBe(renamed);
    const naming = definitions.filter(d => departmentsOf(d).includes(old));
    expect(naming.length).toBeGreaterThan(0);
    for (const d of naming) {
      const mapped = withCurrentNames(d, names);
      expect(departmentsOf(mapped)).not.toContain(old);
      expect(departmentsOf(mapped)).toContain(renamed);
      // Only names move: the roles, limits and texts stay as the version was published.
      expect(mapped.department.roles).toEqual(d.department.roles);
      expect(mapped.basis).toEqual(d.basis);
      expect(mapped.materials.map(m => m.title)).toEqual(d.materials.map(m => m.title));
    }
  });

  it('is the very same Definition when nothing it names was renamed', () => {
    const names = currentNames(after);
    const other = definitions.find(d => !departmentsOf(d).includes(old))!;
    expect(withCurrentNames(other, names)).toBe(other);
    expect(withCurrentNames(definitions[0]!, currentNames(catalog))).toBe(definitions[0]);
  });

  it('ignores a former name that is some department’s current name again', () => {
    const reused: Catalog = {
      ...after,
      departments: [...after.departments, { ...after.departments[0]!, name: old, formerNames: [] }]
    };
    expect(currentNames(reused).has(old)).toBe(false);
  });
});
