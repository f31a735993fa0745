/**
 * A model of who may do what to a case, for the engine's property tests: at each step it lists the commands
 * that make sense for the case as it stands (from the Definition's route, the staff of the right department
 * and role, the applicant), together with some that must be refused, each with the answer the engine owes.
 */
import type { Definition } from '@banshi/definition';
import {
  routeOf,
  type Actor,
  type Applicant,
  type CaseState,
  type Command,
  type Route,
  type RouteStep
} from '../../runtime/src/cases/engine/index.ts';
import { answersFor } from '../../runtime/src/testing/scenario.ts';

/** A command without its actor (distributed over the union, so each kind keeps its fields). */
type Bare = Command extends infer C ? (C extends Command ? Omit<C, 'by'> : never) : never;

/** What the engine must answer: accept the command, or reject it with this code. */
export type Expected = 'ok' | string;

export interface Candidate {
  command: Command;
  expect: Expected;
  /** How often the generator picks it, relative to the others. */
  weight: number;
  /** A command that moves the case towards its end: the closer picks the first of these. */
  progress?: boolean;
}

export const applicant: Actor = { kind: 'applicant', id: 'applicant-1', name: '李四' };
export const stranger: Actor = { kind: 'applicant', id: 'applicant-2', name: '王五' };
export const system: Actor = { kind: 'system' };
export const outsider = staffOf('市公安局', '承办人');

export function staffOf(department: string, role: string): Actor {
  return { kind: 'staff', id: `${department}:${role}`, name: `${role}甲`, department, roles: [role] };
}

const roles = ['窗口', '承办人', '处室负责人', '分管领导'];

/** Someone of the same department in another role than `role`. */
function otherRole(department: string, role: string | undefined): Actor {
  return staffOf(department, roles.find(r => r !== role) ?? '窗口');
}

export function applicantOf(definition: Definition, goodRecord: boolean): Applicant {
  const person = definition.serviceObjects.includes('person') && !definition.serviceObjects.includes('enterprise');
  return person
    ? { id: 'applicant-1', kind: 'person', name: '李四', goodRecord }
    : { id: 'applicant-1', kind: 'organisation', name: '厦门市某某有限公司', goodRecord };
}

/** The departments that pre-review (as the engine counts them). */
function preReviewDepartments(definition: Definition, route: Route): string[] {
  return [
    route.preReview?.department ?? definition.department.name,
    ...(definition.annualInspection?.joint.map(j => j.name) ?? [])
  ];
}

function performer(step: RouteStep): string {
  return step.kind === 'parallel' ? step.lead : step.department;
}

function stepRole(step: RouteStep): string | undefined {
  return step.kind === 'review' || step.kind === 'decision' || step.kind === 'delivery' ? step.role : undefined;
}

const shanghaiMonthDay = (now: number) => new Date(now + 8 * 3_600_000).toISOString().slice(5, 10);

/**
 * Every command worth trying on `state` at `now`, with the engine's expected answer. `pick` chooses among
 * variants (channel, co-approver's answer, return target...) so the list stays short.
 */
