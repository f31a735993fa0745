import type { Definition } from '@banshi/definition';
import type { EngineCalendar } from './calendar-port.ts';
import type { CaseState } from './case-state.ts';
import type { Event, SupervisionRecord } from './events.ts';
import { notificationsFor, type Message } from './notifications.ts';
import type { Instant } from './types.ts';

/** A timer the case needs now: what to do, and when. */
export type Timer =
  | { kind: 'deemedAcceptance'; key: string; at: Instant }
  | { kind: 'correctionLapse'; key: string; at: Instant }
  | { kind: 'supervision'; key: string; at: Instant };

/**
 * What a batch of events asks of the world beyond the event log, as data: the store writes it in the same statement
 * as the events and decides none of it.
 */
export interface Effects {
  /** Every timer the case needs now, or undefined when they are the ones it had (most commands move none). */
  timers: Timer[] | undefined;
  /** The supervision records these events raised, each with the instant it was raised. */
  raised: Array<SupervisionRecord & { at: Instant }>;
  /** The messages to the applicant, one per channel; the store fills in where SMS and e-mail go. */
  messages: Message[];
}

/**
 * The timers a case in this state needs: deemed acceptance (Art. 32) while intake runs, the applicant's correction
 * deadline where lapsing withdraws the application, and the supervision clock.
 */
export function timersOf(
  definition: Definition,
  state: CaseState,
  supervisionTimers: (definition: Definition, state: CaseState) => Array<{ key: string; at: Instant }>
): Timer[] {
  if (state.status === 'archived') return [];
  const timers: Timer[] = [];
  if (['submitted', 'preReviewed', 'awaitingPaper'].includes(state.status) && state.deemedAcceptanceAt !== undefined)
    timers.push({
      kind: 'deemedAcceptance',
      key: `deemedAcceptance:${state.deemedAcceptanceAt}`,
      at: state.deemedAcceptanceAt
    });
  const due = state.correction?.dueAt;
  if (state.status === 'correcting' && definition.correction?.deemedWithdrawn && due !== undefined)
    timers.push({ kind: 'correctionLapse', key: `correctionLapse:${state.correction!.round}:${due}`, at: due });
  for (const timer of supervisionTimers(definition, state)) timers.push({ kind: 'supervision', ...timer });
  return timers.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}

/** The effects of `events`, which took the case from `before` (undefined for a new case) to `after`. */
export function effectsOf(
  definition: Definition,
  before: CaseState | undefined,
  after: CaseState,
  events: Event[],
  timers: (state: CaseState) => Timer[],
  calendar: Pick<EngineCalendar, 'isProvisional'>
): Effects {
  const wanted = timers(after);
  const previous = before ? timers(before) : undefined;
  const unchanged =
    previous !== undefined && previous.length === wanted.length && previous.every((t, i) => t.key === wanted[i]!.key);
  return {
    timers: unchanged ? undefined : wanted,
    raised: events.flatMap(e => (e.type === 'SupervisionRaised' ? [{ ...e.record, at: e.at }] : [])),
    messages: notificationsFor(definition, after, events, calendar)
  };
}
