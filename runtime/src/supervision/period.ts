import type { Instant } from '../cases/index.ts';

/**
 * A period of Beijing dates (a month, a quarter, a year, or days from–to), as instants: `from` included, `to`
 * excluded; a bound left out is open. `lastMonth` is the period's last month (1–12) in `year`, for the online
 * share's target; absent for an open or a day range.
 */
export interface Period {
  label: string;
  from?: Instant;
  to?: Instant;
  year?: number;
  lastMonth?: number;
}

/** 2026 · 2026-Q4 · 2026-10 */
export const periodPattern = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** 00:00 of a Beijing date (China keeps no summer time: always UTC+8). */
export const startOfDate = (date: string): Instant => Date.parse(`${date}T00:00:00+08:00`);

const pad = (n: number) => String(n).padStart(2, '0');

/** The period a label names; days `from`–`to` (both included) when no label; all time when neither. */
export function periodOf(label?: string, days?: { from?: string; to?: string }): Period {
  if (label) {
    const match = periodPattern.exec(label);
    if (!match) throw new RangeError(`not a period: ${label}`);
    const year = Number(match[1]);
    const [first, last] = match[2]
      ? [(Number(match[2]) - 1) * 3 + 1, Number(match[2]) * 3]
      : match[3]
        ? [Number(match[3]), Number(match[3])]
        : [1, 12];
    const after = last === 12 ? `${year + 1}-01-01` : `${year}-${pad(last + 1)}-01`;
    return { label, from: startOfDate(`${year}-${pad(first)}-01`), to: startOfDate(after), year, lastMonth: last };
  }
  const from = days?.from ? startOfDate(days.from) : undefined;
  const to = days?.to ? startOfDate(days.to) + 24 * 3600 * 1000 : undefined;
  return { label: days?.from || days?.to ? `${days.from ?? ''}~${days.to ?? ''}` : '全部', from, to };
}

export const inPeriod = (period: Period, at: Instant | undefined): at is Instant =>
  at !== undefined && (period.from === undefined || at >= period.from) && (period.to === undefined || at < period.to);

/**
 * 双轨运行 (seed 003, 六): each department's online approvals are to reach 30 % of the total by April and 70 % by
 * October. The target in force for a period is the one whose month its last month has reached; none before April
 * or for a period that is not a month, quarter or year.
 */
export function onlineTarget(period: Period): { share: number; by: string } | null {
  if (period.year === undefined || period.lastMonth === undefined) return null;
  if (period.lastMonth >= 10) return { share: 0.7, by: `${period.year}-10` };
  if (period.lastMonth >= 4) return { share: 0.3, by: `${period.year}-04` };
  return null;
}
