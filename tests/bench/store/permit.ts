/**
 * The construction-permit case (建筑工程施工许可证核发) the store bench drives and seeds: the engine bench's flow
 * (tests/bench/engine/flow.ts, 14 commands from submission to archive) as commands for `CaseStore`, and the
 * case's real state, events and timers after each of its steps, computed once in memory by the engine, so that
 * the million-case table carries rows of the size the store writes.
 */
import { randomUUID } from 'node:crypto';
import type { Definition } from '@banshi/definition';
import {
  createEngine,
  type CaseState,
  type Command,
  type Engine,
  type Event
} from '../../../runtime/src/cases/engine/index.ts';
import { answersFor } from '../../../runtime/src/testing/answers.ts';
import { at, loadCatalog } from '../../../runtime/src/testing/catalog.ts';
import { actors, company, stepMs, steps } from '../engine/flow.ts';

export const permitName = '建筑工程施工许可证核发';
export const materials = ['建筑工程施工许可证申请表', '施工合同', '建设工程规划许可证'];
export { stepMs };
/** Commands per case, submission to archive. */
export const commandsPerCase = steps.length;

/** The submission of a new case by `applicantId` (a users row); the store draws the case number. */
export function submitCommand(definition: Definition, applicantId: string): Extract<Command, { type: 'submit' }> {
  return {
    type: 'submit',
    by: { ...actors.applicant, id: applicantId },
    caseId: randomUUID(),
    caseNumber: '',
    applicant: { ...company, id: applicantId },
    channel: 'online',
    answers: answersFor(definition),
    materials
  };
}

/** The command of step `index` (1…13) of the flow, after the submission. */
export function stepCommand(index: number): Command {
  const step = steps[index];
  if (!step || step.command.type === 'submit') throw new Error(`no step ${index} after the submission`);
  return { ...step.command, by: actors[step.by] } as Command;
}

/**
 * 09:00 Shanghai on each workday from 5 Jan to 30 Nov 2026: a case started on one of them keeps its deadlines
 * (20 workdays at most) in 2026 and, at an hour per command, raises no supervision on the way.
 */
export function startDays(calendar: { isWorkday(date: string): boolean; dateOf(instant: number): string }): number[] {
  const days: number[] = [];
  for (let day = at('2026-01-05 09:00'); day <= at('2026-11-30 09:00'); day += 86_400_000) {
    if (calendar.isWorkday(calendar.dateOf(day))) days.push(day);
  }
  return days;
}

export interface StepSnapshot {
  /** The command's type. */
  command: string;
  state: CaseState;
  /** The events the command appended (with what supervision raised at once). */
  events: Event[];
  /** The case's timers after the command, as the store keeps them. */
  timers: Array<{ key: string; kind: string; due: number }>;
}

/** A case run through the engine in memory: its state, events and timers after each of the 14 steps. */
export function permitSnapshots(): StepSnapshot[] {
  const { byName, calendar } = loadCatalog();
  const permit = byName(permitName);
  const engine: Engine = createEngine(calendar);
  const applicantId = '6f1d7c1e-2b7a-4c3e-9a51-0c2d9e5b1a01';
  let now = at('2026-03-02 09:00');
  let state: CaseState | undefined;
  const out: StepSnapshot[] = [];
  for (let i = 0; i < steps.length; i++) {
    const command =
      i === 0
        ? { ...submitCommand(permit, applicantId), caseNumber: '11350200003650121J20260302000001' }
        : stepCommand(i);
    const decision = engine.decide(permit, state, command, now);
    if (!decision.ok) throw new Error(`step ${i} ${command.type} rejected: ${decision.rejection.message}`);
    const events = [...decision.events];
    for (const event of events) state = engine.evolve(state, event);
    for (const event of engine.supervise(permit, state!, now)) {
      state = engine.evolve(state, event);
      events.push(event);
    }
    const timers =
      state!.status === 'archived'
        ? []
        : engine.deadlines(permit, state!).map(t => ({ key: t.key, kind: t.kind, due: t.at }));
    out.push({ command: command.type, state: state!, events, timers });
    now += stepMs;
  }
  return out;
}
