import type { Definition, Limit } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import { routeOf, stepById } from './route.ts';
import type { Instant } from './types.ts';

/** A deadline the supervision watches, and who answers for it. */
export interface Watched {
  id: string;
  kind: 'promised' | 'legal' | 'step' | 'stage' | 'coApprover' | 'preReview' | 'delivery';
  at: Instant;
  unit: Limit['unit'];
  label: string;
  department: string;
  role?: string;
  /** When the deadline began to run, where the case records it: a warning never comes before it. */
  from?: Instant;
}

const runningStatuses = new Set(['inReview']);

/** The deadlines that run for the case now; none while its clock is stopped or after the decision. */
export function watched(definition: Definition, state: CaseState): Watched[] {
  const route = routeOf(definition);
  const unit = definition.limits.promised.unit;
  const own = definition.department.name;
  const list: Watched[] = [];
  if (state.status === 'submitted' && state.preReviewDeadline !== undefined) {
    const gate = route.preReview;
    list.push({
      id: 'preReview',
      kind: 'preReview',
      at: state.preReviewDeadline,
      unit: gate?.limit.unit ?? 'workdays',
      label: '预审',
      department: gate?.department ?? own,
      from: state.completeAt,
      ...(gate ? { role: gate.role } : {})
    });
  }
  if (runningStatuses.has(state.status) && state.deadlines) {
    const d = state.deadlines;
    const step = stepById(route, state.stepId);
    const decision = route.steps.find(s => s.kind === 'decision');
    const leaderRole = decision && decision.kind === 'decision' ? decision.role : undefined;
    // The case's own limits hold responsible the post that has the case in hand when they pass (the handler of a
    // review not done, the leader of a decision not taken); the deciding post where the step names none of its own.
    const holder =
      step && step.kind !== 'parallel' && step.kind !== 'handOff' && step.department === own && step.role
        ? step.role
        : leaderRole;
    list.push({
      id: 'promised',
      kind: 'promised',
      at: d.promised,
      unit,
      label: '承诺办结时限',
      department: own,
      ...(state.acceptedAt !== undefined ? { from: state.acceptedAt } : {}),
      ...(holder ? { role: holder } : {})
    });
    list.push({
      id: 'legal',
      kind: 'legal',
      at: d.legal,
      unit: definition.limits.legal.unit,
      label: '法定办结时限',
      department: own,
      ...(state.acceptedAt !== undefined ? { from: state.acceptedAt } : {}),
      ...(holder ? { role: holder } : {})
    });
    if (step && d.step !== undefined) {
      const department = step.kind === 'parallel' ? step.lead : step.department;
      const role =
        step.kind === 'review' || step.kind === 'decision' || step.kind === 'delivery' ? step.role : undefined;
      list.push({
        id: `step:${step.id}`,
        kind: 'step',
        at: d.step,
        unit: step.limit.unit,
        label: `“${step.label}”环节时限`,
        department,
        ...(state.stepEnteredAt !== undefined ? { from: state.stepEnteredAt } : {}),
        ...(role ? { role } : {})
      });
    }
    if (step?.stageId && d.stage !== undefined) {
      const stage = route.stages[step.stageId]!;
      list.push({
        id: `stage:${step.stageId}`,
        kind: 'stage',
        at: d.stage,
        unit: stage.limit.unit,
        label: '下级机关初审时限',
        department: stage.department
      });
    }
    if (step?.kind === 'parallel' && state.coApproval?.stepId === step.id) {
      for (const [department, at] of Object.entries(d.coApprovers ?? {})) {
        if (!state.coApproval.answers[department]) {
          list.push({
            id: `coApprover:${step.id}:${department}`,
            kind: 'coApprover',
            at,
            unit,
            label: `${department}并联审批答复时限`,
            department,
            from: state.coApproval.distributedAt
          });
        }
      }
    }
  }
  if (state.status === 'decided' && state.deliveryDeadline !== undefined) {
    const delivery = route.steps.find(s => s.kind === 'delivery');
    list.push({
      id: 'delivery',
      kind: 'delivery',
      at: state.deliveryDeadline,
      unit: delivery?.limit.unit ?? 'workdays',
      label: '送达时限',
      department: own,
      ...(state.decision ? { from: state.decision.at } : {}),
      ...(delivery && delivery.kind === 'delivery' && delivery.role ? { role: delivery.role } : {})
    });
  }
  return list;
}
