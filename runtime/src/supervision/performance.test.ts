import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../testing/scenario.ts';
import { performance } from './performance.ts';

const { byName, calendar, definitions } = loadCatalog();
const hygiene = byName('公共场所卫生许可');
const health = '市卫生健康委员会';
const as = (role: string) => staff(health, [role], role);

function decided(id: string, acceptedAt: string, decidedAt: string, pause?: [string, string]) {
  const s = new Scenario(hygiene, calendar)
    .when(acceptedAt, citizen, {
      type: 'submit',
      caseId: id,
      caseNumber: id,
      applicant: company,
      channel: 'online',
      answers: answersFor(hygiene),
      materials: []
    })
    .when(acceptedAt, as('窗口'), { type: 'passPreReview' })
    .when(acceptedAt, as('窗口'), { type: 'confirmPaper' })
    .when(acceptedAt, as('窗口'), { type: 'accept' });
  const steps = hygiene.steps.filter(step => step.kind === 'review');
  if (pause) {
    // The hygiene licence lists no special procedure: a correction during review pauses the clock instead.
    s.when(pause[0], as(steps[0]!.kind === 'review' ? steps[0]!.role : '承办人'), {
      type: 'requestCorrection',
      items: ['卫生检测报告过期']
    }).when(pause[1], citizen, { type: 'resubmit' });
  }
  for (const step of steps)
    if (step.kind === 'review')
      s.when(decidedAt, as(step.role), { type: 'completeStep', stepId: step.id, opinion: '同意' });
  return s.when(decidedAt, as('分管领导'), { type: 'decide', approve: true }).state!;
}

describe('performance evaluation', () => {
  it('counts early, on time and late against the promised limit, leaving paused time out', () => {
    const cases = [
      decided('a', '2026-09-28 09:00', '2026-09-28 16:00'), // same day: early
      decided('b', '2026-09-28 09:00', '2026-09-29 16:00'), // the promised workday: on time
      decided('c', '2026-09-28 09:00', '2026-09-30 16:00'), // a day late
      decided('d', '2026-09-28 09:00', '2026-10-09 11:00', ['2026-09-28 10:00', '2026-10-09 10:00']) // paused over the holiday
    ];
    const [row] = performance(cases, new Map(definitions.map(d => [d.code, d])), calendar, [
      { caseId: 'a', rating: 'verySatisfied' },
      { caseId: 'c', rating: 'dissatisfied' }
    ]);
    expect(row).toMatchObject({
      department: health,
      received: 4,
      accepted: 4,
      decided: 4,
      early: 2,
      onTime: 1,
      late: 1,
      correctionRounds: 1,
      ratings: 2,
      badRatings: 1,
      satisfaction: 0.5,
      averagePromised: 1,
      averageLegal: 20
    });
    expect(row!.averageUsed).toBe(0.75);
  });
});
