import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../runtime/src/boot.ts';
import { connectPostgres, type Db } from '../../runtime/src/platform/db/db.ts';
import { silentLogger } from '../../runtime/src/platform/observability/log.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { HttpUser, startRuntime, type RuntimeProcess } from '../support/runtime-process.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');

/**
 * Two runtime processes on one PostgreSQL: the head schedules a version in the first, which then stops; at the time
 * set, the second publishes it on its own timer, with no request and no restart, and its hall shows it.
 */
describe('a scheduled publication in two runtime processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let db: Db;
  const processes: RuntimeProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-scheduled-'));

  beforeAll(async () => {
    database = await createPostgresDatabase();
    // Migrate, import the catalogue and create the demo accounts once, then step aside: only the two processes run.
    const seeder = await boot({
      databaseUrl: database.url,
      dataDir,
      catalogDir: 'catalog',
      log: silentLogger,
      worker: false
    });
    const { ensureDemoAccounts } = await import('../../runtime/src/accounts/demo.ts');
    await ensureDemoAccounts(seeder.db);
    await seeder.close();
    db = connectPostgres({ url: database.url, max: 2 });
    const env = { DATABASE_URL: database.url, BANSHI_DATA_DIR: dataDir };
    processes.push(...(await Promise.all([startRuntime(env), startRuntime(env)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop()));
    await db?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes live at its time in the second process, the first having stopped after approving it', async () => {
    const [first, second] = processes as [RuntimeProcess, RuntimeProcess];
    const author = await HttpUser.signIn(first.url, 'author');
    const leader = await HttpUser.signIn(first.url, 'leader');
    const live = await author.get(`/api/studio/matters/${permit.code}/versions/1`);
    const faster = (live.body.source as string)
      .replace('承诺 7 工作日', '承诺 6 工作日')
      .replace('审查 由 承办人 2 工作日', '审查 由 承办人 1 工作日');
    const draft = await author.post('/api/studio/drafts', { source: faster, note: '压缩承诺时限' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const path = `/api/studio/drafts/${permit.code}/${draft.body.version}`;
    expect((await author.post(`${path}/submit`, { reason: '压缩承诺时限，方便企业' })).status).toBe(200);

    const at = new Date(Date.now() + 3_000).toISOString();
    const approved = await leader.post(`${path}/approve`, { at, comment: '同意' });
    expect(approved.body, JSON.stringify(approved.body)).toMatchObject({ state: 'scheduled', scheduledAt: at });
    expect(await first.stop()).toBe(0);

    const hall = `${second.url}/api/hall/matters/${permit.code}`;
    expect((await (await fetch(hall)).json()).version).toBe(1);
    await expect
      .poll(async () => (await (await fetch(hall)).json()).version, { timeout: 30_000, interval: 100 })
      .toBe(draft.body.version);
    const [row] = await db.query<{ state: string; published_at: Date }>(
      'select state, published_at from matter_versions where code = $1 and version = $2',
      [permit.code, draft.body.version]
    );
    expect(row).toMatchObject({ state: 'published', published_at: new Date(at) });
    const published = await db.query<{ action: string }>(
      `select action from audit_log where action = 'studio.publish-scheduled' and target = $1`,
      [`${permit.code}@${draft.body.version}`]
    );
    expect(published).toHaveLength(1);
    const guide = await (await fetch(`${second.url}/hall/matters/${permit.code}`)).text();
    expect(guide).toContain('6 个工作日');
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('counts the time on the drill clock (BANSHI_CLOCK) of the processes, not the wall clock', async () => {
    const clock = Date.parse('2027-06-30T23:59:00+08:00');
    const spawned = Date.now();
    const drill = { DATABASE_URL: database.url, BANSHI_DATA_DIR: dataDir, BANSHI_CLOCK: new Date(clock).toISOString() };
    const [first, second] = await Promise.all([startRuntime(drill), startRuntime(drill)]);
    processes.push(first, second);
    const author = await HttpUser.signIn(first.url, 'author');
    const leader = await HttpUser.signIn(first.url, 'leader');
    const current = await author.get(`/api/studio/matters/${permit.code}/versions/2`);
    const draft = await author.post('/api/studio/drafts', {
      source: (current.body.source as string).replace('13:30-17:30', '14:00-17:30')
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const path = `/api/studio/drafts/${permit.code}/${draft.body.version}`;
    expect((await author.post(`${path}/submit`, { reason: '7 月 1 日起执行夏季作息时间' })).status).toBe(200);
    // Later than either process's drill time now (each started its clock after it was spawned), months before the
    // wall clock reaches it.
    const at = new Date(clock + (Date.now() - spawned) + 3_000).toISOString();
    expect((await leader.post(`${path}/approve`, { at })).body).toMatchObject({ state: 'scheduled', scheduledAt: at });
    const hall = `${second.url}/api/hall/matters/${permit.code}`;
    await expect
      .poll(async () => (await (await fetch(hall)).json()).version, { timeout: 30_000, interval: 100 })
      .toBe(draft.body.version);
    const [row] = await db.query<{ published_at: Date }>(
      'select published_at from matter_versions where code = $1 and version = $2',
      [permit.code, draft.body.version]
    );
    expect(row!.published_at).toEqual(new Date(at));
  }, 120_000);
});
