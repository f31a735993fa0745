import type { Definition } from '../definition/index.ts';
import type { CaseState } from '../engine/case-state.ts';
import type { EngineCalendar } from '../engine/calendar-port.ts';

/**
 * The legal deadline the case should have, worked out again from its acceptance, its closed pauses and its
 * approved extension. Undefined while the clock is stopped or before acceptance.
 */
export function expectedLegalDeadline(definition: Definition, state: CaseState, calendar: EngineCalendar): number | undefined {
  if (state.acceptedFrom === undefined || state.paused || !state.deadlines) return undefined;
  const legal = definition.limits.legal;
  let deadline = calendar.deadline(state.acceptedFrom, legal);
  const moments = [
    ...state.pauses.filter(p => p.to !== undefined).map(p => ({ at: p.from, seq: p.seq, kind: 'pause' as const, to: p.to! })),
    ...(state.extension ? [{ at: state.extension.at, seq: state.extension.seq, kind: 'extension' as const, to: 0 }] : [])
  ].sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const moment of moments) {
    if (moment.kind === 'pause') {
      // As the engine does: a deadline already passed when the clock stopped is not moved by the pause.
      if (deadline > moment.at) deadline = calendar.resume(moment.to, calendar.remaining(moment.at, deadline, legal.unit));
    } else {
      const amount = state.extension!.amount;
      deadline = amount.unit === 'workdays' ? calendar.deadline(deadline - 1, amount) : calendar.deadline(deadline, amount);
    }
  }
  return deadline;
}
