import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { notices } from './notices.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');
const chief = staff(housing, ['处室负责人'], '林科长');
const leader = staff(housing, ['分管领导'], '黄局长');
const planning = staff('市自然资源和规划局', ['承办人'], '规划刘');
const civilDefence = staff('市人民防空办公室', ['承办人'], '人防赵');

function submitted(time = '2026-09-28 10:00', goodRecord = false) {
  return new Scenario(permit, calendar).when(time, citizen, {
    type: 'submit',
    caseId: 'c1',
    caseNumber: 'XM2026092800001',
    applicant: { ...company, goodRecord },
    channel: 'online',
    answers: answersFor(permit),
    materials: ['申请表']
  });
}

function accepted(time = '2026-09-28 10:00') {
  return submitted(time)
    .when(time, window, { type: 'passPreReview' })
    .when(time, window, { type: 'confirmPaper' })
    .when(time, window, { type: 'accept' });
}

describe('建筑工程施工许可证核发: intake', () => {
  it('a submitted case gets its number, the day of receipt, and the Art. 32 deadline five workdays on, across National Day', () => {
    const s = submitted();
    expect(s.state).toMatchObject({
      caseNumber: 'XM2026092800001',
      status: 'submitted',
      receivedAt: at('2026-09-28 10:00')
    });
    // 29, 30 Sep; 8, 9 Oct; Saturday 10 Oct is a make-up workday.
    expect(s.state!.deemedAcceptanceAt).toBe(at('2026-10-11 00:00'));
  });

  it('refuses a channel the matter does not offer, in Chinese', () => {
    const s = new Scenario(byName('公共场所卫生许可'), calendar);
    const result = s.attempt('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'n',
      applicant: company,
      channel: 'express',
      answers: answersFor(byName('公共场所卫生许可')),
      materials: []
    });
    expect(result).toEqual({
      ok: false,
      rejection: { code: 'submission.channel', message: '本事项不支持快递递交，可选：网上、现场。' }
    });
  });

  it("an applicant never declares the window's channel: on-site cases are entered by the window (office-audit problem 6)", () => {
    const byApplicant = new Scenario(permit, calendar).attempt('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'n',
      applicant: company,
      channel: 'onSite',
      answers: answersFor(permit),
      materials: []
    });
    expect(byApplicant).toEqual({
      ok: false,
      rejection: {
        code: 'submission.window-only',
        message: '到服务大厅窗口递交的申请由窗口工作人员当场录入，不能在网上选择“现场”递交；网上可选：网上、快递。'
      }
    });
    new Scenario(permit, calendar)
      .when('2026-09-28 10:00', window, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'n',
        applicant: company,
        channel: 'onSite',
        answers: answersFor(permit),
        materials: []
      })
      .expectStatus('submitted');
    expect(
      new Scenario(permit, calendar).attempt('2026-09-28 10:00', planning, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'n',
        applicant: company,
        channel: 'onSite',
        answers: answersFor(permit),
        materials: []
      }).ok
    ).toBe(false);
  });

  it('a case sent by express waits for its paper, even where online cases need none', () => {
    const paperless = { ...permit, paper: { mode: 'none' as const } };
    const by = (channel: 'online' | 'express') =>
      new Scenario(paperless, calendar)
        .when('2026-09-28 10:00', citizen, {
          type: 'submit',
          caseId: 'c',
          caseNumber: 'n',
          applicant: company,
          channel,
          answers: answersFor(permit),
          materials: []
        })
        .when('2026-09-28 11:00', window, { type: 'passPreReview' });
    by('online').expectStatus('preReviewed');
    const express = by('express').expectStatus('awaitingPaper');
    expect(express.attempt('2026-09-28 11:30', window, { type: 'accept' }).ok).toBe(false);
    express.when('2026-09-29 10:00', window, { type: 'confirmPaper' }).expectStatus('preReviewed');
  });

  it('refuses an application with a required field left empty, naming it', () => {
    const s = new Scenario(permit, calendar);
    const result = s.attempt('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'n',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit, { 项目名称: '' }),
      materials: []
    });
    expect(result.ok || result.rejection.message).toBe('以下必填项没有填写：项目名称。');
  });

  it('one correction notice lists everything; a second in the same round is refused; rounds are counted', () => {
    const s = submitted().when('2026-09-28 11:00', window, {
      type: 'requestCorrection',
      items: ['申请表缺少建设单位盖章', '施工合同缺第 3 页']
    });
    expect(s.state).toMatchObject({
      status: 'correcting',
      correctionRounds: 1,
      correction: { items: ['申请表缺少建设单位盖章', '施工合同缺第 3 页'] }
    });
    const again = s.attempt('2026-09-28 11:30', window, { type: 'requestCorrection', items: ['另外还缺一份'] });
    expect(!again.ok && again.rejection.code).toBe('correction.already-issued');
    s.when('2026-09-29 09:00', citizen, { type: 'resubmit', materials: ['申请表', '施工合同'] }).expectStatus(
      'submitted'
    );
    // A fresh five workdays from the resubmission: 30 Sep, 8, 9, 10 (Sat), 12 Oct.
    expect(s.state!.deemedAcceptanceAt).toBe(at('2026-10-13 00:00'));
    expect(s.engine.deadlines(permit, s.state!).find(t => t.kind === 'deemedAcceptance')?.at).toBe(
      at('2026-10-13 00:00')
    );
    // Art. 32 (一次性告知): after the resubmission, a new item is refused; what the first notice named and is still wrong may be named again.
    const fresh = s.attempt('2026-09-29 10:00', window, {
      type: 'requestCorrection',
      items: ['施工合同缺第 3 页', '另缺监理合同']
    });
    expect(fresh).toMatchObject({
      ok: false,
      rejection: {
        code: 'correction.not-in-first-notice',
        message: expect.stringContaining('“另缺监理合同”不在首次通知中')
      }
    });
    s.when('2026-09-29 10:00', window, { type: 'requestCorrection', items: ['施工合同缺第 3 页'] }).expectStatus(
      'correcting'
    );
    expect(s.state!.correctionRounds).toBe(2);
  });

  it('a notice without items is refused', () => {
    const result = submitted().attempt('2026-09-28 11:00', window, { type: 'requestCorrection', items: [' '] });
    expect(!result.ok && result.rejection.message).toBe('补正通知要列明需要补正的全部内容。');
  });

  it('paper is brought after pre-review and confirmed before acceptance; a good record is accepted online first', () => {
    const s = submitted().when('2026-09-28 11:00', window, { type: 'passPreReview' }).expectStatus('awaitingPaper');
    const early = s.attempt('2026-09-28 11:00', window, { type: 'accept' });
    expect(!early.ok && early.rejection.code).toBe('case.status');
    s.when('2026-09-29 10:00', window, { type: 'confirmPaper' }).expectStatus('preReviewed');
    const trusted = submitted('2026-09-28 10:00', true)
      .when('2026-09-28 11:00', window, { type: 'passPreReview' })
      .expectStatus('preReviewed');
    expect(trusted.state!.paper).toBe('acceptedBeforePaper');
  });

  it('when no correction notice comes within five workdays, the timer accepts the case from the day of receipt (Art. 32)', () => {
    const s = submitted();
    expect(s.tick('2026-10-10 17:00').filter(e => e.type === 'Accepted')).toEqual([]);
    const fired = s.tick('2026-10-11 08:00');
    expect(fired.find(e => e.type === 'Accepted')).toMatchObject({
      deemed: true,
      acceptedFrom: at('2026-09-28 10:00'),
      by: { kind: 'system' }
    });
    // 20 workdays from 28 Sep, the day of receipt: the clock did not wait for the timer.
    expect(s.state!.deadlines!.legal).toBe(calendar.deadline(at('2026-09-28 10:00'), { amount: 20, unit: 'workdays' }));
    expect(s.state).toMatchObject({ status: 'inReview', deemed: true });
  });

  it('deemed acceptance is never guessed before its time, nor by a person', () => {
    const s = submitted();
    const early = s.attempt('2026-10-09 09:00', { kind: 'system' }, { type: 'deemAccept' });
    expect(!early.ok && early.rejection.code).toBe('deemed.not-due');
    const byClerk = s.attempt('2026-10-12 09:00', window, { type: 'deemAccept' });
    expect(!byClerk.ok && byClerk.rejection.code).toBe('actor.not-allowed');
  });

  it('refusal needs reasons, and is made by the window', () => {
    const s = submitted()
      .when('2026-09-28 11:00', window, { type: 'passPreReview' })
      .when('2026-09-28 11:00', window, { type: 'confirmPaper' });
    expect(s.attempt('2026-09-28 12:00', window, { type: 'refuse', reasons: '' })).toMatchObject({
      ok: false,
      rejection: { code: 'refusal.reasons-required' }
    });
    expect(s.attempt('2026-09-28 12:00', handler, { type: 'refuse', reasons: '不属于本机关职权' })).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
    s.when('2026-09-28 12:00', window, {
      type: 'refuse',
      reasons: '该项目不属于本机关管辖，请向区住房和建设局申请'
    }).expectStatus('refused');
    s.when('2026-09-28 12:05', window, { type: 'archive' }).expectStatus('archived');
  });
});

