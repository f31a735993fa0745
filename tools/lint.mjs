// The checks that read the whole source rather than run it, one after another, each named with its time:
// formatting (Prettier), lint (ESLint), types (tsc for the packages, svelte-check for the studio). CI runs this
// beside `npm test` (.ci/run); a failure names the check and prints what it found.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = tool => `${root}node_modules/.bin/${tool}`;
const checks = [
  {
    name: 'Prettier（npx prettier --write . 可修正）',
    cmd: bin('prettier'),
    args: ['--check', '.', '--log-level', 'warn']
  },
  { name: 'ESLint', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'TypeScript（tsc --noEmit）', cmd: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  { name: 'svelte-kit sync', cmd: bin('svelte-kit'), args: ['sync'], cwd: `${root}studio` },
  {
    name: 'svelte-check',
    cmd: bin('svelte-check'),
    args: ['--tsconfig', './tsconfig.json', '--output', 'human', '--threshold', 'warning'],
    cwd: `${root}studio`
  }
];

let failed = 0;
for (const check of checks) {
  const started = Date.now();
  const result = spawnSync(check.cmd, check.args, {
    cwd: check.cwd ?? root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status === 0) {
    console.log(`✓ ${check.name} (${seconds} s)`);
  } else {
    failed++;
    console.log(`✗ ${check.name} (${seconds} s)\n${output || result.error?.message || `exit ${result.status}`}\n`);
  }
}
console.log(failed ? `\n${failed} check(s) failed` : '\nall checks passed');
process.exit(failed ? 1 : 0);
