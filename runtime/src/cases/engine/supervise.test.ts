import { describe, expect, it } from 'vitest';
import { createEngine, replay, type Event } from './index.ts';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, applicantFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');
const chief = staff(housing, ['处室负责人'], '林科长');
const leader = staff(housing, ['分管领导'], '黄局长');

function accepted(time: string) {
  return new Scenario(permit, calendar)
    .when(time, citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM1',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: []
    })
    .when(time, window, { type: 'passPreReview' })
    .when(time, window, { type: 'confirmPaper' })
    .when(time, window, { type: 'accept' });
}

const about = (s: Scenario, id: string) => s.supervision.filter(r => r.key.includes(`:${id}:`));

describe('supervision of a construction permit accepted on 2026-09-28, across National Day', () => {
  it('warns one workday before the promised limit, gives a yellow card when it passes and a red card past the legal limit — each once', () => {
    const s = accepted('2026-09-28 10:00');
    const promised = s.state!.deadlines!.promised;
    expect(promised).toBe(at('2026-10-14 00:00'));
    s.tick('2026-10-12 17:00');
    expect(about(s, 'promised')).toEqual([]);
    s.tick('2026-10-13 09:00');
    expect(about(s, 'promised').map(r => r.level)).toEqual(['warning']);
    s.tick('2026-10-13 16:00');
    expect(about(s, 'promised')).toHaveLength(1);
    s.tick('2026-10-14 09:00');
    expect(about(s, 'promised').map(r => r.level)).toEqual(['warning', 'yellowCard']);
    const legal = s.state!.deadlines!.legal;
    expect(legal).toBe(calendar.deadline(at('2026-09-28 10:00'), { amount: 20, unit: 'workdays' }));
    s.tick(new Date(legal + 3_600_000).toISOString().replace('T', ' ').slice(0, 16));
    s.tick('2026-11-30 09:00');
    const red = about(s, 'legal');
    expect(red.map(r => r.level)).toEqual(['redCard']);
    // The review not done when the legal limit passed: the handler's post answers for it, not the deciding leader.
    expect(red[0]).toMatchObject({ department: housing, responsible: { role: '承办人' } });
    expect(new Set(s.supervision.map(r => r.key)).size).toBe(s.supervision.length);
  });

  it('a step overdue is a yellow card for its department and role, naming who last handled the case there', () => {
    const s = accepted('2026-09-28 10:00');
    s.tick('2026-10-09 09:00');
    const step = about(s, 'step').find(r => r.level === 'yellowCard');
    expect(step).toMatchObject({
      rule: 'yellowCard',
      department: housing,
      responsible: { role: '承办人' },
      message: expect.stringContaining('“审查”环节时限')
    });
  });

  it('no warning or card while a special procedure stops the clock', () => {
    const s = accepted('2026-09-28 10:00').when('2026-09-29 10:00', handler, {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '专家论证',
      expected: { amount: 15, unit: 'workdays' }
    });
    s.tick('2026-10-20 09:00');
    expect(s.supervision).toEqual([]);
  });

  it('a new deadline after an approved extension gets its own warning', () => {
    const s = accepted('2026-09-28 10:00');
    s.tick('2026-10-13 09:00');
    s.when('2026-10-13 10:00', leader, { type: 'extend', reason: '情况复杂' });
    // 15 more workdays from the end of 13 Oct: the last is 3 Nov, warned at its start.
    s.tick('2026-11-02 17:00');
    expect(about(s, 'promised').filter(r => r.level === 'warning')).toHaveLength(1);
    s.tick('2026-11-03 09:00');
    const warnings = about(s, 'promised').filter(r => r.level === 'warning');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.deadline).not.toBe(warnings[1]!.deadline);
    expect(s.supervision.some(r => r.rule === 'deadlineMoved')).toBe(false);
  });

  it('more than two correction rounds is an anomaly, raised once', () => {
    const s = new Scenario(permit, calendar).when('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'XM2',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: []
    });
    for (const day of ['2026-09-28', '2026-09-29', '2026-09-30']) {
      s.when(`${day} 11:00`, window, { type: 'requestCorrection', items: ['缺少盖章'] }).when(`${day} 15:00`, citizen, {
        type: 'resubmit'
      });
      s.tick(`${day} 16:00`);
    }
    s.tick('2026-10-08 09:00');
    expect(s.supervision.filter(r => r.rule === 'corrections')).toEqual([
      expect.objectContaining({ level: 'anomaly', message: '办件 XM2 已补正 3 次，超过 2 次：补正应一次性告知。' })
    ]);
  });
});

