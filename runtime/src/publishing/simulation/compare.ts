import type { Outcome } from './timeline.ts';

const cardLabels = { warning: '预警', yellow: '黄牌', red: '红牌', anomaly: '异常' } as const;

/**
 * What changed between an expected outcome and the one a simulation gives now, one Chinese sentence per change:
 * 作出决定的日期由 2026-10-20 变为 2026-10-22. Nothing when they agree.
 */
export function changesBetween(expected: Outcome, actual: Outcome): string[] {
  const changes: string[] = [];
  const day = (d: string | null) => d ?? '无';
  const dates: Array<[keyof Pick<Outcome, 'decidedOn' | 'promisedBy' | 'legalBy'>, string]> = [
    ['decidedOn', '作出决定的日期'],
    ['promisedBy', '承诺时限届满日'],
    ['legalBy', '法定时限届满日']
  ];
  for (const [key, label] of dates)
    if (expected[key] !== actual[key]) changes.push(`${label}由 ${day(expected[key])} 变为 ${day(actual[key])}`);
  if (expected.deemedAcceptance !== actual.deemedAcceptance)
    changes.push(actual.deemedAcceptance ? '原来不视为受理，现在视为受理' : '原来视为受理，现在不再视为受理');
  const key = (c: Outcome['cards'][number]) => `${c.level}\u0000${c.day}\u0000${c.what}`;
  const remaining = new Map<string, number>();
  for (const c of actual.cards) remaining.set(key(c), (remaining.get(key(c)) ?? 0) + 1);
  for (const c of expected.cards) {
    const left = remaining.get(key(c)) ?? 0;
    if (left > 0) remaining.set(key(c), left - 1);
    else changes.push(`不再${c.level === 'warning' ? '发出' : '出现'}${cardLabels[c.level]}（${c.day}）：${c.what}`);
  }
  const added = new Map(remaining);
  for (const c of actual.cards) {
    const left = added.get(key(c)) ?? 0;
    if (left > 0) {
      added.set(key(c), left - 1);
      changes.push(`新增${cardLabels[c.level]}（${c.day}）：${c.what}`);
    }
  }
  return changes;
}
