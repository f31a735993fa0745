/**
 * A read replica (issue 18, scale past one machine): a second PostgreSQL cluster streaming from the first, named by
 * DATABASE_READ_URL. Supervision's figures and the hall's public pages read from it; commands, and everything an
 * applicant or a clerk reads right after one, stay on the primary.
 *
 * The proof that a read went to the replica: with the standby's replay paused, what was written on the primary
 * since is absent from the figures, and present once replay resumes.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Runtime } from '../../runtime/src/boot.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import { measurePerformance, periodOf } from '../../runtime/src/supervision/index.ts';
import { hygiene, performanceNow } from '../../runtime/src/testing/performance-cases.ts';
import { seedPerformanceFixture } from '../../runtime/src/testing/performance-seed.ts';
import { startPrimary, startStandby, type Cluster } from '../support/pg-cluster.ts';

describe('a read replica (DATABASE_READ_URL)', () => {
  let primary: Cluster;
  let standby: Cluster;
  let runtime: Runtime;
  let admin: postgres.Sql;
  let replicaAdmin: postgres.Sql;
  const dir = mkdtempSync(join(tmpdir(), 'banshi-replica-'));

  beforeAll(async () => {
    primary = await startPrimary();
    admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
    await admin`create database banshi`;
    standby = await startStandby(primary);
    replicaAdmin = postgres(standby.url('banshi'), { max: 1, onnotice: () => {} });
    const catalogDir = join(dir, 'catalog');
    cpSync(new URL('../../catalog', import.meta.url), catalogDir, { recursive: true });
    runtime = await boot({
      databaseUrl: primary.url('banshi'),
      databaseReadUrl: standby.url('banshi'),
      dataDir: join(dir, 'data'),
      catalogDir,
      log: silentLogger,
      worker: false,
      now: () => performanceNow
    });
    await seedPerformanceFixture(runtime.db);
    // The figures' first reading fills the seeded cases' measures on the primary; read once here, from the primary,
    // before the replica catches up, so that the baseline the tests read from the replica has them (under load the
    // replica lagged behind that fill, and the baseline missed a complaint about a case).
    await measurePerformance({ ...runtime.services, reads: runtime.db }, scope);
    await caughtUp();
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await replicaAdmin?.end();
    await admin?.end();
    standby?.stop();
    primary?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function caughtUp() {
    const [primaryAt] = await admin<Array<{ lsn: string }>>`select pg_current_wal_lsn()::text as lsn`;
    const lsn = primaryAt!.lsn;
    for (;;) {
      const [replayed] = await replicaAdmin<Array<{ behind: boolean }>>`
        select coalesce(pg_wal_lsn_diff(${lsn}::pg_lsn, pg_last_wal_replay_lsn()), 1) > 0 as behind`;
      if (!replayed!.behind) return;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  const scope = {
    department: hygiene.department.name,
    matter: null,
    period: periodOf('2026-Q4'),
    by: 'department' as const
  };
  const complaints = async () => (await measurePerformance(runtime.services, scope))[0]?.complaints ?? 0;

  async function complain() {
    await runtime.db.query(
      `insert into complaints (id, user_id, case_id, department, content, created_at, accept_due)
       values (gen_random_uuid(), gen_random_uuid(), null, $1, '窗口排队太久', $2, $2)`,
      [hygiene.department.name, new Date(performanceNow).toISOString()]
    );
  }

  it('is a hot standby the runtime reads through, apart from the primary it writes to', async () => {
    const [standbyState] = await replicaAdmin<Array<{ recovering: boolean }>>`select pg_is_in_recovery() as recovering`;
    expect(standbyState!.recovering).toBe(true);
    expect(runtime.services.reads).not.toBe(runtime.services.db);
    await expect(
      runtime.services.reads.query(`insert into complaints (id) values (gen_random_uuid())`)
    ).rejects.toThrow(/read-only/);
  });

  it("serves supervision's figures from the replica: what it has not replayed yet is not counted, then it is", async () => {
    // The replica first replays what the set-up wrote, or `before` would miss it on a busy machine.
    await caughtUp();
    const before = await complaints();
    expect(before).toBeGreaterThan(0);

    await replicaAdmin`select pg_wal_replay_pause()`;
    await complain();
    // The primary has the complaint; the figures, read from the paused replica, do not yet.
    const onPrimary = await measurePerformance({ ...runtime.services, reads: runtime.db }, scope);
    expect(onPrimary[0]?.complaints).toBe(before + 1);
    expect(await complaints()).toBe(before);

    await replicaAdmin`select pg_wal_replay_resume()`;
    await caughtUp();
    expect(await complaints()).toBe(before + 1);
  });

  it("serves the hall's public pages from the replica, and takes commands on the primary while it lags", async () => {
    await replicaAdmin`select pg_wal_replay_pause()`;
    try {
      const home = await runtime.fetch(new Request('http://127.0.0.1/hall'));
      expect(home.status).toBe(200);
      const guide = await runtime.fetch(new Request(`http://127.0.0.1/hall/matters/${hygiene.code}`));
      expect(guide.status).toBe(200);
      expect(await guide.text()).toContain(hygiene.name);
      // A write goes to the primary, replica paused or not.
      await complain();
    } finally {
      await replicaAdmin`select pg_wal_replay_resume()`;
    }
    await caughtUp();
  });
});
