/**
 * Runs one case through the pure engine on a simulated clock, as the worker would, and checks the engine's
 * invariants after every event and every step. A failed check throws with the trace of the case.
 */
import type { Definition, Limit } from '@banshi/definition';
import type { WorkCalendar } from '@banshi/definition/calendar';
import {
  createEngine,
  type Actor,
  type CaseState,
  type Command,
  type Engine,
  type Event
} from '../../runtime/src/cases/engine/index.ts';
import { expectedLegalDeadline } from '../../runtime/src/cases/index.ts';
import { candidates, everyCommand, type Candidate } from './model.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
/** Floating error allowed when office hours are summed as fractions. */
const eps = 1e-6;

export class InvariantError extends Error {}

/** Counts over a whole property run, to show the generator reaches every path it should. */
export interface Coverage {
  cases: number;
  commands: number;
  rejections: number;
  decided: number;
  refused: number;
  withdrawn: number;
  deemed: number;
  extended: number;
  extensionRequests: number;
  specialProcedures: number;
  correctionsInReview: number;
  returned: number;
  redCards: number;
  yellowCards: number;
  overdueDecisions: number;
  pausedDecisions: number;
}

export function emptyCoverage(): Coverage {
  return {
    cases: 0,
    commands: 0,
    rejections: 0,
    decided: 0,
    refused: 0,
    withdrawn: 0,
    deemed: 0,
    extended: 0,
    extensionRequests: 0,
    specialProcedures: 0,
    correctionsInReview: 0,
    returned: 0,
    redCards: 0,
    yellowCards: 0,
    overdueDecisions: 0,
    pausedDecisions: 0
  };
}

type LimitKind = 'legal' | 'promised';

/**
 * Paths the generator can steer clear of. They were the paths of three engine bugs, now fixed and kept as
 * regression tests (regressions.test.ts); invariants.test.ts walks every path. A flag set to true narrows the search
 * again, should a future bug need to be isolated.
 */
export interface Avoid {
  /**
   * Bug 1: keep the clock short of the Art. 32 timer once a correction notice came before acceptance. A deemed
   * acceptance then counts the limit from the first receipt, not from the corrected application, so the weeks
   * the applicant spent correcting are counted against the department.
   */
  deemedAfterCorrection: boolean;
  /**
   * Bug 2: no special procedure or correction notice at the very instant of an extension. The supervision's
   * re-computation of the legal deadline (expectedLegalDeadline) orders a pause before an extension of the same
   * instant, and on an overdue case then disagrees with the engine and raises a false deadlineMoved anomaly.
   */
  extensionAndPauseAtOnce: boolean;
  /**
   * Bug 3: no pause after an extension when the promised limit is in office hours and the extension in workdays
   * (个体工商户设立登记). The extension puts the promised deadline at midnight; the pause recomputes it in office
   * hours, which ends at 17:30 of the workday before, so a pause with no office time in it brings it forward.
   */
  pauseAfterMixedExtension: boolean;
}

export class CaseRun {
  readonly engine: Engine;
  state: CaseState | undefined;
  readonly events: Event[] = [];
  readonly trace: string[] = [];
  now: number;
  /** When the complete application was last received: the submission, or the resubmission before acceptance. */
  private receipt: number | undefined;
  /** A pause began after the limit had already run out: the resumed clock gets the rest of that day. */
  private readonly overduePause: Record<LimitKind, boolean> = { legal: false, promised: false };

  constructor(
    readonly definition: Definition,
    readonly calendar: WorkCalendar,
    start: number,
    /** The clock never passes this instant, so every deadline the engine computes stays inside the calendar. */
    readonly horizon: number,
    readonly coverage: Coverage,
    readonly avoid: Avoid
  ) {
    this.engine = createEngine(calendar);
    this.now = start;
  }

  fail(message: string): never {
    throw new InvariantError(`${message}\n--- ${this.definition.name}, trace:\n${this.trace.join('\n')}`);
  }

  check(ok: boolean, message: string): void {
    if (!ok) this.fail(message);
  }

  time(at = this.now): string {
    return new Date(at + 8 * hour).toISOString().slice(0, 16).replace('T', ' ');
  }

  /** Moves the clock on by `delta` ms (never past the horizon) and lets the worker fire what is due. */
  advance(delta: number): void {
    let to = Math.min(this.now + delta, this.horizon);
    const s = this.state;
    if (
      this.avoid.deemedAfterCorrection &&
      s &&
      s.correctionRounds > 0 &&
      s.acceptedFrom === undefined &&
      s.deemedAcceptanceAt !== undefined
    ) {
      to = Math.max(this.now, Math.min(to, s.deemedAcceptanceAt - minute));
    }
    this.tick(to);
  }

