import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerType } from '@hono/node-server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, listen, type Runtime } from '../../runtime/src/boot.ts';
import { ensureDemoAccounts } from '../../runtime/src/accounts/demo.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { createPostgresDatabase, seedPgliteFolder } from '../../runtime/src/testing/database.ts';
import { HttpUser, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const fixture = readFileSync(new URL('./2027-fixture.matter', import.meta.url), 'utf8');
const organisation = '91350100M000100Y43';
const at = (text: string) => Date.parse(text);

/** Waits for `check` to hold, reading again every 200 ms: how long the machine takes is not what is tested. */
async function eventually<T>(
  read: () => Promise<T>,
  holds: (value: T) => boolean,
  what: string,
  limitMs = 120_000
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** The hall's case page as the signed-in applicant's browser gets it (a session cookie, not a token). */
async function casePage(base: string, caseId: string): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: organisation, password: 'banshi-demo-2026' })
  });
  const cookie = login.headers
    .getSetCookie()
    .map(c => c.split(';')[0])
    .join('; ');
  const page = await fetch(`${base}/hall/cases/${caseId}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  return page.text();
}

/**
 * Year end: on 2026-12-28 an application for the construction permit is received and accepted while 2027 is
 * counted on the provisional rule, and the hall says so; then the reform office publishes the 2027 calendar (a
 * fixture with a four-day New Year and a Saturday worked) through the API, and without a restart the case's
 * deadlines are counted again on it, as an event on the case, the applicant told, the timers moved.
 */
describe.each(['pglite', 'postgres'] as const)('a year published after cases ran into it (%s)', kind => {
  let runtime: Runtime;
  let server: ServerType;
  let base = '';
  let other: RuntimeProcess | undefined;
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-year-end-'));
  let clock = at('2026-12-28T10:00:00+08:00');

  beforeAll(async () => {
    database = kind === 'postgres' ? await createPostgresDatabase() : undefined;
    // PGlite: the migrated cluster copied from the test template, not initdb and every migration in this process.
    if (kind === 'pglite') await seedPgliteFolder(join(dataDir, 'pglite'));
    runtime = await boot({
      ...(database ? { databaseUrl: database.url } : {}),
      dataDir,
      catalogDir: 'catalog',
      log: silentLogger,
      now: () => clock
    });
    await ensureDemoAccounts(runtime.db);
    base = await new Promise<string>(resolve => {
      server = listen(runtime, 0, '127.0.0.1', port => resolve(`http://127.0.0.1:${port}`));
    });
    // On PostgreSQL a second runtime process serves and runs its worker beside this one; its clock starts on the day
    // of the publication (sessions are dated on the clock of the process that checks them).
    if (database)
      other = await startRuntime({
        DATABASE_URL: database.url,
        BANSHI_CLOCK: '2026-12-30T10:00:00+08:00',
        BANSHI_DATA_DIR: dataDir
      });
  }, 180_000);

  afterAll(async () => {
    await other?.stop();
    await new Promise(resolve => server?.close(resolve));
    await runtime?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts with provisional 2027 deadlines, shown as such, then recounts them when 2027 is published', async () => {
    const company = await HttpUser.signIn(base, organisation);
    const window = await HttpUser.signIn(base, 'window');
    const answers = answersFor(permit);
    const materials = await company.uploadRequired(permit, answers);
    const submitted = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const caseId: string = submitted.body.id;
    // Five workdays from Monday 2026-12-28 on the rule: 29, 30, 31 December, (元旦 and the weekend), 4 and 5 January.
    expect(submitted.body.deemedAcceptanceAt).toBe(new Date(at('2027-01-06T00:00:00+08:00')).toISOString());
    expect(submitted.body.provisional.years).toEqual([2027]);
    expect(submitted.body.notices[0].lines.join('')).toContain('（2027年1月5日24时前）');
    for (const command of [{ type: 'passPreReview' }, { type: 'confirmPaper' }, { type: 'accept' }]) {
      const answer = await window.post(`/api/office/cases/${caseId}/commands`, command);
      expect([200, 409], JSON.stringify(answer.body)).toContain(answer.status);
    }

    const accepted = await company.get(`/api/hall/cases/${caseId}`);
    expect(accepted.body.status).toBe('inReview');
    // Promised 7 workdays: 29, 30, 31 December, then 4–7 January; legal 20: on to 26 January. 2027 by the rule.
    expect(accepted.body.deadlines).toMatchObject({
      promised: new Date(at('2027-01-08T00:00:00+08:00')).toISOString(),
      legal: new Date(at('2027-01-27T00:00:00+08:00')).toISOString(),
      provisional: true
    });
    expect(accepted.body.provisional).toEqual({
      years: [2027],
      note: expect.stringContaining('国务院办公厅公布该年节假日安排后将据实调整')
    });
    const before = await casePage(base, caseId);
    expect(before).toContain('（暂定）');
    expect(before).toContain('标有“暂定”的日期涉及 2027 年');
    const timersBefore = await runtime.db.query<{ key: string }>(
      `select key from timers where case_id = $1 and fired_at is null and cancelled_at is null`,
      [caseId]
    );
    expect(timersBefore.map(t => t.key).some(k => k.endsWith(`:${at('2027-01-08T00:00:00+08:00')}`))).toBe(true);

    // Two days later the reform office publishes 2027 through the API: drafted and checked by 审改办, approved by its head.
    clock = at('2026-12-30T10:00:00+08:00');
    const publisher = other?.url ?? base;
    const applicant = await HttpUser.signIn(base, organisation);
    const reform = await HttpUser.signIn(publisher, 'reform');
    const head = await HttpUser.signIn(publisher, 'reformhead');
    const broken = await reform.post('/api/studio/calendars/check', {
      source: fixture.replace('2027-01-09,', '2027-01-09, 2026-12-19,')
    });
    expect(broken.body.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'calendar.date-outside-year' })
    );
    const draft = await reform.post('/api/studio/calendars/drafts', {
      source: fixture,
      note: '国务院办公厅通知（测试用）'
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.diagnostics).toEqual([]);
    expect(draft.body.comparison).toMatchObject({
      nowRestDays: expect.arrayContaining(['2027-01-04']),
      nowWorkdays: expect.arrayContaining(['2027-01-09'])
    });
    expect((await reform.post(`/api/studio/calendars/drafts/${draft.body.id}/approve`, {})).status).toBe(403);
    expect((await reform.post(`/api/studio/calendars/drafts/${draft.body.id}/submit`, {})).status).toBe(200);
    expect(
      (
        await (
          await HttpUser.signIn(publisher, 'window')
        ).post(`/api/studio/calendars/drafts/${draft.body.id}/approve`, {})
      ).status
    ).toBe(403);
    const approved = await head.post(`/api/studio/calendars/drafts/${draft.body.id}/approve`, { comment: '同意发布' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('published');

    // Every process counts on it at once, with no restart.
    for (const url of [base, ...(other ? [other.url] : [])]) {
      const years = await eventually(
        async () =>
          (await reform.on(url).get('/api/studio/calendars')).body.years as Array<{
            year: number;
            provisional: boolean;
          }>,
        list => list.find(y => y.year === 2027)?.provisional === false,
        `2027 published at ${url}`
      );
      expect(years.find(y => y.year === 2026)?.provisional).toBe(false);
    }

    // The case's deadlines are recounted by a worker (of either process), once, as an event on the case.
    const recounted = await eventually(
      async () => (await applicant.get(`/api/hall/cases/${caseId}`)).body,
      view => view.timeline?.some((e: { type: string }) => e.type === 'DeadlinesRecounted'),
      'the recount'
    );
    // 元旦 now rests 1–4 January and Saturday 9 January is worked: the promised day moves from 7 to 8 January, the legal one stays.
    const history = await runtime.db.query<{ seq: number; type: string; payload: unknown }>(
      `select seq, type, payload from case_events where case_id = $1 and seq > 4 order by seq`,
      [caseId]
    );
    expect(recounted.deadlines, JSON.stringify(history)).toMatchObject({
      promised: new Date(at('2027-01-09T00:00:00+08:00')).toISOString(),
      legal: new Date(at('2027-01-27T00:00:00+08:00')).toISOString(),
      provisional: false
    });
    expect(recounted.provisional).toBeNull();
    const events = await runtime.db.query<{
      payload: { moves: Array<{ key: string; from: number; to: number }>; years: number[] };
    }>(`select payload from case_events where case_id = $1 and type = 'DeadlinesRecounted'`, [caseId]);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.years).toEqual([2027]);
    expect(events[0]!.payload.moves).toEqual([
      {
        key: 'promised',
        label: '承诺办结期限',
        from: at('2027-01-08T00:00:00+08:00'),
        to: at('2027-01-09T00:00:00+08:00')
      }
    ]);
    const entry = recounted.timeline.find((e: { type: string }) => e.type === 'DeadlinesRecounted');
    expect(entry.detail).toBe(
      '国务院办公厅公布了 2027 年节假日安排，按公布的安排重新计算时限：承诺办结期限由 2027年1月7日24时 调整为 2027年1月8日24时。'
    );
    // Tracking tells anyone holding the number the same (its lookup reads of each event only what a timeline shows).
    const tracked = await fetch(
      `${base}/api/hall/track?number=${submitted.body.caseNumber as string}&holder=${organisation}`
    );
    const trackedTimeline = ((await tracked.json()) as { timeline: Array<{ type: string; detail?: string }> }).timeline;
    expect(trackedTimeline.find(e => e.type === 'DeadlinesRecounted')?.detail).toBe(
      '国务院办公厅公布了 2027 年节假日安排，按公布的安排重新计算时限：承诺办结期限由 2027年1月7日24时 调整为 2027年1月8日24时。'
    );

    // The applicant is told, in the inbox, of the date they were told before.
    const inbox = await eventually(
      async () => (await applicant.get('/api/hall/inbox')).body.items as Array<{ body: string }>,
      items => items.some(m => m.body.includes('调整为')),
      "the applicant's notice"
    );
    expect(inbox.filter(m => m.body.includes('调整为')).map(m => m.body)).toEqual([
      '国务院办公厅公布了 2027 年节假日安排，您办件的承诺办结期限由 2027年1月7日24时 调整为 2027年1月8日24时。'
    ]);

    // The hall no longer calls the dates provisional.
    const after = await casePage(base, caseId);
    expect(after).not.toContain('（暂定）');
    expect(after).toContain('承诺办结期限由 2027年1月7日24时 调整为 2027年1月8日24时');

    // Supervision timers moved with the promised deadline: none left for the old day, one for the new.
    const timers = await runtime.db.query<{ key: string; cancelled: boolean }>(
      `select key, cancelled_at is not null as cancelled from timers where case_id = $1 and fired_at is null`,
      [caseId]
    );
    const live = timers.filter(t => !t.cancelled).map(t => t.key);
    expect(live.some(k => k.endsWith(`:${at('2027-01-08T00:00:00+08:00')}`))).toBe(false);
    expect(live.some(k => k.endsWith(`:${at('2027-01-09T00:00:00+08:00')}`))).toBe(true);
  });
});
