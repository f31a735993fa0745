import type { Definition } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import { countedFromAcceptance } from './counted.ts';

/**
 * The legal deadline the case should have, worked out again from its acceptance, its closed pauses and its
 * approved extension. Undefined while the clock is stopped or before acceptance.
 */
export function expectedLegalDeadline(
  definition: Definition,
  state: CaseState,
  calendar: EngineCalendar
): number | undefined {
  return countedFromAcceptance(definition, state, calendar, 'legal');
}
