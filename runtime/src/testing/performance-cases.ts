import type { Definition } from '@banshi/definition';
import type { CaseState } from '../cases/index.ts';
import { at, loadCatalog } from './catalog.ts';
import { answersFor, applicantFor, citizen, Scenario, staff } from './scenario.ts';

/**
 * The performance fixture (绩效测评): cases made through the engine on the published calendar, in three departments,
 * with the supervision events, ratings and complaints a test counts by hand. Dates are Beijing time; November 2026
 * has no holiday (the 2nd is a Monday); 1–7 October is National Day.
 */
const { byName, calendar } = loadCatalog();
export const hygiene = byName('公共场所卫生许可'); // 市卫生健康委员会: promised 1 workday, legal 20
export const business = byName('个体工商户设立登记'); // 市市场监督管理局: promised 2 office hours, legal 3 workdays
export const permit = byName('建筑工程施工许可证核发'); // 市住房和建设局: promised 7 workdays, legal 20; expert review
/** Version 2 of the hygiene licence: five workdays promised, fifteen legal. */
export const hygiene2: Definition = {
  ...hygiene,
  limits: {
    ...hygiene.limits,
    promised: { amount: 5, unit: 'workdays' },
    legal: { amount: 15, unit: 'workdays' }
  }
};

export const names = ['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8', 'H9', 'H10', 'H11', 'M1', 'M2', 'M3', 'P1', 'P2'];
export type Name = (typeof names)[number];
export const idOf = (name: Name) => `00000000-0000-4000-8000-${String(names.indexOf(name) + 1).padStart(12, '0')}`;
export const nameOf = (id: string) => names[Number(id.slice(-12)) - 1]!;

type Channel = CaseState['channel'];

function submitted(name: Name, definition: Definition, time: string, channel: Channel = 'online') {
  const department = definition.department.name;
  const by = channel === 'onSite' ? staff(department, ['窗口'], '王窗口') : citizen;
  return new Scenario(definition, calendar).when(time, by, {
    type: 'submit',
    caseId: idOf(name),
    caseNumber: `PERF-${name}`,
    applicant: applicantFor(definition),
    channel,
    answers: answersFor(definition),
    materials: []
  });
}

function accepted(name: Name, definition: Definition, time: string, channel: Channel = 'online') {
  const window = staff(definition.department.name, ['窗口'], '王窗口');
  const s = submitted(name, definition, time, channel).when(time, window, { type: 'passPreReview' });
  if (s.state!.status === 'awaitingPaper') s.when(time, window, { type: 'confirmPaper' });
  return s.when(time, window, { type: 'accept' });
}

/** Every review step completed and the decision taken at `time` (for matters without a parallel step). */
function decide(s: Scenario, time: string) {
  const department = s.definition.department.name;
  for (const step of s.definition.steps)
    if (step.kind === 'review')
      s.when(time, staff(department, [step.role], step.role), {
        type: 'completeStep',
        stepId: step.id,
        opinion: '同意'
      });
  const decision = s.definition.steps.find(step => step.kind === 'decision')!;
  return s.when(time, staff(department, [decision.kind === 'decision' ? decision.role : ''], '签发人'), {
    type: 'decide',
    approve: true
  });
}

