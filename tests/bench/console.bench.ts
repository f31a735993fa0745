/**
 * The supervision console's pages (issue 16) with a department's year behind them (PostgreSQL): 100,000 cases of
 * the housing bureau, their performance measures, and 20,000 warnings, cards and anomalies with their handling.
 * p99 of many sequential requests to a running runtime process, for each request a console page makes: the event
 * list (newest first, 100; and the open ones only), an event's page, the explanations asked of a handler, the
 * department's performance for a quarter and the studio's console page itself. Peers in the same run: the bare
 * select of 100 events through postgres.js, and the static studio page.
 *
 * The load: one real construction-permit case driven through the API to review gives a state; it is copied 100,000
 * times (own ids and numbers, received a minute apart back from the clock) with its measure row. Events are of the
 * copies, spread over the four levels, 60 % open and the rest in the handling states, one in 50 asking the handler.
 *
 * Goals (issue 16): console pages p99 under 100 ms; the performance figures a department's year under 2 s.
 */
import { connectPostgres } from '../../runtime/src/platform/db/db.ts';
import { migrate } from '../../runtime/src/platform/db/migrate.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { HttpUser, startRuntime } from '../support/runtime-process.ts';
import { permitInReview, timed } from './http-load.ts';
import { buildStudio } from '../../tools/studio-build.mjs';
import { figure, percentile, round, type Bench } from './figures.ts';

const n = Number(process.env.BENCH_CONSOLE_CASES ?? 100_000);
const events = Number(process.env.BENCH_CONSOLE_EVENTS ?? 20_000);
const requests = Number(process.env.BENCH_CONSOLE_REQUESTS ?? 300);
const department = '市住房和建设局';

