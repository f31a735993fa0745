import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { effectsOf } from './effects.ts';
import { notices } from './notices.ts';
import { supervisionTimers } from './supervise.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');
const leader = staff(housing, ['分管领导'], '黄局长');
const planning = staff('市自然资源和规划局', ['承办人'], '规划刘');

/** Accepted on Monday 28 September 2026: the promised limit (10 workdays, across National Day) ends 2026-10-14 00:00. */
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

const explain = (reason: string, expected: string) => ({ type: 'explainOverdue' as const, reason, expected });

describe('seeds/003 §四: an overdue case’s applicant is told why and the date it is now to be decided by', () => {
  it('is refused before the promised limit passes, and to anyone but the post holding the case or the head', () => {
    const s = accepted();
    expect(s.state!.deadlines!.promised).toBe(Date.parse('2026-10-14T00:00:00+08:00'));
    expect(s.attempt('2026-10-13 16:00', handler, explain('材料复杂', '2026-10-20'))).toEqual({
      ok: false,
      rejection: { code: 'overdue.not-yet', message: '办件尚未超过承诺办结时限，不需要说明超时原因。' }
    });
    expect(s.attempt('2026-10-14 09:00', planning, explain('材料复杂', '2026-10-20'))).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
    expect(s.attempt('2026-10-14 09:00', window, explain('材料复杂', '2026-10-20'))).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed' }
    });
  });

  it('needs a reason and a real date not before today', () => {
    const s = accepted();
    const at = '2026-10-14 09:00';
    expect(s.attempt(at, handler, explain('  ', '2026-10-20'))).toMatchObject({
      ok: false,
      rejection: { code: 'overdue.reason' }
    });
    for (const date of ['2026-10-13', '2026-02-30', '20261020', ''])
      expect(s.attempt(at, handler, explain('材料复杂', date)), date).toMatchObject({
        ok: false,
        rejection: { code: 'overdue.expected' }
      });
    expect(s.attempt(at, handler, explain('材料复杂', '2026-10-14')).ok).toBe(true);
  });

  it('tells the applicant by message and by a notice that stays with the case; the head may tell again', () => {
    const s = accepted();
    const before = s.state!;
    s.when('2026-10-14 09:00', handler, explain('需补充征求消防部门意见', '2026-10-21'));
    const { messages } = effectsOf(permit, before, s.state!, s.last, () => [], calendar);
    expect(messages.find(m => m.channel === 'inbox')!.body).toBe(
      '您的办件已超过承诺办结时限。原因：需补充征求消防部门意见。重新确定的办结时限：2026年10月21日前。'
    );
    s.when('2026-10-21 09:00', leader, explain('专家意见尚未返回', '2026-10-23'));
    expect(s.state!.overdueExplanations).toEqual([
      {
        at: Date.parse('2026-10-14T09:00:00+08:00'),
        by: `${housing} 陈承办`,
        reason: '需补充征求消防部门意见',
        expected: '2026-10-21'
      },
      {
        at: Date.parse('2026-10-21T09:00:00+08:00'),
        by: `${housing} 黄局长`,
        reason: '专家意见尚未返回',
        expected: '2026-10-23'
      }
    ]);
    const told = notices(permit, s.state!).filter(n => n.kind === 'overdue');
    expect(told.map(n => n.lines)).toEqual([
      [
        '您的申请已超过承诺办结时限（2026年10月13日24时）。',
        '原因：需补充征求消防部门意见',
        '重新确定的办结时限：2026年10月21日前。'
      ],
      [
        '您的申请已超过承诺办结时限（2026年10月13日24时）。',
        '原因：专家意见尚未返回',
        '重新确定的办结时限：2026年10月23日前。'
      ]
    ]);
    expect(told[0]!.title).toBe('超期办理说明');
  });

  it('is refused once the case is decided', () => {
    const s = accepted();
    s.state = { ...s.state!, status: 'decided' };
    expect(s.attempt('2026-10-14 09:00', leader, explain('x', '2026-10-20'))).toMatchObject({
      ok: false,
      rejection: { code: 'case.status' }
    });
  });

  it('an overdue case whose applicant is not told within a workday is an anomaly, once; telling them in time prevents it', () => {
    const unexplained = (s: Scenario) => s.supervision.filter(r => r.rule === 'overdueUnexplained');
    const s = accepted();
    const limit = Date.parse('2026-10-15T00:00:00+08:00');
    expect(supervisionTimers(permit, s.state!, calendar)).toContainEqual({
      key: `overdueUnexplained:${s.state!.deadlines!.promised}`,
      at: limit
    });
    s.tick('2026-10-14 23:00');
    expect(unexplained(s)).toEqual([]);
    s.tick('2026-10-15 09:00');
    s.tick('2026-10-16 09:00');
    expect(unexplained(s)).toMatchObject([
      {
        level: 'anomaly',
        department: housing,
        responsible: { role: '承办人' },
        message: expect.stringContaining('仍未向申请人说明超时原因和重新确定的办结时限')
      }
    ]);

    const told = accepted().when('2026-10-14 09:00', handler, explain('需补充征求消防部门意见', '2026-10-21'));
    expect(supervisionTimers(permit, told.state!, calendar).map(t => t.key)).not.toContainEqual(
      expect.stringContaining('overdueUnexplained')
    );
    told.tick('2026-10-16 09:00');
    expect(unexplained(told)).toEqual([]);
  });
});
