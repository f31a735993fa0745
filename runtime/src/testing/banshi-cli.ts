import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `banshi <args>` as production runs it (`node dist/banshi.mjs`, what `npm run banshi` runs from the sources), from
 * the checkout's root, where the catalogue and the data folder are found; dist/ is built once for the whole test run
 * (tests/support/build-once.ts). With `env`, the command sees only PATH and that environment, as an operator's
 * shell with the runtime's settings; without, the test's own.
 */
export async function banshi(args: string[], env?: Record<string, string>): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/banshi.mjs', ...args], {
      cwd: root,
      env: env ? { PATH: process.env.PATH, ...env } : process.env
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
