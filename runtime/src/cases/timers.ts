import type { TimerHandler } from '../platform/worker/timers.ts';
import type { CaseStore } from './case-store.ts';

/** The handlers of case timers: deemed acceptance (Art. 32), a lapsed correction deadline, and supervision. */
export function caseTimerHandlers(cases: CaseStore): Record<string, TimerHandler> {
  return {
    async deemedAcceptance(tx, timer) {
      // Accepted by law at the instant the timer names, whatever moment the worker gets to it.
      await cases.executeWith(
        timer.caseId!,
        state =>
          ['submitted', 'preReviewed', 'awaitingPaper'].includes(state.status)
            ? { type: 'deemAccept', by: { kind: 'system' } }
            : undefined,
        timer.dueAt,
        tx
      );
    },
    async correctionLapse(tx, timer) {
      // Withdrawn at the instant the deadline ended, if the corrections are still missing then.
      await cases.executeWith(
        timer.caseId!,
        state =>
          state.status === 'correcting' && state.correction?.dueAt === timer.dueAt
            ? { type: 'withdraw', by: { kind: 'system' } }
            : undefined,
        timer.dueAt,
        tx
      );
    },
    async supervision(tx, timer, now) {
      await cases.executeWith(timer.caseId!, () => 'supervise', Math.max(now, timer.dueAt), tx);
    }
  };
}