  /** As the worker does (see Scenario.tick): due deemed acceptances at their instant, then supervision now. */
  tick(to: number): void {
    this.check(to >= this.now, 'the clock went backwards');
    this.now = to;
    if (!this.state) return;
    for (const timer of this.engine.deadlines(this.definition, this.state)) {
      if (timer.at > this.now || timer.kind !== 'deemedAcceptance') continue;
      const result = this.engine.decide(
        this.definition,
        this.state,
        { type: 'deemAccept', by: { kind: 'system' } },
        timer.at
      );
      if (result.ok) {
        this.trace.push(`${this.time(timer.at)} [timer] deemAccept → ${result.events.map(e => e.type).join(', ')}`);
        this.apply(result.events);
      }
    }
    const timers = this.engine.deadlines(this.definition, this.state);
    const supervision = this.engine.supervise(this.definition, this.state, this.now);
    // A worker that sleeps until the next timer wakes in time: every deadline record had its timer, now due.
    for (const event of supervision) {
      if (event.type !== 'SupervisionRaised' || event.record.deadline === undefined) continue;
      this.check(
        timers.some(t => t.kind === 'supervision' && t.key === event.record.key && t.at <= this.now),
        `${event.record.key} raised with no timer due for it`
      );
    }
    if (supervision.length)
      this.trace.push(
        `${this.time()} [supervise] ${supervision.map(e => (e.type === 'SupervisionRaised' ? e.record.key : e.type)).join(', ')}`
      );
    this.apply(supervision);
    // Each once: asking again at the same instant finds nothing new.
    this.check(
      this.engine.supervise(this.definition, this.state, this.now).length === 0,
      'supervise raised the same records twice'
    );
    this.checkState();
  }

  /** Whether the generator may try this command now, given the paths it avoids. */
  allows(candidate: Candidate): boolean {
    const { type } = candidate.command;
    const stops =
      type === 'startSpecialProcedure' || (type === 'requestCorrection' && this.state?.status === 'inReview');
    if (
      this.avoid.extensionAndPauseAtOnce &&
      stops &&
      this.events.some(e => e.type === 'Extended' && e.at === this.now)
    )
      return false;
    const { limits } = this.definition;
    if (
      this.avoid.pauseAfterMixedExtension &&
      stops &&
      this.state?.extension &&
      limits.promised.unit !== limits.extension.unit
    )
      return false;
    return true;
  }

  /** Runs one command now, checks the engine's answer against the model's, and applies the events. */
  attempt(candidate: Candidate): boolean {
    const { command, expect } = candidate;
    const result = this.engine.decide(this.definition, this.state, command, this.now);
    this.coverage.commands++;
    const answer = result.ok ? 'ok' : result.rejection.code;
    this.trace.push(
      `${this.time()} ${who(command.by)} ${describe(command)} → ${result.ok ? result.events.map(e => e.type).join(', ') : `${answer}（${result.rejection.message}）`}${answer === expect ? '' : `  ✗ expected ${expect}`}`
    );
    if (!result.ok) {
      this.coverage.rejections++;
      this.check(
        /^[a-z]+(\.[a-z-]+)+$/.test(result.rejection.code),
        `rejection code "${result.rejection.code}" is not a code`
      );
      this.check(
        /[\u4e00-\u9fff]/.test(result.rejection.message),
        `rejection ${result.rejection.code} has no Chinese message: "${result.rejection.message}"`
      );
    }
    if (this.state?.status === 'archived')
      this.check(
        answer === 'case.archived',
        `after archive, ${command.type} was answered ${answer}, not case.archived`
      );
    this.check(
      answer === expect,
      `${command.type} by ${who(command.by)}: the engine answered ${answer}, the model expected ${expect}`
    );
    if (result.ok) this.apply(result.events);
    this.checkState();
    return result.ok;
  }

  private apply(events: readonly Event[]): void {
    for (const event of events) this.applyOne(event);
  }

