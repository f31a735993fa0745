import { resolve } from 'node:path';
import { z } from 'zod';
import { backup } from './backup.ts';
import { BackupError } from './manifest.ts';
import { restore } from './restore.ts';
import type { Site } from './site.ts';

/** The two variables main.ts reads for where the data lives, with the same defaults. */
const Env = z.object({
  BANSHI_DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_OWNER_URL: z.string().url().optional()
});

export const backupUsage = `  backup <目录>             备份数据库（与运行时相同：DATABASE_URL，或 BANSHI_DATA_DIR 下的内置 PGlite）和上传文件到一个新目录
  restore <目录> [--force]  从备份恢复并逐表、逐文件核对；目标已有数据时须加 --force（先停止运行时）；
                           PostgreSQL 上以 DATABASE_OWNER_URL（表的所有者）恢复，未设置时用 DATABASE_URL`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * `backup <目录>` and `restore <目录> [--force]` on the runtime's configured database and data folder. Returns
 * the exit code: 0 done and verified, 1 refused or not matching (a Chinese sentence on stderr), 2 usage.
 */
export async function backupCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void
): Promise<number> {
  const [command, ...rest] = argv;
  const args = rest.filter(a => !a.startsWith('--'));
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    err(`环境变量有误：${parsed.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
    return 2;
  }
  const site: Site = {
    databaseUrl: parsed.data.DATABASE_URL,
    ownerUrl: parsed.data.DATABASE_OWNER_URL,
    dataDir: resolve(parsed.data.BANSHI_DATA_DIR)
  };
  if (args.length !== 1 || (command !== 'backup' && command !== 'restore')) {
    err(`用法 (usage): npm run banshi -- <命令>\n${backupUsage}`);
    return 2;
  }
  const folder = resolve(args[0]!);
  try {
    if (command === 'backup') {
      const m = await backup(site, folder);
      const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
      out(
        `备份完成：${folder}\n` +
          `  来源：${m.source}（迁移版本 ${m.migrationVersion}）\n` +
          `  数据库：${Object.keys(m.tables).length} 张表，共 ${rows} 行（${m.database.file}，${mb(m.database.size)}）\n` +
          `  上传文件：${m.files.length} 个，${mb(m.files.reduce((a, f) => a + f.size, 0))}；清单 manifest.json 记下了每个文件的 SHA-256`
      );
      return 0;
    }
    const r = await restore(site, folder, { force: rest.includes('--force') });
    out(
      `恢复完成，核对无误：${r.target}\n` +
        `  备份时间：${r.manifest.createdAt}，来源：${r.manifest.source}（迁移版本 ${r.manifest.migrationVersion}）\n` +
        `  数据库：${r.tables} 张表，共 ${r.rows} 行，逐表行数与备份一致\n` +
        `  上传文件：${r.files} 个，${mb(r.bytes)}，数据库登记的每个文件都在，摘要一致`
    );
    return 0;
  } catch (error) {
    err(error instanceof BackupError ? error.message : `操作未能完成：${(error as Error).message}`);
    return 1;
  }
}
