import type { Catalog, Definition, DepartmentRef, Step } from '@banshi/definition';

/**
 * A department renamed in a 机构改革 (市住房和建设局 → 市住房和城乡建设局) keeps its former names in the catalogue
 * (曾用名). Cases under way keep the matter version they started under, whose Definition names the department as it
 * was called then: these functions answer that Definition with today's names, so that the renamed department's staff
 * act on the case, see it in their queues and supervision attributes it, with no comparison anywhere else changed.
 */

/** Every former name of a live department, to its current name. */
export function currentNames(catalog: Catalog): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const d of catalog.departments) for (const former of d.formerNames ?? []) map.set(former, d.name);
  // A former name that is again some department's current name denotes that department (the language refuses it).
  for (const d of catalog.departments) map.delete(d.name);
  return map;
}

/**
 * The Definition with every department it names (its own, a step's, a parallel step's lead and co-approvers, a first
 * review, a joint inspection, an e-licence's issuer) under its current name; the same object when none was renamed.
 * Only the places the Definition's schema holds a department's name are read: free text (a guide's wording) stays as
 * it was published.
 */
export function withCurrentNames(definition: Definition, names: ReadonlyMap<string, string>): Definition {
  if (names.size === 0) return definition;
  let changed = false;
  const name = (n: string): string => {
    const current = names.get(n);
    if (current === undefined) return n;
    changed = true;
    return current;
  };
  const ref = <T extends DepartmentRef>(d: T): T => ({ ...d, name: name(d.name) });
  const step = (s: Step): Step => {
    switch (s.kind) {
      case 'parallel':
        return {
          ...s,
          lead: ref(s.lead),
          coApprovers: s.coApprovers.map(c => ({ ...c, department: ref(c.department) }))
        };
      case 'firstReview':
        return { ...s, department: ref(s.department), steps: s.steps.map(step) };
      default:
        return { ...s, department: name(s.department) };
    }
  };
  const mapped: Definition = {
    ...definition,
    department: ref(definition.department),
    steps: definition.steps.map(step),
    materials: definition.materials.map(m =>
      m.origin.kind === 'eLicence' && m.origin.issuer
        ? { ...m, origin: { ...m.origin, issuer: name(m.origin.issuer) } }
        : m
    ),
    ...(definition.annualInspection
      ? { annualInspection: { ...definition.annualInspection, joint: definition.annualInspection.joint.map(ref) } }
      : {})
  };
  return changed ? mapped : definition;
}
