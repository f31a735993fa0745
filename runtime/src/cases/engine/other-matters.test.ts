import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, applicantFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { notices } from './notices.ts';

const { byName, calendar } = loadCatalog();

function submit(name: string, time: string, extra: Record<string, unknown> = {}) {
  const definition = byName(name);
  return new Scenario(definition, calendar).when(time, citizen, {
    type: 'submit',
    caseId: 'c1',
    caseNumber: 'XM1',
    applicant: applicantFor(definition),
    channel: 'online',
    answers: answersFor(definition),
    materials: [],
    ...extra
  });
}

describe('省际道路旅客运输班线经营许可: the city reviews first, the province decides (Art. 43)', () => {
  const city = (role: string) => staff('市交通运输局', [role], `市${role}`);
  const province = (role: string) => staff('省交通运输厅', [role], `省${role}`);

  it('the lower level takes the application, reviews within 20 workdays, and hands its opinion and the materials up', () => {
    const s = submit('省际道路旅客运输班线经营许可', '2026-03-02 10:00')
      .when('2026-03-02 11:00', city('窗口'), { type: 'passPreReview' })
      .when('2026-03-02 11:00', city('窗口'), { type: 'confirmPaper' })
      .when('2026-03-02 11:00', city('窗口'), { type: 'accept' });
    expect(s.state!.deadlines!.stage).toBe(calendar.deadline(at('2026-03-02 11:00'), { amount: 20, unit: 'workdays' }));
    expect(
      s.attempt('2026-03-03 10:00', province('承办人'), {
        type: 'completeStep',
        stepId: 'firstReview-1.review-1',
        opinion: '同意'
      })
    ).toMatchObject({ ok: false, rejection: { code: 'actor.not-allowed' } });
    s.when('2026-03-03 10:00', city('承办人'), {
      type: 'completeStep',
      stepId: 'firstReview-1.review-1',
      opinion: '符合条件'
    })
      .when('2026-03-04 10:00', city('处室负责人'), {
        type: 'completeStep',
        stepId: 'firstReview-1.review-2',
        opinion: '同意'
      })
      .when('2026-03-05 10:00', city('分管领导'), {
        type: 'completeStep',
        stepId: 'firstReview-1.review-3',
        opinion: '同意上报'
      });
    expect(s.state!.stepId).toBe('firstReview-1.handOff');
    expect(s.attempt('2026-03-05 11:00', province('承办人'), { type: 'handOff', opinion: '上报' })).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
    s.when('2026-03-05 11:00', city('分管领导'), { type: 'handOff', opinion: '初审同意，报省厅决定' });
    expect(s.state!.stepId).toBe('review-1');
    expect(s.state!.deadlines!.stage).toBeUndefined();
    expect(s.events.at(-1)).toMatchObject({ type: 'HandedOff', from: '市交通运输局', to: '省交通运输厅' });
    // The province never asks the applicant again for what the city passed up.
    expect(
      s.attempt('2026-03-06 09:00', province('承办人'), { type: 'requestCorrection', items: ['请重新提交营运方案'] })
    ).toMatchObject({ ok: false, rejection: { code: 'correction.after-hand-off' } });
    s.when('2026-03-06 10:00', province('承办人'), { type: 'completeStep', stepId: 'review-1', opinion: '同意' });
    expect(s.state!.stepId).toBe('review-2');
  });

  it('a lower level that passes its deadline gets the yellow card, not the province', () => {
    const s = submit('省际道路旅客运输班线经营许可', '2026-03-02 10:00')
      .when('2026-03-02 11:00', city('窗口'), { type: 'passPreReview' })
      .when('2026-03-02 11:00', city('窗口'), { type: 'confirmPaper' })
      .when('2026-03-02 11:00', city('窗口'), { type: 'accept' });
    s.tick('2026-04-01 09:00');
    const stage = s.supervision.find(r => r.key.includes(':stage:'));
    expect(stage).toMatchObject({ level: 'yellowCard', department: '市交通运输局' });
  });
});

