import type { CaseState } from './case-state.ts';
import type { Command } from './commands.ts';
import { actorLabel, enterStep, isStaffOf, type Context } from './context.ts';
import type { Event } from './events.ts';
import { channelLabel, wrongStatus } from './intake.ts';
import { reject, type Decision } from './rejection.ts';
import { nextStep, stepById, takenOn, type RouteStep } from './route.ts';

type Handler<T extends Command['type']> = (
  ctx: Context,
  state: CaseState | undefined,
  command: Extract<Command, { type: T }>
) => Decision<Event>;
const ok = (...events: Event[]): Decision<Event> => ({ ok: true, events });

function current(ctx: Context, state: CaseState): RouteStep | undefined {
  return stepById(ctx.route, state.stepId);
}

function performer(step: RouteStep): string {
  return step.kind === 'parallel' ? step.lead : step.department;
}

function notYours(step: RouteStep, role: string | undefined, by: Command['by']) {
  return reject(
    'actor.not-allowed',
    `“${step.label}”环节应由${performer(step)}${role ? `的“${role}”` : ''}办理，${actorLabel(by)}不能办理。`
  );
}

export const completeStep: Handler<'completeStep'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '办理环节');
  const step = current(ctx, state);
  if (!step || step.id !== command.stepId) {
    const asked = ctx.route.steps.find(s => s.id === command.stepId);
    return reject(
      'step.not-current',
      `当前环节是“${step?.label ?? '（无）'}”，${asked ? `不是“${asked.label}”` : '所选环节不是当前环节'}。`
    );
  }
  if (step.kind !== 'review') return reject('step.kind', `“${step.label}”环节不能用“提交意见”办理。`);
  if (!isStaffOf(command.by, step.department, step.role)) return notYours(step, step.role, command.by);
  if (!command.opinion.trim()) return reject('opinion.required', '每个环节都要填写办理意见。');
  const next = nextStep(ctx.route, state.channel, step.id);
  return ok({
    type: 'StepCompleted',
    at: ctx.now,
    by: command.by,
    stepId: step.id,
    label: step.label,
    opinion: command.opinion.trim(),
    next: next?.id,
    deadlines: enterStep(ctx, state.deadlines!, next, step)
  });
};

export const returnStep: Handler<'returnStep'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '回退');
  const step = current(ctx, state);
  if (!step) return reject('step.not-current', '当前没有可回退的环节。');
  if (
    command.by.kind !== 'staff' ||
    command.by.department !== performer(step) ||
    (step.kind !== 'parallel' && step.kind !== 'handOff' && step.role && !command.by.roles.includes(step.role))
  ) {
    return notYours(step, step.kind === 'parallel' || step.kind === 'handOff' ? undefined : step.role, command.by);
  }
  const from = ctx.route.steps.indexOf(step);
  const to = ctx.route.steps.findIndex(s => s.id === command.toStepId);
  if (to < 0 || to >= from) return reject('return.target', '只能回退到之前的环节。');
  if (!takenOn(ctx.route.steps[to]!, state.channel))
    return reject(
      'return.target',
      `“${ctx.route.steps[to]!.label}”环节不在本办件的办理流程中（${channelLabel[state.channel]}递交的办件不经过这个环节），不能回退到这里。`
    );
  if (!command.reason.trim()) return reject('return.reason', '回退须写明理由。');
  const target = ctx.route.steps[to]!;
  return ok({
    type: 'StepReturned',
    at: ctx.now,
    by: command.by,
    fromStepId: step.id,
    toStepId: target.id,
    reason: command.reason.trim(),
    deadlines: enterStep(ctx, state.deadlines!, target, step)
  });
};

export const distribute: Handler<'distribute'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '分送协办部门');
  const step = current(ctx, state);
  if (!step || step.kind !== 'parallel') return reject('step.kind', '当前环节不是并联审批。');
  if (state.coApproval?.stepId === step.id) return reject('coapproval.distributed', '已经分送各协办部门。');
  if (!isStaffOf(command.by, step.lead)) return notYours(step, undefined, command.by);
  const deadlines = {
    ...state.deadlines!,
    step: ctx.calendar.deadline(ctx.now, step.limit),
    coApprovers: Object.fromEntries(step.coApprovers.map(c => [c.department, ctx.calendar.deadline(ctx.now, c.limit)]))
  };
  return ok({
    type: 'CoApprovalDistributed',
    at: ctx.now,
    by: command.by,
    stepId: step.id,
    coApprovers: step.coApprovers.map(c => c.department),
    deadlines
  });
};

