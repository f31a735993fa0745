import type { Limit } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { Command } from './commands.ts';
import { actorLabel, isStaffOf, type Context } from './context.ts';
import type { Event } from './events.ts';
import { wrongStatus } from './intake.ts';
import { limitText } from './notices.ts';
import { reject, type Decision } from './rejection.ts';
import { stepById, type RouteStep } from './route.ts';

/**
 * Art. 42 (行政许可法第四十二条): 二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的
 * 理由告知申请人. The handler of the current step asks (with the reason and how long, within the Definition's
 * extension); the head (the post the Definition gives the decision) approves or refuses; the limit moves only on
 * approval, and the approval's notice tells the applicant why.
 */
type Handler<T extends Command['type']> = (
  ctx: Context,
  state: CaseState | undefined,
  command: Extract<Command, { type: T }>
) => Decision<Event>;
const ok = (...events: Event[]): Decision<Event> => ({ ok: true, events });

/** The head who approves an extension: the decision step's post (its department, its role). */
export function extensionHead(ctx: Pick<Context, 'definition' | 'route'>): {
  department: string;
  role: string | undefined;
} {
  const decision = ctx.route.steps.find(s => s.kind === 'decision');
  return decision && decision.kind === 'decision'
    ? { department: decision.department, role: decision.role }
    : { department: ctx.definition.department.name, role: undefined };
}

function headText(head: { department: string; role: string | undefined }): string {
  return `${head.department}${head.role ? `的“${head.role}”` : '负责人'}`;
}

/** The legal and promised deadlines moved by `amount` (days after the last day, hours from the instant). */
export function extendedDeadlines(ctx: Context, state: CaseState, amount: Limit): NonNullable<CaseState['deadlines']> {
  const push = (at: number) =>
    amount.unit !== 'hours' ? ctx.calendar.deadline(at - 1, amount) : ctx.calendar.deadline(at, amount);
  // Art. 42 extends the legal limit; a promised limit in other units (an immediate matter's hours) stays as promised.
  const promised =
    ctx.definition.limits.promised.unit === amount.unit ? push(state.deadlines!.promised) : state.deadlines!.promised;
  return { ...state.deadlines!, legal: push(state.deadlines!.legal), promised };
}

function performer(step: RouteStep): string {
  return step.kind === 'parallel' ? step.lead : step.department;
}

const stepRole = (step: RouteStep) =>
  step.kind === 'review' || step.kind === 'decision' || step.kind === 'delivery' ? step.role : undefined;

export const requestExtension: Handler<'requestExtension'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '申请延期');
  if (state.extension) return reject('extension.once', '办理时限只能延长一次。');
  if (state.extensionRequest)
    return reject('extension.pending', `已于此前申请延期，等待${headText(extensionHead(ctx))}批准。`);
  const step = stepById(ctx.route, state.stepId);
  if (!step) return reject('step.not-current', '当前没有办理中的环节，不能申请延期。');
  if (step.kind === 'decision')
    return reject('extension.by-head', `当前为“${step.label}”环节，延期由${headText(extensionHead(ctx))}直接决定。`);
  if (!isStaffOf(command.by, performer(step), stepRole(step)))
    return reject(
      'actor.not-allowed',
      `延期应由当前环节“${step.label}”的${performer(step)}${stepRole(step) ? `的“${stepRole(step)}”` : ''}申请，${actorLabel(command.by)}不能申请。`
    );
  if (!command.reason.trim()) return reject('extension.reason', '申请延期须写明理由，理由将告知申请人。');
  const allowed = ctx.definition.limits.extension;
  const amount = command.amount ?? allowed;
  if (amount.unit !== allowed.unit || !(amount.amount > 0) || amount.amount > allowed.amount)
    return reject('extension.amount', `本事项最多可延长 ${limitText(allowed)}，申请延长的期限应在此以内。`);
  if (ctx.now >= state.deadlines!.legal)
    return reject('extension.too-late', '法定办结时限已过，不能再延期：延期须在期限届满前决定。');
  return ok({
    type: 'ExtensionRequested',
    at: ctx.now,
    by: command.by,
    reason: command.reason.trim(),
    amount,
    stepId: step.id
  });
};

/** Why the head may not answer now (no request waits, not the head, no opinion), or undefined when they may. */
function unanswerable(
  ctx: Context,
  state: CaseState | undefined,
  command: Extract<Command, { type: 'approveExtension' | 'refuseExtension' }>
): Decision<Event> | undefined {
  const verb = command.type === 'approveExtension' ? '批准延期' : '不批准延期';
  if (!state || state.status !== 'inReview') return wrongStatus(state, verb);
  // Who may answer first: staff who never may are told so, whether or not a request waits.
  const head = extensionHead(ctx);
  if (!isStaffOf(command.by, head.department, head.role))
    return reject('actor.not-allowed', `延期须经${headText(head)}批准，${actorLabel(command.by)}不能审批。`);
  if (!state.extensionRequest) return reject('extension.not-requested', '没有待审批的延期申请。');
  if (!command.opinion.trim()) return reject('extension.opinion', '审批延期申请须填写意见。');
  return undefined;
}

export const approveExtension: Handler<'approveExtension'> = (ctx, state, command) => {
  const refused = unanswerable(ctx, state, command);
  if (refused) return refused;
  const request = state!.extensionRequest!;
  if (ctx.now >= state!.deadlines!.legal)
    return reject('extension.too-late', '法定办结时限已过，不能再延期：延期须在期限届满前决定。');
  return ok({
    type: 'Extended',
    at: ctx.now,
    by: command.by,
    reason: request.reason,
    amount: request.amount,
    deadlines: extendedDeadlines(ctx, state!, request.amount),
    requestedBy: request.by,
    opinion: command.opinion.trim()
  });
};

export const refuseExtension: Handler<'refuseExtension'> = (ctx, state, command) => {
  const refused = unanswerable(ctx, state, command);
  if (refused) return refused;
  return ok({
    type: 'ExtensionRefused',
    at: ctx.now,
    by: command.by,
    reason: state!.extensionRequest!.reason,
    opinion: command.opinion.trim()
  });
};
