import type { Definition } from '@banshi/definition';
import type { WorkCalendar } from '@banshi/definition/calendar';
import {
  applicantChannels,
  authorityFor,
  commandLabels,
  createEngine,
  routeOf,
  type Actor,
  type CaseState,
  type Command,
  type Event
} from '../../cases/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import { sampleAnswers } from './answers.ts';
import { instantOf, type Scenario } from './scenario.ts';

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** The simulated case's number; supervision messages name it, and the timeline reads it as 本办件. */
export const simulatedCaseNumber = 'SIM';

type Input = Command extends infer C ? (C extends Command ? Omit<C, 'by'> : never) : never;

/** The whole history of one simulated case: every event with its instant, and the state after the last. */
export interface Run {
  events: Event[];
  state: CaseState;
  /** The scenario's special procedure as the matter declares it, when there was one. */
  procedureLabel: string | undefined;
}

/**
 * Runs one application through the real engine on a simulated clock, as the runtime's worker and staff would: the
 * applicant submits, staff act at once (or on each step's last allowed day), the scenario's correction, special
 * procedure, extension and late co-approver happen when it says, and every timer (deemed acceptance under Art. 32,
 * supervision warnings and cards) fires at its instant. Pure: the calendar comes in, nothing is stored.
 */
export function runScenario(definition: Definition, calendar: WorkCalendar, scenario: Scenario): Run {
  const engine = createEngine(calendar);
  const route = routeOf(definition);
  const own = definition.department.name;
  const pace = scenario.staffPace ?? 'prompt';
  const start = instantOf(scenario.submittedAt);
  const events: Event[] = [];
  const fired = new Set<string>();
  let state: CaseState | undefined;
  let now = start;

  const procedure = scenario.specialProcedure
    ? declaredProcedure(definition, scenario.specialProcedure.name)
    : undefined;
  const parallel = route.steps.find(s => s.kind === 'parallel');
  if (scenario.lateCoApprover) {
    const names = parallel && parallel.kind === 'parallel' ? parallel.coApprovers.map(c => c.department) : [];
    if (names.length === 0)
      throw refusal('simulation.no-co-approver', '本事项没有并联审批环节，无法模拟协办部门逾期答复。');
    if (!names.includes(scenario.lateCoApprover.name))
      throw refusal(
        'simulation.unknown-co-approver',
        `“${scenario.lateCoApprover.name}”不是本事项的协办部门；可选：${names.join('、')}。`
      );
  }
  if (scenario.extension && definition.limits.extension.amount === 0)
    throw refusal('simulation.no-extension', '本事项的办事指南没有规定可以延长办理期限，无法模拟延期。');

  const applicantActor: Actor = { kind: 'applicant', id: 'simulated-applicant', name: '模拟申请人' };
  const postFor = (type: Command['type'], department?: string): Actor => {
    const authority = authorityFor(definition, state, type);
    const post = (department ? authority.posts.find(p => p.department === department) : undefined) ??
      authority.posts[0] ?? { department: department ?? own };
    const role = post.role ?? '经办人';
    return {
      kind: 'staff',
      id: `sim:${post.department}:${role}`,
      name: role,
      department: post.department,
      roles: [role]
    };
  };

  const apply = (decided: Event[], at: number) => {
    const applied = engine.apply(definition, state, decided, at);
    state = applied.state;
    events.push(...applied.events);
  };
  /** Lets the clock reach `until`: each timer due by then fires at its own instant, as the worker claims it. */
  const advance = (until: number) => {
    for (let guard = 0; state && guard < 1000; guard++) {
      const next = engine.deadlines(definition, state).find(t => t.at <= until && !fired.has(t.key));
      if (!next) break;
      fired.add(next.key);
      if (next.kind === 'deemedAcceptance') {
        const result = engine.decide(definition, state, { type: 'deemAccept', by: { kind: 'system' } }, next.at);
        if (result.ok) apply(result.events, next.at);
      } else {
        for (const event of engine.supervise(definition, state, next.at)) {
          state = engine.evolve(state, event);
          events.push(event);
        }
      }
    }
    now = Math.max(now, until);
  };
  /** Staff act in office hours on workdays: a moment outside them waits for the next opening. */
  const staffAt = (at: number) => {
    try {
      return calendar.addOfficeHours(at, 0);
    } catch {
      return at;
    }
  };
  /** The last minute of office hours in which something due at `deadline` is still on time. */
  const lastMoment = (deadline: number) => {
    const day = calendar.dateOf(deadline - 1);
    const windows = calendar.calendarOf(Number(day.slice(0, 4))).officeHours;
    const closing = windows.length
      ? calendar.endOfDay(day) - dayMs + minutesOf(windows[windows.length - 1]!.to) * minuteMs
      : deadline;
    return Math.min(deadline, closing) - minuteMs;
  };
  const act = (at: number, input: Input, by?: Actor) => {
    const actor = by ?? postFor(input.type);
    now = Math.max(now, at);
    if (actor.kind === 'staff') now = Math.max(now, staffAt(now));
    advance(now);
    const command = { ...input, by: actor } as Command;
    const result = engine.decide(definition, state, command, now);
    if (!result.ok)
      throw refusal(
        'simulation.rejected',
        `模拟在 ${wallClock(now)}“${commandLabels[input.type]}”时未能继续：${result.rejection.message}`
      );
    apply(result.events, now);
  };
  /** When staff finish something due at `deadline`: at once, or in the last minute it is still on time. */
  const by = (deadline: number | undefined) =>
    pace === 'lastDay' && deadline !== undefined ? Math.max(now, lastMoment(deadline)) : now;
  /** The window acts in time, or the law accepts for it (Art. 32): never after deemed acceptance. */
  const before = (at: number, deemed: number | undefined) =>
    deemed !== undefined && at >= deemed ? lastMoment(deemed) : at;
  const workdaysAfter = (n: number) => {
    if (n === 0) return start;
    const day = calendar.dateOf(start);
    const timeOfDay = start - (calendar.endOfDay(day) - dayMs);
    return calendar.endOfDay(calendar.addWorkdays(day, n)) - dayMs + timeOfDay;
  };
  const status = () => state!.status;

  // Submission: the scenario's channel, else online where the applicant may apply themselves, else entered by the
  // window on site. The engine takes the case down that channel's road (steps limited to other channels skipped).
  const channels = applicantChannels(definition);
  const channel = scenario.channel ?? (channels.includes('online') ? 'online' : (channels[0] ?? 'onSite'));
  if (!definition.submission.includes(channel))
    throw refusal(
      'simulation.channel',
      `本事项不支持${submissionLabels[channel]}递交，可选：${definition.submission.map(c => submissionLabels[c]).join('、')}。`
    );
  const submitter: Actor = channel === 'onSite' ? windowOf(definition) : applicantActor;
  const delivery = definition.delivery.find((d): d is 'onSite' | 'express' | 'online' => d !== 'announcement');
  act(
    start,
    {
      type: 'submit',
      caseId: 'simulation',
      caseNumber: simulatedCaseNumber,
      applicant: {
        id: applicantActor.kind === 'applicant' ? applicantActor.id : '',
        kind: definition.serviceObjects.every(o => o === 'person') ? 'person' : 'organisation',
        name: '模拟申请人',
        goodRecord: false
      },
      channel,
      answers: { ...sampleAnswers(definition), ...(scenario.answers ?? {}) },
      materials: definition.materials.map(m => m.title),
      commitmentSigned: true,
      ...(definition.annualInspection ? { inspectionMode: definition.annualInspection.modes[0]!.kind } : {}),
      ...(delivery ? { delivery } : {})
    },
    submitter
  );
  const resubmitter = channel === 'onSite' ? windowOf(definition) : applicantActor;

  let correction = scenario.correction
    ? { at: workdaysAfter(scenario.correction.afterWorkdays), takes: scenario.correction.applicantTakesDays * dayMs }
    : undefined;
  let special = scenario.specialProcedure
    ? { at: workdaysAfter(scenario.specialProcedure.afterWorkdays), length: scenario.specialProcedure.lengthDays }
    : undefined;
  let extension = scenario.extension === true;
  const correct = () => {
    act(correction!.at, { type: 'requestCorrection', items: ['模拟：申请材料需要补正'] });
    act(now + correction!.takes, { type: 'resubmit' }, resubmitter);
    correction = undefined;
  };

  // Intake: the window holds an application it will ask to correct; else it pre-reviews and accepts (Art. 32).
  const stages = (definition.annualInspection?.stages ?? []).slice(0, -1);
  for (
    let guard = 0;
    guard < 100 && ['submitted', 'awaitingPaper', 'preReviewed', 'correcting'].includes(status());
    guard++
  ) {
    if (correction) {
      advance(Math.min(correction.at, state!.deemedAcceptanceAt ?? Infinity));
      if (status() === 'inReview') break;
      correct();
      continue;
    }
    if (status() === 'submitted') {
      for (const stage of stages.slice(state!.stageOpinions.length))
        act(
          now,
          { type: 'recordStageOpinion', stage: stage.name, opinion: '模拟：阶段意见' },
          postFor('recordStageOpinion', own)
        );
      const done = state!.preReviewedBy;
      const departments = [
        route.preReview?.department ?? route.acceptance?.department ?? own,
        ...(definition.annualInspection?.joint.map(j => j.name) ?? [])
      ];
      const next = departments.find(d => !done.includes(d));
      if (!next) break;
      act(
        before(by(state!.preReviewDeadline), state!.deemedAcceptanceAt),
        { type: 'passPreReview' },
        postFor('passPreReview', next)
      );
    } else if (status() === 'awaitingPaper') {
      act(now, { type: 'confirmPaper' });
    } else if (status() === 'preReviewed') {
      const gate = route.acceptance ? calendar.deadline(state!.completeAt, route.acceptance.limit) : undefined;
      act(before(by(gate ?? state!.deemedAcceptanceAt), state!.deemedAcceptanceAt), { type: 'accept' });
    }
  }
  if (!['inReview', 'paused', 'correcting'].includes(status()))
    throw refusal('simulation.not-accepted', `模拟的申请没有被受理（办件停在“${status()}”），请检查事项的受理环节。`);

  // Review: steps done at once (or on their last day); the decision waits for what the scenario has happen first.
  const holdAt =
    route.steps.find(s => s.kind === 'decision') ?? [...route.steps].reverse().find(s => s.kind !== 'delivery');
  for (let guard = 0; guard < 200 && ['inReview', 'paused', 'correcting'].includes(status()); guard++) {
    const s = state!;
    if (s.status === 'correcting') {
      act(now + (correction?.takes ?? 0), { type: 'resubmit' }, resubmitter);
      correction = undefined;
      continue;
    }
    if (s.status === 'paused') {
      act(s.paused!.since + special!.length * dayMs, { type: 'endSpecialProcedure', result: '模拟：特别程序结束' });
      special = undefined;
      continue;
    }
    const step = route.steps.find(r => r.id === s.stepId);
    if (!step) break;
    const pending = [
      ...(correction ? [{ kind: 'correction' as const, at: correction.at }] : []),
      ...(special ? [{ kind: 'special' as const, at: special.at }] : [])
    ].sort((a, b) => a.at - b.at);
    if (step.id === holdAt?.id && (pending.length > 0 || extension)) {
      const first = pending[0];
      if (first?.kind === 'correction') {
        act(first.at, { type: 'requestCorrection', items: ['模拟：申请材料需要补正'] });
      } else if (first?.kind === 'special') {
        act(first.at, {
          type: 'startSpecialProcedure',
          kind: procedure!.kind,
          reason: `模拟：${procedure!.label}`,
          expected: expectedLength(definition, calendar, procedure!, Math.max(now, first.at), special!.length)
        });
      } else {
        // The last moment an extension may be decided: before the legal limit runs out (Art. 42).
        act(lastMoment(s.deadlines!.legal), { type: 'extend', reason: '模拟：情况复杂，经负责人批准延长' });
        extension = false;
      }
      continue;
    }
    switch (step.kind) {
      case 'review':
        act(by(s.deadlines?.step), { type: 'completeStep', stepId: step.id, opinion: '模拟：同意' });
        break;
      case 'handOff':
        act(by(s.deadlines?.step), { type: 'handOff', opinion: '模拟：初审同意' });
        break;
      case 'decision':
        act(by(s.deadlines?.step), {
          type: 'decide',
          approve: true,
          ...(definition.annualInspection ? { conclusion: 'pass' as const } : {})
        });
        break;
      case 'parallel': {
        if (s.coApproval?.stepId !== step.id) {
          act(now, { type: 'distribute' });
          continue;
        }
        const late = scenario.lateCoApprover;
        const answers = step.coApprovers
          .map(c => {
            const due = state!.deadlines?.coApprovers?.[c.department];
            const at =
              late?.name === c.department && due !== undefined
                ? lastMoment(calendar.deadline(due - 1, { amount: late.lateByWorkdays, unit: 'workdays' }))
                : by(due);
            return { department: c.department, at };
          })
          .sort((a, b) => a.at - b.at);
        for (const answer of answers)
          act(answer.at, { type: 'answerCoApproval', agree: true }, postFor('answerCoApproval', answer.department));
        act(by(state!.deadlines?.step), { type: 'consolidate', opinion: '模拟：各协办部门均同意' });
        break;
      }
      case 'delivery':
        break;
    }
    if (step.kind === 'delivery') break;
  }

  // After the decision: the result delivered (Art. 44) and the case completed.
  if (status() === 'decided') {
    if (delivery && route.steps.some(s => s.kind === 'delivery'))
      act(by(state!.deliveryDeadline), { type: 'deliver', method: delivery });
    act(now, { type: 'complete' });
  }
  advance(now);
  return { events, state: state!, procedureLabel: procedure?.label };
}