  private applyOne(e: Event): void {
    const before = this.state;
    const { definition, calendar } = this;
    this.check(before?.status !== 'archived', `${e.type} appended after archive`);
    const last = this.events.at(-1);
    this.check(!last || e.at >= last.at, `${e.type} at ${this.time(e.at)} is earlier than the event before it`);
    const after = this.engine.evolve(before, e);

    // (5) One way to an end: once completed, refused or withdrawn, only the archive follows.
    if (before && ['completed', 'refused', 'withdrawn'].includes(before.status)) {
      this.check(
        after.status === before.status || after.status === 'archived',
        `${before.status} became ${after.status}`
      );
    }

    // (3) The limits move only when the clock starts, resumes, or is extended with approval.
    const was = before?.deadlines;
    const is = after.deadlines;
    if (was?.legal !== is?.legal || was?.promised !== is?.promised) {
      const allowed =
        e.type === 'Accepted' ||
        e.type === 'SpecialProcedureEnded' ||
        e.type === 'Extended' ||
        (e.type === 'Resubmitted' && e.deadlines !== undefined);
      this.check(
        allowed,
        `${e.type} moved the legal or promised deadline (${was?.legal} → ${is?.legal}, ${was?.promised} → ${is?.promised})`
      );
    }
    if (was && is) {
      // A stopped clock can only push a deadline later.
      this.check(is.legal >= was.legal, `${e.type} brought the legal deadline forward`);
      this.check(is.promised >= was.promised, `${e.type} brought the promised deadline forward`);
    }
    if (e.type === 'Accepted') {
      this.check(was === undefined, 'accepted twice');
      const from = e.acceptedFrom;
      // The clock starts at acceptance, or (deemed, Art. 32) at the receipt of the complete application.
      this.check(
        from === (e.deemed ? this.receipt : e.at),
        `Accepted (deemed: ${e.deemed}) counts from ${this.time(from)}, but the complete application was received at ${this.time(this.receipt)}`
      );
      this.check(
        e.deadlines.legal === calendar.deadline(from, definition.limits.legal),
        'the legal deadline at acceptance is not the legal limit from acceptance'
      );
      this.check(
        e.deadlines.promised === calendar.deadline(from, definition.limits.promised),
        'the promised deadline at acceptance is not the promised limit from acceptance'
      );
      if (e.deemed) this.coverage.deemed++;
    }
    if (e.type === 'Extended') {
      this.check(!before!.extension, 'extended twice');
      const amount = e.amount;
      const allowed = definition.limits.extension;
      this.check(
        amount.unit === allowed.unit && amount.amount > 0 && amount.amount <= allowed.amount,
        `extended by ${amount.amount} ${amount.unit}, beyond the Definition's ${allowed.amount} ${allowed.unit}`
      );
      // Approving a request extends by what was asked; the head alone, by the Definition's whole extension.
      this.check(
        e.requestedBy !== undefined ? before!.extensionRequest?.amount === amount : amount === allowed,
        'the extension is not what was requested (or the head alone gave less than the whole)'
      );
      this.check(
        amount.unit === 'workdays' &&
          calendar.workdaysBetween(calendar.dateOf(was!.legal - 1), calendar.dateOf(is!.legal - 1)) === amount.amount &&
          is!.legal === calendar.endOfDay(calendar.dateOf(is!.legal - 1)),
        `the extension moved the legal deadline by something else than ${amount.amount} workdays`
      );
      this.coverage.extended++;
    }
    if (e.type === 'ExtensionRequested') {
      // A request moves nothing until the head approves it (checked above with every deadline move).
      this.check(!before!.extension && !before!.extensionRequest, 'an extension requested twice or after one');
      this.coverage.extensionRequests++;
    }
    if (e.type === 'Submitted' || (e.type === 'Resubmitted' && e.deadlines === undefined)) this.receipt = e.at;

    // (4) The clock stops: note a stop that came after a limit had run out, and check its card was raised.
    const stops =
      e.type === 'SpecialProcedureStarted' || (e.type === 'CorrectionRequested' && e.remaining !== undefined);
    if (stops) {
      if (e.type === 'SpecialProcedureStarted') this.coverage.specialProcedures++;
      else this.coverage.correctionsInReview++;
      for (const kind of ['legal', 'promised'] as const) {
        if (was![kind] <= e.at) {
          this.overduePause[kind] = true;
          const rule = kind === 'legal' ? 'redCard:legal:' : 'yellowCard:promised:';
          this.check(
            before!.raised.some(k => k.startsWith(rule)),
            `the clock stopped after the ${kind} limit ran out, with no ${rule} card raised`
          );
        }
      }
    }
    if (e.type === 'StepReturned') this.coverage.returned++;

    // (2) and (4): each record once; no deadline card while the clock is stopped; a card only once the
    // running time (paused time not counted) has used up the limit in force.
    if (e.type === 'SupervisionRaised') {
      const { key, rule } = e.record;
      this.check(!before!.raised.includes(key), `supervision record ${key} raised twice`);
      this.check(
        rule !== 'deadlineMoved',
        `a deadlineMoved anomaly: the legal deadline ${this.time(before!.deadlines?.legal)} is not the one worked out from acceptance, pauses and extension`
      );
      this.check(
        rule !== 'wrongRole',
        `a wrongRole anomaly on a case where only the right roles acted: ${e.record.message}`
      );
      if (['warning', 'yellowCard', 'redCard'].includes(rule)) {
        this.check(
          !['paused', 'correcting'].includes(before!.status),
          `${key} raised while the clock was stopped (${before!.status})`
        );
      }
      if (key.startsWith('redCard:legal:')) {
        this.coverage.redCards++;
        this.checkUsedUp(before!, 'legal', e.at, key);
      }
      if (key.startsWith('yellowCard:promised:')) {
        this.coverage.yellowCards++;
        this.checkUsedUp(before!, 'promised', e.at, key);
      }
    }

    if (e.type === 'Decided') this.checkDecided(before!, e.at);
    if (e.type === 'Refused') this.coverage.refused++;
    if (e.type === 'Withdrawn') this.coverage.withdrawn++;

    this.state = after;
    this.events.push(e);
  }

