import type { Definition } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import type { Instant } from './types.ts';

/**
 * The legal or promised deadline counted afresh on `calendar` from the case's acceptance, its closed pauses and its
 * approved extension, as the engine counted it. Undefined while the clock is stopped or before acceptance. The
 * supervision's check of the legal deadline and the recount after a calendar is published both use it, so the two
 * never disagree. The promised limit is extended only when it is counted in the extension's unit (as `extend` does).
 */
export function countedFromAcceptance(
  definition: Definition,
  state: CaseState,
  calendar: EngineCalendar,
  which: 'legal' | 'promised'
): Instant | undefined {
  if (state.acceptedFrom === undefined || state.paused || !state.deadlines) return undefined;
  const limit = definition.limits[which];
  let deadline = calendar.deadline(state.acceptedFrom, limit);
  const moments = [
    ...state.pauses
      .filter(p => p.to !== undefined)
      .map(p => ({ at: p.from, seq: p.seq, kind: 'pause' as const, to: p.to! })),
    ...(state.extension
      ? [{ at: state.extension.at, seq: state.extension.seq, kind: 'extension' as const, to: 0 }]
      : [])
  ].sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const moment of moments) {
    if (moment.kind === 'pause') {
      // As the engine does: a deadline already passed when the clock stopped is not moved by the pause.
      if (deadline > moment.at)
        deadline = calendar.resume(moment.to, calendar.remaining(moment.at, deadline, limit.unit));
    } else {
      const amount = state.extension!.amount;
      if (which === 'promised' && limit.unit !== amount.unit) continue;
      deadline =
        amount.unit !== 'hours' ? calendar.deadline(deadline - 1, amount) : calendar.deadline(deadline, amount);
    }
  }
  return deadline;
}
