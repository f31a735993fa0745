import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { departments, permit } from '../../dsl/src/testing/fixtures.js';
import { banshi as run } from '../../runtime/src/testing/banshi-cli.ts';

/** `banshi …` as it runs in production (the build), and what it printed and its exit status. */
const banshi = (...args: string[]) => run(args);

function workspaceWith(matter: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-cli-'));
  writeFileSync(join(dir, 'departments.matter'), departments);
  writeFileSync(join(dir, 'permit.matter'), matter);
  return dir;
}

// Each test starts the command line as a process, several times: on a busy machine that takes a while, which is no
// failure of the command line.
describe('the banshi command line', { timeout: 180_000 }, () => {
  it('check passes the shipped catalogue and the examples', async () => {
    const result = await banshi('check', 'catalog', 'examples');
    // The one example of 待确认 shows its warning, one per marked value; nothing else is reported.
    const lines = result.stdout.split('\n').filter(Boolean);
    const marked = /^examples\/21-to-confirm\.matter:\d+:\d+: warning: .*\[to-confirm\.marked\]$/;
    expect(lines.filter(line => !marked.test(line))).toEqual([]);
    expect(lines).toHaveLength(3);
    expect(result.stderr).toMatch(/0 个错误/);
    expect(result.code).toBe(0);
  });

  it('check prints path:line:col: severity: message [code] and exits 1 on an error', async () => {
    const dir = workspaceWith(permit.replace('承诺 7 工作日', '承诺 30 工作日'));
    const result = await banshi('check', join(dir, 'permit.matter'));
    expect(result.code).toBe(1);
    const line = permit.split('\n').findIndex(l => l.includes('承诺 7 工作日')) + 1;
    expect(result.stdout).toContain(`permit.matter:${line}:`);
    expect(result.stdout).toMatch(
      /: error: 承诺时限 30 个工作日长于法定时限 20 个工作日：承诺时限可以比法定时限短，不能更长。 \[limits\.promised-exceeds-legal\]\n/
    );
  });

  it('check exits 0 with warnings only', async () => {
    const dir = workspaceWith(permit.replace('  咨询 电话 "0592-5000001", 网上\n', ''));
    const result = await banshi('check', dir);
    expect(result.stdout).toMatch(/: warning: .*\[channels\.no-consultation\]/);
    expect(result.code).toBe(0);
  });

  it('compile prints a Definition that parses with the schema', async () => {
    const result = await banshi('compile', join(workspaceWith(permit), 'permit.matter'));
    expect(result.code).toBe(0);
    const definition = Definition.parse(JSON.parse(result.stdout));
    expect(definition.name).toBe('建筑工程施工许可证核发');
    expect(definition.source.file).toMatch(/permit\.matter$/);
  });

  it('compile refuses a file with errors, saying why', async () => {
    const result = await banshi(
      'compile',
      join(workspaceWith(permit.replace('  部门 市住房和建设局\n', '  部门 市住建局\n')), 'permit.matter')
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('找不到名为“市住建局”的部门');
  });

  it('fmt --check lists an unformatted file; fmt formats it in place', async () => {
    const dir = workspaceWith(
      permit.replace('表单 {', '表单｛').replace('    开工日期: 日期\n  }', '    开工日期: 日期\n  ｝')
    );
    const listed = await banshi('fmt', dir, '--check');
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(/permit\.matter: 格式需要调整/);
    expect((await banshi('fmt', dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'permit.matter'), 'utf8')).toBe(permit);
    expect((await banshi('fmt', dir, '--check')).code).toBe(0);
  });

  it('calendar add counts workdays from the catalogue', async () => {
    expect((await banshi('calendar', 'add', '2026-09-30', '1')).stdout).toBe('2026-10-08\n');
    expect((await banshi('calendar', 'add', '2025-01-24', '5')).stdout).toBe('2025-02-07\n');
  });

  it('calendar add counts provisionally (and says so) in a year the catalogue does not cover', async () => {
    const provisional = await banshi('calendar', 'add', '2027-03-01', '1');
    expect(provisional).toMatchObject({ code: 0, stdout: '2027-03-02（暂定）\n' });
    // Across New Year: 元旦 rests by the rule (2027-01-01 is a Friday), the weekend after it too.
    expect((await banshi('calendar', 'add', '2026-12-30', '2')).stdout).toBe('2027-01-04（暂定）\n');
    expect((await banshi('calendar', 'add', '2026-12-29', '2')).stdout).toBe('2026-12-31\n');
    const outside = await banshi('calendar', 'add', '2099-12-31', '5');
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('2100 年不在可计算工作日的年份范围内');
  });

  it('explains how to use it when the command is unknown', async () => {
    const result = await banshi('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('用法');
  });
});
