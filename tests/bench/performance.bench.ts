/**
 * Performance evaluation (绩效测评) over 1,000,000 cases received in 2026 (PostgreSQL): one department's year and the
 * bureau's whole city for the year, read by `measurePerformance` (what GET /api/supervision/performance answers, less
 * the HTTP layer), median of repeated runs on a warm database. Peer in the same run: the physical floor, a bare
 * `count(*) … group by department` over the same rows of `case_measures` (one scan, one aggregate; what no query
 * reading those rows can beat).
 *
 * The load: the engine makes a few hundred cases of every matter of the catalogue (tests/bench/performance/templates.ts:
 * each channel, decided the same hour … after four weeks, after a correction, refused, withdrawn, open), and the
 * case store's own projection code (`measureOf`) gives each its `case_measures` row. Bulk SQL then copies them to one
 * million cases spread over the 52 weeks of 2026 and all matters, every instant of a copy shifted by whole weeks and
 * a few minutes (the verdicts and time used are the template's), each with a `cases` row whose state holds what the
 * drill-down reads. Supervision as a year has it: 3 % of cases a warning, 2 % a yellow card, 0.5 % a red card, 0.2 % an
 * anomaly; 30 % rated; 0.1 % a complaint.
 *
 * Goals (issue 16): a department's year under 2 s; the city's year under 5 s.
 */
import { measureCalendar } from '../../runtime/src/cases/index.ts';
import { casesBehind, measurePerformance } from '../../runtime/src/supervision/index.ts';
import { periodOf } from '../../runtime/src/supervision/period.ts';
import { openTestStore } from '../../runtime/src/testing/store.ts';
import { figure, median, round, type Bench } from './figures.ts';
import { templates } from './performance/templates.ts';
import type { WorkCalendar } from '@banshi/definition/calendar';

const n = Number(process.env.BENCH_PERFORMANCE_CASES ?? 1_000_000);
const runs = Number(process.env.BENCH_PERFORMANCE_RUNS ?? 7);
const department = '市卫生健康委员会';

async function timed(count: number, run: () => Promise<unknown>): Promise<number[]> {
  await run();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out;
}