describe('建筑工程施工许可证核发: review, co-approval and the outcome', () => {
  it('acceptance starts the clock: promised 7 and legal 20 workdays, and the first step is open', () => {
    const s = accepted('2026-09-29 10:00');
    expect(s.state!.deadlines).toMatchObject({
      promised: at('2026-10-15 00:00'), // 30 Sep, 8, 9, 10 (Sat), 12, 13, 14 Oct: the 7th workday ends at midnight
      step: calendar.deadline(at('2026-09-29 10:00'), { amount: 2, unit: 'workdays' })
    });
    expect(s.state!.stepId).toBe('review-1');
  });

  it('each review step is done by its role, in order, and every opinion is recorded with who and when', () => {
    const s = accepted();
    expect(
      s.attempt('2026-09-28 14:00', chief, { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
    ).toMatchObject({ ok: false, rejection: { code: 'actor.not-allowed' } });
    expect(
      s.attempt('2026-09-28 14:00', handler, { type: 'completeStep', stepId: 'review-2', opinion: '同意' })
    ).toMatchObject({ ok: false, rejection: { code: 'step.not-current' } });
    s.when('2026-09-28 14:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全，符合条件' });
    expect(s.state!.stepId).toBe('parallel-1');
    expect(s.state!.opinions.at(-1)).toMatchObject({
      stepId: 'review-1',
      label: '审查',
      by: handler,
      at: at('2026-09-28 14:00'),
      text: '材料齐全，符合条件'
    });
  });

  it('the lead distributes to every co-approver at once; each answers; the lead consolidates only when all have', () => {
    const s = accepted().when('2026-09-28 14:00', handler, {
      type: 'completeStep',
      stepId: 'review-1',
      opinion: '同意'
    });
    s.when('2026-09-28 15:00', handler, { type: 'distribute' });
    expect(Object.keys(s.state!.deadlines!.coApprovers!)).toEqual(['市自然资源和规划局', '市人民防空办公室']);
    expect(s.attempt('2026-09-29 09:00', chief, { type: 'answerCoApproval', agree: true })).toMatchObject({
      ok: false
    });
    s.when('2026-09-29 09:00', planning, { type: 'answerCoApproval', agree: true });
    expect(s.attempt('2026-09-29 10:00', handler, { type: 'consolidate', opinion: '同意' })).toEqual({
      ok: false,
      rejection: { code: 'coapproval.missing', message: '还有协办部门没有答复：市人民防空办公室。' }
    });
    expect(s.attempt('2026-09-29 10:00', civilDefence, { type: 'answerCoApproval', agree: false })).toMatchObject({
      ok: false,
      rejection: { code: 'coapproval.reasons' }
    });
    s.when('2026-09-29 10:00', civilDefence, {
      type: 'answerCoApproval',
      agree: false,
      reasons: '人防设计审查意见未落实'
    });
    // A disagreement is answered, or the consolidation is refused with the engine's sentence.
    expect(s.attempt('2026-09-29 11:00', handler, { type: 'consolidate', opinion: '同意' })).toEqual({
      ok: false,
      rejection: {
        code: 'coapproval.disagreement',
        message: '市人民防空办公室不同意（人防设计审查意见未落实）：汇总意见须逐一回应不同意见，写明采纳与否及理由。'
      }
    });
    expect(
      s.attempt('2026-09-29 11:00', handler, {
        type: 'consolidate',
        opinion: '同意',
        responses: { 市人民防空办公室: ' ' }
      })
    ).toMatchObject({ ok: false, rejection: { code: 'coapproval.disagreement' } });
    s.when('2026-09-29 11:00', handler, {
      type: 'consolidate',
      opinion: '汇总同意',
      responses: { 市人民防空办公室: '人防意见已转告建设单位整改，整改后再报' }
    });
    expect(s.state!.opinions.at(-1)!.text).toBe(
      '汇总同意；对市人民防空办公室不同意意见的回应：人防意见已转告建设单位整改，整改后再报'
    );
    expect(s.state!.stepId).toBe('review-2');
  });

  it('a co-approver that answers after its own limit raises an anomaly, once', () => {
    const s = accepted()
      .when('2026-09-28 14:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
      .when('2026-09-28 15:00', handler, { type: 'distribute' })
      .when('2026-09-29 09:00', planning, { type: 'answerCoApproval', agree: true });
    // 人防 has the parallel step's 3 workdays: 29, 30 Sep, 8 Oct → due at the end of 8 Oct.
    const fired = s.tick('2026-10-09 09:00');
    const late = fired.filter(e => e.type === 'SupervisionRaised' && e.record.rule === 'coApproverLate');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ record: { level: 'anomaly', department: '市人民防空办公室' } });
    expect(
      s.tick('2026-10-09 10:00').filter(e => e.type === 'SupervisionRaised' && e.record.rule === 'coApproverLate')
    ).toEqual([]);
  });

  it('a step can go back to an earlier one with a reason, and the step limit starts again', () => {
    const s = accepted().when('2026-09-28 14:00', handler, {
      type: 'completeStep',
      stepId: 'review-1',
      opinion: '同意'
    });
    expect(
      s.attempt('2026-09-28 15:00', handler, { type: 'returnStep', toStepId: 'review-1', reason: '' })
    ).toMatchObject({ ok: false, rejection: { code: 'return.reason' } });
    s.when('2026-09-28 15:00', handler, { type: 'returnStep', toStepId: 'review-1', reason: '需核实合同价格' });
    expect(s.state!.stepId).toBe('review-1');
    expect(s.state!.opinions.at(-1)).toMatchObject({ verdict: 'return', text: '需核实合同价格' });
  });

  it('expert review stops the clock, and resuming keeps the workdays that remained', () => {
    const s = accepted('2026-09-28 10:00');
    const before = s.state!.deadlines!;
    s.when('2026-09-29 10:00', handler, {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '超限高层建筑需专家论证',
      expected: { amount: 10, unit: 'workdays' }
    }).expectStatus('paused');
    expect(
      s.attempt('2026-09-29 11:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: 'x' })
    ).toMatchObject({ ok: false, rejection: { code: 'case.status' } });
    const issued = notices(permit, s.state!).map(n => n.title);
    expect(issued).toEqual(['申请材料收件回执', '受理通知书', '特殊程序告知书']);
    s.when('2026-10-16 10:00', handler, { type: 'endSpecialProcedure', result: '专家论证通过' }).expectStatus(
      'inReview'
    );
    // The notice stays with the case, under the same number, once the procedure has ended (hall-audit problem 3).
    expect(notices(permit, s.state!).map(n => n.title)).toEqual(issued);
    const remaining = calendar.remaining(at('2026-09-29 10:00'), before.promised, 'workdays');
    expect(s.state!.deadlines!.promised).toBe(calendar.resume(at('2026-10-16 10:00'), remaining));
    expect(s.state!.pauses).toEqual([
      { from: at('2026-09-29 10:00'), to: at('2026-10-16 10:00'), reason: 'specialProcedure', seq: expect.any(Number) }
    ]);
  });

  it('a special procedure the guide does not list, or longer than its maximum, is refused', () => {
    const s = accepted();
    expect(
      s.attempt('2026-09-29 10:00', handler, {
        type: 'startSpecialProcedure',
        kind: 'hearing',
        reason: '听证',
        expected: { amount: 5, unit: 'workdays' }
      })
    ).toMatchObject({ ok: false, rejection: { code: 'special.not-defined' } });
    expect(
      s.attempt('2026-09-29 10:00', handler, {
        type: 'startSpecialProcedure',
        kind: 'expertReview',
        reason: '论证',
        expected: { amount: 30, unit: 'workdays' }
      })
    ).toMatchObject({ ok: false, rejection: { code: 'special.too-long' } });
  });

  it('an extension (15 workdays for joint handling) needs the leader, a reason, and happens once', () => {
    const s = accepted();
    const legal = s.state!.deadlines!.legal;
    expect(s.attempt('2026-09-29 10:00', chief, { type: 'extend', reason: '情况复杂' })).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
    s.when('2026-09-29 10:00', leader, { type: 'extend', reason: '涉及多部门协调，情况复杂' });
    expect(s.state!.deadlines!.legal).toBe(calendar.endOfDay(calendar.addWorkdays(calendar.dateOf(legal - 1), 15)));
    expect(s.attempt('2026-09-30 10:00', leader, { type: 'extend', reason: '再延' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.once' }
    });
  });

  it('runs to a decision, delivery, completion and archive; nothing happens after archive', () => {
    const s = accepted()
      .when('2026-09-28 14:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
      .when('2026-09-28 15:00', handler, { type: 'distribute' })
      .when('2026-09-29 09:00', planning, { type: 'answerCoApproval', agree: true })
      .when('2026-09-29 09:30', civilDefence, { type: 'answerCoApproval', agree: true })
      .when('2026-09-29 10:00', handler, { type: 'consolidate', opinion: '各协办部门均同意' })
      .when('2026-09-29 11:00', chief, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    expect(s.attempt('2026-09-29 15:00', leader, { type: 'decide', approve: false })).toMatchObject({
      ok: false,
      rejection: { code: 'decision.reasons' }
    });
    s.when('2026-09-29 15:00', leader, { type: 'decide', approve: true }).expectStatus('decided');
    expect(s.attempt('2026-09-30 09:00', citizen, { type: 'withdraw' })).toMatchObject({
      ok: false,
      rejection: { code: 'case.status' }
    });
    // The guide lists 公告, but it is the last resort: not before delivery the applicant's way has failed (office-audit 31).
    expect(s.attempt('2026-09-30 08:30', window, { type: 'deliver', method: 'announcement' })).toMatchObject({
      ok: false,
      rejection: { code: 'delivery.announcement-first' }
    });
    s.when('2026-09-30 09:00', window, { type: 'deliveryFailed', reason: '快递退回，地址无人' });
    s.when('2026-09-30 10:00', window, { type: 'deliver', method: 'announcement' }).expectStatus('delivered');
    s.when('2026-09-30 10:05', window, { type: 'complete' })
      .when('2026-09-30 10:10', window, { type: 'archive' })
      .expectStatus('archived');
    for (const command of [
      { type: 'complete' as const },
      { type: 'withdraw' as const },
      { type: 'archive' as const }
    ]) {
      expect(s.attempt('2026-10-08 09:00', command.type === 'withdraw' ? citizen : window, command)).toMatchObject({
        ok: false,
        rejection: { code: 'case.archived' }
      });
    }
    expect(s.engine.supervise(permit, s.state!, at('2027-06-01 09:00'))).toEqual([]);
    expect(s.engine.deadlines(permit, s.state!)).toEqual([]);
  });

  it('the applicant may withdraw before the decision, and only the applicant', () => {
    const s = accepted();
    expect(s.attempt('2026-09-29 09:00', handler, { type: 'withdraw' })).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
    s.when('2026-09-29 09:00', citizen, { type: 'withdraw', reason: '项目暂缓' }).expectStatus('withdrawn');
  });
});
