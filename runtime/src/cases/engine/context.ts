import type { Definition, Limit } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import type { Deadlines, Remaining } from './events.ts';
import type { Instant, Actor } from './types.ts';
import { routeOf, type Route, type RouteStep } from './route.ts';

/** Everything a command handler reads. */
export interface Context {
  definition: Definition;
  route: Route;
  calendar: EngineCalendar;
  now: Instant;
}

export function context(definition: Definition, calendar: EngineCalendar, now: Instant): Context {
  return { definition, route: routeOf(definition), calendar, now };
}

export function isStaffOf(by: Actor, department: string, role?: string): boolean {
  return by.kind === 'staff' && by.department === department && (role === undefined || by.roles.includes(role));
}

export function actorLabel(by: Actor): string {
  if (by.kind === 'staff') return `${by.department}的${by.name}（${by.roles.join('、') || '无角色'}）`;
  if (by.kind === 'applicant') return `申请人${by.name}`;
  return '系统';
}

/** Deadlines for entering `step` at `now`, keeping the overall ones and the stage's where it continues. */
export function enterStep(
  ctx: Context,
  deadlines: Deadlines,
  step: RouteStep | undefined,
  previous: RouteStep | undefined
): Deadlines {
  const next: Deadlines = { legal: deadlines.legal, promised: deadlines.promised };
  if (!step) return next;
  const stageId = step.stageId;
  if (stageId) {
    const continuing = previous?.stageId === stageId && deadlines.stage !== undefined;
    next.stage = continuing ? deadlines.stage : ctx.calendar.deadline(ctx.now, ctx.route.stages[stageId]!.limit);
  }
  next.step = step.kind === 'handOff' ? next.stage : ctx.calendar.deadline(ctx.now, step.limit);
  return next;
}

/** What is left of every running deadline when the clock stops at `now`. */
export function remainingOf(ctx: Context, deadlines: Deadlines): Remaining {
  const unit = ctx.definition.limits.promised.unit;
  const left = (at: Instant, u: Limit['unit'] = unit) => ctx.calendar.remaining(ctx.now, at, u);
  return {
    legal: left(deadlines.legal, ctx.definition.limits.legal.unit),
    promised: left(deadlines.promised),
    ...(deadlines.step !== undefined ? { step: left(deadlines.step) } : {}),
    ...(deadlines.stage !== undefined ? { stage: left(deadlines.stage) } : {}),
    ...(deadlines.coApprovers
      ? { coApprovers: Object.fromEntries(Object.entries(deadlines.coApprovers).map(([d, at]) => [d, left(at)])) }
      : {})
  };
}

/**
 * Every deadline restarted at `now` with what remained: paused time is not counted. A deadline that had already
 * passed when the clock stopped stays where it was: a pause never makes an overdue case less overdue.
 */
export function resumeAll(
  ctx: Context,
  paused: { since: Instant; remaining: Remaining },
  before: Deadlines
): Deadlines {
  const at = (limit: Limit, previous: Instant | undefined) =>
    previous !== undefined && previous <= paused.since ? previous : ctx.calendar.resume(ctx.now, limit);
  const { remaining } = paused;
  return {
    legal: at(remaining.legal, before.legal),
    promised: at(remaining.promised, before.promised),
    ...(remaining.step ? { step: at(remaining.step, before.step) } : {}),
    ...(remaining.stage ? { stage: at(remaining.stage, before.stage) } : {}),
    ...(remaining.coApprovers
      ? {
          coApprovers: Object.fromEntries(
            Object.entries(remaining.coApprovers).map(([d, l]) => [d, at(l, before.coApprovers?.[d])])
          )
        }
      : {})
  };
}

export type { CaseState };
