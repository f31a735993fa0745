/**
 * What a production server's autovacuum does, for the bench's PostgreSQL databases on a test server that runs
 * without it (this machine's has `autovacuum = off`): every `everyMs`, each database's tables past autovacuum's
 * default thresholds vacuumed and analysed, as their owner (runtime/src/platform/db/housekeeping.ts). Without it
 * the planner keeps a table's first, empty estimate for the whole run, which no production database does: the
 * HTTP side then looked up a submission's 4 files by scanning all 6,000 of the company's (a CPU profile of
 * PostgreSQL showed bitmap heap scans on `files` as its busiest work). Nothing runs when the server has its own.
 */
import { connectPostgres, type Db } from '../../../runtime/src/platform/db/db.ts';
import { tidyTables } from '../../../runtime/src/platform/db/housekeeping.ts';

export interface Autovacuum {
  /** Passes that vacuumed or analysed something, and the tables each time. */
  readonly passes: Array<{ database: string; tables: string[] }>;
  stop(): Promise<void>;
}

export async function standInAutovacuum(ownerUrls: string[], everyMs = 10_000): Promise<Autovacuum | undefined> {
  const dbs: Db[] = ownerUrls.map(url => connectPostgres({ url, max: 1 }));
  const [setting] = await dbs[0]!.query<{ autovacuum: string }>('show autovacuum');
  if (setting!.autovacuum === 'on') {
    for (const db of dbs) await db.close();
    return undefined;
  }
  const passes: Autovacuum['passes'] = [];
  let stopping = false;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    for (const [i, db] of dbs.entries()) {
      if (stopping) return;
      const done = await tidyTables(db);
      if (done.length)
        passes.push({ database: new URL(ownerUrls[i]!).pathname.slice(1), tables: done.map(d => d.table) });
    }
  };
  const timer = setInterval(() => {
    running = running.then(pass).catch(() => {});
  }, everyMs);
  return {
    passes,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running;
      for (const db of dbs) await db.close();
    }
  };
}
