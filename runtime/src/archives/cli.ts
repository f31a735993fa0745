import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Db, Sql } from '../platform/db/db.ts';
import { openForCommand } from '../platform/db/open-for-command.ts';
import { directoryBlobStore } from '../platform/files/blobs.ts';
import { fileKeyring } from '../platform/seal/index.ts';
import { audit } from '../platform/audit.ts';
import { Refusal } from '../platform/refusal.ts';
import { exportFolder, packageEntries } from './export.ts';
import { sealChecker, verifyArchives, verifyFolder } from './verify.ts';

export const usage = `用法 (usage): npm run banshi -- archive <export|verify> …
  archive export <办件编号> <文件夹>   把该办件的电子档案包（文件、清单、签章、说明）写入一个空文件夹
  archive verify <文件夹>              只凭文件夹核验导出的档案包：逐个文件重算 SM3，核对清单的电子签章；
                                       完整时退出码 0，否则指出第一处不符，退出码 1
  数据库与运行时相同：DATABASE_URL（PostgreSQL），未设置时为 BANSHI_DATA_DIR（默认 data）下的内置 PGlite；
  文件库为 BANSHI_DATA_DIR/blobs，签章密钥为 BANSHI_SEAL_KEYS（默认 BANSHI_DATA_DIR/keys）`;

const Env = z.object({
  BANSHI_DATA_DIR: z.string().default('data'),
  BANSHI_SEAL_KEYS: z.string().optional(),
  DATABASE_URL: z.string().url().optional()
});
type Env = z.infer<typeof Env>;

/** What the runtime's data folder gives a command: its blob store and its seal keys, over `db`. */
export function storesOf(db: Db, env: Env) {
  const data = resolve(env.BANSHI_DATA_DIR);
  return {
    db,
    blobs: directoryBlobStore(join(data, 'blobs')),
    seals: fileKeyring(db, env.BANSHI_SEAL_KEYS ? resolve(env.BANSHI_SEAL_KEYS) : join(data, 'keys'))
  };
}

/** `npm run banshi -- archive …` (tools/banshi.ts sends it here). Exit 0 done or intact, 1 broken, 2 usage or no data. */
export async function archiveCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void
): Promise<number> {
  const [command, action, ...rest] = argv;
  const exporting = action === 'export' && rest.length === 2;
  const verifying = action === 'verify' && rest.length === 1;
  if (command !== 'archive' || !(exporting || verifying)) {
    err(usage);
    return 2;
  }
  if (verifying) {
    const check = await verifyFolder(resolve(rest[0]!));
    if (check.ok) {
      out(
        `档案包完整：办件 ${check.caseNumber}，${check.files} 个文件与清单相符；清单由${check.department}签章（密钥 ${check.keyId}），签名有效。`
      );
      return 0;
    }
    err(`档案包不完整：${check.reason}`);
    return 1;
  }
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    err(`环境变量有误：${parsed.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
    return 2;
  }
  const db = await openForCommand(parsed.data);
  if ('error' in db) {
    err(db.error);
    return 2;
  }
  try {
    const [caseNumber, folder] = rest as [string, string];
    const [row] = await db.query<{ case_id: string }>('select case_id from archives where case_number = $1', [
      caseNumber
    ]);
    if (!row) {
      err(`办件 ${caseNumber} 没有电子档案包（尚未归档，或编号有误）。`);
      return 2;
    }
    const entries = await packageEntries(storesOf(db, parsed.data), row.case_id);
    await exportFolder(entries, resolve(folder));
    await audit(db, {
      actor: { kind: 'system' },
      action: 'archive.export',
      outcome: 'ok',
      caseId: row.case_id,
      target: caseNumber,
      detail: { folder: resolve(folder), files: entries.length }
    });
    out(`已导出办件 ${caseNumber} 的电子档案包到 ${resolve(folder)}（${entries.length} 个文件）。`);
    return 0;
  } catch (error) {
    if (error instanceof Refusal) {
      err(error.message);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}

/**
 * For `npm run banshi -- verify` (platform/integrity/cli.ts runs it beside the chains): every stored archive's
 * manifest, seal and files. Lines to print and whether anything broke.
 */
export async function archivesCheck(
  sql: Sql,
  env: Record<string, string | undefined>
): Promise<{ lines: string[]; broken: boolean }> {
  const e = Env.parse(env);
  const [has] = await sql.query<{ t: string | null }>(`select to_regclass('archives')::text as t`);
  if (!has?.t) return { lines: [], broken: false };
  const blobs = directoryBlobStore(join(resolve(e.BANSHI_DATA_DIR), 'blobs'));
  const report = await verifyArchives(sql, blobs, sealChecker(sql));
  if (!report.breaks.length)
    return {
      lines: [`电子档案：${report.checked} 个档案包，${report.files} 个文件与清单相符，清单签章有效。`],
      broken: false
    };
  return {
    lines: [
      `电子档案：${report.checked} 个档案包中 ${report.breaks.length} 个不完整：`,
      ...report.breaks.map(b => `  办件 ${b.caseNumber}：${b.reason}`)
    ],
    broken: true
  };
}