describe('民办非企业单位年度检查: two stages, a window, a conclusion', () => {
  const civil = (role: string) => staff('市民政局', [role], `民政${role}`);

  it('is filed only inside its window and with a mode', () => {
    const outside = new Scenario(byName('民办非企业单位年度检查'), calendar).attempt('2026-06-02 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'n',
      applicant: company,
      channel: 'online',
      answers: answersFor(byName('民办非企业单位年度检查')),
      materials: [],
      inspectionMode: 'written'
    });
    expect(outside).toEqual({
      ok: false,
      rejection: { code: 'inspection.window', message: '年检申报时间为每年 01-01 至 05-31，现在不在申报时间内。' }
    });
    const noMode = new Scenario(byName('民办非企业单位年度检查'), calendar).attempt('2026-03-02 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'n',
      applicant: company,
      channel: 'online',
      answers: answersFor(byName('民办非企业单位年度检查')),
      materials: []
    });
    expect(noMode).toMatchObject({ ok: false, rejection: { code: 'inspection.mode' } });
  });

  it('the supervising unit gives its opinion by 31 March before the registration authority accepts; the decision is a conclusion', () => {
    const s = submit('民办非企业单位年度检查', '2026-03-02 10:00', { inspectionMode: 'written' })
      .when('2026-03-03 10:00', civil('窗口'), { type: 'passPreReview' })
      .when('2026-03-04 10:00', civil('窗口'), { type: 'confirmPaper' });
    expect(s.state!.preReviewDeadline).toBe(calendar.deadline(at('2026-03-02 10:00'), { amount: 2, unit: 'workdays' }));
    expect(s.attempt('2026-03-04 11:00', civil('窗口'), { type: 'accept' })).toEqual({
      ok: false,
      rejection: { code: 'stage.missing', message: '受理前须先取得“业务主管单位”的意见。' }
    });
    s.when('2026-03-20 10:00', civil('承办人'), {
      type: 'recordStageOpinion',
      stage: '业务主管单位',
      opinion: '初审合格'
    })
      .when('2026-03-20 11:00', civil('窗口'), { type: 'accept' })
      .when('2026-03-23 10:00', civil('承办人'), {
        type: 'completeStep',
        stepId: 'review-1',
        opinion: '财务报告无异常'
      })
      .when('2026-03-24 10:00', civil('处室负责人'), { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    expect(s.attempt('2026-03-25 10:00', civil('分管领导'), { type: 'decide', approve: true })).toMatchObject({
      ok: false,
      rejection: { code: 'decision.conclusion' }
    });
    s.when('2026-03-25 10:00', civil('分管领导'), {
      type: 'decide',
      approve: true,
      conclusion: 'basicPass',
      reasons: '年度业务活动偏少'
    });
    expect(s.state!.decision).toMatchObject({ approve: true, conclusion: 'basicPass' });
  });

  it('a late stage refuses the case with its notice; a missing stage is never skipped by deemed acceptance (office-audit 24)', () => {
    const s = submit('民办非企业单位年度检查', '2026-03-02 10:00', { inspectionMode: 'written' }).when(
      '2026-03-03 10:00',
      civil('窗口'),
      { type: 'passPreReview' }
    );
    // Five workdays on, the supervising unit's opinion is still missing: no deemed acceptance.
    const deemed = s.attempt('2026-03-10 10:00', { kind: 'system' }, { type: 'deemAccept' });
    expect(deemed).toMatchObject({
      ok: false,
      rejection: { code: 'stage.missing', message: expect.stringContaining('“业务主管单位”') }
    });
    s.when('2026-04-01 10:00', civil('承办人'), {
      type: 'recordStageOpinion',
      stage: '业务主管单位',
      opinion: '合格'
    }).expectStatus('refused');
    expect(s.state!.refusal?.reasons).toBe('“业务主管单位”阶段截止于每年 03-31，逾期未取得该阶段意见，不予受理。');
    expect(notices(byName('民办非企业单位年度检查'), s.state!).map(n => n.title)).toContain('不予受理通知书');
  });
});

describe('民办学校年度检查: a joint inspection is pre-reviewed by every department at once', () => {
  it('is ready for acceptance only when all three departments have passed it', () => {
    const s = submit('民办学校年度检查', '2026-03-02 10:00', { inspectionMode: 'onSite' });
    expect(s.state!.preReviewDeadline).toBe(calendar.deadline(at('2026-03-02 10:00'), { amount: 3, unit: 'workdays' }));
    s.when('2026-03-02 11:00', staff('市教育局', ['窗口']), { type: 'passPreReview' }).expectStatus('submitted');
    s.when('2026-03-02 14:00', staff('市民政局', ['承办人']), { type: 'passPreReview' }).expectStatus('submitted');
    expect(s.attempt('2026-03-02 15:00', staff('市民政局', ['承办人']), { type: 'passPreReview' })).toMatchObject({
      ok: false,
      rejection: { code: 'preReview.done' }
    });
    expect(s.attempt('2026-03-02 15:00', staff('市交通运输局', ['承办人']), { type: 'passPreReview' })).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
    s.when('2026-03-03 09:00', staff('市市场监督管理局', ['承办人']), { type: 'passPreReview' }).expectStatus(
      'awaitingPaper'
    );
    expect(s.state!.preReviewedBy).toEqual(['市教育局', '市民政局', '市市场监督管理局']);
  });
});

