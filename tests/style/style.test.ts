import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a tool of node_modules/.bin from the repository's root; its exit code and what it printed. */
function run(tool: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(`${root}node_modules/.bin/${tool}`, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Generous limits: these read every source file, and a busy machine must not fail them.
describe('one style, kept by machines', () => {
  it('every source file is as Prettier writes it (npx prettier --write . fixes it)', () => {
    const { status, output } = run('prettier', ['--check', '.', '--log-level', 'warn']);
    expect(output.trim(), 'files not formatted').toBe('');
    expect(status).toBe(0);
  }, 600_000);

  it('ESLint finds nothing (npx eslint . names each place)', () => {
    const { status, output } = run('eslint', ['.', '--max-warnings', '0']);
    expect(output.trim(), 'lint').toBe('');
    expect(status).toBe(0);
  }, 600_000);
});
