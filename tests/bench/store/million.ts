/**
 * A million construction-permit cases in the store's `cases` table, loaded with SQL (`insert … select from
 * generate_series`) in batches, for the case-number lookup. Each row carries the real state of a permit case after
 * one of its 14 steps (in turn), its own id and number set inside the state as the store would have written them.
 * The case-number and the other secondary indexes are built after the load, as a bulk import would, so the table
 * ends with every index the schema gives it.
 *
 * Case k (1…n) was received on day k / 1200 from 2 Jan 2024 (09:00 Shanghai plus 20 s per case of that day), so
 * its number is the one `caseNumber()` gives: the department's code, the Shanghai date, the sequence k.
 */
import type { Db } from '../../../runtime/src/platform/db/db.ts';
import type { StepSnapshot } from './permit.ts';

const departmentCode = '11350200003650121J';
const casesPerDay = 1200;
const firstDay = Date.UTC(2024, 0, 2);

/** The number of case k, as the load writes it (and as `caseNumber()` formats it). */
export function caseNumberOf(k: number): string {
  const d = new Date(firstDay + Math.floor(k / casesPerDay) * 86_400_000);
  const date = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${departmentCode}${date}${String(k).padStart(6, '0')}`;
}

const numberSql = (k: string) =>
  `'${departmentCode}' || to_char(date '2024-01-02' + (${k} / ${casesPerDay})::int, 'YYYYMMDD') || case when ${k} < 1000000 then lpad(${k}::text, 6, '0') else ${k}::text end`;

export interface Loaded {
  rows: number;
  loadMs: number;
  indexMs: number;
  /** Heap, TOAST and indexes of `cases`. */
  totalBytes: number;
  /** Mean stored (possibly compressed) size of `state`, and its mean size as text. */
  stateStoredBytes: number;
  stateTextBytes: number;
}

/**
 * Loads cases 1…n into the (empty, migrated) database behind `dbs`, a batch per statement, the batches spread over
 * the connections given (one per core is what a 2-core machine takes).
 */
export async function loadMillion(
  dbs: Db[],
  snapshots: StepSnapshot[],
  n: number,
  batch: number,
  log: (line: string) => void
): Promise<Loaded> {
  const [db] = dbs;
  if (!db) throw new Error('no connection');
  await db.query('alter table cases drop constraint cases_case_number_key');
  await db.query('drop index cases_applicant');
  await db.query('drop index cases_department_status');
  const states = JSON.stringify(snapshots.map(s => s.state));
  const t0 = performance.now();
  let next = 1;
  let done = 0;
  await Promise.all(
    dbs.map(async conn => {
      while (next <= n) {
        const from = next;
        const to = Math.min(n, from + batch - 1);
        next = to + 1;
        await conn.query(
          `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
         select u.id, ${numberSql('u.k')}, t.state->>'matterCode', 1, md5((u.k % 50000)::text)::uuid, '市住房和建设局', t.state->>'status',
                jsonb_set(jsonb_set(t.state, '{id}', to_jsonb(u.id::text)), '{caseNumber}', to_jsonb(${numberSql('u.k')})),
                (t.state->>'version')::int, r.at, r.at + interval '1 hour' * (t.i - 1)
         from (select k, gen_random_uuid() as id from generate_series($1::int, $2::int) as k) as u
         cross join lateral (select ((date '2024-01-02' + (u.k / ${casesPerDay})::int) + time '09:00') at time zone 'Asia/Shanghai' + interval '20 seconds' * (u.k % ${casesPerDay}) as at) as r
         join jsonb_array_elements($3::jsonb) with ordinality as t(state, i) on t.i = u.k % ${snapshots.length} + 1`,
          [from, to, states]
        );
        done += to - from + 1;
        if (done % (batch * 5) === 0 || done === n)
          log(`loaded ${done.toLocaleString('en')} cases in ${Math.round((performance.now() - t0) / 1000)} s`);
      }
    })
  );
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  // The indexes are built on two connections at once where there are two (CREATE INDEX takes a lock that lets
  // another build run beside it; the constraint is attached to its index afterwards).
  const groups = [
    [
      'create unique index cases_case_number_key on cases (case_number)',
      'alter table cases add constraint cases_case_number_key unique using index cases_case_number_key'
    ],
    [
      'create index cases_applicant on cases (applicant_id, received_at desc)',
      'create index cases_department_status on cases (department, status)'
    ]
  ];
  const lanes = dbs.length > 1 ? groups : [groups.flat()];
  await Promise.all(
    lanes.map(async (statements, i) => {
      const conn = dbs[i]!;
      await conn.query(`set maintenance_work_mem = '256MB'`);
      for (const sql of statements) await conn.query(sql);
    })
  );
  await db.query('vacuum analyze cases');
  const indexMs = performance.now() - t1;
  const [size] = await db.query<{ rows: number; total: number; stored: number; text: number }>(
    `select (select count(*) from cases)::int as rows, pg_total_relation_size('cases')::float8 as total,
            avg(pg_column_size(state))::float8 as stored, avg(octet_length(state::text))::float8 as text
     from (select state from cases tablesample system (1)) s`
  );
  return {
    rows: size!.rows,
    loadMs,
    indexMs,
    totalBytes: size!.total,
    stateStoredBytes: size!.stored,
    stateTextBytes: size!.text
  };
}
