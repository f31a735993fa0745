import type { Definition } from '@banshi/definition';

/**
 * The last day a licence issued on `issued` (YYYY-MM-DD) is valid: the day before the same date one period on (a
 * licence of 4 years issued 2026-10-12 runs to 2030-10-11). A period in months or years that reaches a month
 * without that date ends on that month's last day (民法典 第二百零二条: 没有对应日的，月末日为期间的最后一日), so
 * 2024-02-29 for a year runs to 2025-02-28 and 2026-01-31 for a month to 2026-02-28. Undefined when the licence is
 * valid indefinitely or the matter names no period. The database's licence_last_day (migration 025), which extends
 * licences, is the same rule; a test holds them equal.
 */
export function validUntil(
  issued: string,
  validity: NonNullable<Definition['result']>['validity']
): string | undefined {
  if (!validity || validity === 'indefinite') return undefined;
  const [y, m, d] = issued.split('-').map(Number) as [number, number, number];
  const day = (date: Date) => date.toISOString().slice(0, 10);
  if (validity.unit === 'days') return day(new Date(Date.UTC(y, m - 1, d + validity.amount - 1)));
  const months = m - 1 + validity.amount * (validity.unit === 'years' ? 12 : 1);
  const monthEnd = new Date(Date.UTC(y, months + 1, 0)).getUTCDate();
  if (d > monthEnd) return day(new Date(Date.UTC(y, months, monthEnd)));
  return day(new Date(Date.UTC(y, months, d - 1)));
}
