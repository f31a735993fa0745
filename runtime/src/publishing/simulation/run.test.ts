import { describe, expect, it } from 'vitest';
import { Refusal } from '../../platform/refusal.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { simulateDefinition } from './simulate.ts';

const { definitions, calendar } = loadCatalog();

describe('simulating every matter of the shipped catalogue', () => {
  it.each(definitions.map(d => [d.name, d] as const))('%s runs to a decision, or is refused in Chinese', (_, d) => {
    for (const staffPace of ['prompt', 'lastDay'] as const) {
      const submittedAt = d.annualInspection ? `2026-${d.annualInspection.window.from}T10:00` : '2026-09-28T10:00';
      try {
        const { timeline, outcome } = simulateDefinition(d, calendar, { submittedAt, staffPace });
        expect(timeline.map(e => e.at)).toEqual([...timeline.map(e => e.at)].sort());
        expect(outcome.decidedOn, `${d.name} ${staffPace}`).not.toBeNull();
        if (staffPace === 'lastDay')
          expect(
            outcome.cards.filter(c => c.level === 'red'),
            `${d.name} ${staffPace}`
          ).toEqual([]);
      } catch (error) {
        expect(error, `${d.name} ${staffPace}: ${String(error)}`).toBeInstanceOf(Refusal);
        expect((error as Refusal).message).toMatch(/\p{Script=Han}/u);
      }
    }
  });
});
