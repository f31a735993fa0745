/**
 * Realistic cases for the performance bench, made by the engine (not written by hand): for every matter of the
 * catalogue, cases received on the first weekdays of 2026 through each channel and taken to an outcome — decided the
 * same hour, the next day, after a few days, after weeks (early, on time, late), after a correction round, refused,
 * withdrawn, or left open — and each one's `case_measures` row as the case store writes it (`measureOf` on the state
 * and its Definition). A matter whose route this driver cannot walk to a decision keeps its other outcomes.
 */
import { serves, type Definition } from '@banshi/definition';
import type { WorkCalendar } from '@banshi/definition/calendar';
import { createEngine, measureOf, measureRow, type CaseState, type Command } from '../../../runtime/src/cases/index.ts';
import type { Actor } from '../../../runtime/src/cases/index.ts';
import { answersFor } from '../../../runtime/src/testing/answers.ts';

const staff = (department: string, role: string): Actor => ({
  kind: 'staff',
  id: `${department}:${role}`,
  name: role,
  department,
  roles: [role]
});
const citizen: Actor = { kind: 'applicant', id: 'applicant-1', name: '李四' };

type Input = Command extends infer C ? (C extends Command ? Omit<C, 'by'> : never) : never;

/** A template: the state as the engine left it and its measure row (JSON, as the write path upserts it). */
export interface Template {
  state: CaseState;
  measure: Record<string, unknown>;
}

const hour = 3600_000;
const day = 24 * hour;

export function templates(definitions: Definition[], calendar: WorkCalendar, epoch: number): Template[] {
  const engine = createEngine(calendar);
  const out: Template[] = [];
  let serial = 0;
  for (const definition of definitions) {
    const department = definition.department.name;
    const window = staff(department, '窗口');
    for (const channel of ['online', 'onSite', 'express'] as const)
      for (const outcome of [
        'sameHour',
        'nextDay',
        'days3',
        'days8',
        'weeks4',
        'corrected',
        'refused',
        'withdrawn',
        'open'
      ])
        for (const startDay of [5, 6, 7, 8]) {
          if (!definition.submission.includes(channel)) continue;
          let state: CaseState | undefined;
          let now = Date.parse(`2026-01-0${startDay}T09:30:00+08:00`) + (serial % 5) * 17 * 60_000;
          const run = (by: Actor, command: Input, after = 0) => {
            now += after;
            const decided = engine.decide(definition, state, { ...command, by } as Command, now);
            if (!decided.ok) throw new Error(`${command.type}: ${decided.rejection.code}`);
            for (const e of decided.events) state = engine.evolve(state, e);
          };
          serial++;
          try {
            run(channel === 'onSite' ? window : citizen, {
              type: 'submit',
              caseId: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
              caseNumber: `TPL-${serial}`,
              applicant: serves(definition, 'organisation')
                ? { id: 'applicant-1', kind: 'organisation', name: '某公司', goodRecord: false }
                : { id: 'applicant-1', kind: 'person', name: '李四', goodRecord: false },
              channel,
              commitmentSigned: true,
              inspectionMode: definition.annualInspection?.modes[0]?.kind,
              answers: answersFor(definition),
              materials: []
            } as Input);
            if (outcome === 'withdrawn') run(citizen, { type: 'withdraw' }, 3 * hour);
            else if (outcome === 'refused') {
              run(window, { type: 'passPreReview' }, 10 * 60_000);
              run(window, { type: 'refuse', reasons: '不属于本机关职权范围' }, hour);
            } else {
              run(window, { type: 'passPreReview' }, 10 * 60_000);
              if (state!.status === 'awaitingPaper') run(window, { type: 'confirmPaper' }, 10 * 60_000);
              run(window, { type: 'accept' }, 10 * 60_000);
              if (outcome !== 'open') decide(outcome);
            }
            out.push({ state: state!, measure: measureRow(measureOf(state!, definition, calendar), 1, epoch) });
          } catch (error) {
            if (process.env.BENCH_TEMPLATES_DEBUG) console.error(definition.code, channel, outcome, String(error));
            // A route this driver cannot walk (a first review by a lower level): the matter keeps its other outcomes.
          }

          function decide(how: string) {
            const wait = {
              sameHour: 0,
              nextDay: day,
              days3: 3 * day,
              days8: 8 * day,
              weeks4: 28 * day,
              corrected: 2 * day
            };
            if (how === 'corrected') {
              const handler = firstRole(definition) ?? '承办人';
              run(staff(department, handler), { type: 'requestCorrection', items: ['材料不清晰'] }, hour);
              run(citizen, { type: 'resubmit' }, 3 * day);
            }
            for (const step of definition.steps) {
              if (step.kind === 'review')
                run(
                  staff(department, step.role),
                  { type: 'completeStep', stepId: step.id, opinion: '同意' },
                  10 * 60_000
                );
              else if (step.kind === 'parallel') {
                run(staff(department, '承办人'), { type: 'distribute' }, 10 * 60_000);
                for (const co of step.coApprovers)
                  run(staff(co.department.name, '承办人'), { type: 'answerCoApproval', agree: true }, hour);
                run(staff(department, '承办人'), { type: 'consolidate', opinion: '同意' }, 10 * 60_000);
              }
            }
            const decision = definition.steps.find(s => s.kind === 'decision');
            run(
              staff(department, decision?.kind === 'decision' ? decision.role : '分管领导'),
              { type: 'decide', approve: true },
              wait[how as keyof typeof wait] ?? 0
            );
          }
        }
  }
  return out;
}

function firstRole(definition: Definition): string | undefined {
  const step = definition.steps.find(s => s.kind === 'review');
  return step?.kind === 'review' ? step.role : undefined;
}
