import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, type Runtime } from '../../runtime/src/boot.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { at, loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { proofSize, recordFigures } from '../../tools/proof/figures.ts';
import { HttpUser, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const hygiene = byName('公共场所卫生许可');
/** Simulated days (`npm run proof`: BANSHI_PROOF_MONTH_DAYS=30), visited every BANSHI_PROOF_MONTH_STEP days. */
const days = proofSize('MONTH_DAYS', 6);
const step = Math.max(1, proofSize('MONTH_STEP', 3));
const first = at('2026-11-02 10:00');
const dayMs = 24 * 60 * 60_000;
vi.setConfig({ testTimeout: 300_000 + days * 30_000 });

/**
 * Two runtime processes on one PostgreSQL through a simulated month: every few days of it both start on the drill
 * clock of that day (BANSHI_CLOCK), take applications and the window's commands, and run their workers until every
 * timer due by then has fired; then both stop and the clock moves on. Cases left alone are deemed accepted, cases
 * taken up run into their time limits: every timer fires once, every supervision record is raised once, every
 * notification is delivered once, nothing acknowledged is lost.
 */
describe('two runtime processes with timers over a simulated month', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let seeder: Runtime;
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-month-'));
  let processes: RuntimeProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    seeder = await boot({
      databaseUrl: database.url,
      dataDir,
      catalogDir: 'catalog',
      log: silentLogger,
      worker: false,
      now: () => first
    });
    const { ensureDemoAccounts } = await import('../../runtime/src/accounts/demo.ts');
    await ensureDemoAccounts(seeder.db);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop()));
    await seeder?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fires every timer once and raises every supervision record once over the simulated days', async () => {
    const db = seeder.db;
    const submissions: Array<{ caseId: string; caseNumber: string }> = [];
    const acknowledged: Array<{ caseId: string; version: number }> = [];
    const visits: number[] = [];
    for (let day = 0; day < days; day += step) {
      const clock = new Date(first + day * dayMs).toISOString();
      visits.push(day);
      const env = { DATABASE_URL: database.url, BANSHI_CLOCK: clock, BANSHI_DATA_DIR: dataDir };
      processes = await Promise.all([startRuntime(env), startRuntime(env)]);
      const [a, b] = processes.map(p => p.url) as [string, string];
      const company = await HttpUser.signIn(a, '91350100M000100Y43');
      const window = await HttpUser.signIn(b, 'window');
      // Applications to either process; the window (of the permit's department) takes up half the permits at the
      // other, and leaves the rest to be deemed accepted.
      const client = async (n: number) => {
        for (let i = 0; i < 4; i++) {
          const target = (i + n) % 2 ? a : b;
          const matter = i % 2 ? hygiene : permit;
          const answers = answersFor(matter);
          const materials = await company.on(target).uploadRequired(matter, answers);
          const submitted = await company
            .on(target)
            .post(
              '/api/hall/cases',
              { matterCode: matter.code, channel: 'online', answers, materials },
              { 'idempotency-key': `d${day}-${n}-${i}` }
            );
          expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
          submissions.push({ caseId: submitted.body.id, caseNumber: submitted.body.caseNumber });
          if (matter !== permit || n % 2) continue;
          for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
            const other = target === a ? b : a;
            const response = await window.on(other).post(`/api/office/cases/${submitted.body.id}/commands`, { type });
            expect(response.status, JSON.stringify(response.body)).toBe(200);
            acknowledged.push({ caseId: submitted.body.id, version: response.body.version });
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(client));
      // Every timer due by this day's clock fires before the clock moves on.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const [left] = await db.query<{ n: number }>(
          `select count(*)::int as n from timers where fired_at is null and cancelled_at is null and due_at <= $1`,
          [clock]
        );
        if (left!.n === 0) break;
        if (Date.now() > deadline) throw new Error(`${left!.n} due timers never fired by ${clock}`);
        await new Promise(r => setTimeout(r, 500));
      }
      await new Promise(r => setTimeout(r, 1500));
      expect((await Promise.all(processes.map(p => p.stop()))).every(code => code === 0)).toBe(true);
      processes = [];
    }

    const timers = await db.query<{ fire_count: number; fired_by: string }>(
      `select fire_count, fired_by from timers where fired_at is not null`
    );
    const supervisionTwice = await db.query(
      `select case_id, payload->'record'->>'key' as key, count(*) from case_events where type = 'SupervisionRaised' group by 1, 2 having count(*) > 1`
    );
    const [records] = await db.query<{ events: number; rows: number; deemed: number }>(
      `select (select count(*) from case_events where type = 'SupervisionRaised')::int as events,
            (select count(*) from supervision_events where case_id is not null)::int as rows,
            (select count(*) from case_events where type = 'Accepted' and (payload->>'deemed')::boolean)::int as deemed`
    );
    const [inbox] = await db.query<{ sent: number; delivered: number }>(
      `select (select count(*) from outbox where channel = 'inbox' and status = 'sent')::int as sent,
            (select count(*) from inbox_messages)::int as delivered`
    );
    let lost = 0;
    for (const s of submissions)
      if (
        (await db.query(`select 1 from cases where case_id = $1 and case_number = $2`, [s.caseId, s.caseNumber]))
          .length !== 1
      )
        lost++;
    for (const ack of acknowledged)
      if (
        (await db.query(`select 1 from case_events where case_id = $1 and seq = $2`, [ack.caseId, ack.version]))
          .length !== 1
      )
        lost++;
    const firedBy = new Set(timers.map(t => t.fired_by.replace(/-[0-9a-f]{8}$/, '')));
    recordFigures('simulated-month', {
      simulatedDays: days,
      visits: visits.length,
      applications: submissions.length,
      commandsAcknowledged: acknowledged.length,
      timersFired: timers.length,
      timersFiredTwice: timers.filter(t => t.fire_count !== 1).length,
      supervisionRecords: records!.rows,
      supervisionEvents: records!.events,
      supervisionTwice: supervisionTwice.length,
      deemedAcceptances: records!.deemed,
      notificationsSent: inbox!.sent,
      notificationsDelivered: inbox!.delivered,
      lost
    });
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.filter(t => t.fire_count !== 1)).toEqual([]);
    expect(supervisionTwice).toEqual([]);
    expect(records!.rows).toBe(records!.events);
    expect(inbox!.delivered).toBe(inbox!.sent);
    expect(lost).toBe(0);
    // Both processes' workers took part over the month (each names itself by pid, new at each visit).
    expect(firedBy.size).toBeGreaterThan(1);
  });
});
