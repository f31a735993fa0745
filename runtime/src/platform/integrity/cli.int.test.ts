import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from '../audit.ts';
import { openPglite, type Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { banshi } from '../../testing/banshi-cli.ts';
import { openTestDb, type TestDb } from '../../testing/database.ts';

/** `banshi verify` as an operator runs it, with the runtime's environment. */
const verify = (env: Record<string, string>) => banshi(['verify'], env);

async function writeLines(db: Db) {
  for (const action of ['auth.login', 'case.read', 'auth.logout'])
    await audit(db, { actor: { kind: 'system' }, action, outcome: 'ok', detail: { 说明: '测试' } });
}

/** A superuser's change: the append-only trigger off, one line's outcome rewritten. */
async function rewriteSecondLine(db: Db): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'select id::text as id from audit_log order by chain_seq offset 1 limit 1'
  );
  await db.query('alter table audit_log disable trigger audit_log_no_update');
  await db.query(`update audit_log set outcome = 'denied' where id = $1::bigint`, [row!.id]);
  await db.query('alter table audit_log enable trigger audit_log_no_update');
  return row!.id;
}

describe('npm run banshi -- verify', { timeout: 180_000 }, () => {
  let pg: TestDb | undefined;
  afterAll(async () => pg?.drop());

  it('on PostgreSQL (DATABASE_URL): 0 and a Chinese summary when intact, 1 naming the changed line', async () => {
    pg = await openTestDb('postgres');
    await writeLines(pg.db);
    const intact = await verify({ DATABASE_URL: pg.url! });
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toContain('哈希链完整：审计日志 3 行，案件事件 0 条（0 件案件）');
    const id = await rewriteSecondLine(pg.owner);
    const broken = await verify({ DATABASE_URL: pg.url! });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`审计日志（audit_log）第一处断裂在 ${id}：内容被改动`);
  });

  it('on the embedded database (BANSHI_DATA_DIR), stopped, the same', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'banshi-verify-'));
    let db = await openPglite({ dataDir: join(dataDir, 'pglite') });
    await migrate(db);
    await writeLines(db);
    await db.close();
    const intact = await verify({ BANSHI_DATA_DIR: dataDir });
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toContain('哈希链完整：审计日志 3 行');
    db = await openPglite({ dataDir: join(dataDir, 'pglite') });
    // Not while a process holds it open.
    const held = await verify({ BANSHI_DATA_DIR: dataDir });
    expect(held.code).toBe(2);
    expect(held.stderr).toContain('正被使用');
    const id = await rewriteSecondLine(db);
    await db.close();
    const broken = await verify({ BANSHI_DATA_DIR: dataDir });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`第一处断裂在 ${id}：内容被改动`);
  });

  it('refuses a data folder with no database in it rather than creating one', async () => {
    const empty = await verify({ BANSHI_DATA_DIR: mkdtempSync(join(tmpdir(), 'banshi-verify-')) });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('找不到内置数据库');
  });
});