/** The cases with the version of their matter they were received under. */
export function performanceCases(): Array<{ name: Name; state: CaseState; version: number }> {
  const h = (name: Name, s: Scenario, version = 1) => ({ name, state: s.state!, version });
  const health = '市卫生健康委员会';
  const housing = '市住房和建设局';
  const handler = staff(health, ['承办人'], '承办人');
  const withCorrection = accepted('H6', hygiene, '2026-11-02 09:00')
    .when('2026-11-02 10:00', handler, { type: 'requestCorrection', items: ['卫生检测报告过期'] })
    .when('2026-11-09 10:00', citizen, { type: 'resubmit' });
  const p = (role: string, who = role) => staff(housing, [role], who);
  const expert = accepted('P2', permit, '2026-11-02 10:00', 'express')
    .when('2026-11-03 10:00', p('承办人'), {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '超限高层建筑需专家论证',
      expected: { amount: 10, unit: 'workdays' }
    })
    .when('2026-11-16 10:00', p('承办人'), { type: 'endSpecialProcedure', result: '专家论证通过' })
    .when('2026-11-16 14:00', p('承办人'), { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
    .when('2026-11-16 15:00', p('承办人'), { type: 'distribute' })
    .when('2026-11-17 09:00', staff('市自然资源和规划局', ['承办人'], '规划刘'), {
      type: 'answerCoApproval',
      agree: true
    })
    .when('2026-11-17 09:30', staff('市人民防空办公室', ['承办人'], '人防赵'), {
      type: 'answerCoApproval',
      agree: true
    })
    .when('2026-11-17 10:00', p('承办人'), { type: 'consolidate', opinion: '各协办部门均同意' })
    .when('2026-11-17 11:00', p('处室负责人'), { type: 'completeStep', stepId: 'review-2', opinion: '同意' })
    .when('2026-11-17 15:00', p('分管领导'), { type: 'decide', approve: true });
  const window = staff(health, ['窗口'], '王窗口');
  return [
    h('H1', decide(accepted('H1', hygiene, '2026-11-02 09:00'), '2026-11-02 16:00')),
    h('H2', decide(accepted('H2', hygiene, '2026-11-02 09:00', 'onSite'), '2026-11-03 16:00')),
    h('H3', decide(accepted('H3', hygiene, '2026-11-02 09:00'), '2026-11-02 15:00')),
    h('H4', decide(accepted('H4', hygiene, '2026-11-02 09:00'), '2026-11-04 16:00')),
    h('H5', accepted('H5', hygiene, '2026-11-02 09:00')),
    h('H6', decide(withCorrection, '2026-11-10 11:00')),
    h(
      'H7',
      submitted('H7', hygiene, '2026-11-02 09:00')
        .when('2026-11-02 09:30', window, { type: 'passPreReview' })
        .when('2026-11-03 09:00', window, { type: 'refuse', reasons: '不属于本机关职权范围' })
    ),
    h('H8', submitted('H8', hygiene, '2026-11-02 09:00').when('2026-11-03 09:00', citizen, { type: 'withdraw' })),
    h('H9', decide(accepted('H9', hygiene, '2026-09-28 09:00'), '2026-10-09 11:00')),
    h('H10', decide(accepted('H10', hygiene, '2026-09-28 09:00'), '2026-09-29 10:00')),
    h('H11', decide(accepted('H11', hygiene2, '2026-11-02 09:00'), '2026-11-04 16:00'), 2),
    h('M1', decide(accepted('M1', business, '2026-11-03 09:00'), '2026-11-03 10:30')),
    h('M2', decide(accepted('M2', business, '2026-11-03 09:00'), '2026-11-03 14:30')),
    h('M3', decide(accepted('M3', business, '2026-11-02 16:30'), '2026-11-02 17:00')),
    h('P1', submitted('P1', permit, '2026-11-02 09:00', 'onSite')),
    h('P2', expert)
  ];
}

/** Warnings, cards and anomalies raised on the fixture's cases (H9's red card: a case received in September). */
export const performanceEvents: Array<{ name: Name; level: 'warning' | 'yellowCard' | 'redCard' | 'anomaly' }> = [
  { name: 'H3', level: 'yellowCard' },
  { name: 'H4', level: 'yellowCard' },
  { name: 'H5', level: 'warning' },
  { name: 'H9', level: 'redCard' },
  { name: 'P2', level: 'anomaly' }
];

/** 好差评 given on the fixture's cases: level 5 非常满意 … 1 非常不满意, on the day given. */
export const performanceRatings: Array<{ name: Name; level: number; at: number }> = [
  { name: 'H1', level: 5, at: at('2026-11-03 10:00') },
  { name: 'H4', level: 1, at: at('2026-11-05 10:00') },
  { name: 'H10', level: 4, at: at('2026-10-10 10:00') },
  { name: 'P2', level: 3, at: at('2026-11-18 10:00') }
];

/** Complaints: one about H4, one to the health commission naming no case, one made in September. */
export const performanceComplaints: Array<{ name?: Name; department: string; at: number }> = [
  { name: 'H4', department: '市卫生健康委员会', at: at('2026-11-06 10:00') },
  { department: '市卫生健康委员会', at: at('2026-11-20 10:00') },
  { name: 'H10', department: '市卫生健康委员会', at: at('2026-09-30 10:00') }
];

/** The instant the figures are read: H5 is then past its promised deadline, not yet its legal one. */
export const performanceNow = at('2026-11-30 10:00');
