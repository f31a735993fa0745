/**
 * What a production server's autovacuum does, for the bench's PostgreSQL databases on a test server that runs
 * without it (this machine's has `autovacuum = off`; the bench asks `autovacuumWarning` once): while one side of
 * the bench runs, every `everyMs` its own database's tables past autovacuum's default thresholds are vacuumed and
 * analysed, as their owner (runtime/src/platform/db/housekeeping.ts). Without it the planner keeps a table's first,
 * empty estimate for the whole run, which no production database does: the HTTP side then looked up a submission's
 * 4 files by scanning all 6,000 of the company's (a CPU profile of PostgreSQL showed bitmap heap scans on `files` as
 * its busiest work). Each side pays for its own database's housekeeping only: a pass over pgbench's database never
 * lands in the store's timed stretch.
 */
import { connectPostgres } from '../../../runtime/src/platform/db/db.ts';
import { tidyTables } from '../../../runtime/src/platform/db/housekeeping.ts';

/** `run`'s result, and the tables each pass that found work vacuumed or analysed. */
export async function whileTidied<T>(
  ownerUrl: string,
  run: () => Promise<T>,
  everyMs = 10_000
): Promise<{ result: T; passes: string[][] }> {
  const db = connectPostgres({ url: ownerUrl, max: 1 });
  const passes: string[][] = [];
  // A pass that failed is reported after the run: the figures must not claim housekeeping that did not happen.
  let failed: unknown;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (failed) return;
      try {
        const done = await tidyTables(db);
        if (done.length) passes.push(done.map(d => d.table));
      } catch (error) {
        failed = error;
      }
    });
  }, everyMs);
  let result: T;
  try {
    result = await run();
  } finally {
    clearInterval(timer);
    await running;
    await db.close();
  }
  if (failed) throw new Error(`the bench's autovacuum pass failed: ${String(failed)}`);
  return { result, passes };
}
