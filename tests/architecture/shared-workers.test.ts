/**
 * Vitest runs the files without isolation (vitest.config.ts, `isolate: false`): a worker keeps the modules it
 * loaded from one file to the next. That is sound only while no test leaves anything behind in a module or the
 * process for the next file to meet, so a test file may not replace modules or globals, and what it changes of the
 * process for a while (timers, spies, environment variables) it must give back.
 */
import { describe, expect, it } from 'vitest';
import { testFiles, text } from './sources.ts';

/** What in a test file's text would outlive the file in a shared worker; empty when nothing would. */
function leftBehind(source: string): string[] {
  const found: string[] = [];
  for (const call of ['vi.mock(', 'vi.doMock(', 'vi.stubGlobal(', 'vi.stubEnv('])
    if (source.includes(call)) found.push(`${call}…) replaces what later files load`);
  if (source.includes('vi.useFakeTimers(') && !source.includes('vi.useRealTimers('))
    found.push('vi.useFakeTimers() without vi.useRealTimers()');
  if (source.includes('vi.spyOn(') && !/\.mockRestore\(|vi\.restoreAllMocks\(/.test(source))
    found.push('vi.spyOn() without mockRestore() or vi.restoreAllMocks()');
  if (/process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]/.test(source) && !/\bfinally\b/.test(source))
    found.push('process.env set with no finally to put it back');
  return found;
}

describe('test files leave nothing behind for the next file in their worker', () => {
  it('finds what would be left behind', () => {
    expect(leftBehind("vi.mock('./db.ts');")).toHaveLength(1);
    expect(leftBehind('vi.useFakeTimers();')).toHaveLength(1);
    expect(leftBehind('vi.useFakeTimers(); try {} finally { vi.useRealTimers(); }')).toEqual([]);
    expect(leftBehind("const spy = vi.spyOn(console, 'log');")).toHaveLength(1);
    expect(leftBehind("process.env.BANSHI_X = 'y';")).toHaveLength(1);
    expect(leftBehind("try { process.env.BANSHI_X = 'y'; } finally { delete process.env.BANSHI_X; }")).toEqual([]);
    expect(leftBehind("expect(process.env.BANSHI_X === 'y').toBe(true);")).toEqual([]);
  });

  it('no test file replaces modules or globals, and each gives back the timers, spies and variables it changes', () => {
    // This file itself is left out: its examples above are the very calls it looks for.
    const files = ['definition/src', 'dsl/src', 'runtime/src', 'studio/src/lib', 'tests']
      .flatMap(testFiles)
      .filter(file => file !== 'tests/architecture/shared-workers.test.ts');
    expect(files.length).toBeGreaterThan(150);
    const found = files.flatMap(file => leftBehind(text(file)).map(what => `${file}: ${what}`));
    expect(found).toEqual([]);
  });
});
