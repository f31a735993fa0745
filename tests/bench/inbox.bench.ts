/**
 * The staff inbox with 100,000 open cases in one department (PostgreSQL): a page of 50 inbox rows for the handler
 * over HTTP, and the case page's data (GET /api/office/cases/:id), p99 of many sequential requests to a running
 * runtime process. Peers in the same run: the existing department list (GET /api/office/cases, newest first, 50),
 * and the bare index-range select of 50 `case_waits` rows sent raw through postgres.js.
 *
 * The load: one real construction-permit case driven through the API to the handler's step gives a state; it is
 * copied 100,000 times into `cases` (own ids and numbers) with `case_departments`, and each copy gets a
 * `case_waits` row spread as a department's queue is: 40 % the handler's (承办人), 20 % the window's, 15 % the
 * chief's, 10 % the leader's, 15 % any post (parallel steps); step due instants spread from 10 workdays overdue to
 * 20 days ahead, promised and legal after them; 5 % paused (no running due), 10 % with a warning or card. The
 * housing bureau has one matter in the catalogue, so every copy is of it.
 *
 * Goals (issue 15): inbox page p99 under 50 ms; case page under 30 ms.
 */
import { connectPostgres } from '../../runtime/src/platform/db/db.ts';
import { migrate } from '../../runtime/src/platform/db/migrate.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { HttpUser, startRuntime } from '../support/runtime-process.ts';
import { permitInReview, timed } from './http-load.ts';
import { figure, percentile, round, type Bench } from './figures.ts';

const n = Number(process.env.BENCH_INBOX_CASES ?? 100_000);
const requests = Number(process.env.BENCH_INBOX_REQUESTS ?? 500);
const department = '市住房和建设局';

export const bench: Bench = async ({ log }) => {
  const created = await createPostgresDatabase();
  const db = connectPostgres({ url: created.ownerUrl, max: 2 }); // seeding (analyze) as the owner
  let server: Awaited<ReturnType<typeof startRuntime>> | undefined;
  try {
    await migrate(db);
    server = await startRuntime({
      DATABASE_URL: created.url,
      BANSHI_WORKER: 'off',
      BANSHI_CLOCK: '2026-10-15T10:00:00+08:00',
      BANSHI_DATA_DIR: '/tmp/banshi-bench-inbox'
    });
    const base = server.url;
    const caseId = await permitInReview(base);
    const handler = await HttpUser.signIn(base, 'handler');

    const t0 = performance.now();
    await db.query(
      `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at, legal_deadline, promised_deadline)
       select gen_random_uuid(), 'B' || lpad(k::text, 20, '0'), c.matter_code, c.matter_version, c.applicant_id, c.department, c.status, c.state, c.version,
              c.received_at - interval '1 minute' * k, c.updated_at, c.legal_deadline, c.promised_deadline
       from cases c, generate_series(1, $2::int) k where c.case_id = $1`,
      [caseId, n]
    );
    await db.query(
      `insert into case_departments (case_id, department, part) select case_id, $1, 'lead' from cases where case_number like 'B%'`,
      [department]
    );
    await db.query(
      `insert into case_waits (case_id, department, role, co_approval, step_label, step_due, promised_due, legal_due, matter_code, status, channel, level, paused)
       select c.case_id, $1, r.role, false, '审查',
              case when p then 'infinity' else s end, case when p then 'infinity' else s + interval '5 days' end,
              case when p then 'infinity' else s + interval '20 days' end,
              c.matter_code, case when p then 'paused' else 'inReview' end, 'online',
              case when h % 10 = 0 then 1 + (h / 10) % 3 else 0 end, case when p then 'specialProcedure' end
       from (select case_id, matter_code, abs(hashtext(case_id::text)) as h from cases where case_number like 'B%') c
       cross join lateral (select c.h % 20 = 7 as p,
                                  timestamptz '2026-10-15 10:00+08' + interval '1 minute' * ((c.h / 7) % 43200 - 14400) as s) d
       cross join lateral (select case when c.h % 100 < 40 then '承办人' when c.h % 100 < 60 then '窗口'
                                       when c.h % 100 < 75 then '处室负责人' when c.h % 100 < 85 then '分管领导' else '' end as role) r`,
      [department]
    );
    await db.query('analyze cases');
    await db.query('analyze case_waits');
    await db.query('analyze case_departments');
    log(
      `loaded ${n.toLocaleString('en')} open cases with their waits in ${Math.round((performance.now() - t0) / 1000)} s`
    );

    const first = await handler.get('/api/office/inbox');
    const counted = await handler.get('/api/office/inbox/views');
    log(`handler's inbox: ${counted.body.all} items, first page ${first.body.items.length} rows`);
    const cursor = first.body.next as string;
    const page = await timed(requests, () => handler.get(`/api/office/inbox?cursor=${cursor}`));
    const firstPage = await timed(Math.min(requests, 200), () => handler.get('/api/office/inbox'));
    const casePage = await timed(requests, () => handler.get(`/api/office/cases/${caseId}/page`));
    const list = await timed(requests, () => handler.get('/api/office/cases'));
    const raw = await timed(requests, async () => {
      await db.query(
        `select case_id, step_due, promised_due, legal_due from case_waits where department = $1 and role = $2
         order by step_due, promised_due, legal_due, case_id limit 50`,
        [department, '承办人']
      );
      return { status: 200 };
    });
    const p99 = (xs: number[]) => percentile(xs, 99);
    const listP99 = p99(list);
    return [
      figure({
        name: 'inbox.page.p99',
        value: p99(page),
        unit: 'ms',
        peer: { name: 'GET /api/office/cases (newest first, 50) p99', value: listP99 },
        goal: 50,
        digits: 2,
        detail: `${requests} sequential GET /api/office/inbox pages (50 rows, from a cursor) for the handler with ${n.toLocaleString('en')} open cases in the department; median ${round(percentile(page, 50), 2)} ms. The raw index-range select of 50 rows through postgres.js: p99 ${round(p99(raw), 2)} ms.`
      }),
      figure({
        name: 'inbox.first-page.p99',
        value: p99(firstPage),
        unit: 'ms',
        peer: { name: 'GET /api/office/cases (newest first, 50) p99', value: listP99 },
        goal: 50,
        digits: 2,
        detail: `The first page (no total: the views list counts, ${counted.body.all} items here); median ${round(percentile(firstPage, 50), 2)} ms.`
      }),
      figure({
        name: 'inbox.case-page.p99',
        value: p99(casePage),
        unit: 'ms',
        peer: { name: 'raw select of 50 case_waits rows p99', value: p99(raw) },
        goal: 30,
        digits: 2,
        detail: `${requests} sequential GET /api/office/cases/:id/page (the case page's data: answers, files by round, opinions, notices, supervision, every deadline's derivation, the actions tried through the engine) by the handler; median ${round(percentile(casePage, 50), 2)} ms.`
      })
    ];
  } finally {
    await server?.stop().catch(() => {});
    await db.close().catch(() => {});
    await created.drop().catch(error => log(`could not drop the database: ${String(error)}`));
  }
};
