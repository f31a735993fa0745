import { dateOf } from '@banshi/definition/calendar';
import type { CaseState } from './case-state.ts';
import type { Command } from './commands.ts';
import type { Context } from './context.ts';
import type { Event } from './events.ts';
import { wrongStatus } from './intake.ts';
import { reject, type Decision } from './rejection.ts';

/** How long the reason the applicant is told may be. */
export const overdueReasonMax = 500;

/**
 * 超时说明 (seeds/003 §四: 对特殊原因产生的超时审批问题，及时向行政相对人作出解释，并告知重新确定的办结时限):
 * once a case under way has passed its promised limit, the post handling it tells the applicant why and the date it
 * will now be decided by. The date is the applicant's to plan on: not before today, and it may be told again.
 */
export function explainOverdue(
  ctx: Context,
  state: CaseState | undefined,
  command: Extract<Command, { type: 'explainOverdue' }>
): Decision<Event> {
  if (!state || (state.status !== 'inReview' && state.status !== 'paused') || !state.deadlines)
    return wrongStatus(state, '说明超时原因');
  const promised = state.deadlines.promised;
  if (ctx.now < promised) return reject('overdue.not-yet', '办件尚未超过承诺办结时限，不需要说明超时原因。');
  const reason = command.reason.trim();
  if (!reason) return reject('overdue.reason', '请写明超时的原因，它将告知申请人。');
  if (reason.length > overdueReasonMax) return reject('overdue.reason', `超时原因不能超过 ${overdueReasonMax} 字。`);
  if (!isDate(command.expected)) return reject('overdue.expected', '请填写重新确定的办结日期（年-月-日）。');
  if (command.expected < dateOf(ctx.now)) return reject('overdue.expected', '重新确定的办结日期不能早于今天。');
  return {
    ok: true,
    events: [
      {
        type: 'OverdueExplained',
        at: ctx.now,
        by: command.by,
        reason,
        expected: command.expected
      }
    ]
  };
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}