  /** The limit in force at `at`, in the limit's unit: undefined when an extension in another unit mixes them. */
  private budget(state: CaseState, kind: LimitKind, at: number): number | undefined {
    const limit = this.definition.limits[kind];
    // The extension as approved: the handler may ask for less than the Definition allows (Art. 42).
    const extension = state.extension?.amount ?? this.definition.limits.extension;
    const extended = state.extension !== undefined && state.extension.at <= at;
    // Art. 42 extends the legal limit; a promised limit in other units (office hours) is not extended.
    if (extended && extension.unit !== limit.unit) return kind === 'promised' ? limit.amount : undefined;
    return limit.amount + (extended ? extension.amount : 0);
  }

  private elapsed(state: CaseState, kind: LimitKind, at: number): number {
    return this.calendar.elapsed(state.acceptedFrom!, at, state.pauses, this.definition.limits[kind].unit);
  }

  private checkUsedUp(state: CaseState, kind: LimitKind, at: number, key: string): void {
    const budget = this.budget(state, kind, at);
    if (budget === undefined || state.acceptedFrom === undefined) return;
    const used = this.elapsed(state, kind, at);
    // A stop after the limit ran out gives no time back (the deadline stays passed), so the running time may be shorter.
    if (this.overduePause[kind]) return;
    this.check(
      used >= budget - eps,
      `${key} at ${this.time(at)} after ${used} ${this.definition.limits[kind].unit} of running time, but the limit is ${budget}`
    );
  }

  /**
   * (4) Paused time is not counted. `calendar.elapsed(acceptedFrom, decidedAt, pauses)` counts running workdays
   * like a limit (the start day not counted, the stop day counted), so a case decided before its deadline has
   * used at most the limit in force (legal or promised, plus an approved extension), a case that used less
   * is before its deadline, and one that used more was carded before its decision. Pauses that began after
   * the limit ran out are the exception: the resumed clock gets the rest of the day (remaining 0).
   */
  private checkDecided(state: CaseState, at: number): void {
    this.coverage.decided++;
    if (state.pauses.length > 0) this.coverage.pausedDecisions++;
    for (const kind of ['legal', 'promised'] as const) {
      const budget = this.budget(state, kind, at);
      if (budget === undefined) continue;
      const unit = this.definition.limits[kind].unit;
      const deadline = state.deadlines![kind];
      const used = this.elapsed(state, kind, at);
      const label = `${kind}: decided at ${this.time(at)}, deadline ${this.time(deadline)}, ${used} ${unit} used of ${budget}`;
      if (!this.overduePause[kind]) {
        if (at < deadline) this.check(used <= budget + eps, `${label}: before the deadline but over the limit`);
        if (used < budget - eps) this.check(at < deadline, `${label}: under the limit but past the deadline`);
        if (unit === 'workdays' && used <= budget && this.calendar.isWorkday(this.calendar.dateOf(at)))
          this.check(at < deadline, `${label}: within the limit on a workday but past the deadline`);
      }
      if (used > budget + eps) {
        if (kind === 'legal') this.coverage.overdueDecisions++;
        const rule = kind === 'legal' ? 'redCard:legal:' : 'yellowCard:promised:';
        this.check(
          state.raised.some(k => k.startsWith(rule)),
          `${label}: over the limit, and no ${rule} card was raised`
        );
      }
    }
  }

