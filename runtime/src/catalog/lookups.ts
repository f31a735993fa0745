import type { SupervisionPolicy } from '@banshi/definition';
import type { DefinitionRegistry } from './registry.ts';
import { Refusal } from '../platform/refusal.ts';

/** A department the published catalogue lists, by its exact name; anything else is refused. */
export function knownDepartment(registry: DefinitionRegistry, name: string): string {
  const departments = registry.catalog().departments.map(d => d.name);
  if (!departments.includes(name))
    throw new Refusal('invalid', 'department.unknown', `目录中没有“${name}”这个部门，请从部门列表中选择。`, {
      department: name
    });
  return name;
}

/**
 * The time limits of requests (consultations, complaints, evaluations): a live matter's own supervision settings (the catalogue's defaults as the
 * matter tightened them), or the catalogue's defaults when no matter is named.
 */
export function policyFor(registry: DefinitionRegistry, matterCode?: string | null): SupervisionPolicy {
  const live = matterCode ? registry.live(matterCode) : undefined;
  return live?.definition.supervision ?? registry.catalog().supervisionDefaults;
}
