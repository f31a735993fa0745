import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { explainCaseDeadlines, explainDeadline } from './explain-deadline.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');
const leader = staff(housing, ['分管领导'], '黄局长');

/**
 * Accepted Monday 28 Sep 2026; distributed 30 Sep; an expert review from 9 Oct 10:00 to 14 Oct 10:00; an extension of
 * 10 workdays requested on 15 Oct and approved the same day. 2026: 1–7 Oct off (国庆节), Saturday 10 Oct worked.
 */
function handled() {
  return new Scenario(permit, calendar)
    .when('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM2026092800001',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    })
    .when('2026-09-28 10:00', window, { type: 'passPreReview' })
    .when('2026-09-28 10:00', window, { type: 'confirmPaper' })
    .when('2026-09-28 10:00', window, { type: 'accept' })
    .when('2026-09-29 10:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
    .when('2026-09-30 10:00', handler, { type: 'distribute' })
    .when('2026-10-09 10:00', handler, {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '超限高层需专家论证',
      expected: { amount: 5, unit: 'workdays' }
    })
    .when('2026-10-14 10:00', handler, { type: 'endSpecialProcedure', result: '专家评审通过' })
    .when('2026-10-15 10:00', handler, {
      type: 'requestExtension',
      reason: '需现场核查施工场地',
      amount: { amount: 10, unit: 'workdays' }
    })
    .when('2026-10-15 11:00', leader, { type: 'approveExtension', opinion: '同意' });
}

