/**
 * Child process: the same construction-permit flow in bpmn-engine (permit.bpmn: a start event for the
 * submission, a user task per step, a parallel gateway to the two co-approvers and its join), cases one after
 * another: for each, `new Engine(...)`, `execute({ listener })`, and every waiting user task is signalled (with
 * who acts and their opinion) as soon as it waits, until the engine ends.
 *
 * Mode `source` gives each case the BPMN XML, the usual way (`new Engine({ name, source })`: bpmn-engine parses
 * and serializes it for every case). Mode `sourceContext` parses it once, with bpmn-engine itself, and gives each
 * case the serialized context (the `sourceContext` option), so that only running the process is timed, as the
 * Banshi side loads its compiled Definition once.
 *
 * Each case is checked: the 13 user tasks signalled in the expected order, the end event `archived` reached,
 * the engine's `end` emitted (within 10 s), no error.
 * Usage: bpmn.ts <source|sourceContext> <seconds> [warm-up seconds] [min cases]
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { reportResult } from '../figures.ts';
import { actors, steps, userTasks } from './flow.ts';
import { measureAsync, options } from './measure.ts';

const [mode, ...rest] = process.argv.slice(2);
if (mode !== 'source' && mode !== 'sourceContext')
  throw new Error('usage: bpmn.ts <source|sourceContext> <seconds> [warm-up seconds] [min cases]');
const o = options(rest);

const t0 = performance.now();
const { Engine } = await import('bpmn-engine');
const importMs = performance.now() - t0;

const t1 = performance.now();
const source = readFileSync(new URL('permit.bpmn', import.meta.url), 'utf8');
let sourceContext: unknown;
if (mode === 'sourceContext') {
  const [definition] = await new Engine({ name: 'parse', source }).getDefinitions();
  sourceContext = (definition as unknown as { context: { definitionContext: unknown } }).context.definitionContext;
  if (!sourceContext) throw new Error('no serialized context from bpmn-engine');
}
const setupMs = performance.now() - t1;

/** What each user task's signal carries: who acts (as in the Banshi flow) and an opinion. */
const payloads = new Map(
  steps.slice(1).map(s => [s.bpmn, { by: actors[s.by], opinion: 'opinion' in s.command ? s.command.opinion : '同意' }])
);
const expectedOrder = userTasks.join();
/** A case that stops waiting for a signal nobody sends fails the run instead of leaving it hanging. */
const stuckMs = 10_000;

async function runCase(i: number): Promise<void> {
  const listener = new EventEmitter();
  const signalled: string[] = [];
  let archived = false;
  listener.on('wait', (api: { id: string; signal(message?: unknown): void }) => {
    signalled.push(api.id);
    api.signal(payloads.get(api.id));
  });
  listener.on('activity.end', (api: { id: string }) => {
    if (api.id === 'archived') archived = true;
  });
  const engine =
    mode === 'source'
      ? new Engine({ name: `case-${i}`, source })
      : new Engine({ name: `case-${i}`, sourceContext: sourceContext as never });
  const ended = engine.waitFor('end');
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`bpmn case ${i} did not end within ${stuckMs} ms: user tasks signalled ${signalled.join(', ')}`)
        ),
      stuckMs
    );
  });
  try {
    await Promise.race([engine.execute({ listener }).then(() => ended), stuck]);
  } finally {
    clearTimeout(timer);
  }
  if (!archived || signalled.join() !== expectedOrder) {
    throw new Error(
      `bpmn case ${i} did not complete: end event reached ${archived}, user tasks signalled ${signalled.join(', ')}`
    );
  }
}

await runCase(0);
const run = await measureAsync(runCase, o, 1);
reportResult({ mode, importMs, setupMs, run, userTasksPerCase: userTasks.length });
