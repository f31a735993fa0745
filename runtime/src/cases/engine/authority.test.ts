import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { allowedCommands, authorityFor, mayGive } from './authority.ts';
import type { Actor, CaseState, Command } from './index.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';

/** Every demo account of the construction permit's departments, as the API makes them actors (authors and supervisors hold no post). */
const accounts = {
  window: staff(housing, ['窗口'], '王窗口'),
  handler: staff(housing, ['承办人'], '陈承办'),
  chief: staff(housing, ['处室负责人'], '林处长'),
  leader: staff(housing, ['分管领导'], '黄局长'),
  planning: staff('市自然资源和规划局', ['承办人'], '刘规划'),
  airdefence: staff('市人民防空办公室', ['承办人'], '赵人防'),
  author: staff(housing, [], '赵编写'),
  supervisor: staff(housing, [], '周监察'),
  otherDepartment: staff('市卫生健康委员会', ['窗口'], '卫健窗口')
} satisfies Record<string, Actor>;
const { window, handler, chief, leader, planning, airdefence } = accounts;

/** The permit's case in each state a command can meet, built by the right posts. */
function states(): Record<string, CaseState> {
  const at = (d: string) => `2026-09-${d}`;
  const s = new Scenario(permit, calendar).when(at('28 10:00'), citizen, {
    type: 'submit',
    caseId: 'c1',
    caseNumber: 'N1',
    applicant: company,
    channel: 'online',
    answers: answersFor(permit),
    materials: ['申请表']
  });
  const out: Record<string, CaseState> = { submitted: s.state! };
  s.when(at('28 10:10'), window, { type: 'passPreReview' });
  out.awaitingPaper = s.state!;
  s.when(at('28 10:20'), window, { type: 'confirmPaper' });
  out.preReviewed = s.state!;
  s.when(at('28 10:30'), window, { type: 'accept' });
  out.review = s.state!;
  s.when(at('28 11:00'), handler, { type: 'completeStep', stepId: 'review-1', opinion: '同意' });
  out.parallel = s.state!;
  s.when(at('28 11:10'), handler, { type: 'distribute' });
  out.distributed = s.state!;
  s.when(at('28 11:20'), planning, { type: 'answerCoApproval', agree: true }).when(at('28 11:30'), airdefence, {
    type: 'answerCoApproval',
    agree: true
  });
  s.when(at('28 11:40'), handler, { type: 'consolidate', opinion: '同意' });
  out.chiefReview = s.state!;
  s.when(at('28 12:00'), chief, { type: 'completeStep', stepId: 'review-2', opinion: '同意' });
  out.decision = s.state!;
  s.when(at('28 14:00'), leader, { type: 'decide', approve: true });
  out.decided = s.state!;
  s.when(at('28 15:00'), window, { type: 'deliver', method: 'online' });
  out.delivered = s.state!;
  s.when(at('28 15:10'), window, { type: 'complete' });
  out.completed = s.state!;
  return out;
}

/** One of every staff command, with what it needs, fitted to the case's current step. */
function commands(state: CaseState): Array<Omit<Command, 'by'>> {
  const stepId = state.stepId ?? 'review-1';
  return [
    { type: 'passPreReview' },
    { type: 'requestCorrection', items: ['缺少施工合同'] },
    { type: 'confirmPaper' },
    { type: 'accept' },
    { type: 'refuse', reasons: '不符合条件' },
    { type: 'recordStageOpinion', stage: '业务主管单位', opinion: '同意' },
    { type: 'completeStep', stepId, opinion: '同意' },
    { type: 'returnStep', toStepId: 'review-1', reason: '回退核实' },
    { type: 'distribute' },
    { type: 'answerCoApproval', agree: true },
    { type: 'consolidate', opinion: '同意' },
    { type: 'handOff', opinion: '同意' },
    {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: '专家论证',
      expected: { amount: 5, unit: 'workdays' }
    },
    { type: 'endSpecialProcedure', result: '结束' },
    { type: 'extend', reason: '情况复杂' },
    { type: 'decide', approve: true },
    { type: 'deliver', method: 'online' },
    { type: 'deliveryFailed', reason: '退回' },
    { type: 'complete' },
    { type: 'archive' }
  ] as Array<Omit<Command, 'by'>>;
}

