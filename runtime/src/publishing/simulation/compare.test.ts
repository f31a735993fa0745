import { describe, expect, it } from 'vitest';
import { changesBetween } from './compare.ts';
import type { Outcome } from './timeline.ts';

const expected: Outcome = {
  decidedOn: '2026-10-20',
  promisedBy: '2026-10-20',
  legalBy: '2026-11-02',
  deemedAcceptance: false,
  cards: [{ level: 'warning', day: '2026-10-19', what: '本办件的承诺办结时限即将到期。' }]
};

describe('what changed in an expectation', () => {
  it('nothing when the outcome is the same', () => {
    expect(changesBetween(expected, structuredClone(expected))).toEqual([]);
  });

  it('each date that moved, deemed acceptance, and every card gained or lost, in Chinese', () => {
    const actual: Outcome = {
      decidedOn: '2026-10-22',
      promisedBy: '2026-10-20',
      legalBy: null,
      deemedAcceptance: true,
      cards: [{ level: 'yellow', day: '2026-10-21', what: '本办件超过承诺办结时限，亮黄牌。' }]
    };
    expect(changesBetween(expected, actual)).toEqual([
      '作出决定的日期由 2026-10-20 变为 2026-10-22',
      '法定时限届满日由 2026-11-02 变为 无',
      '原来不视为受理，现在视为受理',
      '不再发出预警（2026-10-19）：本办件的承诺办结时限即将到期。',
      '新增黄牌（2026-10-21）：本办件超过承诺办结时限，亮黄牌。'
    ]);
  });

  it('counts identical cards: one more of the same is a change', () => {
    const twice = { ...expected, cards: [...expected.cards, ...expected.cards] };
    expect(changesBetween(expected, twice)).toEqual(['新增预警（2026-10-19）：本办件的承诺办结时限即将到期。']);
  });
});