export const bench: Bench = async ({ log }) => {
  const store = await openTestStore('postgres');
  // Seeding (a table of templates, vacuum) as the owner; the runtime's role may not (migration 022).
  const { owner: db, registry } = store;
  try {
    const t0 = performance.now();
    const made = templates(
      registry.all().map(m => m.definition),
      measureCalendar(registry) as WorkCalendar,
      registry.calendarEpoch()
    );
    const matters = new Set(made.map(t => t.state.matterCode)).size;
    log(`${made.length} template cases of ${matters} matters made by the engine`);
    await db.query(
      `create table bench_templates as
       select (t.i - 1)::int as i, s.state, r.* from jsonb_array_elements($1::jsonb) with ordinality as t(v, i),
         jsonb_to_record(t.v->'measure') as r(department text, matter_code text, matter_version int, matter_name text,
           channel text, received_at timestamptz, accepted_at timestamptz, refused_at timestamptz, withdrawn_at timestamptz,
           decided_at timestamptz, active_until timestamptz, correction_rounds int,
           promised_deadline timestamptz, promised_movable boolean, promised_verdict text, promised_unit text,
           promised_used float8, promised_limit float8, legal_deadline timestamptz, legal_movable boolean, legal_verdict text,
           legal_unit text, legal_used float8, legal_limit float8, calendar_epoch int)
       cross join lateral (select t.v->'state' as state) s`,
      [JSON.stringify(made)]
    );
    // Copy g of template g % T, shifted by (g / T) % 52 weeks and a few minutes; ids and numbers of its own.
    const copies = `select g, t.*, md5('bench-' || g)::uuid as id,
         interval '7 days' * ((g / ${made.length}) % 52) + interval '1 minute' * ((g / ${made.length * 52}) % 90) as shift
       from generate_series(0, $1::int - 1) g join bench_templates t on t.i = g % ${made.length}`;
    await db.query(
      `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version,
                          received_at, updated_at)
       select c.id, 'B' || lpad(c.g::text, 10, '0'), c.matter_code, 1, md5('applicant-' || (c.g % 50000))::uuid, c.department,
              c.state->>'status',
              jsonb_build_object('id', c.id, 'status', c.state->>'status', 'channel', c.state->>'channel',
                'decision', case when c.state ? 'decision' then jsonb_build_object('at',
                  ((c.state->'decision'->>'at')::float8 + extract(epoch from c.shift) * 1000)) end),
              1, c.received_at + c.shift, c.received_at + c.shift
       from (${copies}) c`,
      [n]
    );
    await db.query(
      `insert into case_measures (case_id, department, matter_code, matter_version, matter_name, channel, received_at, accepted_at,
         refused_at, withdrawn_at, decided_at, active_until, correction_rounds, promised_deadline, promised_movable,
         promised_verdict, promised_unit, promised_used, promised_limit, legal_deadline, legal_movable, legal_verdict,
         legal_unit, legal_used, legal_limit, calendar_epoch)
       select c.id, c.department, c.matter_code, c.matter_version, c.matter_name, c.channel, c.received_at + c.shift,
         c.accepted_at + c.shift, c.refused_at + c.shift, c.withdrawn_at + c.shift, c.decided_at + c.shift,
         c.active_until + c.shift, c.correction_rounds, c.promised_deadline + c.shift, c.promised_movable, c.promised_verdict,
         c.promised_unit, c.promised_used, c.promised_limit, c.legal_deadline + c.shift, c.legal_movable, c.legal_verdict,
         c.legal_unit, c.legal_used, c.legal_limit, c.calendar_epoch
       from (${copies}) c`,
      [n]
    );
    const sample = (per1000: number, salt: string) =>
      `from case_measures m where abs(hashtext(m.case_id::text || '${salt}')) % 1000 < ${per1000}`;
    for (const [level, per1000] of [
      ['warning', 30],
      ['yellowCard', 20],
      ['redCard', 5],
      ['anomaly', 2]
    ] as const)
      await db.query(
        `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
         select m.case_id, '${level}:bench', m.case_id, 'bench', '${level}', m.department, '{}'::jsonb, m.received_at + interval '2 days'
         ${sample(per1000, level)}`
      );
    await db.query(
      `insert into evaluations (id, case_id, user_id, department, level, created_at)
       select md5('rating-' || m.case_id)::uuid, m.case_id, md5('applicant-' || m.case_id)::uuid, m.department,
              1 + abs(hashtext(m.case_id::text || 'level')) % 5, coalesce(m.decided_at, m.received_at) + interval '1 day'
       ${sample(300, 'rated')}`
    );
    await db.query(
      `insert into complaints (id, user_id, case_id, department, content, created_at, accept_due)
       select md5('complaint-' || m.case_id)::uuid, md5('applicant-' || m.case_id)::uuid, m.case_id, m.department, '办理太慢',
              m.received_at + interval '3 days', m.received_at + interval '10 days'
       ${sample(1, 'complaint')}`
    );
    for (const table of ['cases', 'case_measures', 'supervision_events', 'evaluations', 'complaints'])
      await db.query(`vacuum analyze ${table}`);
    const [{ rows: count } = { rows: 0 }] = await db.query<{ rows: number }>(
      'select count(*)::int as rows from case_measures'
    );
    log(
      `loaded ${count.toLocaleString('en')} cases with their measures in ${Math.round((performance.now() - t0) / 1000)} s`
    );

    const period = periodOf('2026');
    const services = { db: store.db, registry, now: () => Date.parse('2027-01-15T10:00:00+08:00') };
    const city = { department: null, matter: null, period, by: 'department' as const };
    const one = { department, matter: null, period, by: 'department' as const };
    const cityRows = await measurePerformance(services, city);
    const oneRows = await measurePerformance(services, one);
    const total = cityRows.reduce((a, r) => a + r.received, 0);
    log(
      `city: ${cityRows.length} departments, ${total.toLocaleString('en')} received; ${department}: ${oneRows[0]?.received.toLocaleString('en')} received, ${oneRows[0]?.decided.toLocaleString('en')} decided`
    );
    const from = new Date(period.from!).toISOString();
    const to = new Date(period.to!).toISOString();
    const floor = (departments: string[] | null) => () =>
      db.query(
        `select department, count(*)::int from case_measures
         where received_at < $2 and active_until >= $1 and ($3::text[] is null or department = any($3::text[]))
         group by department`,
        [from, to, departments]
      );
    const cityMs = await timed(runs, () => measurePerformance(services, city));
    const cityFloor = await timed(runs, floor(null));
    const oneMs = await timed(runs, () => measurePerformance(services, one));
    const oneFloor = await timed(runs, floor([department]));
    const drill = await timed(runs, () => casesBehind(services, city, 'promisedLate'));
    const drillFloor = await timed(runs, () =>
      db.query(
        `select case_id from case_measures where received_at >= $1 and received_at < $2 order by received_at limit 1000`,
        [from, to]
      )
    );
    const scanned = (departments: string[] | null) =>
      db
        .query<{ n: number }>(
          `select count(*)::int as n from case_measures where received_at < $2 and active_until >= $1
             and ($3::text[] is null or department = any($3::text[]))`,
          [from, to, departments]
        )
        .then(r => r[0]!.n);
    return [
      figure({
        name: 'performance.department-year',
        value: median(oneMs),
        unit: 'ms',
        peer: { name: 'bare count(*) group by over the same rows', value: median(oneFloor) },
        goal: 2000,
        detail: `measurePerformance for ${department}, 2026, by department, over ${n.toLocaleString('en')} cases in the city (${(await scanned([department])).toLocaleString('en')} of its cases active in the year); median of ${runs} runs on a warm database.`
      }),
      figure({
        name: 'performance.city-year.drill-down',
        value: median(drill),
        unit: 'ms',
        peer: { name: 'bare first 1000 received of the year, by received_at', value: median(drillFloor) },
        detail: `casesBehind for the city's late cases against the promised limit, 2026 (decided late, or open past the deadline at 15 January 2027; a page of 1000, oldest first, each with its number, status and deadlines); median of ${runs} runs.`
      }),
      figure({
        name: 'performance.city-year',
        value: median(cityMs),
        unit: 'ms',
        peer: { name: 'bare count(*) group by over the same rows', value: median(cityFloor) },
        goal: 5000,
        detail: `measurePerformance for every department, 2026, over ${(await scanned(null)).toLocaleString('en')} cases active in the year (${made.length} engine-made templates of ${matters} matters copied by SQL), with 3 % warnings, 2.5 % cards, 30 % rated, 0.1 % complaints; median of ${runs} runs; best ${round(Math.min(...cityMs))} ms.`
      })
    ];
  } finally {
    // BENCH_PERFORMANCE_KEEP=1 keeps the loaded database for looking at plans (its URL is logged).
    if (process.env.BENCH_PERFORMANCE_KEEP) {
      log(`kept ${store.url}`);
      await store.registry.stop();
      await store.db.close();
    } else await store.close().catch(error => log(`could not drop the database: ${String(error)}`));
  }
};