describe('企业年度报告公示: a declaration with a signed commitment', () => {
  it('is refused without the commitment and handled the same day with it', () => {
    const definition = byName('企业年度报告公示');
    const refused = new Scenario(definition, calendar).attempt('2026-05-06 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'n',
      applicant: company,
      channel: 'online',
      answers: answersFor(definition),
      materials: []
    });
    expect(refused).toMatchObject({ ok: false, rejection: { code: 'declaration.commitment' } });
    const s = submit('企业年度报告公示', '2026-05-06 10:00', { commitmentSigned: true })
      .when('2026-05-06 10:30', staff('市市场监督管理局', ['窗口']), { type: 'passPreReview' })
      .when('2026-05-06 10:31', staff('市市场监督管理局', ['窗口']), { type: 'accept' });
    expect(s.state!.deadlines!.promised).toBe(at('2026-05-07 00:00'));
    s.when('2026-05-06 11:00', staff('市市场监督管理局', ['承办人']), { type: 'decide', approve: true }).expectStatus(
      'decided'
    );
    s.when('2026-05-06 11:01', staff('市市场监督管理局', ['承办人']), { type: 'complete' }).expectStatus('completed');
  });
});

describe('个体工商户设立登记: an immediate matter counts office hours', () => {
  it('two hours promised from 16:45 on a Friday run out at 10:15 on Monday', () => {
    const market = (role: string) => staff('市市场监督管理局', [role]);
    const s = submit('个体工商户设立登记', '2026-09-11 16:00')
      .when('2026-09-11 16:10', market('窗口'), { type: 'passPreReview' })
      .when('2026-09-11 16:20', market('窗口'), { type: 'confirmPaper' })
      .when('2026-09-11 16:45', market('窗口'), { type: 'accept' });
    // 16:45–17:30 is 0.75 h; 12–13 Sep is the weekend; 9:00 + 1.25 h on Monday 14 Sep.
    expect(s.state!.deadlines!.promised).toBe(at('2026-09-14 10:15'));
    expect(s.state!.deadlines!.step).toBe(at('2026-09-14 09:15'));
    s.tick('2026-09-14 10:30');
    // Sunday 20 Sep is a make-up workday: from Friday 18 Sep the two hours end that Sunday.
    const makeUp = submit('个体工商户设立登记', '2026-09-18 16:00')
      .when('2026-09-18 16:10', market('窗口'), { type: 'passPreReview' })
      .when('2026-09-18 16:20', market('窗口'), { type: 'confirmPaper' })
      .when('2026-09-18 16:45', market('窗口'), { type: 'accept' });
    expect(makeUp.state!.deadlines!.promised).toBe(at('2026-09-20 10:15'));
    // Friday 25 Sep is Mid-Autumn Day: accepted then, counting starts on Monday.
    const holiday = submit('个体工商户设立登记', '2026-09-24 16:00')
      .when('2026-09-24 16:10', market('窗口'), { type: 'passPreReview' })
      .when('2026-09-24 16:20', market('窗口'), { type: 'confirmPaper' })
      .when('2026-09-25 16:45', market('窗口'), { type: 'accept' });
    expect(holiday.state!.deadlines!.promised).toBe(at('2026-09-28 11:00'));
    expect(s.supervision.filter(r => r.key.includes(':promised:')).map(r => r.level)).toEqual(['yellowCard']);
  });
});

describe('a correction during review stops the clock until the applicant resubmits', () => {
  it('keeps what remained of the promised limit', () => {
    const permit = byName('建筑工程施工许可证核发');
    const window = staff('市住房和建设局', ['窗口']);
    const handler = staff('市住房和建设局', ['承办人']);
    const s = new Scenario(permit, calendar)
      .when('2026-09-28 10:00', citizen, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'XM9',
        applicant: company,
        channel: 'online',
        answers: answersFor(permit),
        materials: []
      })
      .when('2026-09-28 10:00', window, { type: 'passPreReview' })
      .when('2026-09-28 10:00', window, { type: 'confirmPaper' })
      .when('2026-09-28 10:00', window, { type: 'accept' });
    const promised = s.state!.deadlines!.promised;
    s.when('2026-09-29 10:00', handler, { type: 'requestCorrection', items: ['施工图审查合格书已过期'] }).expectStatus(
      'correcting'
    );
    expect(s.state!.paused?.reason).toBe('correction');
    s.when('2026-10-12 10:00', citizen, { type: 'resubmit', materials: ['施工图审查合格书'] }).expectStatus('inReview');
    expect(s.state!.deadlines!.promised).toBe(
      calendar.resume(at('2026-10-12 10:00'), calendar.remaining(at('2026-09-29 10:00'), promised, 'workdays'))
    );
    expect(s.state!.correctionRounds).toBe(1);
  });
});