export const answerCoApproval: Handler<'answerCoApproval'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '答复并联审批');
  const step = current(ctx, state);
  if (!step || step.kind !== 'parallel' || state.coApproval?.stepId !== step.id)
    return reject('coapproval.not-distributed', '牵头部门尚未分送，不能答复。');
  const department = command.by.kind === 'staff' ? command.by.department : '';
  if (!step.coApprovers.some(c => c.department === department))
    return reject('actor.not-allowed', `${actorLabel(command.by)}不是本次并联审批的协办部门。`);
  if (state.coApproval.answers[department]) return reject('coapproval.answered', `${department}已经答复。`);
  if (!command.agree && !command.reasons?.trim()) return reject('coapproval.reasons', '不同意须写明理由。');
  const late = ctx.now > (state.deadlines?.coApprovers?.[department] ?? Infinity);
  return ok({
    type: 'CoApproverAnswered',
    at: ctx.now,
    by: command.by,
    stepId: step.id,
    department,
    agree: command.agree,
    reasons: command.reasons?.trim() ?? '同意',
    late
  });
};

export const consolidate: Handler<'consolidate'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '汇总并联审批意见');
  const step = current(ctx, state);
  if (!step || step.kind !== 'parallel' || state.coApproval?.stepId !== step.id)
    return reject('coapproval.not-distributed', '牵头部门尚未分送，不能汇总。');
  if (!isStaffOf(command.by, step.lead)) return notYours(step, undefined, command.by);
  const missing = step.coApprovers.filter(c => !state.coApproval!.answers[c.department]).map(c => c.department);
  if (missing.length > 0) return reject('coapproval.missing', `还有协办部门没有答复：${missing.join('、')}。`);
  if (!command.opinion.trim()) return reject('opinion.required', '汇总须填写意见。');
  // A co-approver's 不同意 is not passed over in silence: the lead answers each one in its consolidation (office-audit 26).
  const dissent = Object.entries(state.coApproval!.answers).filter(([, a]) => !a.agree);
  const unanswered = dissent.filter(([d]) => !command.responses?.[d]?.trim());
  if (unanswered.length > 0)
    return reject(
      'coapproval.disagreement',
      `${unanswered.map(([d, a]) => `${d}不同意（${a.reasons}）`).join('；')}：汇总意见须逐一回应不同意见，写明采纳与否及理由。`
    );
  const responses = Object.fromEntries(dissent.map(([d]) => [d, command.responses![d]!.trim()]));
  const next = nextStep(ctx.route, state.channel, step.id);
  const base = {
    legal: state.deadlines!.legal,
    promised: state.deadlines!.promised,
    ...(state.deadlines!.stage !== undefined ? { stage: state.deadlines!.stage } : {})
  };
  return ok({
    type: 'CoApprovalConsolidated',
    at: ctx.now,
    by: command.by,
    stepId: step.id,
    opinion: command.opinion.trim(),
    ...(dissent.length > 0 ? { responses } : {}),
    next: next?.id,
    deadlines: enterStep(ctx, base, next, step)
  });
};

export const handOff: Handler<'handOff'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '报送上级机关');
  const step = current(ctx, state);
  if (!step || step.kind !== 'handOff') return reject('step.kind', '当前环节不是报送上级机关。');
  if (!isStaffOf(command.by, step.department)) return notYours(step, undefined, command.by);
  if (!command.opinion.trim()) return reject('opinion.required', '报送上级须附初审意见。');
  const next = nextStep(ctx.route, state.channel, step.id);
  const base = { legal: state.deadlines!.legal, promised: state.deadlines!.promised };
  return ok({
    type: 'HandedOff',
    at: ctx.now,
    by: command.by,
    stageId: step.stageId,
    from: step.department,
    to: step.to,
    opinion: command.opinion.trim(),
    next: next?.id,
    deadlines: enterStep(ctx, base, next, step)
  });
};

export const decide: Handler<'decide'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '作出决定');
  const step = current(ctx, state);
  if (!step || step.kind !== 'decision')
    return reject('step.not-current', `当前环节是“${step?.label ?? '（无）'}”，还不能作出决定。`);
  if (!isStaffOf(command.by, step.department, step.role)) return notYours(step, step.role, command.by);
  const inspection = ctx.definition.annualInspection;
  if (inspection && (!command.conclusion || !inspection.conclusions.includes(command.conclusion))) {
    return reject('decision.conclusion', '年检须作出结论：合格、基本合格或不合格。');
  }
  const approve = inspection ? command.conclusion !== 'fail' : command.approve;
  if (!approve && !command.reasons?.trim())
    return reject(
      'decision.reasons',
      inspection ? '年检不合格须写明理由。' : '不予许可须书面说明理由，并告知申请人申请复议或者提起诉讼的权利。'
    );
  const delivery = ctx.route.steps.find(s => s.kind === 'delivery');
  return ok({
    type: 'Decided',
    at: ctx.now,
    by: command.by,
    approve,
    reasons: command.reasons?.trim() ?? '',
    ...(command.conclusion && inspection ? { conclusion: command.conclusion } : {}),
    deliveryDeadline: delivery ? ctx.calendar.deadline(ctx.now, delivery.limit) : undefined
  });
};
