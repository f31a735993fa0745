import { describe, expect, it } from 'vitest';
import { Grouped } from './grouped.ts';

/** A Grouped that records each round trip, answering after a turn of the event loop as a database would. */
function recorder(options: { failMany?: boolean; failOne?: (n: number) => boolean; maxGroup?: number } = {}) {
  const trips: Array<{ kind: 'many' | 'one'; items: number[] }> = [];
  const turn = () => new Promise(resolve => setImmediate(resolve));
  const grouped = new Grouped<number, string>(
    options.maxGroup ?? 100,
    async items => {
      trips.push({ kind: 'many', items });
      await turn();
      if (options.failMany) throw new Error('the group failed');
      return items.map(n => `#${n}`);
    },
    async n => {
      trips.push({ kind: 'one', items: [n] });
      await turn();
      if (options.failOne?.(n)) throw new Error(`item ${n} failed`);
      return `#${n}`;
    }
  );
  return { grouped, trips };
}

describe('work grouped while a round trip runs', () => {
  it('sends the first at once, alone, and the ones that came meanwhile together, each answered its own', async () => {
    const { grouped, trips } = recorder();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(n => grouped.add(n)));
    expect(answers).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(trips).toEqual([
      { kind: 'one', items: [1] },
      { kind: 'many', items: [2, 3, 4, 5] }
    ]);
  });

  it('keeps groups to their largest size', async () => {
    const { grouped, trips } = recorder({ maxGroup: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map(n => grouped.add(n)))).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(trips.map(t => t.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('does each item of a failed group alone, so only the bad one fails', async () => {
    const { grouped, trips } = recorder({ failMany: true, failOne: n => n === 3 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map(n => grouped.add(n)));
    expect(settled.map(s => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      '#1',
      '#2',
      'item 3 failed',
      '#4'
    ]);
    expect(trips.map(t => t.kind)).toEqual(['one', 'many', 'one', 'one', 'one']);
  });

  it('answers again after a quiet moment', async () => {
    const { grouped } = recorder();
    expect(await grouped.add(1)).toBe('#1');
    expect(await grouped.add(2)).toBe('#2');
  });
});