describe('anomalies read from whatever the case records, even when another system wrote it', () => {
  const engine = createEngine(calendar);
  const base = accepted('2026-09-28 10:00').events;
  const state = (extra: Event[]) => replay([...base, ...extra])!;

  it('a step done by a role that may not do it', () => {
    const wrong: Event = {
      type: 'StepCompleted',
      at: at('2026-09-28 14:00'),
      by: window,
      stepId: 'review-1',
      label: '审查',
      opinion: '同意',
      next: 'parallel-1',
      deadlines:
        base.at(-1)!.type === 'Accepted'
          ? (base.at(-1) as Extract<Event, { type: 'Accepted' }>).deadlines
          : { legal: 0, promised: 0 }
    };
    const records = engine
      .supervise(permit, state([wrong]), at('2026-09-28 15:00'))
      .map(e => (e.type === 'SupervisionRaised' ? e.record : undefined));
    expect(records).toContainEqual(
      expect.objectContaining({
        rule: 'wrongRole',
        level: 'anomaly',
        message: '办件 XM1 的“审查”由市住房和建设局的王窗口办理，该环节应由“承办人”办理。'
      })
    );
  });

  it('a refusal without reasons', () => {
    const s = new Scenario(permit, calendar).when('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c',
      caseNumber: 'XM3',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: []
    });
    const refused = replay([...s.events, { type: 'Refused', at: at('2026-09-28 11:00'), by: window, reasons: '' }])!;
    expect(
      engine
        .supervise(permit, refused, at('2026-09-28 12:00'))
        .map(e => e.type === 'SupervisionRaised' && e.record.rule)
    ).toContain('refusalWithoutReasons');
  });

  it('a decision while a co-approval is missing', () => {
    const decided = replay([
      ...base,
      {
        type: 'Decided',
        at: at('2026-09-29 10:00'),
        by: leader,
        approve: true,
        reasons: '',
        deliveryDeadline: undefined
      }
    ])!;
    const rules = engine
      .supervise(permit, decided, at('2026-09-29 11:00'))
      .map(e => e.type === 'SupervisionRaised' && e.record);
    expect(rules).toContainEqual(
      expect.objectContaining({
        rule: 'decisionWithoutCoApproval',
        department: housing,
        message: expect.stringContaining('市自然资源和规划局、市人民防空办公室未答复')
      })
    );
  });

  it('a deadline moved without an approved extension', () => {
    const accepted = base.at(-1) as Extract<Event, { type: 'Accepted' }>;
    const moved = replay([
      ...base.slice(0, -1),
      { ...accepted, deadlines: { ...accepted.deadlines, legal: accepted.deadlines.legal + 7 * 86_400_000 } }
    ])!;
    expect(
      engine.supervise(permit, moved, at('2026-09-29 09:00')).map(e => e.type === 'SupervisionRaised' && e.record.rule)
    ).toContain('deadlineMoved');
    expect(
      engine
        .supervise(permit, replay(base)!, at('2026-09-29 09:00'))
        .map(e => e.type === 'SupervisionRaised' && e.record.rule)
    ).not.toContain('deadlineMoved');
  });

  it('none of these on a case handled properly', () => {
    const s = accepted('2026-09-28 10:00')
      .when('2026-09-28 14:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '同意' })
      .when('2026-09-28 15:00', handler, { type: 'distribute' })
      .when('2026-09-29 09:00', staff('市自然资源和规划局', ['承办人']), { type: 'answerCoApproval', agree: true })
      .when('2026-09-29 09:30', staff('市人民防空办公室', ['承办人']), { type: 'answerCoApproval', agree: true })
      .when('2026-09-29 10:00', handler, { type: 'consolidate', opinion: '同意' })
      .when('2026-09-29 11:00', chief, { type: 'completeStep', stepId: 'review-2', opinion: '同意' })
      .when('2026-09-29 15:00', leader, { type: 'decide', approve: true });
    s.tick('2026-09-29 16:00');
    expect(s.supervision).toEqual([]);
  });
});

