import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { connectPostgres, openPglite, type Db, type Sql } from '../db/db.ts';
import { fileKeyring } from '../seal/index.ts';
import { summariseCheckpoints, verifyCheckpoints, writeCheckpoint } from './checkpoints.ts';

export const checkpointUsage = `  checkpoint               立即写一个签名检查点（审计日志和各案件事件链的链头）到 BANSHI_DATA_DIR/checkpoints/YYYY-MM.jsonl；
                           运行时每小时自动写一个。签章用平台密钥（BANSHI_SEAL_KEYS，默认 BANSHI_DATA_DIR/keys）`;

const Env = z.object({
  BANSHI_DATA_DIR: z.string().default('data'),
  BANSHI_SEAL_KEYS: z.string().optional(),
  DATABASE_URL: z.string().url().optional()
});

/** Where the checkpoint files are, unless `--checkpoints <dir>` says: the data folder's `checkpoints`. */
export const checkpointsDir = (dataDir: string) => join(resolve(dataDir), 'checkpoints');

/**
 * The checkpoints checked against `tx` (verify's snapshot), as verify prints them: the seals are checked with the
 * public keys in seal_keys, read through the same snapshot.
 */
export async function checkCheckpoints(
  db: Db,
  tx: Sql,
  dir: string,
  keysDir: string
): Promise<{ lines: string[]; broken: boolean }> {
  const keyring = fileKeyring({ ...db, query: (text, params) => tx.query(text, params) }, keysDir);
  const report = await verifyCheckpoints(tx, keyring, dir);
  return { lines: summariseCheckpoints(report), broken: report.problems.length > 0 };
}

/** `npm run banshi -- checkpoint`: 0 written, 1 failed, 2 usage or no database. */
export async function checkpointCommand(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = line => process.stdout.write(`${line}\n`),
  err: (line: string) => void = line => process.stderr.write(`${line}\n`)
): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'checkpoint' || rest.length > 0) {
    err(`用法 (usage): npm run banshi -- checkpoint\n${checkpointUsage}`);
    return 2;
  }
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    err(`环境变量有误：${parsed.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
    return 2;
  }
  const e = parsed.data;
  let db: Db;
  if (e.DATABASE_URL) db = connectPostgres({ url: e.DATABASE_URL, max: 1 });
  else {
    const folder = join(resolve(e.BANSHI_DATA_DIR), 'pglite');
    if (!existsSync(join(folder, 'PG_VERSION'))) {
      err(`找不到内置数据库：${folder}（请设置 DATABASE_URL，或用 BANSHI_DATA_DIR 指向运行时的数据目录）`);
      return 2;
    }
    if (existsSync(join(folder, 'postmaster.pid'))) {
      err(
        `内置数据库 ${folder} 正被使用（有 postmaster.pid）：运行时每小时自动写检查点；要立即写一个，请先停止运行时。`
      );
      return 2;
    }
    db = await openPglite({ dataDir: folder });
  }
  try {
    const seals = fileKeyring(
      db,
      e.BANSHI_SEAL_KEYS ? resolve(e.BANSHI_SEAL_KEYS) : join(resolve(e.BANSHI_DATA_DIR), 'keys')
    );
    const dir = checkpointsDir(e.BANSHI_DATA_DIR);
    const written = await writeCheckpoint({ db, seals }, { dir, at: Date.now() });
    if (!written) {
      err('另一个进程正在写检查点，请稍后再试。');
      return 1;
    }
    const c = written.checkpoint;
    out(
      `检查点已写入：${join(dir, written.file)}\n` +
        `  时间：${c.at}；审计日志 ${c.audit?.chainSeq ?? 0} 行；${c.cases.count} 件案件的链头（本行列出 ${c.heads.length} 件${c.base ? '，本月第一个检查点列出全部' : '有变化的'}）`
    );
    return 0;
  } catch (error) {
    err(`检查点未能写入：${(error as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}