export const bench: Bench = async ({ log }) => {
  buildStudio(); // the console page is served from the studio's build (a no-op when it is fresh)
  const created = await createPostgresDatabase();
  const db = connectPostgres({ url: created.ownerUrl, max: 2 }); // seeding (analyze) as the owner
  let server: Awaited<ReturnType<typeof startRuntime>> | undefined;
  try {
    await migrate(db);
    server = await startRuntime({
      DATABASE_URL: created.url,
      BANSHI_WORKER: 'off',
      BANSHI_CLOCK: '2026-11-20T10:00:00+08:00',
      BANSHI_DATA_DIR: '/tmp/banshi-bench-console'
    });
    const base = server.url;
    const caseId = await permitInReview(base);
    const supervisor = await HttpUser.signIn(base, 'supervisor');
    const bureau = await HttpUser.signIn(base, 'bureau');
    const handler = await HttpUser.signIn(base, 'handler');
    const [handlerRow] = await db.query<{ id: string }>(`select id from users where login = 'handler'`);

    const t0 = performance.now();
    await db.query(
      `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at, legal_deadline, promised_deadline)
       select gen_random_uuid(), 'C' || lpad(k::text, 20, '0'), c.matter_code, c.matter_version, c.applicant_id, c.department, c.status, c.state, c.version,
              c.received_at - interval '1 minute' * k, c.updated_at, c.legal_deadline, c.promised_deadline
       from cases c, generate_series(1, $2::int) k where c.case_id = $1`,
      [caseId, n]
    );
    await db.query(
      `insert into case_departments (case_id, department, part) select case_id, $1, 'lead' from cases where case_number like 'C%'`,
      [department]
    );
    // Each copy's measure is the original's, received when the copy was.
    await db.query(
      `insert into case_measures
       select c.case_id, m.department, m.matter_code, m.matter_version, m.matter_name, m.channel, c.received_at,
              m.accepted_at - (m.received_at - c.received_at), m.refused_at, m.withdrawn_at, m.decided_at, m.active_until,
              m.correction_rounds, m.promised_deadline - (m.received_at - c.received_at), m.promised_movable,
              m.promised_verdict, m.promised_unit, m.promised_used, m.promised_limit,
              m.legal_deadline - (m.received_at - c.received_at), m.legal_movable, m.legal_verdict, m.legal_unit,
              m.legal_used, m.legal_limit, m.calendar_epoch
       from case_measures m cross join cases c where m.case_id = $1 and c.case_number like 'C%'`,
      [caseId]
    );
    const levels = ['warning', 'yellowCard', 'redCard', 'anomaly'];
    const handling = ['open', 'open', 'open', 'explanationRequested', 'explained', 'corrected', 'closed', 'reopened'];
    await db.query(
      `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at, handling)
       select c.case_id, l.level || ':promised:' || k, c.case_id, l.level, l.level, $1::text,
              jsonb_build_object('key', l.level || ':promised:' || k, 'rule', l.level, 'level', l.level, 'department', $1::text,
                                 'responsible', jsonb_build_object('role', '承办人'),
                                 'message', '办件 ' || c.case_number || ' 超过承诺办结时限。'),
              c.received_at + interval '10 days', ($3::text[])[1 + k % array_length($3::text[], 1)]
       from (select case_id, case_number, received_at, row_number() over (order by case_number) as k
               from cases where case_number like 'C%' order by case_number limit $2) c
       cross join lateral (select ($4::text[])[1 + c.k % 4] as level) l`,
      [department, events, handling, levels]
    );
    // One event in 50 asks the handler by name, with a deadline (what 要我说明的 lists).
    await db.query(
      `insert into supervision_steps (event_id, seq, kind, actor_id, actor_name, detail, at)
       select e.id, 1, 'explanationRequested', $1::uuid, '监察员',
              jsonb_build_object('requestId', gen_random_uuid()::text, 'to', jsonb_build_object('person', jsonb_build_object('id', $1::text, 'name', '陈承办'), 'role', '承办人'),
                                 'question', '请说明超期原因。', 'deadline', (e.at + interval '2 days')),
              e.at + interval '1 hour'
       from supervision_events e where e.handling = 'explanationRequested' and e.id % 10 = 3`,
      [handlerRow!.id]
    );
    await db.query(`update supervision_events set handling_steps = 1 where handling <> 'open'`);
    // As the request writes them: whom it asks, on the event.
    await db.query(
      `update supervision_events e set asked_person = $1::uuid, asked_role = '承办人' from supervision_steps s
        where s.event_id = e.id and s.kind = 'explanationRequested'`,
      [handlerRow!.id]
    );
    for (const table of ['cases', 'case_measures', 'supervision_events', 'supervision_steps'])
      await db.query(`analyze ${table}`);
    log(
      `loaded ${n.toLocaleString('en')} cases, their measures and ${events.toLocaleString('en')} events in ${Math.round((performance.now() - t0) / 1000)} s`
    );

    const first = await supervisor.get('/api/supervision/events');
    const eventId = first.body.items[0].id as number;
    const asked = await handler.get('/api/supervision/explanations');
    const quarter = await supervisor.get('/api/supervision/performance?period=2026-Q4');
    log(
      `supervisor's list: ${first.body.items.length} rows; handler asked ${asked.body.items.length}; quarter received ${quarter.body.items?.[0]?.received ?? quarter.status}`
    );
    const list = await timed(requests, () => supervisor.get('/api/supervision/events'));
    const open = await timed(requests, () => supervisor.get('/api/supervision/events?handling=open'));
    const city = await timed(requests, () => bureau.get('/api/supervision/events'));
    const detail = await timed(requests, () => supervisor.get(`/api/supervision/events/${eventId}`));
    const explanations = await timed(requests, () => handler.get('/api/supervision/explanations'));
    const performanceQuarter = await timed(Math.min(requests, 100), () =>
      supervisor.get('/api/supervision/performance?period=2026-Q4')
    );
    const page = await timed(requests, async () => {
      const r = await fetch(`${base}/studio/supervision`);
      await r.arrayBuffer();
      return { status: r.status };
    });
    const raw = await timed(requests, async () => {
      await db.query(
        `select e.id, e.record, c.case_number from supervision_events e left join cases c on c.case_id = e.case_id
          where e.department = $1 order by e.id desc limit 100`,
        [department]
      );
      return { status: 200 };
    });
    const p99 = (xs: number[]) => percentile(xs, 99);
    const rawPeer = { name: 'raw select of 100 events (postgres.js) p99', value: p99(raw) };
    const pagePeer = { name: 'GET /studio/supervision (static page) p99', value: p99(page) };
    const median = (xs: number[]) => round(percentile(xs, 50), 2);
    return [
      figure({
        name: 'console.events.p99',
        value: p99(list),
        unit: 'ms',
        peer: rawPeer,
        goal: 100,
        digits: 2,
        detail: `${requests} sequential GET /api/supervision/events (newest 100) by the department's supervisor with ${events.toLocaleString('en')} events over ${n.toLocaleString('en')} cases; median ${median(list)} ms. Open ones only: p99 ${round(p99(open), 2)} ms. The bureau's whole city: p99 ${round(p99(city), 2)} ms.`
      }),
      figure({
        name: 'console.event.p99',
        value: p99(detail),
        unit: 'ms',
        peer: rawPeer,
        goal: 100,
        digits: 2,
        detail: `GET /api/supervision/events/:id (the event page: the record, its handling history, the steps the caller may take); median ${median(detail)} ms.`
      }),
      figure({
        name: 'console.explanations.p99',
        value: p99(explanations),
        unit: 'ms',
        peer: rawPeer,
        goal: 100,
        digits: 2,
        detail: `GET /api/supervision/explanations (要我说明的) by a handler asked ${asked.body.items.length} times; median ${median(explanations)} ms.`
      }),
      figure({
        name: 'console.performance-quarter.p99',
        value: p99(performanceQuarter),
        unit: 'ms',
        peer: pagePeer,
        // The figures are held to their own goal (issue 16: a department's year under 2 s; performance.bench.ts
        // measures it over 1,000,000 cases), not the 100 ms of the console's lists.
        goal: 2000,
        digits: 2,
        detail: `GET /api/supervision/performance?period=2026-Q4 (绩效测评 page, the department's quarter over ${n.toLocaleString('en')} cases of the year); median ${median(performanceQuarter)} ms.`
      })
    ];
  } finally {
    await server?.stop().catch(() => {});
    await db.close().catch(() => {});
    await created.drop().catch(error => log(`could not drop the database: ${String(error)}`));
  }
};
