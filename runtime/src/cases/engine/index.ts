import type { Definition } from '@banshi/definition';
import { supervise, supervisionTimers } from './supervise.ts';
import type { CaseState } from './case-state.ts';
import { calendarFor, type EngineCalendar } from './calendar-port.ts';
import type { Command } from './commands.ts';
import { decideWith } from './decide.ts';
import { effectsOf, timersOf, type Effects, type Timer } from './effects.ts';
import type { Event } from './events.ts';
import { evolve } from './evolve.ts';
import { recount, type RecountReason } from './recount.ts';
import type { Decision } from './rejection.ts';
import type { Instant } from './types.ts';

export type { CaseState, CaseStatus } from './case-state.ts';
export type { EngineCalendar } from './calendar-port.ts';
export type { Command } from './commands.ts';
export type { DeadlineMove, Deadlines, Event, Remaining, SupervisionRecord } from './events.ts';
export { liveDeadlines, type ClockState, type DeadlineEntry, type RecountReason } from './recount.ts';
export { allowedCommands, authorityFor, commandLabels, mayGive, type Authority, type Post } from './authority.ts';
export type { Decision, Rejection, RejectionCode } from './rejection.ts';
export { rejectionKinds } from './rejection.ts';
export { statusLabels } from './rejection.ts';
export { applicantChannels } from './intake.ts';
export type { Actor, Applicant, Conclusion, Instant, Opinion } from './types.ts';
export { evolve, replay } from './evolve.ts';
export { roadOf, routeOf, takenOn, type Route, type RouteStep } from './route.ts';
export {
  explainCaseDeadlines,
  explainDeadline,
  type DeadlineExplanation,
  type ExplainCalendar
} from './explain-deadline.ts';
export { extensionHead } from './extension.ts';
export { asRequired, paperToCheck, type PaperExpected, type PaperItem } from './paper-check.ts';

export type { Effects, Timer } from './effects.ts';
export type { Message } from './notifications.ts';

/** Events applied to a case: the state they lead to, every event (the supervision they raised included), effects. */
export interface Applied {
  state: CaseState;
  events: Event[];
  effects: Effects;
}

export interface Engine {
  decide(definition: Definition, state: CaseState | undefined, command: Command, now: Instant): Decision<Event>;
  evolve(state: CaseState | undefined, event: Event): CaseState;
  deadlines(definition: Definition, state: CaseState): Timer[];
  /**
   * Applies decided events to the case, then the supervision they now warrant (anomalies a command causes, such as
   * a decision while a co-approval is missing, are raised with it), and returns what the store must persist.
   */
  apply(definition: Definition, before: CaseState | undefined, decided: Event[], now: Instant): Applied;
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

/**
 * The engine over a working-day calendar. Everything it returns is data; it reads no clock. A matter whose
 * department wrote its own office hours is counted on them (`calendarFor`).
 */
export function createEngine(calendar: EngineCalendar): Engine {
  const on = (definition: Definition) => calendarFor(calendar, definition);
  const timers = (definition: Definition, state: CaseState) => supervisionTimers(definition, state, on(definition));
  const raise = (definition: Definition, state: CaseState, now: Instant): Event[] =>
    supervise(definition, state, now, on(definition)).map(record => ({
      type: 'SupervisionRaised',
      at: now,
      by: { kind: 'system' },
      record
    }));
  return {
    decide: (definition, state, command, now) => decideWith(on(definition), definition, state, command, now),
    evolve,
    deadlines: (definition, state) => timersOf(definition, state, timers),
    apply(definition, before, decided, now) {
      let state = before;
      const events: Event[] = [];
      for (const event of decided) {
        state = evolve(state, event);
        events.push(event);
      }
      for (const event of raise(definition, state!, now)) {
        state = evolve(state, event);
        events.push(event);
      }
      const effects = effectsOf(
        definition,
        before,
        state!,
        events,
        s => timersOf(definition, s, timers),
        on(definition)
      );
      return { state: state!, events, effects };
    },
    supervise: (definition, state, now) => raise(definition, state, now),
    recount: (definition, state, previousOf, now, reason) =>
      recount(
        definition,
        state,
        key => {
          const previous = previousOf(key);
          return previous && calendarFor(previous, definition);
        },
        on(definition),
        now,
        reason
      ),
    isProvisional: (from, to) => calendar.isProvisional(from, to)
  };
}
export {
  caseNumber,
  correctionNoticeLimit,
  deadlineText,
  notices,
  provisionalSentence,
  type Notice
} from './notices.ts';
