import type { Definition } from '@banshi/definition';
import { routeOf } from './engine/index.ts';

export type Part = 'lead' | 'coApprover' | 'firstReview' | 'joint';

/** Every department that takes part in a matter's cases, and how: staff of these may see the case. */
export function caseDepartments(definition: Definition): Array<{ department: string; part: Part }> {
  const parts = new Map<string, Part>([[definition.department.name, 'lead']]);
  const add = (department: string, part: Part) => {
    if (!parts.has(department)) parts.set(department, part);
  };
  const route = routeOf(definition);
  for (const stage of Object.values(route.stages)) add(stage.department, 'firstReview');
  for (const step of route.steps) {
    if (step.kind === 'parallel') {
      add(step.lead, 'lead');
      for (const c of step.coApprovers) add(c.department, 'coApprover');
    } else if (step.stageId) add(step.department, 'firstReview');
    else add(step.department, 'lead');
  }
  if (route.preReview) add(route.preReview.department, 'lead');
  if (route.acceptance) add(route.acceptance.department, 'lead');
  for (const joint of definition.annualInspection?.joint ?? []) add(joint.name, 'joint');
  return [...parts].map(([department, part]) => ({ department, part }));
}
