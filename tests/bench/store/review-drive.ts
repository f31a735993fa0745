/**
 * Child process: the command the pgbench peer replays (a construction-permit case's first review, `completeStep`
 * review-1; recorded.ts) given through `CaseStore.execute` by concurrent clients to clones of one case waiting at
 * that review, each clone once: the same command and statements as pgbench's side, on the same shape of database.
 * The case is taken there through the store (submission, pre-review, paper, acceptance: the engine bench's flow)
 * and cloned as the peer's case is (recorded.ts's `cloneCase`, which vacuums and analyses the copies as autovacuum
 * would) before the clients start. Every outcome must be accepted; afterwards each clone given the command must have
 * moved one version, and none twice.
 *
 * Usage: review-drive.ts <url> <owner url> <seconds> <warm-up seconds> <clients> <pool> <first clone> <clones>
 */
import { randomUUID } from 'node:crypto';
import { connectPostgres } from '../../../runtime/src/platform/db/db.ts';
import { reportResult } from '../figures.ts';
import { countingStatements, insertApplicant, openBenchStore } from './open-store.ts';
import { driveRate, timedStretch, type DriveRate } from './stretch.ts';
import { permitName, startDays, stepCommand, stepMs, submitCommand } from './permit.ts';
import { cloneCase, cloneId, clonesMoved } from './recorded.ts';

export interface ReviewDriveResult extends DriveRate {
  pool: number;
  /** Round trips (statements, BEGIN and COMMIT included) per command over the timed stretch. */
  statementsPerCommand: number;
  /** Clones given the command, warm-up included. */
  used: number;
}

/** The flow's first review (permit.ts's steps: submission, pre-review, paper, acceptance, then this). */
const reviewStep = 4;

const [url, ownerUrl, secondsArg, warmupArg, clientsArg, poolArg, firstArg, clonesArg] = process.argv.slice(2);
if (!url || !ownerUrl || !clonesArg)
  throw new Error(
    'usage: review-drive.ts <url> <owner url> <seconds> <warm-up seconds> <clients> <pool> <first clone> <clones>'
  );
const seconds = Number(secondsArg);
const warmupSeconds = Number(warmupArg);
const clients = Number(clientsArg);
const pool = Number(poolArg);
const first = Number(firstArg);
const clones = Number(clonesArg);

const raw = connectPostgres({ url, max: pool });
const counting = countingStatements(raw);
const owner = connectPostgres({ url: ownerUrl, max: 1 });
try {
  const store = await openBenchStore(counting.db);
  const permit = store.byName(permitName);
  const applicant = randomUUID();
  await insertApplicant(raw, applicant, `bench-review-${applicant}`);

  // One case taken to its first review, then cloned.
  let now = startDays(store.calendar)[0]!;
  const submit = submitCommand(permit, applicant);
  const submitted = await store.cases.submit(permit.code, submit, now);
  if (!submitted.ok) throw new Error(`submit rejected: ${submitted.rejection.code}`);
  for (let step = 1; step < reviewStep; step++) {
    now += stepMs;
    const outcome = await store.cases.execute(submit.caseId, stepCommand(step), now);
    if (!outcome.ok) throw new Error(`step ${step} rejected: ${outcome.rejection.code}`);
  }
  now += stepMs;
  const [{ version } = { version: -1 }] = await owner.query<{ version: number }>(
    'select version from cases where case_id = $1',
    [submit.caseId]
  );
  await cloneCase(owner, submit.caseId, first, clones);

  const review = stepCommand(reviewStep);
  let next = first;
  const stretch = timedStretch(warmupSeconds, seconds, { statements: counting.statements });
  const latencies: number[] = [];
  const client = async () => {
    while (!stretch.stopping()) {
      if (next >= first + clones) throw new Error(`all ${clones} clones were used before the run ended`);
      const id = cloneId(next++);
      const started = performance.now();
      const outcome = await store.cases.execute(id, review, now);
      if (!outcome.ok) throw new Error(`the review of ${id} was rejected: ${outcome.rejection.code}`);
      const ended = performance.now();
      if (stretch.count(ended) === 'timed') latencies.push(ended - started);
    }
  };
  await Promise.all(
    Array.from({ length: clients }, () =>
      client().catch(error => {
        stretch.stop();
        throw error;
      })
    )
  );
  const timed = stretch.reading();
  const used = next - first;
  const row = await clonesMoved(owner, first, clones, version);
  if (row.moved !== used || row.twice !== 0)
    throw new Error(`${row.moved} clones moved one version and ${row.twice} more, for ${used} reviews given`);
  await store.registry.stop();

  const result: ReviewDriveResult = {
    ...driveRate(clients, timed, latencies),
    pool,
    statementsPerCommand: timed.statements / timed.commands,
    used
  };
  reportResult(result);
} finally {
  await raw.close();
  await owner.close();
}
