import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { connectPostgres, openPglite, type Db, type Sql } from '../db/db.ts';
import { checkCheckpoints, checkpointsDir } from './checkpoints-cli.ts';
import { summarise } from './summary.ts';
import { verifyChains } from './verify.ts';

export const usage = `用法 (usage): npm run banshi -- verify [--checkpoints <目录>]
  verify   逐行重算审计日志和案件事件的哈希链；完整时退出码 0，否则指出第一处断裂，退出码 1
           数据库与运行时相同：DATABASE_URL（PostgreSQL），未设置时为 BANSHI_DATA_DIR（默认 data）下的内置 PGlite
           并与签名检查点核对（默认 BANSHI_DATA_DIR/checkpoints）：签章、被截去的审计日志末尾、被重算的链、缺失的案件`;

const Env = z.object({
  BANSHI_DATA_DIR: z.string().default('data'),
  BANSHI_SEAL_KEYS: z.string().optional(),
  DATABASE_URL: z.string().url().optional()
});

/** Chain integrity needs migration 021: a database below it has no chains to check. */
const chainsFrom = 21;

/** `npm run banshi -- verify` (tools/banshi.ts sends it here): the exit code, 0 intact, 1 broken, 2 usage or no database. */
export async function verifyCommand(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = line => process.stdout.write(`${line}\n`),
  err: (line: string) => void = line => process.stderr.write(`${line}\n`),
  /** Checks of other rooms run in the same snapshot (archive manifests: tools/banshi.ts passes archives/cli.ts's). */
  more: Array<(sql: Sql, env: Record<string, string | undefined>) => Promise<{ lines: string[]; broken: boolean }>> = []
): Promise<number> {
  const [command, ...rest] = argv;
  const checkpointsAt = rest[0] === '--checkpoints' && rest.length === 2 ? rest[1] : undefined;
  if (command !== 'verify' || (rest.length > 0 && !checkpointsAt)) {
    err(usage);
    return 2;
  }
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    err(`环境变量有误：${parsed.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
    return 2;
  }
  let db: Db;
  if (parsed.data.DATABASE_URL) db = connectPostgres({ url: parsed.data.DATABASE_URL, max: 1 });
  else {
    // The embedded database as the runtime keeps it; never create one here. Stop the runtime first: PGlite has
    // one process per data folder.
    const folder = join(resolve(parsed.data.BANSHI_DATA_DIR), 'pglite');
    if (!existsSync(join(folder, 'PG_VERSION'))) {
      err(`找不到内置数据库：${folder}（请设置 DATABASE_URL，或用 BANSHI_DATA_DIR 指向运行时的数据目录）`);
      return 2;
    }
    // PGlite keeps postmaster.pid in its folder while a process has it open: opening it twice would corrupt it.
    if (existsSync(join(folder, 'postmaster.pid'))) {
      err(
        `内置数据库 ${folder} 正被使用（有 postmaster.pid）：请先停止运行时再核对；若运行时上次是被强行结束的，启动后正常停止一次即可。`
      );
      return 2;
    }
    db = await openPglite({ dataDir: folder });
  }
  try {
    const [version] = await db.query<{ v: number | null }>(
      `select case when to_regclass('schema_migrations') is null then null
              else (select max(version)::int from schema_migrations) end as v`
    );
    if ((version?.v ?? 0) < chainsFrom) {
      err(`数据库的结构版本为 ${version?.v ?? 0}，哈希链从 021 起才有：请先启动一次办事 Banshi 完成迁移。`);
      return 2;
    }
    // One snapshot for the whole walk: the runtime may keep writing on PostgreSQL while it runs.
    const dataDir = resolve(parsed.data.BANSHI_DATA_DIR);
    const keysDir = parsed.data.BANSHI_SEAL_KEYS ? resolve(parsed.data.BANSHI_SEAL_KEYS) : join(dataDir, 'keys');
    const { report, others } = await db.transaction(async tx => {
      await tx.query('set transaction isolation level repeatable read, read only');
      const report = await verifyChains(tx);
      // The signed checkpoints outside the database, against the same snapshot.
      const others = [await checkCheckpoints(db, tx, resolve(checkpointsAt ?? checkpointsDir(dataDir)), keysDir)];
      for (const check of more) others.push(await check(tx, env));
      return { report, others };
    });
    for (const line of summarise(report)) (report.breaks.length ? err : out)(line);
    for (const other of others) for (const line of other.lines) (other.broken ? err : out)(line);
    return report.breaks.length || others.some(o => o.broken) ? 1 : 0;
  } finally {
    await db.close();
  }
}