export function candidates(
  definition: Definition,
  state: CaseState | undefined,
  now: number,
  pick: number,
  goodRecord: boolean
): Candidate[] {
  const route = routeOf(definition);
  const own = definition.department.name;
  const acceptanceGate = route.acceptance;
  const acceptor = acceptanceGate ? staffOf(acceptanceGate.department, acceptanceGate.role) : staffOf(own, '窗口');
  const preDepartments = preReviewDepartments(definition, route);
  const preClerk = staffOf(route.preReview?.department ?? own, route.preReview?.role ?? '窗口');
  const ownClerk = staffOf(own, '窗口');
  const decisionStep = route.steps.find(s => s.kind === 'decision');
  const leader = staffOf(own, stepRole(decisionStep!) ?? '分管领导');
  const inspection = definition.annualInspection;
  const out: Candidate[] = [];
  const add = (weight: number, by: Actor, command: Bare, expect: Expected, progress = false) =>
    out.push({ weight, command: { ...command, by } as Command, expect, ...(progress ? { progress } : {}) });

  if (!state) {
    // The applicant chooses among the channels that are theirs; on-site cases are entered by the window.
    const own = definition.submission.filter(c => c !== 'onSite');
    const channel: Definition['submission'][number] = own.length > 0 ? own[pick % own.length]! : 'onSite';
    const base = {
      type: 'submit' as const,
      caseId: 'case-1',
      caseNumber: 'XM2026000000001',
      applicant: applicantOf(definition, goodRecord),
      channel,
      answers: answersFor(definition),
      materials: ['申请表'],
      ...(inspection ? { inspectionMode: inspection.modes[0]!.kind } : {})
    };
    const inWindow =
      !inspection || (shanghaiMonthDay(now) >= inspection.window.from && shanghaiMonthDay(now) <= inspection.window.to);
    add(8, own.length > 0 ? applicant : preClerk, base, inWindow ? 'ok' : 'inspection.window', true);
    if (definition.submission.includes('onSite'))
      add(2, preClerk, { ...base, channel: 'onSite' }, inWindow ? 'ok' : 'inspection.window');
    add(1, applicant, { ...base, channel: 'onSite' }, 'submission.window-only');
    add(1, stranger, base, 'actor.not-allowed');
    const missing = definition.form.find(f => f.required)!;
    add(
      1,
      applicant,
      { ...base, answers: answersFor(definition, { [missing.name]: '' }) },
      inWindow ? 'form.required' : 'inspection.window'
    );
    const offChannel = (['online', 'express'] as const).find(c => !definition.submission.includes(c));
    if (offChannel) add(1, applicant, { ...base, channel: offChannel }, 'submission.channel');
    if (inspection) add(1, applicant, { ...base, inspectionMode: undefined }, 'inspection.mode');
    add(1, acceptor, { type: 'accept' }, 'case.not-found');
    return out;
  }

  const status = state.status;
  if (status === 'archived') {
    for (const probe of everyCommand(definition, state)) add(1, probe.by, probe, 'case.archived');
    return out;
  }

  // Anyone, any time: a second submission, withdrawal, archive, deemed acceptance by a person.
  add(
    1,
    applicant,
    {
      type: 'submit',
      caseId: 'case-1',
      caseNumber: 'x',
      applicant: applicantOf(definition, goodRecord),
      channel: definition.submission[0]!,
      answers: answersFor(definition),
      materials: []
    },
    'case.exists'
  );
  const withdrawable = ['submitted', 'correcting', 'awaitingPaper', 'preReviewed', 'inReview', 'paused'].includes(
    status
  );
  add(1, applicant, { type: 'withdraw', reason: '不再需要' }, withdrawable ? 'ok' : 'case.status');
  add(1, ownClerk, { type: 'withdraw' }, withdrawable ? 'actor.not-allowed' : 'case.status');
  add(1, stranger, { type: 'withdraw' }, withdrawable ? 'actor.not-allowed' : 'case.status');
  const archivable = ['completed', 'refused', 'withdrawn'].includes(status);
  add(archivable ? 6 : 1, ownClerk, { type: 'archive' }, archivable ? 'ok' : 'case.status', archivable);
  add(1, system, { type: 'archive' }, archivable ? 'ok' : 'case.status');
  add(1, applicant, { type: 'archive' }, archivable ? 'actor.not-allowed' : 'case.status');
  add(1, outsider, { type: 'archive' }, archivable ? 'actor.not-allowed' : 'case.status');
  const beforeAcceptance = ['submitted', 'preReviewed', 'awaitingPaper'].includes(status);
  add(1, ownClerk, { type: 'deemAccept' }, beforeAcceptance ? 'actor.not-allowed' : 'case.status');
  // Due deemed acceptances have fired at the tick: a system request now is early.
  // A mandatory stage opinion missing at the deemed instant: no deemed acceptance (office-audit 24).
  const neededStages = (inspection?.stages ?? []).slice(0, Math.max(0, (inspection?.stages.length ?? 0) - 1));
  const stagesInTime = neededStages.every(
    (_, i) => state.stageOpinions[i] !== undefined && state.stageOpinions[i]!.at <= state.deemedAcceptanceAt!
  );
  add(
    1,
    system,
    { type: 'deemAccept' },
    beforeAcceptance
      ? state.deemedAcceptanceAt !== undefined && now >= state.deemedAcceptanceAt
        ? stagesInTime
          ? 'ok'
          : 'stage.missing'
        : 'deemed.not-due'
      : 'case.status'
  );

  // Paper: confirmable while awaited, by the accepting department, until the case ends.
  const paperAwaited =
    (state.paper === 'awaiting' || state.paper === 'acceptedBeforePaper') && !['withdrawn', 'refused'].includes(status);
  add(
    status === 'awaitingPaper' ? 6 : 1,
    acceptor,
    { type: 'confirmPaper' },
    paperAwaited ? 'ok' : 'paper.not-awaited',
    status === 'awaitingPaper'
  );
  if (paperAwaited) add(1, outsider, { type: 'confirmPaper' }, 'actor.not-allowed');

  const refusable = beforeAcceptance;
  // Annual inspections: the stages before acceptance, in order, each by its due date.
  const stages = inspection?.stages ?? [];
  const stageNeeded = stages.slice(0, Math.max(0, stages.length - 1));
  const nextStage = stages[state.stageOpinions.length];
  const stageMissing = stageNeeded.length > state.stageOpinions.length;
  const stageLate = !!nextStage?.due && shanghaiMonthDay(now) > nextStage.due;
  if (inspection) {
    if (beforeAcceptance) {
      // A late stage refuses the case with its notice (office-audit 24).
      const expect = !nextStage ? 'stage.order' : 'ok';
      add(
        stageMissing ? 5 : 1,
        ownClerk,
        { type: 'recordStageOpinion', stage: nextStage?.name ?? stages[0]!.name, opinion: '同意报送年检' },
        expect,
        stageMissing && expect === 'ok'
      );
      add(1, ownClerk, { type: 'recordStageOpinion', stage: '不存在的阶段', opinion: '同意' }, 'stage.order');
    } else {
      add(1, ownClerk, { type: 'recordStageOpinion', stage: stages[0]!.name, opinion: '同意' }, 'case.status');
    }
  }
  const blocked = stageMissing && stageLate;
  add(
    refusable ? (blocked ? 4 : 1) : 1,
    acceptor,
    { type: 'refuse', reasons: '不符合受理条件' },
    refusable ? 'ok' : 'case.status',
    refusable && blocked
  );
  if (refusable) add(1, acceptor, { type: 'refuse', reasons: ' ' }, 'refusal.reasons-required');

  switch (status) {
    case 'submitted': {
      for (const department of preDepartments.filter(d => !state.preReviewedBy.includes(d))) {
        const gate = route.preReview?.department === department ? route.preReview : undefined;
        add(6, staffOf(department, gate?.role ?? '窗口'), { type: 'passPreReview', opinion: '材料齐全' }, 'ok', true);
        if (gate) add(1, otherRole(department, gate.role), { type: 'passPreReview' }, 'actor.not-allowed');
      }
      // Art. 32: after a first notice, a further one names only what it named (hall-audit problem 1).
      add(
        2,
        preClerk,
        {
          type: 'requestCorrection',
          items: state.firstNotice ? [state.firstNotice[0]!] : ['申请表缺少盖章', '身份证明复印件不清晰']
        },
        'ok'
      );
      if (state.firstNotice)
        add(1, preClerk, { type: 'requestCorrection', items: ['另外发现的问题'] }, 'correction.not-in-first-notice');
      add(1, preClerk, { type: 'requestCorrection', items: [' '] }, 'correction.items-required');
      add(1, outsider, { type: 'requestCorrection', items: ['缺少材料'] }, 'actor.not-allowed');
      add(1, acceptor, { type: 'accept' }, 'case.status');
      break;
    }
    case 'correcting': {
      add(6, applicant, { type: 'resubmit', materials: ['补正材料'] }, 'ok', true);
      add(1, preClerk, { type: 'resubmit', answers: {} }, 'ok');
      add(1, stranger, { type: 'resubmit' }, 'actor.not-allowed');
      // One notice lists everything: a second one waits for the resubmission.
      add(1, preClerk, { type: 'requestCorrection', items: ['还缺一份'] }, 'correction.already-issued');
      add(1, preClerk, { type: 'passPreReview' }, 'case.status');
      add(1, acceptor, { type: 'accept' }, 'case.status');
      break;
    }
    case 'awaitingPaper': {
      add(
        1,
        preClerk,
        { type: 'requestCorrection', items: ['纸质材料与网上提交不一致'] },
        state.firstNotice ? 'correction.not-in-first-notice' : 'ok'
      );
      add(1, acceptor, { type: 'accept' }, 'case.status');
      break;
    }
    case 'preReviewed': {
      add(6, acceptor, { type: 'accept', opinion: '予以受理' }, stageMissing ? 'stage.missing' : 'ok', !stageMissing);
      if (acceptanceGate)
        add(1, otherRole(acceptanceGate.department, acceptanceGate.role), { type: 'accept' }, 'actor.not-allowed');
      add(1, preClerk, { type: 'requestCorrection', items: ['缺少材料'] }, 'case.status');
      break;
    }
    case 'inReview':
      reviewCandidates(definition, route, state, pick, add, leader, now);
      break;
    case 'paused': {
      const step = route.steps.find(s => s.id === state.stepId)!;
      const by = staffOf(performer(step), stepRole(step) ?? '承办人');
      add(6, by, { type: 'endSpecialProcedure', result: '专家评审通过' }, 'ok', true);
      add(1, by, { type: 'endSpecialProcedure', result: '' }, 'special.result');
      add(1, outsider, { type: 'endSpecialProcedure', result: '结束' }, 'actor.not-allowed');
      add(1, by, { type: 'completeStep', stepId: step.id, opinion: '同意' }, 'case.status');
      add(1, leader, { type: 'extend', reason: '情况复杂' }, 'case.status');
      add(1, by, { type: 'requestExtension', reason: '情况复杂' }, 'case.status');
      add(1, leader, { type: 'approveExtension', opinion: '同意' }, 'case.status');
      break;
    }
    case 'decided': {
      const failures = state.delivery?.failures ?? 0;
      const usual = definition.delivery.filter(m => m !== 'announcement');
      const method = usual[pick % usual.length]!;
      add(6, ownClerk, { type: 'deliver', method }, 'ok', true);
      // 公告送达 only once delivery by the applicant's way has failed, listed in the guide or not (office-audit 31).
      add(
        1,
        ownClerk,
        { type: 'deliver', method: 'announcement' },
        failures > 0 ? 'ok' : 'delivery.announcement-first'
      );
      add(1, ownClerk, { type: 'deliveryFailed', reason: '快递退回' }, 'ok');
      add(1, ownClerk, { type: 'deliveryFailed', reason: '' }, 'delivery.reason');
      add(1, outsider, { type: 'deliver', method }, 'actor.not-allowed');
      add(1, ownClerk, { type: 'complete' }, 'case.status');
      add(1, leader, { type: 'decide', approve: true }, 'case.status');
      break;
    }
    case 'delivered': {
      add(6, ownClerk, { type: 'complete' }, 'ok', true);
      add(1, outsider, { type: 'complete' }, 'actor.not-allowed');
      add(1, ownClerk, { type: 'deliver', method: definition.delivery[0]! }, 'case.status');
      break;
    }
    case 'completed':
    case 'refused':
    case 'withdrawn': {
      add(1, leader, { type: 'decide', approve: true }, 'case.status');
      add(1, acceptor, { type: 'accept' }, 'case.status');
      add(1, ownClerk, { type: 'complete' }, 'case.status');
      break;
    }
  }
  return out;
}

