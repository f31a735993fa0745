import type { Definition } from '@banshi/definition';
import { authorityFor, routeOf, type CaseState, type Command, type Post } from './engine/index.ts';

/**
 * A post a case waits for: the department and role (empty: any post of the department) that may give its next
 * command, with the due instants the inbox sorts by. One row of `case_waits`.
 */
export interface Wait {
  department: string;
  role: string;
  /** A co-approving department's pending answer (并联审批). */
  coApproval: boolean;
  stepLabel: string;
  stepDue: number | null;
  promisedDue: number | null;
  legalDue: number | null;
  paused: 'correction' | 'specialProcedure' | null;
}

/** Supervision levels as the inbox ranks them: the highest raised on a case. */
export const levels = ['none', 'warning', 'yellowCard', 'redCard'] as const;
export type Level = (typeof levels)[number];

/** The highest warning or card raised on the case (records are keyed `rule:…`, the deadline rules by their level). */
export function levelOf(state: Pick<CaseState, 'raised'>): number {
  let level = 0;
  for (const key of state.raised) {
    const rule = key.slice(0, key.indexOf(':'));
    const rank = levels.indexOf(rule as Level);
    if (rank > level) level = rank;
  }
  return level;
}

/** The staff command that moves a case on from each open status; the authority rule says whose post it is. */
function nextCommand(definition: Definition, state: CaseState): Command['type'] | undefined {
  switch (state.status) {
    case 'submitted':
      return 'passPreReview';
    case 'awaitingPaper':
      return 'confirmPaper';
    case 'preReviewed':
      return 'accept';
    case 'inReview': {
      const step = routeOf(definition).steps.find(s => s.id === state.stepId);
      if (step?.kind === 'parallel') return 'distribute';
      if (step?.kind === 'handOff') return 'handOff';
      if (step?.kind === 'decision') return 'decide';
      return 'completeStep';
    }
    case 'paused':
      return 'endSpecialProcedure';
    case 'decided':
      return 'deliver';
    case 'delivered':
      return 'complete';
    default:
      return undefined;
  }
}

function label(definition: Definition, state: CaseState): string {
  const route = routeOf(definition);
  switch (state.status) {
    case 'submitted':
      return route.preReview ? '预审' : '受理';
    case 'awaitingPaper':
      return '核对纸质材料';
    case 'preReviewed':
      return '受理';
    case 'decided':
      return '送达';
    case 'delivered':
      return '办结';
    default:
      return route.steps.find(s => s.id === state.stepId)?.label ?? '办理';
  }
}

const min = (...xs: Array<number | undefined>) => {
  const defined = xs.filter((x): x is number => x !== undefined);
  return defined.length ? Math.min(...defined) : null;
};

/**
 * The posts the case waits for now, read from the authority rule (never a copy of it): the posts that may give the
 * command that moves the case on. A case out for correction waits, paused, for those who act when it returns; a
 * parallel step waits for its lead and for each co-approver that has not answered since distribution.
 */
export function waitsOf(definition: Definition, state: CaseState): Wait[] {
  const correcting = state.status === 'correcting' && state.correction;
  const acting = correcting ? { ...state, status: state.correction!.statusBefore } : state;
  const type = nextCommand(definition, acting);
  if (!type) return [];
  const paused = correcting ? 'correction' : state.status === 'paused' ? 'specialProcedure' : null;
  const stepLabel = label(definition, acting);
  const d = state.deadlines;
  const beforeAcceptance = ['submitted', 'awaitingPaper', 'preReviewed'].includes(acting.status);
  const stepDue = paused
    ? null
    : beforeAcceptance
      ? min(state.preReviewDeadline, state.deemedAcceptanceAt)
      : acting.status === 'decided'
        ? min(state.deliveryDeadline)
        : min(d?.step);
  const base = {
    stepLabel,
    coApproval: false,
    stepDue,
    promisedDue: paused || beforeAcceptance ? null : (d?.promised ?? null),
    legalDue: paused || beforeAcceptance ? (correcting ? null : min(state.deemedAcceptanceAt)) : (d?.legal ?? null),
    paused
  } satisfies Omit<Wait, 'department' | 'role'>;
  const out: Wait[] = posts(authorityFor(definition, acting, type).posts).map(p => ({ ...p, ...base }));
  const step = routeOf(definition).steps.find(s => s.id === acting.stepId);
  if (acting.status === 'inReview' && step?.kind === 'parallel' && state.coApproval?.stepId === step.id) {
    const answered = state.coApproval.answers;
    const coApprovers = authorityFor(definition, acting, 'answerCoApproval').posts;
    for (const p of posts(coApprovers).filter(p => !answered[p.department]))
      out.push({ ...p, ...base, coApproval: true, stepDue: min(d?.coApprovers?.[p.department], d?.step) });
  }
  // Art. 42: an extension the handling post asked for waits for the head who approves it, alongside the step.
  if (state.extensionRequest && !paused) {
    const approvers = authorityFor(definition, acting, 'approveExtension').posts;
    const have = new Set(out.map(w => `${w.department}|${w.role}`));
    for (const p of posts(approvers).filter(p => !have.has(`${p.department}|${p.role}`)))
      out.push({ ...p, ...base, stepLabel: `审批延期申请（${stepLabel}）` });
  }
  return out;
}

/** Posts as rows: the role '' for any post; a department any of whose posts may act needs no row per role. */
function posts(list: Post[]): Array<{ department: string; role: string }> {
  const any = new Set(list.filter(p => p.role === undefined).map(p => p.department));
  const rows = list
    .filter(p => p.role === undefined || !any.has(p.department))
    .map(p => ({ department: p.department, role: p.role ?? '' }));
  return rows.filter((r, i) => rows.findIndex(q => q.department === r.department && q.role === r.role) === i);
}
