/**
 * Child process: construction-permit cases driven through `CaseStore` by concurrent clients, as the HTTP layer
 * would drive them without HTTP. Each client has an applicant of its own and runs its own cases one after
 * another, submission to archive (14 commands, the clock an hour on per command, each case starting at 09:00 on
 * a workday of 2026), so clients never write the same case. Commands per second over the timed stretch, after a
 * warm-up; every outcome must be accepted, and at the end the events in the database must be exactly the ones
 * the outcomes returned.
 *
 * `postgres` runs on the database at <url> (created, migrated and dropped by the parent) through a pool of
 * `pool` connections; `pglite` on an in-memory PGlite cluster of its own (one connection: transactions queue).
 * Usage: drive.ts <postgres|pglite> <url|-> <seconds> <warm-up seconds> <clients> <pool>
 */
import { randomUUID } from 'node:crypto';
import { connectPostgres, type Db } from '../../../runtime/src/platform/db/db.ts';
import type { Outcome } from '../../../runtime/src/cases/case-store.ts';
import { openTestDb } from '../../../runtime/src/testing/database.ts';
import { reportResult } from '../figures.ts';
import { countingStatements, insertApplicant, openBenchStore } from './open-store.ts';
import { driveRate, timedStretch, type DriveRate } from './stretch.ts';
import { commandsPerCase, permitName, startDays, stepCommand, stepMs, submitCommand } from './permit.ts';

export interface DriveResult extends DriveRate {
  kind: 'postgres' | 'pglite';
  pool: number;
  /** Round trips (statements, BEGIN and COMMIT included) per command over the timed stretch. */
  statementsPerCommand: number;
  casesArchived: number;
  eventsChecked: number;
  warmupCommands: number;
}

const [kind, url, secondsArg, warmupArg, clientsArg, poolArg] = process.argv.slice(2);
if ((kind !== 'postgres' && kind !== 'pglite') || !url || !clientsArg || !poolArg) {
  throw new Error('usage: drive.ts <postgres|pglite> <url|-> <seconds> <warm-up seconds> <clients> <pool>');
}
const seconds = Number(secondsArg);
const warmupSeconds = Number(warmupArg);
const clients = Number(clientsArg);
const pool = Number(poolArg);

const testDb = kind === 'pglite' ? await openTestDb('pglite') : undefined;
const raw: Db = testDb?.db ?? connectPostgres({ url, max: pool });
const counting = countingStatements(raw);
try {
  const store = await openBenchStore(counting.db);
  const cases = store.cases;
  const permit = store.byName(permitName);
  const days = startDays(store.calendar);
  const applicants = Array.from({ length: clients }, () => randomUUID());
  for (const [i, id] of applicants.entries()) await insertApplicant(raw, id, `bench-${i}-${id}`);

  let nextCase = 0;
  let eventsReturned = 0;
  let casesArchived = 0;
  const latencies: number[] = [];

  const stretch = timedStretch(warmupSeconds, seconds, { statements: counting.statements });
  const stopping = stretch.stopping;
  const record = (started: number, outcome: Outcome, what: string) => {
    if (!outcome.ok) throw new Error(`${what} rejected: ${outcome.rejection.code} ${outcome.rejection.message}`);
    eventsReturned += outcome.events.length;
    const ended = performance.now();
    if (stretch.count(ended) === 'timed') latencies.push(ended - started);
  };

  const client = async (c: number) => {
    while (!stopping()) {
      let now = days[nextCase++ % days.length]!;
      const submit = submitCommand(permit, applicants[c]!);
      let started = performance.now();
      record(started, await cases.submit(permit.code, submit, now), 'submit');
      for (let step = 1; step < commandsPerCase && !stopping(); step++) {
        now += stepMs;
        const command = stepCommand(step);
        started = performance.now();
        const outcome = await cases.execute(submit.caseId, command, now);
        record(started, outcome, command.type);
        if (outcome.ok && outcome.state.status === 'archived') casesArchived++;
      }
    }
  };
  // One client failing stops the others at their next command.
  await Promise.all(
    Array.from({ length: clients }, (_, c) =>
      client(c).catch(error => {
        stretch.stop();
        throw error;
      })
    )
  );
  const timed = stretch.reading();

  const [{ n: eventsStored } = { n: -1 }] = await raw.query<{ n: number }>(
    `select count(*)::int as n from case_events e join cases c using (case_id) where c.applicant_id in (select jsonb_array_elements_text($1::jsonb)::uuid)`,
    [JSON.stringify(applicants)]
  );
  const [{ n: archivedStored } = { n: -1 }] = await raw.query<{ n: number }>(
    `select count(*)::int as n from cases where status = 'archived' and applicant_id in (select jsonb_array_elements_text($1::jsonb)::uuid)`,
    [JSON.stringify(applicants)]
  );
  if (eventsStored !== eventsReturned)
    throw new Error(`${eventsStored} events stored, ${eventsReturned} returned by the store`);
  if (archivedStored !== casesArchived)
    throw new Error(`${archivedStored} cases archived in the database, ${casesArchived} by the clients`);
  await store.registry.stop();

  const result: DriveResult = {
    ...driveRate(clients, timed, latencies),
    kind,
    pool: kind === 'postgres' ? pool : 1,
    statementsPerCommand: timed.statements / timed.commands,
    casesArchived,
    eventsChecked: eventsStored,
    warmupCommands: stretch.warmupCommands()
  };
  reportResult(result);
} finally {
  await (testDb ? testDb.drop() : raw.close());
}