type Add = (weight: number, by: Actor, command: Bare, expect: Expected, progress?: boolean) => void;

function reviewCandidates(
  definition: Definition,
  route: Route,
  state: CaseState,
  pick: number,
  add: Add,
  leader: Actor,
  now: number
): void {
  const step = route.steps.find(s => s.id === state.stepId)!;
  const index = route.steps.indexOf(step);
  const role = stepRole(step);
  const doer = staffOf(performer(step), role ?? '承办人');
  const other = route.steps.find(s => s.id !== step.id)!;
  switch (step.kind) {
    case 'review':
      add(6, doer, { type: 'completeStep', stepId: step.id, opinion: '材料齐全，符合条件' }, 'ok', true);
      add(
        1,
        otherRole(step.department, role),
        { type: 'completeStep', stepId: step.id, opinion: '同意' },
        'actor.not-allowed'
      );
      add(1, doer, { type: 'completeStep', stepId: other.id, opinion: '同意' }, 'step.not-current');
      add(1, doer, { type: 'completeStep', stepId: step.id, opinion: '  ' }, 'opinion.required');
      break;
    case 'parallel': {
      const distributed = state.coApproval?.stepId === step.id;
      const lead = staffOf(step.lead, '承办人');
      add(1, lead, { type: 'completeStep', stepId: step.id, opinion: '同意' }, 'step.kind');
      if (!distributed) {
        add(6, lead, { type: 'distribute' }, 'ok', true);
        add(1, outsider, { type: 'distribute' }, 'actor.not-allowed');
        add(
          1,
          staffOf(step.coApprovers[0]!.department, '承办人'),
          { type: 'answerCoApproval', agree: true },
          'coapproval.not-distributed'
        );
        add(1, lead, { type: 'consolidate', opinion: '同意' }, 'coapproval.not-distributed');
        break;
      }
      add(1, lead, { type: 'distribute' }, 'coapproval.distributed');
      const answers = state.coApproval!.answers;
      for (const [i, co] of step.coApprovers.entries()) {
        const by = staffOf(co.department, '承办人');
        if (answers[co.department]) {
          add(1, by, { type: 'answerCoApproval', agree: true }, 'coapproval.answered');
        } else {
          const disagree = (pick >> i) % 4 === 0;
          add(
            4,
            by,
            disagree
              ? { type: 'answerCoApproval', agree: false, reasons: '设计审查意见未落实' }
              : { type: 'answerCoApproval', agree: true },
            'ok',
            true
          );
          add(1, by, { type: 'answerCoApproval', agree: false, reasons: ' ' }, 'coapproval.reasons');
        }
      }
      add(1, outsider, { type: 'answerCoApproval', agree: true }, 'actor.not-allowed');
      const missing = step.coApprovers.some(c => !answers[c.department]);
      // Every 不同意 is answered in the consolidation (office-audit 26); left unanswered, it is refused.
      const dissent = Object.entries(answers).filter(([, a]) => !a.agree);
      const responses = Object.fromEntries(dissent.map(([d]) => [d, '已转告申请人整改']));
      add(
        missing ? 1 : 6,
        lead,
        { type: 'consolidate', opinion: '汇总各协办部门意见', ...(dissent.length ? { responses } : {}) },
        missing ? 'coapproval.missing' : 'ok',
        !missing
      );
      if (!missing && dissent.length > 0)
        add(1, lead, { type: 'consolidate', opinion: '同意' }, 'coapproval.disagreement');
      break;
    }
    case 'handOff':
      add(6, staffOf(step.department, '承办人'), { type: 'handOff', opinion: '初审同意，报送省级机关' }, 'ok', true);
      add(1, staffOf(step.to, '承办人'), { type: 'handOff', opinion: '同意' }, 'actor.not-allowed');
      add(1, staffOf(step.department, '承办人'), { type: 'handOff', opinion: '' }, 'opinion.required');
      break;
    case 'decision': {
      const inspection = definition.annualInspection;
      if (inspection) {
        const conclusion = (['pass', 'basicPass', 'fail'] as const)[pick % 3]!;
        add(
          6,
          doer,
          conclusion === 'fail'
            ? { type: 'decide', approve: false, conclusion, reasons: '财务管理不规范' }
            : { type: 'decide', approve: true, conclusion },
          'ok',
          true
        );
        add(1, doer, { type: 'decide', approve: false, conclusion: 'fail' }, 'decision.reasons');
        add(1, doer, { type: 'decide', approve: true }, 'decision.conclusion');
      } else {
        const approve = pick % 4 !== 0;
        add(
          6,
          doer,
          approve ? { type: 'decide', approve } : { type: 'decide', approve, reasons: '不符合法定条件' },
          'ok',
          true
        );
        add(1, doer, { type: 'decide', approve: false }, 'decision.reasons');
      }
      add(
        1,
        otherRole(step.department, role),
        { type: 'decide', approve: true, conclusion: 'pass' },
        'actor.not-allowed'
      );
      break;
    }
    case 'delivery':
      throw new Error('a case in review never stands at the delivery step');
  }
  if (step.kind !== 'decision')
    add(1, leader, { type: 'decide', approve: true, conclusion: 'pass' }, 'step.not-current');
  // Return to an earlier step, with a reason.
  const returner = step.kind === 'parallel' || step.kind === 'handOff' ? staffOf(performer(step), '承办人') : doer;
  if (index > 0) {
    const target = route.steps[pick % index]!;
    add(1, returner, { type: 'returnStep', toStepId: target.id, reason: '需要补充核实' }, 'ok');
  }
  add(1, returner, { type: 'returnStep', toStepId: step.id, reason: '重新审查' }, 'return.target');
  // Special procedures stop the clock; only those the guide lists, no longer than their maximum.
  const procedure = definition.specialProcedures[0];
  // The step's post starts them (a parallel step's lead or a hand-off's department: any post there).
  const starter = returner;
  if (procedure) {
    const max = procedure.maxDuration ?? { amount: 20, unit: 'workdays' as const };
    add(
      2,
      starter,
      {
        type: 'startSpecialProcedure',
        kind: procedure.kind,
        reason: '需组织专家论证',
        expected: { amount: 1 + (pick % max.amount), unit: max.unit }
      },
      'ok'
    );
    if (procedure.maxDuration)
      add(
        1,
        starter,
        {
          type: 'startSpecialProcedure',
          kind: procedure.kind,
          reason: '论证',
          expected: { amount: max.amount + 1, unit: max.unit }
        },
        'special.too-long'
      );
    add(
      1,
      outsider,
      { type: 'startSpecialProcedure', kind: procedure.kind, reason: '论证', expected: { amount: 1, unit: max.unit } },
      'actor.not-allowed'
    );
  }
  const undefinedKind = (['hearing', 'auction', 'quarantine'] as const).find(
    k => !definition.specialProcedures.some(p => p.kind === k)
  )!;
  add(
    1,
    starter,
    { type: 'startSpecialProcedure', kind: undefinedKind, reason: '听证', expected: { amount: 5, unit: 'workdays' } },
    'special.not-defined'
  );
  // The extension: approved by the deciding leader, once.
  const tooLate = state.deadlines !== undefined && now >= state.deadlines.legal;
  add(
    state.extension ? 1 : 2,
    leader,
    { type: 'extend', reason: '情况复杂，需延长办理时限' },
    state.extension ? 'extension.once' : tooLate ? 'extension.too-late' : 'ok'
  );
  if (!state.extension)
    add(
      1,
      otherRole(definition.department.name, stepRole(route.steps.find(s => s.kind === 'decision')!)),
      { type: 'extend', reason: '延期' },
      'actor.not-allowed'
    );
  // Art. 42 by request: the step's handler asks (within the Definition's extension), the head approves or refuses.
  const request = state.extensionRequest;
  const allowed = definition.limits.extension;
  const blockedBy = state.extension ? 'extension.once' : request ? 'extension.pending' : undefined;
  if (step.kind === 'decision') {
    add(1, leader, { type: 'requestExtension', reason: '情况复杂' }, blockedBy ?? 'extension.by-head');
  } else {
    add(
      blockedBy ? 1 : 2,
      doer,
      { type: 'requestExtension', reason: '需现场核查，申请延期', amount: { amount: 1, unit: allowed.unit } },
      blockedBy ?? (tooLate ? 'extension.too-late' : 'ok')
    );
    add(
      1,
      doer,
      { type: 'requestExtension', reason: '延期', amount: { amount: allowed.amount + 1, unit: allowed.unit } },
      blockedBy ?? 'extension.amount'
    );
    add(1, doer, { type: 'requestExtension', reason: ' ' }, blockedBy ?? 'extension.reason');
    add(1, outsider, { type: 'requestExtension', reason: '延期' }, blockedBy ?? 'actor.not-allowed');
  }
  add(
    request ? 3 : 1,
    leader,
    { type: 'approveExtension', opinion: '同意延期' },
    request ? (tooLate ? 'extension.too-late' : 'ok') : 'extension.not-requested'
  );
  add(
    1,
    leader,
    { type: 'refuseExtension', opinion: '不同意，请抓紧办理' },
    request ? 'ok' : 'extension.not-requested'
  );
  const doerIsHead =
    leader.kind === 'staff' &&
    doer.kind === 'staff' &&
    leader.department === doer.department &&
    leader.roles[0] === doer.roles[0];
  if (request) {
    if (!doerIsHead) add(1, doer, { type: 'approveExtension', opinion: '同意' }, 'actor.not-allowed');
    add(1, leader, { type: 'approveExtension', opinion: ' ' }, 'extension.opinion');
  }
  // A correction notice in review stops the clock until the applicant resubmits.
  // Not by the upper level once the lower one has handed the materials up (Art. 43).
  const handedOff = state.opinions.some(o => o.verdict === 'handOff');
  const afterHandOff = handedOff && performer(step) === definition.department.name;
  add(
    1,
    returner,
    { type: 'requestCorrection', items: ['补充提供现场照片'] },
    afterHandOff ? 'correction.after-hand-off' : 'ok'
  );
  // Another post of the step's department may not (security-audit §1.1), nor a matter author or a supervisor.
  if (stepRole(step))
    add(
      1,
      otherRole(performer(step), stepRole(step)),
      { type: 'requestCorrection', items: ['补正'] },
      afterHandOff ? 'correction.after-hand-off' : 'actor.not-allowed'
    );
  add(
    1,
    { kind: 'staff', id: 'author', name: '赵编写', department: performer(step), roles: [] },
    { type: 'requestCorrection', items: ['补正'] },
    afterHandOff ? 'correction.after-hand-off' : 'actor.not-allowed'
  );
  if (procedure)
    add(
      1,
      { kind: 'staff', id: 'supervisor', name: '周监察', department: performer(step), roles: [] },
      {
        type: 'startSpecialProcedure',
        kind: procedure.kind,
        reason: '论证',
        expected: { amount: 1, unit: procedure.maxDuration?.unit ?? 'workdays' }
      },
      'actor.not-allowed'
    );
  add(
    1,
    staffOf(definition.department.name, '窗口'),
    { type: 'deliver', method: definition.delivery[0]! },
    'case.status'
  );
  add(1, staffOf(performer(step), '承办人'), { type: 'endSpecialProcedure', result: '结束' }, 'case.status');
}

