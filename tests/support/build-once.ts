/**
 * Vitest's global setup: `dist/` built once from the sources as they are (tools/build.mjs, as `npm start` and
 * `npm run build` do), before any test file runs, so the files that run the `banshi` command line run the build
 * production runs, each without loading TypeScript again, and none of them builds while another reads.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function setup(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'tools/build.mjs'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  });
  // Read by startRuntime: the build it would make is made.
  process.env.BANSHI_BUILT_FOR_TESTS = '1';
}
