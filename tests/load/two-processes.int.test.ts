import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Runtime } from '../../runtime/src/boot.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { at, loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { HttpUser, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';

const { byName } = loadCatalog();
const hygiene = byName('公共场所卫生许可');
const permit = byName('建筑工程施工许可证核发');
const clock = '2026-12-01T10:00:00+08:00';

/**
 * Two runtime processes on one PostgreSQL, both serving requests and both running workers, while a load of
 * submissions and commands goes to either and hundreds of timers fall due: every timer fires once, no
 * supervision record twice, no notification twice, nothing acknowledged lost.
 */
describe('two runtime processes on one PostgreSQL under load', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let seeder: Runtime;
  const processes: RuntimeProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-two-'));

  beforeAll(async () => {
    database = await createPostgresDatabase();
    // Migrate, import the catalogue and create the demo accounts once, in this process, with no worker.
    seeder = await boot({
      databaseUrl: database.url,
      dataDir,
      catalogDir: 'catalog',
      log: silentLogger,
      worker: false,
      now: () => Date.parse(clock)
    });
    const { ensureDemoAccounts } = await import('../../runtime/src/accounts/demo.ts');
    await ensureDemoAccounts(seeder.db);
    const env = { DATABASE_URL: database.url, BANSHI_CLOCK: clock, BANSHI_DATA_DIR: dataDir };
    processes.push(...(await Promise.all([startRuntime(env), startRuntime(env)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop()));
    await seeder?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fires every timer once, raises every supervision record once, and loses nothing acknowledged', async () => {
    const [a, b] = processes.map(p => p.url) as [string, string];
    const company = await HttpUser.signIn(a, '91350100M000100Y43');
    const window = await HttpUser.signIn(b, 'window');
    const applicant = {
      id: company.id,
      kind: 'organisation' as const,
      name: '厦门市示例建设有限公司',
      goodRecord: false
    };

    // Cases received weeks before the processes' clock: their deemed acceptances, warnings and cards are due.
    const seeded: string[] = [];
    const seeding = (async () => {
      for (let i = 0; i < 120; i++) {
        const caseId = randomUUID();
        const matter = i % 2 ? hygiene : permit;
        const outcome = await seeder.services.cases.submit(
          matter.code,
          {
            type: 'submit',
            by: { kind: 'applicant', id: company.id, name: applicant.name },
            caseId,
            caseNumber: '',
            applicant,
            channel: 'online',
            answers: answersFor(matter),
            materials: []
          },
          at(`2026-10-${String(12 + (i % 10)).padStart(2, '0')} 10:00`)
        );
        expect(outcome.ok).toBe(true);
        seeded.push(caseId);
      }
    })();

    // Meanwhile, clients load both processes: new applications, and the window's commands on them.
    const acknowledged: Array<{ caseId: string; version: number; type: string }> = [];
    const submissions: Array<{ caseId: string; caseNumber: string }> = [];
    const client = async (n: number) => {
      for (let i = 0; i < 12; i++) {
        const target = (i + n) % 2 ? a : b;
        const answers = answersFor(permit);
        const materials = await company.on(target).uploadRequired(permit, answers);
        const submitted = await company
          .on(target)
          .post(
            '/api/hall/cases',
            { matterCode: permit.code, channel: 'online', answers, materials },
            { 'idempotency-key': `c${n}-${i}` }
          );
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
        submissions.push({ caseId: submitted.body.id, caseNumber: submitted.body.caseNumber });
        for (const command of [{ type: 'passPreReview' }, { type: 'confirmPaper' }, { type: 'accept' }]) {
          const other = target === a ? b : a;
          const response = await window.on(other).post(`/api/office/cases/${submitted.body.id}/commands`, command);
          expect(response.status, JSON.stringify(response.body)).toBe(200);
          acknowledged.push({ caseId: submitted.body.id, version: response.body.version, type: command.type });
        }
      }
    };
    await Promise.all([seeding, ...[0, 1, 2, 3].map(client)]);

    // Wait until no timer that was due at the processes' clock is left unfired.
    const db = seeder.db;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [left] = await db.query<{ n: number }>(
        `select count(*)::int as n from timers where fired_at is null and cancelled_at is null and due_at <= $1`,
        [clock]
      );
      if (left!.n === 0) break;
      if (Date.now() > deadline) throw new Error(`${left!.n} due timers never fired`);
      await new Promise(r => setTimeout(r, 500));
    }
    await new Promise(r => setTimeout(r, 1500));

    const timers = await db.query<{ fire_count: number; fired_by: string | null }>(
      `select fire_count, fired_by from timers where fired_at is not null`
    );
    expect(timers.length).toBeGreaterThan(200);
    expect(timers.filter(t => t.fire_count !== 1)).toEqual([]);
    const firedBy = new Set(timers.map(t => t.fired_by!.replace(/-[0-9a-f]{8}$/, '')));
    // Both processes' workers took part (each names itself by pid).
    expect(firedBy.size).toBe(2);

    const supervisionTwice = await db.query(
      `select case_id, payload->'record'->>'key' as key, count(*) from case_events where type = 'SupervisionRaised' group by 1, 2 having count(*) > 1`
    );
    expect(supervisionTwice).toEqual([]);
    const [records] = await db.query<{ events: number; rows: number }>(
      `select (select count(*) from case_events where type = 'SupervisionRaised')::int as events, (select count(*) from supervision_events where case_id is not null)::int as rows`
    );
    expect(records!.rows).toBe(records!.events);
    expect(records!.rows).toBeGreaterThan(100);
    const deemed = await db.query<{ n: number }>(
      `select count(*)::int as n from case_events where type = 'Accepted' and (payload->>'deemed')::boolean and case_id in (select value::uuid from jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(seeded)]
    );
    expect(deemed[0]!.n).toBe(seeded.length);

    // Nothing acknowledged is lost; the case numbers are unique.
    for (const s of submissions) {
      const rows = await db.query(`select 1 from cases where case_id = $1 and case_number = $2`, [
        s.caseId,
        s.caseNumber
      ]);
      expect(rows).toHaveLength(1);
    }
    for (const ack of acknowledged) {
      const rows = await db.query<{ type: string }>(`select type from case_events where case_id = $1 and seq <= $2`, [
        ack.caseId,
        ack.version
      ]);
      expect(rows.map(r => r.type)).toContain(
        { passPreReview: 'PreReviewPassed', confirmPaper: 'PaperConfirmed', accept: 'Accepted' }[ack.type]
      );
    }
    // Every notification reached the inbox exactly once.
    const [inbox] = await db.query<{ sent: number; delivered: number; pending: number }>(
      `select (select count(*) from outbox where channel = 'inbox' and status = 'sent')::int as sent,
              (select count(*) from inbox_messages)::int as delivered,
              (select count(*) from outbox where status = 'pending')::int as pending`
    );
    expect(inbox!.delivered).toBe(inbox!.sent);
  }, 240_000);

  it('a version published in one place is live in every process at once (LISTEN/NOTIFY); running cases keep theirs', async () => {
    const db = seeder.db;
    const changed = { ...hygiene, name: `${hygiene.name}（2026 年 12 月修订）` };
    await db.transaction(async tx => {
      await tx.query(`update matter_versions set state = 'superseded' where code = $1 and state = 'published'`, [
        hygiene.code
      ]);
      await tx.query(
        `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at)
         values ($1, 2, 'published', $2, $3, 'health/x.matter', '', $4::jsonb, now())`,
        [hygiene.code, hygiene.department.name, changed.name, JSON.stringify(changed)]
      );
      await tx.query(`select pg_notify('banshi_published', $1)`, [hygiene.code]);
    });
    for (const p of processes) {
      await expect
        .poll(async () => (await (await fetch(`${p.url}/api/hall/matters/${hygiene.code}`)).json()).version, {
          timeout: 5_000
        })
        .toBe(2);
    }
    const running = await db.query<{ v: number }>(
      `select distinct matter_version as v from cases where matter_code = $1`,
      [hygiene.code]
    );
    expect(running).toEqual([{ v: 1 }]);
  });
});
