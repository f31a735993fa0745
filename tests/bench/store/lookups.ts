/**
 * Child process: the case-number lookup (`CaseStore.byNumber`, what the hall's progress query and the window
 * do most) on the million-case database at <url>, side by side with the same `select` sent raw through
 * postgres.js (a tagged template: prepared, the row's jsonb parsed by the driver), each from `clients`
 * concurrent loops over their own pool. Case numbers are drawn uniformly at random (a fixed seed) over all n
 * cases; every answer is checked to be that case. After a warm-up for each side, rounds alternate between the
 * two so that a noisy moment of the machine hits both alike.
 * Usage: lookups.ts <url> <cases> <lookups per side> <clients>
 */
import postgres from 'postgres';
import { createEngine } from '../../../runtime/src/cases/engine/index.ts';
import { CaseStore, type CaseRow } from '../../../runtime/src/cases/case-store.ts';
import { connectPostgres } from '../../../runtime/src/platform/db/db.ts';
import { DefinitionRegistry } from '../../../runtime/src/catalog/registry.ts';
import { loadCatalog } from '../../../runtime/src/testing/catalog.ts';
import { percentile, reportResult } from '../figures.ts';
import { caseNumberOf } from './million.ts';

export interface LatencySummary {
  lookups: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  perSecond: number;
}
export interface LookupsResult {
  store: LatencySummary;
  raw: LatencySummary;
  rounds: number;
  clients: number;
  warmup: number;
}

const [url, casesArg, lookupsArg, clientsArg] = process.argv.slice(2);
if (!url || !casesArg || !lookupsArg || !clientsArg)
  throw new Error('usage: lookups.ts <url> <cases> <lookups per side> <clients>');
const cases = Number(casesArg);
const lookups = Number(lookupsArg);
const clients = Number(clientsArg);
const rounds = 8;
const warmup = 1000;

/** mulberry32: the same numbers on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(20261123);
const draw = (count: number) => Array.from({ length: count }, () => caseNumberOf(1 + Math.floor(next() * cases)));

const db = connectPostgres({ url, max: clients });
const store = new CaseStore(db, createEngine(loadCatalog().calendar), new DefinitionRegistry(db));
const sql = postgres(url, {
  max: clients,
  onnotice: () => {},
  connection: { application_name: 'banshi-bench-raw', timezone: 'UTC' }
});

type Lookup = (caseNumber: string) => Promise<{ caseNumber: string; stateNumber: string } | undefined>;
const viaStore: Lookup = async n => {
  const row: CaseRow | undefined = await store.byNumber(n);
  return row && { caseNumber: row.caseNumber, stateNumber: row.state.caseNumber };
};
const viaRaw: Lookup = async n => {
  const rows = await sql<Array<{ case_number: string; state: { caseNumber: string } }>>`
    select case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version from cases where case_number = ${n}`;
  const r = rows[0];
  return r && { caseNumber: r.case_number, stateNumber: r.state.caseNumber };
};

/** Looks every number up from `clients` loops; returns each lookup's latency in ms and the wall time. */
async function run(lookup: Lookup, numbers: string[]): Promise<{ latencies: number[]; ms: number }> {
  const latencies: number[] = [];
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (i < numbers.length) {
        const n = numbers[i++]!;
        const started = performance.now();
        const found = await lookup(n);
        latencies.push(performance.now() - started);
        if (found?.caseNumber !== n || found.stateNumber !== n)
          throw new Error(`lookup of ${n} returned ${JSON.stringify(found)}`);
      }
    })
  );
  return { latencies, ms: performance.now() - t0 };
}

function summary(runs: Array<{ latencies: number[]; ms: number }>): LatencySummary {
  const all = runs.flatMap(r => r.latencies);
  const ms = runs.reduce((sum, r) => sum + r.ms, 0);
  return {
    lookups: all.length,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    p999: percentile(all, 99.9),
    max: Math.max(...all),
    perSecond: (all.length / ms) * 1000
  };
}

try {
  await run(viaStore, draw(warmup));
  await run(viaRaw, draw(warmup));
  const storeRuns = [];
  const rawRuns = [];
  const perRound = Math.ceil(lookups / rounds);
  for (let r = 0; r < rounds; r++) {
    // Each side gets its own numbers: the same ones would meet a cache the other side just warmed.
    storeRuns.push(await run(viaStore, draw(perRound)));
    rawRuns.push(await run(viaRaw, draw(perRound)));
  }
  const result: LookupsResult = { store: summary(storeRuns), raw: summary(rawRuns), rounds, clients, warmup };
  reportResult(result);
} finally {
  await db.close();
  await sql.end({ timeout: 5 });
}
