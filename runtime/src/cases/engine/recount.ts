import type { Definition, Limit } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import { countedFromAcceptance } from './counted.ts';
import type { DeadlineMove, Event } from './events.ts';
import { routeOf } from './route.ts';
import type { Instant } from './types.ts';

/** A deadline the case runs against now, under the key a recount names it by. */
export interface DeadlineEntry {
  key: string;
  label: string;
  at: Instant;
  unit: Limit['unit'];
}

const beforeAcceptance = new Set<CaseState['status']>(['submitted', 'correcting', 'awaitingPaper', 'preReviewed']);
const underReview = new Set<CaseState['status']>(['inReview', 'paused', 'correcting']);

/** What `liveDeadlines` reads of a case: its status and its clock, nothing the applicant or staff wrote. */
export type ClockState = Pick<
  CaseState,
  'status' | 'acceptedAt' | 'deemedAcceptanceAt' | 'preReviewDeadline' | 'deadlines' | 'deliveryDeadline'
>;

/** Every deadline that still runs for the case (none once it is decided and delivered, refused or withdrawn). */
export function liveDeadlines(definition: Definition, state: ClockState): DeadlineEntry[] {
  const route = routeOf(definition);
  const unit = definition.limits.promised.unit;
  const out: DeadlineEntry[] = [];
  if (beforeAcceptance.has(state.status) && state.acceptedAt === undefined) {
    if (state.deemedAcceptanceAt !== undefined)
      out.push({
        key: 'deemedAcceptance',
        label: '依法视为受理日（行政许可法第三十二条）',
        at: state.deemedAcceptanceAt,
        unit: 'workdays'
      });
    if (state.preReviewDeadline !== undefined)
      out.push({
        key: 'preReview',
        label: '预审时限',
        at: state.preReviewDeadline,
        unit: route.preReview?.limit.unit ?? 'workdays'
      });
  }
  if (underReview.has(state.status) && state.deadlines) {
    const d = state.deadlines;
    out.push({ key: 'promised', label: '承诺办结期限', at: d.promised, unit });
    out.push({ key: 'legal', label: '法定办结期限', at: d.legal, unit: definition.limits.legal.unit });
    if (d.step !== undefined) out.push({ key: 'step', label: '当前环节时限', at: d.step, unit });
    if (d.stage !== undefined) out.push({ key: 'stage', label: '下级机关初审时限', at: d.stage, unit });
    for (const [department, at] of Object.entries(d.coApprovers ?? {}))
      out.push({ key: `coApprover:${department}`, label: `${department}并联审批答复时限`, at, unit });
  }
  if (state.status === 'decided' && state.deliveryDeadline !== undefined) {
    const delivery = route.steps.find(s => s.kind === 'delivery');
    out.push({
      key: 'delivery',
      label: '送达期限',
      at: state.deliveryDeadline,
      unit: delivery?.limit.unit ?? 'workdays'
    });
  }
  return out;
}

/** Why the deadlines are counted again: the years whose calendar was published and where it came from. */
export interface RecountReason {
  years: number[];
  source: string;
}

/**
 * Deadlines counted again when a year's calendar is published (or corrected). `previousOf(key)` is the calendar a
 * deadline was counted on, or undefined when it was counted on `current` already. These are the department's
 * limits: they follow the published calendar, earlier or later. The legal and promised deadlines of a running clock
 * are counted afresh from the acceptance (with its pauses and extension), exactly as the law counts them, even when
 * the notice comes after days it changes; the supervision checks the legal deadline the same way. Any other deadline
 * still ahead keeps the workdays (or office hours) it had left at `now` by the calendar it was counted on: as if its
 * clock stopped at the publication and ran on at once. A deadline already past does not move (its card is raised).
 * Nothing to move is undefined.
 */
export function recount(
  definition: Definition,
  state: CaseState,
  previousOf: (key: string) => EngineCalendar | undefined,
  current: EngineCalendar,
  now: Instant,
  reason: RecountReason
): Event | undefined {
  const moves: DeadlineMove[] = [];
  for (const entry of liveDeadlines(definition, state)) {
    const previous = previousOf(entry.key);
    if (!previous || entry.at <= now) continue;
    const fresh =
      entry.key === 'legal' || entry.key === 'promised'
        ? countedFromAcceptance(definition, state, current, entry.key)
        : undefined;
    const to = fresh ?? current.resume(now, previous.remaining(now, entry.at, entry.unit));
    if (to !== entry.at) moves.push({ key: entry.key, label: entry.label, from: entry.at, to });
  }
  if (moves.length === 0) return undefined;
  return {
    type: 'DeadlinesRecounted',
    at: now,
    by: { kind: 'system' },
    years: reason.years,
    source: reason.source,
    moves
  };
}

/** The case with each moved deadline in place. Supervision records raised for a deadline count for it where it moved. */
export function applyMoves(state: CaseState, moves: readonly DeadlineMove[]): CaseState {
  const next: CaseState = {
    ...state,
    ...(state.deadlines
      ? {
          deadlines: {
            ...state.deadlines,
            ...(state.deadlines.coApprovers ? { coApprovers: { ...state.deadlines.coApprovers } } : {})
          }
        }
      : {})
  };
  const raised = [...state.raised];
  for (const move of moves) {
    if (move.key === 'deemedAcceptance') next.deemedAcceptanceAt = move.to;
    else if (move.key === 'preReview') next.preReviewDeadline = move.to;
    else if (move.key === 'delivery') next.deliveryDeadline = move.to;
    else if (
      next.deadlines &&
      (move.key === 'legal' || move.key === 'promised' || move.key === 'step' || move.key === 'stage')
    )
      next.deadlines[move.key] = move.to;
    else if (next.deadlines?.coApprovers && move.key.startsWith('coApprover:'))
      next.deadlines.coApprovers[move.key.slice('coApprover:'.length)] = move.to;
    // A warning or card already raised for the old date is not raised again for the new one: its key follows.
    const suffix = `:${move.from}`;
    for (const key of state.raised) if (key.endsWith(suffix)) raised.push(`${key.slice(0, -suffix.length)}:${move.to}`);
  }
  return { ...next, raised: [...new Set(raised)] };
}
