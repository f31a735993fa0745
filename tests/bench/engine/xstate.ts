/**
 * Child process: the same construction-permit flow as an XState v5 machine: a state per step, a parallel state
 * for the two co-approvers (each region waiting → answered, final; `onDone` moves to consolidation). Each
 * transition is guarded by who may act (department and role, as the Banshi flow's actors) and records the step
 * (type, who, when) in the context, the machine's counterpart of the Banshi event list. Per case:
 * `createActor(machine).start()`, then one `send` per step, to the final state.
 *
 * Each case is checked: the actor is done, in `archived`, with one record per step.
 * Usage: xstate.ts <seconds> [warm-up seconds] [min cases]
 */
import { reportResult } from '../figures.ts';
import { actors, stepMs, steps, type ActorName } from './flow.ts';
import { measureSync, options } from './measure.ts';

const o = options(process.argv.slice(2));

const t0 = performance.now();
const { assign, createActor, setup } = await import('xstate');
const importMs = performance.now() - t0;

type By = (typeof actors)[ActorName];
type StepEvent = { type: string; by: By; at: number; opinion?: string };
type Entry = { type: string; by: By; at: number };

const t1 = performance.now();
const housing = '市住房和建设局';
const may = (department: string, role?: string) => ({ type: 'may' as const, params: { department, role } });
const task = (event: string, target: string, department: string, role?: string) => ({
  on: { [event]: { target, guard: may(department, role), actions: 'record' as const } }
});
const coApprover = (department: string) => ({
  initial: 'waiting' as const,
  states: {
    waiting: { on: { ANSWER_CO_APPROVAL: { target: 'answered', guard: may(department), actions: 'record' as const } } },
    answered: { type: 'final' as const }
  }
});

const machine = setup({
  types: {} as { context: { history: Entry[] }; events: StepEvent },
  guards: {
    may: ({ event }, params: { department: string; role?: string | undefined }) => {
      const by = event.by;
      if (params.department === 'applicant') return by.kind === 'applicant';
      return (
        by.kind === 'staff' &&
        by.department === params.department &&
        (params.role === undefined || by.roles.includes(params.role))
      );
    }
  },
  actions: {
    record: assign({
      history: ({ context, event }) => [...context.history, { type: event.type, by: event.by, at: event.at }]
    })
  }
}).createMachine({
  id: 'constructionPermit',
  context: () => ({ history: [] }),
  initial: 'draft',
  states: {
    draft: task('SUBMIT', 'submitted', 'applicant'),
    submitted: task('PASS_PRE_REVIEW', 'awaitingPaper', housing, '窗口'),
    awaitingPaper: task('CONFIRM_PAPER', 'preReviewed', housing),
    preReviewed: task('ACCEPT', 'review', housing, '窗口'),
    review: task('COMPLETE_REVIEW', 'toDistribute', housing, '承办人'),
    toDistribute: task('DISTRIBUTE', 'coApproval', housing),
    coApproval: {
      type: 'parallel',
      states: { planning: coApprover('市自然资源和规划局'), civilDefence: coApprover('市人民防空办公室') },
      onDone: 'consolidation'
    },
    consolidation: task('CONSOLIDATE', 'sectionReview', housing),
    sectionReview: task('COMPLETE_SECTION_REVIEW', 'decision', housing, '处室负责人'),
    decision: task('DECIDE', 'decided', housing, '分管领导'),
    decided: task('DELIVER', 'delivered', housing),
    delivered: task('COMPLETE', 'completed', housing),
    completed: task('ARCHIVE', 'archived', housing),
    archived: { type: 'final' }
  }
});
const setupMs = performance.now() - t1;

const base = Date.parse('2026-09-28T09:00:00+08:00');

function runCase(i: number): void {
  const actor = createActor(machine).start();
  let at = base;
  for (const step of steps) {
    actor.send({
      type: step.xstate,
      by: actors[step.by],
      at,
      ...('opinion' in step.command ? { opinion: step.command.opinion } : {})
    });
    at += stepMs;
  }
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== 'done' || snapshot.value !== 'archived' || snapshot.context.history.length !== steps.length) {
    throw new Error(
      `xstate case ${i} ended ${snapshot.status} in ${JSON.stringify(snapshot.value)} with ${snapshot.context.history.length} records`
    );
  }
}

runCase(0);
const run = measureSync(runCase, o, 1);
reportResult({ importMs, setupMs, run, eventsPerCase: steps.length });