describe('why this date: every deadline with its derivation, counted by hand across National Day 2026', () => {
  const s = handled();
  const all = explainCaseDeadlines(permit, s.state!, calendar);
  const byKey = (key: string) => all.find(e => e.key === key)!;

  it('the legal limit: 20 workdays from the day after acceptance, the expert review not counted, 10 more approved', () => {
    const legal = byKey('legal');
    // 29, 30 Sep; 8, 9, 10 (Sat, worked), 12–16, 19–23, 26–30 Oct: the 20th workday is 30 Oct.
    expect(legal.lines[0]).toBe(
      '自受理之日起算（受理次日起算）（2026年9月28日）；法定时限（《行政许可法》第四十二条），期限 20 个工作日（按工作日计算，起算当日不计入、自次日起算，法定节假日和休息日不计，调休上班日计入），届满于 2026年10月30日24时。'
    );
    // Stopped 9 Oct with 16 left (10, 12–16, 19–23, 26–30 Oct); restarted 14 Oct: 15, 16, 19–23, 26–30 Oct, 2–5 Nov.
    expect(legal.pauses).toEqual([
      expect.objectContaining({
        from: at('2026-10-09 10:00'),
        to: at('2026-10-14 10:00'),
        reason: 'specialProcedure',
        remaining: { amount: 16, unit: 'workdays' },
        movedTo: at('2026-11-06 00:00')
      })
    ]);
    expect(legal.pauses[0]!.label).toContain('专家评审（超限高层需专家论证）');
    // Ten more after 5 Nov: 6, 9–13, 16–19 Nov.
    expect(legal.extension).toMatchObject({
      amount: { amount: 10, unit: 'workdays' },
      approvedBy: '黄局长',
      requestedBy: `${housing} 陈承办`,
      movedTo: at('2026-11-20 00:00')
    });
    expect(legal.at).toBe(at('2026-11-20 00:00'));
    expect(legal.stored).toBe(legal.at);
    expect(legal.holidays.map(h => [h.name, h.from, h.to])).toEqual([['国庆节', '2026-10-01', '2026-10-07']]);
    expect(legal.adjustedWorkdays).toEqual(['2026-10-10']);
    expect(legal.lines).toContain('其间国庆节（2026年10月1日至2026年10月7日）放假，不计入。');
    expect(legal.lines).toContain('2026年10月10日为调休上班日，计入工作日。');
    expect(legal.provisional).toBe(false);
  });

  it('the promised limit: 7 workdays, the same pause and extension', () => {
    const promised = byKey('promised');
    // 29, 30 Sep, 8, 9, 10, 12, 13 Oct; 3 left on 9 Oct (10, 12, 13); from 14 Oct: 15, 16, 19; +10: 20–23, 26–30 Oct, 2 Nov.
    expect(promised.pauses[0]!.remaining).toEqual({ amount: 3, unit: 'workdays' });
    expect(promised.pauses[0]!.movedTo).toBe(at('2026-10-20 00:00'));
    expect(promised.at).toBe(at('2026-11-03 00:00'));
    expect(promised.stored).toBe(promised.at);
  });

  it('a co-approver’s own deadline: from the distribution, its own workdays, the pause given back', () => {
    const planning = byKey('coApprover:市自然资源和规划局');
    // 2 workdays from 30 Sep: 8, 9 Oct. Stopped 9 Oct 10:00 with nothing left but the rest of that day: ends 14 Oct.
    expect(planning.start.date).toBe('2026-09-30');
    expect(planning.limit).toEqual({ amount: 2, unit: 'workdays' });
    expect(planning.pauses[0]!.remaining).toEqual({ amount: 0, unit: 'workdays' });
    expect(planning.at).toBe(at('2026-10-15 00:00'));
    expect(planning.stored).toBe(planning.at);
    expect(planning.extension).toBeUndefined();
    const civilDefence = byKey('coApprover:市人民防空办公室');
    // The parallel step's 3 workdays: 8, 9, 10 Oct; one left on 9 Oct (10 Oct); from 14 Oct: 15 Oct.
    expect(civilDefence.at).toBe(at('2026-10-16 00:00'));
    expect(byKey('step').at).toBe(civilDefence.at);
    expect(byKey('step').stored).toBe(civilDefence.at);
  });

  it('the Art. 32 date before acceptance: 5 workdays from receipt, across the holiday', () => {
    const submitted = new Scenario(permit, calendar).when('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c2',
      caseNumber: 'XM2026092800002',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    });
    const [deemed] = explainCaseDeadlines(permit, submitted.state!, calendar);
    // 29, 30 Sep; 8, 9, 10 Oct (Saturday worked).
    expect(deemed).toMatchObject({ key: 'deemedAcceptance', at: at('2026-10-11 00:00') });
    expect(deemed!.stored).toBe(deemed!.at);
    expect(deemed!.basis).toContain('第三十二条');
  });

  it('a deadline already passed when the clock stopped is not moved by the pause', () => {
    const e = explainDeadline(calendar, {
      key: 'step',
      label: '“审查”环节期限',
      basis: '环节时限',
      start: at('2026-09-28 10:00'),
      startText: '自进入环节之日起算',
      limit: { amount: 2, unit: 'workdays' },
      pauses: [
        { from: at('2026-10-09 10:00'), to: at('2026-10-14 10:00'), reason: 'specialProcedure', label: '专家评审' }
      ]
    });
    expect(e.at).toBe(at('2026-10-01 00:00'));
    expect(e.pauses[0]!.movedTo).toBeUndefined();
    expect(e.lines.at(-1)).toContain('暂停时该期限已经届满，不因暂停顺延');
  });

  it('while a pause runs there is no date yet: what remains is said instead', () => {
    const e = explainDeadline(calendar, {
      key: 'legal',
      label: '法定办结期限',
      basis: '法定时限',
      start: at('2026-09-28 10:00'),
      startText: '自受理之日起算',
      limit: { amount: 20, unit: 'workdays' },
      pauses: [{ from: at('2026-10-09 10:00'), reason: 'specialProcedure', label: '专家评审' }]
    });
    expect(e.at).toBeUndefined();
    expect(e.pauses[0]!.remaining).toEqual({ amount: 16, unit: 'workdays' });
    expect(e.lines[1]).toContain('暂停时剩余 16 个工作日，恢复计时后自恢复次日起重新计算');
  });
});

