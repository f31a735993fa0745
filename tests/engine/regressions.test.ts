import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { answersFor, applicantFor, citizen, company, Scenario, staff } from '../../runtime/src/testing/scenario.ts';

/** Engine bugs the property test (invariants.test.ts) found, kept as regression tests now that they are fixed. */
const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口']);
const handler = staff(housing, ['承办人']);
const leader = staff(housing, ['分管领导']);

function acceptedPermit(time: string): Scenario {
  return new Scenario(permit, calendar)
    .when(time, citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM2026030200001',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    })
    .when(time, window, { type: 'passPreReview' })
    .when(time, window, { type: 'confirmPaper' })
    .when(time, window, { type: 'accept' });
}

describe('engine regressions the property test found', () => {
  // After a correction before acceptance the Art. 32 timer restarts from the resubmission, and a deemed
  // acceptance counts from the complete application, not the first receipt.
  it('1: a deemed acceptance after a correction counts from the corrected application', () => {
    const s = new Scenario(permit, calendar)
      .when('2026-03-02 10:00', citizen, {
        type: 'submit',
        caseId: 'c1',
        caseNumber: 'n1',
        applicant: company,
        channel: 'online',
        answers: answersFor(permit),
        materials: ['申请表']
      })
      .when('2026-03-02 11:00', window, { type: 'requestCorrection', items: ['缺少施工合同'] })
      .when('2026-04-01 10:00', citizen, { type: 'resubmit', materials: ['施工合同'] });
    expect(s.state!.deemedAcceptanceAt).toBe(at('2026-04-10 00:00'));
    const fired = s.tick('2026-04-10 09:00');
    expect(fired.find(e => e.type === 'Accepted')).toMatchObject({
      deemed: true,
      acceptedFrom: at('2026-04-01 10:00')
    });
    expect(s.supervision.filter(r => r.level === 'redCard')).toEqual([]);
  });

  it('2: an extension and a special procedure at the same instant raise no deadlineMoved anomaly', () => {
    const s = acceptedPermit('2026-03-02 10:00');
    s.when('2026-03-20 10:00', leader, { type: 'extend', reason: '情况复杂' })
      .when('2026-03-20 10:00', handler, {
        type: 'startSpecialProcedure',
        kind: 'expertReview',
        reason: '专家论证',
        expected: { amount: 5, unit: 'workdays' }
      })
      .when('2026-03-27 11:00', handler, { type: 'endSpecialProcedure', result: '通过' });
    s.tick('2026-03-27 11:30');
    expect(s.supervision.filter(r => r.rule === 'deadlineMoved')).toEqual([]);
  });

  it("3: an immediate matter's extension moves the legal limit (Art. 42), not the promised office hours", () => {
    const matter = byName('个体工商户设立登记');
    const market = '市市场监督管理局';
    const s = new Scenario(matter, calendar)
      .when('2026-01-05 09:00', staff(market, ['窗口']), {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'n',
        applicant: applicantFor(matter),
        channel: 'onSite',
        answers: answersFor(matter),
        materials: []
      })
      .when('2026-01-05 09:00', staff(market, ['窗口']), { type: 'passPreReview' })
      .when('2026-01-05 09:00', staff(market, ['窗口']), { type: 'confirmPaper' })
      .when('2026-01-05 09:00', staff(market, ['窗口']), { type: 'accept' });
    const before = s.state!.deadlines!;
    s.when('2026-01-05 09:05', staff(market, ['处室负责人']), { type: 'extend', reason: '情况复杂' });
    expect(s.state!.deadlines!.promised).toBe(before.promised);
    expect(s.state!.deadlines!.legal).toBe(calendar.deadline(before.legal - 1, { amount: 10, unit: 'workdays' }));
  });

  it('4: a pause on an overdue case does not make it less overdue, and an extension after the legal limit is refused', () => {
    const s = acceptedPermit('2026-03-02 10:00');
    const legal = s.state!.deadlines!.legal;
    s.tick('2026-04-08 09:00');
    expect(s.attempt('2026-04-08 10:00', leader, { type: 'extend', reason: '补办延期' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.too-late' }
    });
    s.when('2026-04-08 10:00', handler, {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '专家论证',
      expected: { amount: 5, unit: 'workdays' }
    }).when('2026-04-15 10:00', handler, { type: 'endSpecialProcedure', result: '通过' });
    expect(s.state!.deadlines!.legal).toBe(legal);
    s.tick('2026-04-16 09:00');
    expect(s.supervision.filter(r => r.rule === 'redCard')).toHaveLength(1);
    expect(s.supervision.filter(r => r.rule === 'deadlineMoved')).toEqual([]);
  });
});