describe('rules the December review found wrong (office-audit item 34)', () => {
  const submitted = (name: string, time: string, extra: Record<string, unknown> = {}) => {
    const definition = byName(name);
    return new Scenario(definition, calendar).when(time, citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM9',
      applicant: applicantFor(definition),
      channel: 'online',
      answers: answersFor(definition),
      materials: [],
      ...extra
    });
  };

  it('a joint annual inspection pre-reviewed by each joint department raises no “wrong role” anomaly', () => {
    const s = submitted('民办学校年度检查', '2026-03-02 10:00', { inspectionMode: 'onSite' })
      .when('2026-03-02 11:00', staff('市教育局', ['窗口']), { type: 'passPreReview' })
      .when('2026-03-02 14:00', staff('市民政局', ['承办人'], '民承办'), { type: 'passPreReview' })
      .when('2026-03-03 09:00', staff('市市场监督管理局', ['承办人']), { type: 'passPreReview' })
      .expectStatus('awaitingPaper');
    s.tick('2026-03-03 10:00');
    expect(s.supervision.filter(r => r.rule === 'wrongRole')).toEqual([]);
    // The lead department's own pre-review still needs its window post.
    const wrong = submitted('民办学校年度检查', '2026-03-02 10:00', { inspectionMode: 'onSite' });
    const engine = createEngine(calendar);
    const events: Event[] = [
      ...wrong.events,
      {
        type: 'PreReviewPassed',
        at: at('2026-03-02 11:00'),
        by: staff('市教育局', ['承办人'], '教承办'),
        department: '市教育局',
        opinion: '',
        allPassed: false,
        paper: 'awaiting'
      }
    ];
    const records = engine
      .supervise(byName('民办学校年度检查'), replay(events)!, at('2026-03-02 12:00'))
      .flatMap(e => (e.type === 'SupervisionRaised' ? [e.record] : []));
    expect(records.filter(r => r.rule === 'wrongRole').map(r => r.message)).toEqual([
      '办件 XM9 的“预审”由市教育局的教承办办理，该环节应由“窗口”办理。'
    ]);
  });

  it('a co-approver late to answer is reported once, not again when the late answer comes', () => {
    const s = accepted('2026-09-28 10:00')
      .when('2026-09-28 11:00', handler, {
        type: 'completeStep',
        stepId: permit.steps.find(st => st.kind === 'review')!.id,
        opinion: '同意'
      })
      .when('2026-09-28 12:00', handler, { type: 'distribute' });
    const due = s.state!.deadlines!.coApprovers!['市自然资源和规划局']!;
    // An hour past the deadline, written in Beijing time as the scenario reads times.
    const after = new Date(due + 9 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
    s.tick(after);
    expect(s.supervision.filter(r => r.rule === 'coApproverLate').map(r => r.department)).toContain(
      '市自然资源和规划局'
    );
    s.when(after, staff('市自然资源和规划局', ['承办人'], '规划刘'), { type: 'answerCoApproval', agree: true });
    s.tick(after);
    expect(
      s.supervision.filter(r => r.rule === 'coApproverLate' && r.department === '市自然资源和规划局')
    ).toHaveLength(1);
  });

  it('a same-day matter is not warned at the moment of submission, but halfway through its day', () => {
    const s = submitted('社会保险个人参保证明查询打印', '2026-03-02 10:00');
    const due = s.state!.preReviewDeadline!;
    expect(due).toBe(at('2026-03-03 00:00'));
    s.tick('2026-03-02 10:00');
    s.tick('2026-03-02 16:59');
    expect(s.supervision.filter(r => r.level === 'warning')).toEqual([]);
    s.tick('2026-03-02 17:00');
    expect(s.supervision.filter(r => r.level === 'warning').map(r => r.message)).toEqual(['办件 XM9 的预审即将到期。']);
  });
});
