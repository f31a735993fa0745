import { spawn } from 'node:child_process';
import { BackupError } from './manifest.ts';

/** libpq's view of a DATABASE_URL: the URL without its password, which goes in PGPASSWORD (not on a command line). */
export function libpq(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Where the database lives, for the manifest and the summary: host and database, never the password. */
export function describeUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/** Runs pg_dump or pg_restore (BANSHI_PG_BIN names their folder when not on PATH); rejects with what it said. */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const bin = process.env.BANSHI_PG_BIN ? `${process.env.BANSHI_PG_BIN}/${tool}` : tool;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const said: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => said.push(chunk));
    child.on('error', error =>
      reject(
        new BackupError(
          `无法运行 ${tool}（${(error as NodeJS.ErrnoException).code ?? error.message}）：请安装 PostgreSQL 客户端工具，或用 BANSHI_PG_BIN 指明其目录。`
        )
      )
    );
    child.on('close', code => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} 未能完成（退出码 ${code}）：${Buffer.concat(said).toString().trim()}`));
    });
  });
}