  /** After every step: the version counts the events, records are unique, pauses match the status. */
  checkState(): void {
    const s = this.state;
    if (!s) return;
    this.check(s.version === this.events.length, `version ${s.version} but ${this.events.length} events`);
    const raised = this.events.flatMap(e => (e.type === 'SupervisionRaised' ? [e.record.key] : []));
    this.check(new Set(raised).size === raised.length, 'a supervision key appears twice in the events');
    this.check(JSON.stringify(raised) === JSON.stringify(s.raised), 'the raised keys do not match the events');
    const open = s.pauses.filter(p => p.to === undefined).length;
    const stopped = s.status === 'paused' || (s.status === 'correcting' && s.correction?.statusBefore === 'inReview');
    if (!['withdrawn', 'archived'].includes(s.status))
      this.check(open === (stopped ? 1 : 0), `${open} open pauses in status ${s.status}`);
    const expected = expectedLegalDeadline(this.definition, s, this.calendar);
    if (expected !== undefined)
      this.check(
        expected === s.deadlines!.legal,
        `legal deadline ${this.time(s.deadlines!.legal)}, worked out again: ${this.time(expected)}`
      );
    // The promised limit is never longer than the legal one; the exception is a pause on an overdue case, where
    // a workday limit resumes with the rest of the day and an office-hour one at the next opening.
    if (s.deadlines && !this.overduePause.legal && !this.overduePause.promised) {
      this.check(s.deadlines.promised <= s.deadlines.legal, 'the promised deadline is after the legal one');
    }
  }

  /** (1) Nothing after archive: every command is refused with case.archived, no supervision, no timers. */
  checkArchived(): void {
    const s = this.state!;
    for (const at of [this.now, this.now + 30 * day, this.horizon]) {
      for (const command of everyCommand(this.definition, s)) {
        const result = this.engine.decide(this.definition, s, command, at);
        this.check(
          !result.ok && result.rejection.code === 'case.archived' && /[\u4e00-\u9fff]/.test(result.rejection.message),
          `after archive, ${command.type} was not refused with case.archived`
        );
      }
      this.check(
        this.engine.supervise(this.definition, s, at).length === 0,
        'supervise raised something after archive'
      );
    }
    this.check(this.engine.deadlines(this.definition, s).length === 0, 'timers remain after archive');
  }

  /** (5) The case ended once, in the archive, by one road. */
  checkEnded(): void {
    const s = this.state!;
    this.check(s.status === 'archived', `the case ended in ${s.status}, not archived`);
    const count = (type: Event['type']) => this.events.filter(e => e.type === type).length;
    this.check(count('Archived') === 1, 'archived more than once');
    this.check(
      count('Completed') + count('Refused') + count('Withdrawn') === 1,
      'not exactly one of completed, refused, withdrawn'
    );
    this.check(
      count('Decided') <= 1 && count('Extended') <= 1 && count('Accepted') <= 1,
      'decided, extended or accepted more than once'
    );
    if (count('Completed') === 1)
      this.check(count('Decided') === 1 && count('Delivered') >= 1, 'completed without a decision and delivery');
    this.checkArchived();
  }
}

function who(by: Actor): string {
  return by.kind === 'staff'
    ? `${by.department}/${by.roles.join('')}`
    : by.kind === 'applicant'
      ? `申请人${by.id}`
      : '系统';
}

function describe(command: Command): string {
  const { by: _by, type, ...rest } = command as Command & Record<string, unknown>;
  const brief = Object.entries(rest)
    .filter(([k]) => !['answers', 'applicant', 'caseId', 'caseNumber', 'materials'].includes(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${type}${brief.length ? `(${brief.join(' ')})` : ''}`;
}

/** The latest instant from which `workdays` still end inside the calendar's last year. */
export function horizonFor(calendar: WorkCalendar, workdays: number, lastDay = '2026-12-31'): number {
  let date = lastDay;
  const dayBefore = (d: string) => calendar.dateOf(calendar.endOfDay(d) - 2 * day + hour);
  while (calendar.workdaysBetween(date, lastDay) < workdays) date = dayBefore(date);
  return calendar.endOfDay(date) - minute;
}

/** The largest span a matter's deadlines reach ahead of the clock, in workdays. */
export function reachOf(definition: Definition): number {
  const workdays = (l: Limit) => (l.unit === 'workdays' ? l.amount : Math.ceil(l.amount / 7) + 1);
  return Math.max(workdays(definition.limits.legal) + workdays(definition.limits.extension), 10) + 1;
}

export { candidates, day, hour, minute };