describe('who may give which command (security-audit §1.1)', () => {
  const engine = new Scenario(permit, calendar).engine;
  const all = states();

  it('every command, by every account, on a case in every state: nobody without the post is ever obeyed', () => {
    const obeyed: string[] = [];
    let tried = 0;
    for (const [name, state] of Object.entries(all)) {
      for (const command of commands(state)) {
        for (const [who, by] of Object.entries(accounts)) {
          tried++;
          const result = engine.decide(permit, state, { ...command, by } as Command, state.receivedAt + 86_400_000);
          const holds = mayGive(authorityFor(permit, state, command.type), by, state);
          if (result.ok) {
            obeyed.push(`${name}:${command.type}:${who}`);
            expect(holds, `${who} was obeyed giving ${command.type} on a ${name} case without the post`).toBe(true);
          } else if (!holds) {
            expect(result.rejection.code, `${who} ${command.type} on ${name}`).not.toBe('ok');
          }
        }
      }
    }
    expect(tried).toBe(11 * 20 * 9);
    // The matter author and the supervisor hold no post: never obeyed, on anything.
    expect(obeyed.filter(o => o.endsWith(':author') || o.endsWith(':supervisor'))).toEqual([]);
    // The audit's 40 of 60: correction, paper, special procedure, delivery, completion, archive, now only by the posts.
    expect(
      obeyed
        .filter(o =>
          /:(requestCorrection|confirmPaper|startSpecialProcedure|deliver|deliveryFailed|complete|archive):/.test(o)
        )
        .map(o => o.split(':')[2])
        .sort()
    ).toEqual(expect.arrayContaining(['window', 'handler']));
    expect(obeyed).toContain('review:startSpecialProcedure:handler');
    expect(obeyed).not.toContain('review:startSpecialProcedure:chief');
    expect(obeyed).not.toContain('review:requestCorrection:window');
    expect(obeyed).toContain('submitted:requestCorrection:window');
    expect(obeyed).toContain('decided:deliver:window');
    expect(obeyed).not.toContain('decided:deliver:handler');
  });

  it("the supervisor cannot stop the legal clock (the audit's reproduction), the step's post can", () => {
    const review = all.review!;
    const pause = {
      type: 'startSpecialProcedure',
      kind: 'expertReview',
      reason: 'x',
      expected: { amount: 20, unit: 'workdays' }
    } as const;
    const refused = engine.decide(
      permit,
      review,
      { ...pause, by: accounts.supervisor },
      review.receivedAt + 86_400_000
    );
    expect(refused).toMatchObject({
      ok: false,
      rejection: { code: 'actor.not-allowed', message: expect.stringContaining('市住房和建设局的“承办人”') }
    });
    expect(engine.decide(permit, review, { ...pause, by: handler }, review.receivedAt + 86_400_000).ok).toBe(true);
  });

  it('tells the staff views what each post may give on the case as it stands', () => {
    expect(allowedCommands(permit, all.review!, handler)).toEqual([
      'requestCorrection',
      'completeStep',
      'returnStep',
      'startSpecialProcedure',
      'endSpecialProcedure',
      'explainOverdue',
      'requestExtension'
    ]);
    expect(allowedCommands(permit, all.decided!, window)).toEqual(
      expect.arrayContaining(['deliver', 'deliveryFailed', 'complete', 'archive'])
    );
    expect(allowedCommands(permit, all.review!, accounts.author)).toEqual([]);
    expect(allowedCommands(permit, all.distributed!, planning)).toEqual(['answerCoApproval']);
    expect(allowedCommands(permit, all.decision!, leader)).toEqual(
      expect.arrayContaining(['decide', 'extend', 'approveExtension', 'refuseExtension', 'completeStep'])
    );
    // At the decision step the head extends alone: nobody requests it of them (Art. 42).
    expect(allowedCommands(permit, all.decision!, leader)).not.toContain('requestExtension');
  });
});
