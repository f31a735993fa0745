import type { CaseState } from './case-state.ts';
import type { Command } from './commands.ts';
import { isStaffOf, remainingOf, resumeAll, type Context } from './context.ts';
import type { Event } from './events.ts';
import { extendedDeadlines } from './extension.ts';
import { limitText } from './notices.ts';
import { wrongStatus } from './intake.ts';
import { reject, type Decision } from './rejection.ts';
import { stepById } from './route.ts';

type Handler<T extends Command['type']> = (
  ctx: Context,
  state: CaseState | undefined,
  command: Extract<Command, { type: T }>
) => Decision<Event>;
const ok = (...events: Event[]): Decision<Event> => ({ ok: true, events });
const methodLabel = { onSite: '现场', express: '快递', online: '网上', announcement: '公告' } as const;
const specialLabel: Record<string, string> = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expertReview: '专家评审',
  publicNotice: '公示'
};

function staffOfCurrentStep(ctx: Context, state: CaseState, by: Command['by']): boolean {
  const step = stepById(ctx.route, state.stepId);
  const department = step ? (step.kind === 'parallel' ? step.lead : step.department) : ctx.definition.department.name;
  return isStaffOf(by, department);
}

export const startSpecialProcedure: Handler<'startSpecialProcedure'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '启动特殊程序');
  if (!staffOfCurrentStep(ctx, state, command.by))
    return reject('actor.not-allowed', '特殊程序应由当前环节的办理部门启动。');
  const allowed = ctx.definition.specialProcedures.find(p => p.kind === command.kind);
  if (!allowed)
    return reject(
      'special.not-defined',
      `本事项的办事指南没有“${specialLabel[command.kind] ?? command.kind}”这一特殊程序。`
    );
  if (!command.reason.trim()) return reject('special.reason', '启动特殊程序须写明理由，并书面告知申请人。');
  const max = allowed.maxDuration;
  if (max && (command.expected.unit !== max.unit || command.expected.amount > max.amount)) {
    return reject('special.too-long', `“${allowed.label}”最长 ${limitText(max)}，预计时间不能更长。`);
  }
  return ok({
    type: 'SpecialProcedureStarted',
    at: ctx.now,
    by: command.by,
    kind: command.kind,
    reason: command.reason.trim(),
    expected: command.expected,
    remaining: remainingOf(ctx, state.deadlines!)
  });
};

export const endSpecialProcedure: Handler<'endSpecialProcedure'> = (ctx, state, command) => {
  if (!state || state.status !== 'paused' || state.paused?.reason !== 'specialProcedure')
    return wrongStatus(state, '结束特殊程序');
  if (!staffOfCurrentStep(ctx, state, command.by)) return reject('actor.not-allowed', '特殊程序应由启动它的部门结束。');
  if (!command.result.trim()) return reject('special.result', '结束特殊程序须写明结果。');
  return ok({
    type: 'SpecialProcedureEnded',
    at: ctx.now,
    by: command.by,
    result: command.result.trim(),
    deadlines: resumeAll(ctx, state.paused, state.deadlines!)
  });
};

export const extend: Handler<'extend'> = (ctx, state, command) => {
  if (!state || state.status !== 'inReview') return wrongStatus(state, '延期');
  if (state.extension) return reject('extension.once', '办理时限只能延长一次。');
  const leader = ctx.route.steps.find(s => s.kind === 'decision');
  const role = leader && leader.kind === 'decision' ? leader.role : undefined;
  if (!isStaffOf(command.by, ctx.definition.department.name, role)) {
    return reject(
      'actor.not-allowed',
      `延期须经${ctx.definition.department.name}${role ? `的“${role}”` : '负责人'}批准。`
    );
  }
  if (!command.reason.trim()) return reject('extension.reason', '延期须写明理由并告知申请人。');
  if (ctx.now >= state.deadlines!.legal)
    return reject('extension.too-late', '法定办结时限已过，不能再延期：延期须在期限届满前决定。');
  // The head acting on their own motion (without a handler's request) is the head's approval Art. 42 asks for.
  const amount = ctx.definition.limits.extension;
  const deadlines = extendedDeadlines(ctx, state, amount);
  return ok({ type: 'Extended', at: ctx.now, by: command.by, reason: command.reason.trim(), amount, deadlines });
};

export const deliver: Handler<'deliver'> = (ctx, state, command) => {
  if (!state || state.status !== 'decided') return wrongStatus(state, '送达');
  if (!isStaffOf(command.by, ctx.definition.department.name))
    return reject('actor.not-allowed', `结果应由${ctx.definition.department.name}送达。`);
  const failed = (state.delivery?.failures ?? 0) > 0;
  // 公告送达 is the last resort: only once delivery by the way the applicant chose has failed, whatever the guide lists.
  if (command.method === 'announcement' && !failed) {
    return reject(
      'delivery.announcement-first',
      '公告送达只能在按申请人选择的方式送达未成功（已登记送达失败）后采用。'
    );
  }
  const fallback = command.method === 'announcement';
  if (!ctx.definition.delivery.includes(command.method) && !fallback) {
    return reject(
      'delivery.method',
      `本事项不支持${methodLabel[command.method]}送达，可选：${ctx.definition.delivery.map(m => methodLabel[m]).join('、')}。`
    );
  }
  return ok({ type: 'Delivered', at: ctx.now, by: command.by, method: command.method });
};

export const deliveryFailed: Handler<'deliveryFailed'> = (ctx, state, command) => {
  if (!state || state.status !== 'decided') return wrongStatus(state, '登记送达失败');
  if (!isStaffOf(command.by, ctx.definition.department.name))
    return reject('actor.not-allowed', `送达由${ctx.definition.department.name}办理。`);
  if (!command.reason.trim()) return reject('delivery.reason', '送达失败须写明原因。');
  return ok({ type: 'DeliveryFailed', at: ctx.now, by: command.by, reason: command.reason.trim() });
};

export const complete: Handler<'complete'> = (ctx, state, command) => {
  const hasDelivery = ctx.route.steps.some(s => s.kind === 'delivery');
  if (!state || !(state.status === 'delivered' || (state.status === 'decided' && !hasDelivery)))
    return wrongStatus(state, '办结');
  if (!isStaffOf(command.by, ctx.definition.department.name))
    return reject('actor.not-allowed', `办结由${ctx.definition.department.name}办理。`);
  return ok({ type: 'Completed', at: ctx.now, by: command.by });
};

export const archive: Handler<'archive'> = (ctx, state, command) => {
  if (!state || !['completed', 'refused', 'withdrawn'].includes(state.status)) return wrongStatus(state, '归档');
  if (command.by.kind === 'applicant') return reject('actor.not-allowed', '归档由办理部门或系统完成。');
  const departments = [
    ctx.definition.department.name,
    ctx.route.preReview?.department,
    ctx.route.acceptance?.department
  ];
  if (command.by.kind === 'staff' && !departments.includes(command.by.department)) {
    return reject('actor.not-allowed', `归档由${ctx.definition.department.name}办理。`);
  }
  return ok({ type: 'Archived', at: ctx.now, by: command.by });
};
