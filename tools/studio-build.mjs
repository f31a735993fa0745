// Builds the studio (studio/build) when it is missing or older than what it is built from: `npm start` runs this
// first, so a fresh clone serves the studio without a separate step. `--force` builds regardless (`npm run build`).
// Fresh means: the hash of every input file (the studio's sources and configuration, the dsl and definition
// packages it bundles, the lock file) equals the hash written beside the last build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = join(root, 'studio/build');
const stamp = join(build, '.inputs');
const inputs = [
  'studio/src',
  'studio/static',
  'studio/svelte.config.js',
  'studio/vite.config.ts',
  'studio/package.json',
  'dsl/src',
  'dsl/syntaxes',
  'dsl/package.json',
  'definition/src',
  'package-lock.json'
];

function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { withFileTypes: true })
    .filter(e => !e.name.endsWith('.test.ts'))
    .flatMap(e => files(relative(root, join(full, e.name))));
}

export function inputsHash() {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files).sort())
    hash.update(relative(root, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

export function studioIsFresh() {
  return existsSync(join(build, '200.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash();
}

const lock = join(root, 'studio/.build-lock');

/**
 * Runs `work` while no other process builds the studio or rewrites its generated files (`svelte-kit sync`): two at
 * once delete each other's output. A lock left by a process that died is taken over after ten minutes.
 */
export function withStudioLock(work) {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 600_000) rmSync(lock, { recursive: true });
      else Atomics.wait(sleeper, 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function buildStudio() {
  withStudioLock(buildUnlocked);
}

function buildUnlocked() {
  // Another process may have built it while this one waited.
  if (studioIsFresh() && !process.argv.includes('--force')) return;
  const started = Date.now();
  process.stderr.write('正在构建工作台（studio），首次约需一分钟…\n');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: join(root, 'studio'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: process.env
  });
  if (result.status !== 0) {
    process.stderr.write('工作台构建失败，见上面的错误信息。\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, inputsHash());
  process.stderr.write(`工作台已构建（${Math.round((Date.now() - started) / 1000)} 秒）。\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--force') || !studioIsFresh()) buildStudio();
}