/** Minutes since midnight of an office-hours time, 17:30 → 1050. */
function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The matter's special procedure the scenario names (by its label or kind), or its first. */
function declaredProcedure(definition: Definition, name: string | undefined) {
  const declared = definition.specialProcedures;
  if (declared.length === 0)
    throw refusal(
      'simulation.no-special-procedure',
      '本事项的办事指南没有规定特别程序（听证、检验、专家评审等），无法模拟。'
    );
  if (!name) return declared[0]!;
  const found = declared.find(p => p.label === name || p.kind === name);
  if (!found)
    throw refusal(
      'simulation.unknown-special-procedure',
      `本事项没有名为“${name}”的特别程序；可选：${declared.map(p => p.label).join('、')}。`
    );
  return found;
}

/** What the applicant is told the procedure takes (Art. 45): the workdays in its calendar days, within its maximum. */
function expectedLength(
  definition: Definition,
  calendar: WorkCalendar,
  procedure: Definition['specialProcedures'][number],
  from: number,
  lengthDays: number
) {
  const day = calendar.dateOf(from);
  const workdays = Math.max(1, calendar.workdaysBetween(day, calendar.addDays(day, lengthDays)));
  const max = procedure.maxDuration;
  if (max && max.unit !== 'workdays') return max;
  if (max && workdays > max.amount)
    throw refusal(
      'simulation.special-too-long',
      `“${procedure.label}”最长 ${max.amount} 个工作日，模拟的 ${lengthDays} 日含 ${workdays} 个工作日，超过了办事指南的规定。`
    );
  void definition;
  return { amount: workdays, unit: 'workdays' as const };
}

/** The window clerk who enters an on-site application. */
function windowOf(definition: Definition): Actor {
  const route = routeOf(definition);
  const gate = route.preReview ?? route.acceptance;
  const department = route.preReview?.department ?? route.acceptance?.department ?? definition.department.name;
  const role = gate?.role ?? '窗口';
  return { kind: 'staff', id: `sim:${department}:${role}`, name: role, department, roles: [role] };
}

const submissionLabels = { online: '网上', express: '快递', onSite: '窗口现场' } as const;

function refusal(code: string, message: string): Refusal {
  return new Refusal('invalid', code, message);
}

function wallClock(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
