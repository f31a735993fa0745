import { join, resolve } from 'node:path';
import { z } from 'zod';
import { openForCommand } from '../db/open-for-command.ts';
import { fileKeyring } from './keyring.ts';

export const usage = `用法 (usage): npm run banshi -- seal-keys [rotate <部门名称>]
  seal-keys                 列出各部门的签章密钥（编号、启用时间、停用时间）
  seal-keys rotate <部门>   停用该部门当前的签章密钥并生成新密钥；已签章的文书仍可用旧密钥验证
  私钥文件在 BANSHI_SEAL_KEYS（默认 BANSHI_DATA_DIR/keys），数据库与运行时相同（DATABASE_URL 或内置数据库）`;

const Env = z.object({
  BANSHI_DATA_DIR: z.string().default('data'),
  BANSHI_SEAL_KEYS: z.string().optional(),
  DATABASE_URL: z.string().url().optional()
});

/** `npm run banshi -- seal-keys …`: lists or rotates the departments' seal keys. Exit 0 done, 2 usage or no database. */
export async function sealKeysCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void
): Promise<number> {
  const [command, action, department, ...rest] = argv;
  const name = department?.trim() ?? '';
  const rotating = action === 'rotate' && name !== '' && rest.length === 0;
  if (command !== 'seal-keys' || (action !== undefined && !rotating)) {
    err(usage);
    return 2;
  }
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    err(`环境变量有误：${parsed.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
    return 2;
  }
  const e = parsed.data;
  const db = await openForCommand(e);
  if ('error' in db) {
    err(db.error);
    return 2;
  }
  try {
    if (rotating) {
      const keys = fileKeyring(
        db,
        e.BANSHI_SEAL_KEYS ? resolve(e.BANSHI_SEAL_KEYS) : join(resolve(e.BANSHI_DATA_DIR), 'keys')
      );
      const keyId = await keys.rotate(name);
      out(`${name} 的新签章密钥：${keyId}；此前的密钥已停用，用它签章的文书仍可验证。`);
      return 0;
    }
    const rows = await db.query<{ key_id: string; department: string; created_at: string; retired_at: string | null }>(
      `select key_id, department, to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as created_at,
              to_char(retired_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as retired_at
         from seal_keys order by department, created_at`
    );
    if (!rows.length) out('尚无签章密钥：部门第一次签发文书时生成。');
    for (const r of rows)
      out(`${r.department}\t${r.key_id}\t启用 ${r.created_at}\t${r.retired_at ? `停用 ${r.retired_at}` : '使用中'}`);
    return 0;
  } finally {
    await db.close();
  }
}
