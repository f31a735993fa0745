import type { Definition, Limit } from '@banshi/definition';
import type { EngineCalendar } from './calendar-port.ts';
import type { Instant } from './types.ts';
import type { Watched } from './watched.ts';

const hour = 3_600_000;

/** The start of the day `n` workdays before the day a deadline ends on. */
function workdaysBefore(calendar: EngineCalendar, deadline: Instant, n: number): Instant {
  let date = calendar.dateOf(deadline - 1);
  let counted = 0;
  while (counted < n) {
    const previous = calendar.dateOf(calendar.endOfDay(date) - 2 * 86_400_000);
    date = previous;
    if (calendar.isWorkday(date)) counted++;
  }
  return calendar.endOfDay(date);
}

function after(calendar: EngineCalendar, deadline: Instant, grace: Limit): Instant {
  if (grace.amount === 0) return deadline;
  return grace.unit !== 'hours' ? calendar.deadline(deadline - 1, grace) : deadline + grace.amount * hour;
}

/** When a watched deadline warrants a warning, a yellow card and (for the legal limit) a red card. */
export function thresholds(
  definition: Definition,
  calendar: EngineCalendar,
  item: Watched
): { warning?: Instant; yellow?: Instant; red?: Instant } {
  const policy = definition.supervision;
  const warning =
    item.unit === 'hours'
      ? item.at - Math.min(1, Math.max(0.25, definition.limits.promised.amount / 4)) * hour
      : policy.warningBefore.unit === 'days'
        ? // Calendar days before the deadline's end: Shanghai keeps no daylight saving, so a day is 24 hours.
          item.at - policy.warningBefore.amount * 86_400_000
        : workdaysBefore(calendar, item.at, policy.warningBefore.unit === 'workdays' ? policy.warningBefore.amount : 1);
  if (item.kind === 'legal') return { red: after(calendar, item.at, policy.redCardGrace) };
  const timely = warnedWithin(item, warning);
  if (item.kind === 'coApprover') return { warning: timely };
  return { warning: timely, yellow: after(calendar, item.at, policy.yellowCardGrace) };
}

/**
 * A warning the policy would give before the deadline even began (a same-day limit warned "one workday before" at
 * the moment of submission, office-audit item 34) comes instead halfway through the time there is.
 */
function warnedWithin(item: Watched, warning: Instant): Instant {
  return item.from !== undefined && warning <= item.from ? item.from + Math.floor((item.at - item.from) / 2) : warning;
}
