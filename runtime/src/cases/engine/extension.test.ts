import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { effectsOf } from './effects.ts';
import { notices } from './notices.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');
const chief = staff(housing, ['处室负责人'], '林处长');
const leader = staff(housing, ['分管领导'], '黄局长');
const planning = staff('市自然资源和规划局', ['承办人'], '规划刘');

/** Accepted on Monday 28 September 2026, the week before National Day (1–7 October off, Saturday 10 October worked). */
function accepted() {
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
    .when('2026-09-28 10:00', window, { type: 'accept' });
}

describe('Art. 42: an extension requested by the handler and approved by the head', () => {
  it('the handler asks with a reason and a length within the matter’s extension; the limit does not move yet', () => {
    const s = accepted();
    const before = s.state!.deadlines!;
    expect(s.attempt('2026-09-29 10:00', chief, { type: 'requestExtension', reason: '情况复杂' })).toEqual({
      ok: false,
      rejection: {
        code: 'actor.not-allowed',
        message: '延期应由当前环节“审查”的市住房和建设局的“承办人”申请，市住房和建设局的林处长（处室负责人）不能申请。'
      }
    });
    expect(s.attempt('2026-09-29 10:00', handler, { type: 'requestExtension', reason: ' ' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.reason' }
    });
    expect(
      s.attempt('2026-09-29 10:00', handler, {
        type: 'requestExtension',
        reason: '需现场核查',
        amount: { amount: 16, unit: 'workdays' }
      })
    ).toEqual({
      ok: false,
      rejection: { code: 'extension.amount', message: '本事项最多可延长 15 个工作日，申请延长的期限应在此以内。' }
    });
    s.when('2026-09-29 10:00', handler, {
      type: 'requestExtension',
      reason: '需现场核查施工场地',
      amount: { amount: 10, unit: 'workdays' }
    });
    expect(s.state!.deadlines).toEqual(before);
    expect(s.state!.extensionRequest).toMatchObject({ reason: '需现场核查施工场地', by: `${housing} 陈承办` });
    expect(s.attempt('2026-09-29 11:00', handler, { type: 'requestExtension', reason: '再申请' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.pending' }
    });
  });

  it('only the head (the deciding post) approves, with an opinion; the legal and promised limits move by what was asked', () => {
    const s = accepted().when('2026-09-29 10:00', handler, {
      type: 'requestExtension',
      reason: '需现场核查施工场地',
      amount: { amount: 10, unit: 'workdays' }
    });
    for (const by of [handler, chief, window, planning])
      expect(s.attempt('2026-09-29 11:00', by, { type: 'approveExtension', opinion: '同意' })).toMatchObject({
        ok: false,
        rejection: { code: 'actor.not-allowed' }
      });
    expect(s.attempt('2026-09-29 11:00', leader, { type: 'approveExtension', opinion: ' ' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.opinion', message: '审批延期申请须填写意见。' }
    });
    const before = s.state!;
    s.when('2026-09-29 11:00', leader, { type: 'approveExtension', opinion: '同意延长 10 个工作日' });
    // Legal: 20 workdays from 28 Sep end on 30 Oct; ten more: 2–6, 9–13 Nov → end of 13 Nov.
    expect(before.deadlines!.legal).toBe(at('2026-10-31 00:00'));
    expect(s.state!.deadlines!.legal).toBe(at('2026-11-14 00:00'));
    // Promised: 7 workdays end on 13 Oct (10 Oct worked); ten more: 14–16, 19–23, 26–27 Oct → end of 27 Oct.
    expect(s.state!.deadlines!.promised).toBe(at('2026-10-28 00:00'));
    expect(s.state!.extension).toMatchObject({
      approvedBy: '黄局长',
      requestedBy: `${housing} 陈承办`,
      amount: { amount: 10, unit: 'workdays' },
      opinion: '同意延长 10 个工作日'
    });
    expect(s.state!.extensionRequest).toBeUndefined();
    expect(s.state!.opinions.slice(-2).map(o => [o.label, o.verdict, o.text])).toEqual([
      ['申请延期', 'requestExtension', '需现场核查施工场地'],
      ['批准延期', 'approveExtension', '同意延长 10 个工作日']
    ]);
    // The applicant is told, with the reason and the new date.
    const { messages } = effectsOf(permit, before, s.state!, s.last, () => [], calendar);
    expect(messages.find(m => m.channel === 'inbox')!.body).toBe(
      '经负责人批准，办理期限延长至 2026年11月13日24时。理由：需现场核查施工场地'
    );
    expect(notices(permit, s.state!, calendar).find(n => n.kind === 'extension')!.lines).toEqual([
      '经本机关负责人批准，办理期限延长 10 个工作日。',
      '理由：需现场核查施工场地'
    ]);
    expect(s.attempt('2026-09-30 10:00', handler, { type: 'requestExtension', reason: '再延' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.once' }
    });
  });

  it('the head may refuse with an opinion: nothing moves, and the handler may ask again', () => {
    const s = accepted().when('2026-09-29 10:00', handler, { type: 'requestExtension', reason: '情况复杂' });
    const before = s.state!.deadlines;
    s.when('2026-09-29 11:00', leader, { type: 'refuseExtension', opinion: '不同意，请在期限内办结' });
    expect(s.state!.deadlines).toEqual(before);
    expect(s.state!.extensionRequest).toBeUndefined();
    expect(s.state!.opinions.at(-1)).toMatchObject({ verdict: 'refuseExtension', text: '不同意，请在期限内办结' });
    expect(s.attempt('2026-09-29 12:00', leader, { type: 'approveExtension', opinion: '同意' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.not-requested' }
    });
    s.when('2026-09-30 10:00', handler, { type: 'requestExtension', reason: '补充说明后再次申请' });
    // Without a length, the whole extension the matter allows (joint handling: 15 workdays).
    expect(s.state!.extensionRequest!.amount).toEqual({ amount: 15, unit: 'workdays' });
  });

  it('at the decision step the head extends alone; nobody requests it of them', () => {
    const s = accepted()
      .when('2026-09-28 14:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
      .when('2026-09-28 15:00', handler, { type: 'distribute' })
      .when('2026-09-29 09:00', planning, { type: 'answerCoApproval', agree: true })
      .when('2026-09-29 09:30', staff('市人民防空办公室', ['承办人'], '人防赵'), {
        type: 'answerCoApproval',
        agree: true
      })
      .when('2026-09-29 10:00', handler, { type: 'consolidate', opinion: '各协办部门均同意' })
      .when('2026-09-29 11:00', chief, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
    expect(s.attempt('2026-09-29 12:00', leader, { type: 'requestExtension', reason: '情况复杂' })).toMatchObject({
      ok: false,
      rejection: { code: 'extension.by-head' }
    });
    s.when('2026-09-29 12:00', leader, { type: 'extend', reason: '涉及多部门协调' });
    expect(s.state!.extension).toMatchObject({ approvedBy: '黄局长', amount: { amount: 15, unit: 'workdays' } });
    expect(s.state!.extension!.requestedBy).toBeUndefined();
  });
});
