import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../cases/index.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { dbKinds } from '../testing/database.ts';
import { answersFor, citizen, company, Scenario, staff } from '../testing/scenario.ts';
import { openTestStore, type TestStore } from '../testing/store.ts';
import { measurePerformance } from './measure.ts';
import { definitionKey, performance } from './performance.ts';

const { byName, calendar } = loadCatalog();
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
    const [row] = performance(cases, new Map(cases.map(state => [definitionKey(state), hygiene])), calendar, [
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

describe.each(dbKinds)('performance of the stored cases on %s', kind => {
  let t: TestStore;

  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(async () => t?.close());

  /** A case as the store keeps it: its row, and its state naming the matter version it was received under. */
  async function stored(state: CaseState, version: number) {
    await t.db.query(
      `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $10)`,
      [
        state.id,
        state.caseNumber,
        state.matterCode,
        version,
        randomUUID(),
        health,
        state.status,
        JSON.stringify({ ...state, matterVersion: String(version) }),
        state.version,
        new Date(state.receivedAt).toISOString()
      ]
    );
  }

  it('measures each case against the version of its matter it was received under, not the first one met', async () => {
    // Version 2 promises five workdays where version 1 promised one, and lowers the legal limit to fifteen.
    const second = {
      ...hygiene,
      limits: {
        ...hygiene.limits,
        promised: { amount: 5, unit: 'workdays' as const },
        legal: { amount: 15, unit: 'workdays' as const }
      }
    };
    await t.db.query(
      `insert into matter_versions (code, version, state, department, name, path, source, definition)
       values ($1, 2, 'approved', $2, $3, 'x', 'x', $4::jsonb)`,
      [hygiene.code, health, hygiene.name, JSON.stringify(second)]
    );
    // Both decided two workdays after acceptance: late on version 1, early on version 2.
    await stored(decided(randomUUID(), '2026-09-28 09:00', '2026-09-30 16:00'), 1);
    await stored(decided(randomUUID(), '2026-09-28 09:00', '2026-09-30 16:00'), 2);
    const [row] = await measurePerformance(
      { db: t.db, registry: t.registry, calendar: () => t.calendar },
      { department: health }
    );
    expect(row).toMatchObject({
      department: health,
      decided: 2,
      early: 1,
      onTime: 0,
      late: 1,
      averagePromised: 3,
      averageLegal: 17.5
    });
  });
});
