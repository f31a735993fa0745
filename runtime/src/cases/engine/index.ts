import type { Definition } from '@banshi/definition';
import { supervise, supervisionTimers } from './supervise.ts';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import type { Command } from './commands.ts';
import { decideWith } from './decide.ts';
import type { Event } from './events.ts';
import { evolve } from './evolve.ts';
import { recount, type RecountReason } from './recount.ts';
import type { Decision } from './rejection.ts';
import type { Instant } from './types.ts';

export type { CaseState, CaseStatus } from './case-state.ts';
export type { EngineCalendar } from './calendar-port.ts';
export type { Command } from './commands.ts';
export type { DeadlineMove, Deadlines, Event, Remaining, SupervisionRecord } from './events.ts';
export { liveDeadlines, type DeadlineEntry, type RecountReason } from './recount.ts';
export { allowedCommands, authorityFor, commandLabels, mayGive, type Authority, type Post } from './authority.ts';
export type { Decision, Rejection, RejectionCode } from './rejection.ts';
export { rejectionKinds } from './rejection.ts';
export { statusLabels } from './rejection.ts';
export { applicantChannels } from './intake.ts';
export type { Actor, Applicant, Conclusion, Instant, Opinion } from './types.ts';
export { evolve, replay } from './evolve.ts';
export { routeOf, type Route, type RouteStep } from './route.ts';

/** A timer the case needs now: what to do, and when. */
export type Timer =
  { kind: 'deemedAcceptance'; key: string; at: Instant } | { kind: 'supervision'; key: string; at: Instant };

export interface Engine {
  decide(definition: Definition, state: CaseState | undefined, command: Command, now: Instant): Decision<Event>;
  evolve(state: CaseState | undefined, event: Event): CaseState;
  deadlines(definition: Definition, state: CaseState): Timer[];
  /** Supervision events the case warrants at `now`, as events to append (each once). */
  supervise(definition: Definition, state: CaseState, now: Instant): Event[];
  /**
   * The case's running deadlines counted again on this engine's calendar, those `previousOf(key)` says were
   * counted on another: one DeadlinesRecounted event, or undefined when nothing moves (see recount.ts).
   */
  recount(
    definition: Definition,
    state: CaseState,
    previousOf: (key: string) => EngineCalendar | undefined,
    now: Instant,
    reason: RecountReason
  ): Event | undefined;
  /** Whether a period falls in, or runs through, a year counted on the provisional rule. */
  isProvisional(from: Instant, to: Instant): boolean;
}

/** The engine over a working-day calendar. Everything it returns is data; it reads no clock. */
export function createEngine(calendar: EngineCalendar): Engine {
  return {
    decide: (definition, state, command, now) => decideWith(calendar, definition, state, command, now),
    evolve,
    deadlines(definition, state) {
      const timers: Timer[] = [];
      if (
        ['submitted', 'preReviewed', 'awaitingPaper'].includes(state.status) &&
        state.deemedAcceptanceAt !== undefined
      ) {
        timers.push({
          kind: 'deemedAcceptance',
          key: `deemedAcceptance:${state.deemedAcceptanceAt}`,
          at: state.deemedAcceptanceAt
        });
      }
      for (const timer of supervisionTimers(definition, state, calendar))
        timers.push({ kind: 'supervision', ...timer });
      return timers.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
    },
    supervise(definition, state, now) {
      return supervise(definition, state, now, calendar).map(record => ({
        type: 'SupervisionRaised',
        at: now,
        by: { kind: 'system' },
        record
      }));
    },
    recount: (definition, state, previousOf, now, reason) =>
      recount(definition, state, previousOf, calendar, now, reason),
    isProvisional: (from, to) => calendar.isProvisional(from, to)
  };
}
export { caseNumber, deadlineText, notices, provisionalSentence, type Notice } from './notices.ts';
