/**
 * What the hash chains (migration 021, issue 17) cost, on PostgreSQL, against the same work on a database one
 * migration older (020, no chains), measured in the same run:
 *   - a case command's write: one statement, as the case store writes it (three events from a JSON array and the
 *     audit line, in CTEs over `target`), BENCH_INTEGRITY_WRITES (1000) times one after another; median;
 *   - audit lines from eight writers at once (the one chain's advisory lock makes them take turns until commit):
 *     wall time over the lines written;
 *   - `verify` over 20,000 audit lines and 20,000 events (2,000 cases of 10), against reading the same rows with
 *     the same query shape and no hashing.
 * No goal: the figures say what tamper evidence costs, for the next decision (a faster trigger, async chaining).
 */
import { randomUUID } from 'node:crypto';
import { audit } from '../../runtime/src/platform/audit.ts';
import type { Db } from '../../runtime/src/platform/db/db.ts';
import { verifyChains } from '../../runtime/src/platform/integrity/index.ts';
import { openTestDb } from '../../runtime/src/testing/database.ts';
import { figure, median, type Bench } from './figures.ts';

const writes = Number(process.env.BENCH_INTEGRITY_WRITES ?? 1000);
const concurrentLines = 800;

const events = JSON.stringify([1, 2, 3].map(n => ({ type: `E${n}`, at: Date.UTC(2026, 8, 28, n), by: { id: 'x' } })));

async function commandWrites(db: Db): Promise<number> {
  const caseId = randomUUID();
  const times: number[] = [];
  for (let i = 0; i < writes; i++) {
    const start = performance.now();
    await db.query(
      `with target as (select $1::uuid as case_id),
       w0 as (insert into case_events (case_id, seq, type, payload, at, actor_id)
              select t.case_id, $2 + (e.ordinality - 1)::int, e.value->>'type', e.value,
                     to_timestamp((e.value->>'at')::float8 / 1000), e.value->'by'->>'id'
              from target t, jsonb_array_elements($3::jsonb) with ordinality as e),
       w1 as (insert into audit_log (actor_kind, action, case_id, outcome, detail)
              select 'staff', 'case.command', t.case_id, 'ok', '{"command": "accept"}' from target t)
       select count(*)::int as moved from target`,
      [caseId, 1 + i * 3, events]
    );
    times.push(performance.now() - start);
  }
  return median(times);
}

async function concurrentAudit(db: Db): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = 0; i < concurrentLines / 8; i++)
        await audit(db, { actor: { kind: 'system' }, action: 'bench', outcome: 'ok', detail: { i } });
    })
  );
  return (performance.now() - start) / concurrentLines;
}

async function fill(db: Db) {
  await db.query(
    `insert into audit_log (actor_kind, action, outcome, detail)
     select 'system', 'bulk', 'ok', jsonb_build_object('i', g) from generate_series(1, 20000) g`
  );
  await db.query(
    `insert into case_events (case_id, seq, type, payload, at)
     select c, s, 'E', jsonb_build_object('s', s), now()
     from (select gen_random_uuid() as c from generate_series(1, 2000)) cs, generate_series(1, 10) s order by c, s`
  );
}

/** The rows verify reads, read the same way, hashing nothing. */
async function readOnly(db: Db): Promise<void> {
  for (const table of ['audit_log', 'case_events']) {
    const key = table === 'audit_log' ? 'chain_seq' : 'global_id';
    let after = 0;
    for (;;) {
      const rows = await db.query<{ k: number }>(
        `select *, ${key}::bigint as k from ${table} where ${key} > $1::bigint order by ${key} limit 2000`,
        [after]
      );
      if (rows.length < 2000) break;
      after = Number(rows[rows.length - 1]!.k);
    }
  }
}

export const bench: Bench = async ({ log }) => {
  const plain = await openTestDb('postgres', 20);
  const chained = await openTestDb('postgres');
  try {
    log(`command writes: ${writes} each, without and with chains`);
    const plainWrite = await commandWrites(plain.db);
    const chainedWrite = await commandWrites(chained.db);
    log(`audit lines from 8 writers: ${concurrentLines} each`);
    const plainAudit = await concurrentAudit(plain.db);
    const chainedAudit = await concurrentAudit(chained.db);
    log('verify over some 45,000 rows');
    await fill(chained.db);
    let start = performance.now();
    const report = await verifyChains(chained.db);
    const verifyMs = performance.now() - start;
    if (report.breaks.length > 0 || report.events < 20000) throw new Error(`verify found ${JSON.stringify(report)}`);
    start = performance.now();
    await readOnly(chained.db);
    const readMs = performance.now() - start;
    return [
      figure({
        name: 'integrity.command.write',
        value: chainedWrite,
        unit: 'ms',
        digits: 2,
        peer: { name: 'the same statement without chains (schema 020)', value: plainWrite },
        detail: 'median of one case command written as one statement: three events and the audit line, on PostgreSQL'
      }),
      figure({
        name: 'integrity.audit.concurrent',
        value: chainedAudit,
        unit: 'ms/line',
        digits: 2,
        peer: { name: 'the same without chains (schema 020)', value: plainAudit },
        detail: 'eight writers appending audit lines at once; the chain lines them up until each commits'
      }),
      figure({
        name: 'integrity.verify',
        value: verifyMs,
        unit: 'ms',
        digits: 0,
        peer: { name: 'reading the same rows without hashing', value: readMs },
        detail: `verify over ${report.auditRows} audit lines and ${report.events} events of ${report.cases} cases`
      })
    ];
  } finally {
    await plain.drop();
    await chained.drop();
  }
};