/** One of every command, for probing an archived case. */
export function everyCommand(definition: Definition, state: CaseState): Command[] {
  const route = routeOf(definition);
  const own = definition.department.name;
  const clerk = staffOf(own, '窗口');
  const leader = staffOf(own, '分管领导');
  const step = route.steps[0]!;
  return [
    {
      type: 'submit',
      by: applicant,
      caseId: state.id,
      caseNumber: state.caseNumber,
      applicant: state.applicant,
      channel: definition.submission[0]!,
      answers: answersFor(definition),
      materials: []
    },
    { type: 'passPreReview', by: clerk },
    { type: 'requestCorrection', by: clerk, items: ['缺少材料'] },
    { type: 'resubmit', by: applicant },
    { type: 'confirmPaper', by: clerk },
    { type: 'accept', by: clerk },
    { type: 'refuse', by: clerk, reasons: '不符合条件' },
    { type: 'deemAccept', by: system },
    { type: 'recordStageOpinion', by: clerk, stage: '业务主管单位', opinion: '同意' },
    { type: 'completeStep', by: staffOf(performer(step), '承办人'), stepId: step.id, opinion: '同意' },
    { type: 'returnStep', by: staffOf(performer(step), '承办人'), toStepId: step.id, reason: '回退' },
    { type: 'distribute', by: staffOf(own, '承办人') },
    { type: 'answerCoApproval', by: outsider, agree: true },
    { type: 'consolidate', by: staffOf(own, '承办人'), opinion: '同意' },
    { type: 'handOff', by: staffOf(own, '承办人'), opinion: '同意' },
    {
      type: 'startSpecialProcedure',
      by: staffOf(own, '承办人'),
      kind: 'expertReview',
      reason: '论证',
      expected: { amount: 1, unit: 'workdays' }
    },
    { type: 'endSpecialProcedure', by: staffOf(own, '承办人'), result: '结束' },
    { type: 'extend', by: leader, reason: '延期' },
    { type: 'requestExtension', by: staffOf(own, '承办人'), reason: '延期' },
    { type: 'approveExtension', by: leader, opinion: '同意' },
    { type: 'refuseExtension', by: leader, opinion: '不同意' },
    { type: 'withdraw', by: applicant },
    { type: 'decide', by: leader, approve: true, conclusion: 'pass' },
    { type: 'deliver', by: clerk, method: definition.delivery[0]! },
    { type: 'deliveryFailed', by: clerk, reason: '退回' },
    { type: 'complete', by: clerk },
    { type: 'archive', by: clerk },
    { type: 'archive', by: system }
  ];
}
