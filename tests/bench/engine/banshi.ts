/**
 * Child process: construction-permit cases (建筑工程施工许可证核发) driven through the Banshi engine in memory,
 * from submission to archive, one after another, as the command handler and the worker would: for each command
 * `decide` at the case's clock, append its events to the case's event list and `evolve` the case's state, then
 * `supervise` once and append and apply what it raises. The clock advances an hour between commands; case i
 * starts at 09:00 on the i-th workday of 2026 (cycling), so the calendar sees many different dates.
 *
 * Each case is checked at its end: archived, the expected number of events, version = events. The first is
 * checked event by event.
 *
 * Three passes in this one process, each after a warm-up: the timed flow; the same without `supervise` (decide +
 * evolve only, half as long); and a one-second instrumented pass that splits the time between decide, evolve and
 * supervise (performance.now() around each call).
 * Usage: banshi.ts <seconds> [warm-up seconds] [min cases]
 */
import { answersFor } from '../../../runtime/src/testing/answers.ts';
import { reportResult } from '../figures.ts';
import { actors, company, stepMs, steps } from './flow.ts';
import { measureSync, options, type Throughput } from './measure.ts';

const o = options(process.argv.slice(2));

const t0 = performance.now();
const { at, loadCatalog } = await import('../../../runtime/src/testing/catalog.ts');
const { createEngine } = await import('../../../runtime/src/cases/engine/index.ts');
type Engine = import('../../../runtime/src/cases/engine/index.ts').Engine;
type CaseState = import('../../../runtime/src/cases/engine/index.ts').CaseState;
type Command = import('../../../runtime/src/cases/engine/index.ts').Command;
type Event = import('../../../runtime/src/cases/engine/index.ts').Event;
const importMs = performance.now() - t0;

const t1 = performance.now();
const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const engine: Engine = createEngine(calendar);
const answers = answersFor(permit);
const materials = ['建筑工程施工许可证申请表', '施工合同', '建设工程规划许可证'];
/** 09:00 on each workday from 5 Jan to 30 Nov 2026: a case's deadlines (20 workdays at most) stay in 2026. */
const starts: number[] = [];
for (let day = at('2026-01-05 09:00'); day <= at('2026-11-30 09:00'); day += 86_400_000) {
  if (calendar.isWorkday(calendar.dateOf(day))) starts.push(day);
}
const setupMs = performance.now() - t1;

const expectedTypes: Array<Event['type']> = [
  'Submitted',
  'PreReviewPassed',
  'PaperConfirmed',
  'Accepted',
  'StepCompleted',
  'CoApprovalDistributed',
  'CoApproverAnswered',
  'CoApproverAnswered',
  'CoApprovalConsolidated',
  'StepCompleted',
  'Decided',
  'Delivered',
  'Completed',
  'Archived'
];
const expectedEvents = expectedTypes.length;

interface Phases {
  decide: number;
  evolve: number;
  supervise: number;
}
let supervisionEvents = 0;

/** Case number i, submission to archive. Returns its state and its events (what a store would hold). */
function runCase(i: number, supervise: boolean, phases?: Phases): { state: CaseState; events: Event[] } {
  let now = starts[i % starts.length]!;
  let state: CaseState | undefined;
  const events: Event[] = [];
  for (const step of steps) {
    const by = actors[step.by];
    const command = (
      step.command.type === 'submit'
        ? {
            type: 'submit',
            by,
            caseId: `case-${i}`,
            caseNumber: `XM2026${String(i).padStart(9, '0')}`,
            applicant: company,
            channel: 'online',
            answers,
            materials
          }
        : { ...step.command, by }
    ) as Command;
    let p = phases ? performance.now() : 0;
    const decision = engine.decide(permit, state, command, now);
    if (phases) phases.decide += performance.now() - p;
    if (!decision.ok)
      throw new Error(`case ${i}: ${command.type} rejected: ${decision.rejection.code} ${decision.rejection.message}`);
    p = phases ? performance.now() : 0;
    for (const event of decision.events) {
      events.push(event);
      state = engine.evolve(state, event);
    }
    if (phases) phases.evolve += performance.now() - p;
    if (supervise) {
      p = phases ? performance.now() : 0;
      const raised = engine.supervise(permit, state!, now);
      if (phases) phases.supervise += performance.now() - p;
      p = phases ? performance.now() : 0;
      for (const event of raised) {
        events.push(event);
        state = engine.evolve(state, event);
        supervisionEvents++;
      }
      if (phases) phases.evolve += performance.now() - p;
    }
    now += stepMs;
  }
  if (
    state?.status !== 'archived' ||
    events.length !== expectedEvents ||
    state.version !== events.length ||
    events.at(-1)!.type !== 'Archived'
  ) {
    throw new Error(
      `case ${i} ended ${state?.status} with ${events.length} events (version ${state?.version}); expected archived with ${expectedEvents}: ${events.map(e => e.type).join(', ')}`
    );
  }
  return { state, events };
}

// The first case, event by event; then one case from every start day (the warm-up covers them again).
const first = runCase(0, true);
const types = first.events.map(e => e.type);
if (types.join() !== expectedTypes.join()) throw new Error(`unexpected events: ${types.join(', ')}`);
for (let i = 0; i < starts.length; i++) runCase(i, true);

const full: Throughput = measureSync(i => {
  runCase(i, true);
}, o);
const withoutSupervise: Throughput = measureSync(
  i => {
    runCase(i, false);
  },
  { ...o, seconds: Math.max(1, o.seconds / 2), warmupSeconds: Math.min(o.warmupSeconds, 0.5) }
);
const phases: Phases = { decide: 0, evolve: 0, supervise: 0 };
let phaseCases = 0;
const p0 = performance.now();
while (performance.now() - p0 < 1000) runCase(phaseCases++, true, phases);

reportResult({
  importMs,
  setupMs,
  full,
  withoutSupervise,
  phases,
  phaseCases,
  eventsPerCase: expectedEvents,
  commandsPerCase: steps.length,
  supervisionEvents,
  startDays: starts.length,
  firstDay: calendar.dateOf(starts[0]!),
  lastDay: calendar.dateOf(starts.at(-1)!)
});