describe('why this date across a hand-off (Art. 43, Art. 35): the city reviews first, the province decides', () => {
  const coachLine = byName('省际道路旅客运输班线经营许可');
  const city = (role: string) => staff('市交通运输局', [role], `市${role}`);
  const province = (role: string) => staff('省交通运输厅', [role], `省${role}`);

  /** The city accepts on `accepted` and passes its three steps at the times given. */
  function reviewedByCity(accepted: string, steps: [string, string, string]) {
    return new Scenario(coachLine, calendar)
      .when(accepted, citizen, {
        type: 'submit',
        caseId: 'c3',
        caseNumber: 'XM2026092400001',
        applicant: company,
        channel: 'online',
        answers: answersFor(coachLine),
        materials: ['申请表']
      })
      .when(accepted, city('窗口'), { type: 'passPreReview' })
      .when(accepted, city('窗口'), { type: 'confirmPaper' })
      .when(accepted, city('窗口'), { type: 'accept' })
      .when(steps[0], city('承办人'), { type: 'completeStep', stepId: 'firstReview-1.review-1', opinion: '符合条件' })
      .when(steps[1], city('处室负责人'), { type: 'completeStep', stepId: 'firstReview-1.review-2', opinion: '同意' })
      .when(steps[2], city('分管领导'), {
        type: 'completeStep',
        stepId: 'firstReview-1.review-3',
        opinion: '同意上报'
      });
  }
  const explained = (s: Scenario) => explainCaseDeadlines(coachLine, s.state!, calendar);
  const byKeyOf = (s: Scenario, key: string) => explained(s).find(e => e.key === key);

  it('the city’s first review: 20 workdays from its acceptance, across 中秋节 and 国庆节, the date the hand-off is due', () => {
    const s = reviewedByCity('2026-09-24 10:00', ['2026-09-24 14:00', '2026-09-28 10:00', '2026-09-28 15:00']);
    expect(s.state!.stepId).toBe('firstReview-1.handOff');
    const stage = byKeyOf(s, 'stage')!;
    // Accepted Thu 24 Sep; 25–27 Sep off (中秋节); 28, 29, 30 Sep; 1–7 Oct off (国庆节); 8, 9, 10 (Sat, worked),
    // 12–16, 19–23, 26–29 Oct: the 20th workday is Thu 29 Oct.
    expect(stage).toMatchObject({
      label: '市交通运输局初审期限（报送省交通运输厅）',
      start: { at: at('2026-09-24 10:00'), date: '2026-09-24', text: '自市交通运输局受理之日起算（受理次日起算）' },
      limit: { amount: 20, unit: 'workdays' },
      pauses: [],
      at: at('2026-10-30 00:00'),
      stored: at('2026-10-30 00:00'),
      provisional: false
    });
    expect(stage.basis).toContain('第四十三条');
    expect(stage.basis).toContain('第三十五条');
    expect(stage.lines[0]).toContain('届满于 2026年10月29日24时。');
    expect(stage.holidays.map(h => [h.name, h.from, h.to])).toEqual([
      ['中秋节', '2026-09-25', '2026-09-27'],
      ['国庆节', '2026-10-01', '2026-10-07']
    ]);
    expect(stage.adjustedWorkdays).toEqual(['2026-10-10']);
    expect(stage.lines).toContain('其间中秋节（2026年9月25日至2026年9月27日）放假，不计入。');
    // The hand-off step has no limit of its own: its deadline is the stage's, explained once.
    expect(byKeyOf(s, 'step')).toBeUndefined();
    expect(s.state!.deadlines!.step).toBe(stage.at);
  });

  it('a correction notice during the first review stops the city’s clock; the resubmission restarts it', () => {
    const s = new Scenario(coachLine, calendar)
      .when('2026-09-28 10:00', citizen, {
        type: 'submit',
        caseId: 'c4',
        caseNumber: 'XM2026092800004',
        applicant: company,
        channel: 'online',
        answers: answersFor(coachLine),
        materials: ['申请表']
      })
      .when('2026-09-28 10:00', city('窗口'), { type: 'passPreReview' })
      .when('2026-09-28 10:00', city('窗口'), { type: 'confirmPaper' })
      .when('2026-09-28 10:00', city('窗口'), { type: 'accept' })
      .when('2026-09-29 10:00', city('承办人'), {
        type: 'completeStep',
        stepId: 'firstReview-1.review-1',
        opinion: '符合条件'
      })
      .when('2026-10-09 10:00', city('处室负责人'), { type: 'requestCorrection', items: ['起讫点客运站进站协议'] })
      .when('2026-10-13 10:00', city('窗口'), { type: 'resubmit', answers: {} });
    const stage = byKeyOf(s, 'stage')!;
    // 20 workdays from 28 Sep: 29, 30 Sep, 8, 9, 10 (Sat, worked), 12–16, 19–23, 26–30 Oct. Stopped 9 Oct 10:00 with
    // 16 left (10, 12–16, 19–23, 26–30 Oct); from 13 Oct: 14, 15, 16, 19–23, 26–30 Oct, 2, 3, 4 Nov.
    expect(stage.lines[0]).toContain('届满于 2026年10月30日24时。');
    expect(stage.pauses).toEqual([
      expect.objectContaining({
        from: at('2026-10-09 10:00'),
        to: at('2026-10-13 10:00'),
        reason: 'correction',
        remaining: { amount: 16, unit: 'workdays' },
        movedTo: at('2026-11-05 00:00')
      })
    ]);
    expect(stage.at).toBe(at('2026-11-05 00:00'));
    expect(stage.stored).toBe(stage.at);
    expect(stage.extension).toBeUndefined();
    expect(stage.holidays.map(h => h.name)).toEqual(['国庆节']);
  });

  it('after the hand-off the province’s own step counts from the day it received the file, across 国庆节', () => {
    const s = reviewedByCity('2026-09-24 10:00', ['2026-09-24 14:00', '2026-09-28 10:00', '2026-09-28 15:00']).when(
      '2026-09-29 10:00',
      city('分管领导'),
      { type: 'handOff', opinion: '初审同意，报省厅决定' }
    );
    expect(byKeyOf(s, 'stage')).toBeUndefined();
    const step = byKeyOf(s, 'step')!;
    // Handed off Tue 29 Sep; 5 workdays: 30 Sep; 1–7 Oct off; 8, 9, 10 (Sat, worked), 12 Oct.
    expect(step).toMatchObject({
      label: '省交通运输厅“审查”环节期限',
      start: {
        at: at('2026-09-29 10:00'),
        date: '2026-09-29',
        text: '自省交通运输厅收到市交通运输局报送的初审意见和全部申请材料之日起算'
      },
      limit: { amount: 5, unit: 'workdays' },
      at: at('2026-10-13 00:00'),
      stored: at('2026-10-13 00:00')
    });
    expect(step.basis).toContain('不得要求申请人重复提供申请材料（《行政许可法》第三十五条）');
    expect(step.holidays.map(h => [h.name, h.from, h.to])).toEqual([['国庆节', '2026-10-01', '2026-10-07']]);
    expect(step.adjustedWorkdays).toEqual(['2026-10-10']);
    // The legal limit still runs from the city's acceptance: 40 workdays from 24 Sep (28 Sep–29 Oct are 20; then
    // 30 Oct, 2–6, 9–13, 16–20, 23–26 Nov).
    expect(byKeyOf(s, 'legal')!.at).toBe(at('2026-11-27 00:00'));
    // The province's next step counts from its own start, not from the hand-off.
    s.when('2026-10-08 10:00', province('承办人'), { type: 'completeStep', stepId: 'review-1', opinion: '同意' });
    expect(byKeyOf(s, 'step')).toMatchObject({
      label: '“审核”环节期限',
      start: { at: at('2026-10-08 10:00'), text: '自进入“审核”环节之日起算' }
    });
  });

  it('returned by the province to the city, the first review counts afresh from the return', () => {
    const s = reviewedByCity('2026-09-24 10:00', ['2026-09-24 14:00', '2026-09-28 10:00', '2026-09-28 15:00'])
      .when('2026-09-29 10:00', city('分管领导'), { type: 'handOff', opinion: '初审同意，报省厅决定' })
      .when('2026-10-09 10:00', province('承办人'), {
        type: 'returnStep',
        toStepId: 'firstReview-1.review-1',
        reason: '客流预测依据不足，请市局重新审查'
      });
    expect(s.state!.stepId).toBe('firstReview-1.review-1');
    const stage = byKeyOf(s, 'stage')!;
    // 20 workdays from Fri 9 Oct: 10 (Sat, worked), 12–16, 19–23, 26–30 Oct, 2–5 Nov.
    expect(stage.start).toMatchObject({
      at: at('2026-10-09 10:00'),
      text: '省交通运输厅退回后，自回到市交通运输局之日起重新起算'
    });
    expect(stage.at).toBe(at('2026-11-06 00:00'));
    expect(stage.stored).toBe(stage.at);
    // Moving on inside the stage keeps the same start.
    s.when('2026-10-12 10:00', city('承办人'), {
      type: 'completeStep',
      stepId: 'firstReview-1.review-1',
      opinion: '已补充审查'
    });
    expect(byKeyOf(s, 'stage')!.start.at).toBe(at('2026-10-09 10:00'));
    expect(byKeyOf(s, 'stage')!.at).toBe(at('2026-11-06 00:00'));
  });
});
