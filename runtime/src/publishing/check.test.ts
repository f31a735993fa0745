import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDraft } from './check.ts';

const catalog = new URL('../../../catalog/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, catalog), 'utf8');
const sources = Object.fromEntries(
  ['departments.matter', 'supervision.matter', 'calendars/2025.matter', 'calendars/2026.matter'].map(p => [p, read(p)])
);
const permit = read('housing-construction/construction-permit.matter');

describe('checking a draft against the catalogue', () => {
  it('compiles a clean matter, its source named as in the catalogue', async () => {
    const result = await checkDraft(sources, 'housing-construction/construction-permit.matter', permit);
    expect(result.diagnostics).toEqual([]);
    expect(result.definition).toMatchObject({
      code: '11350200003650121J300011700600001',
      source: { file: 'catalog/housing-construction/construction-permit.matter', line: 4 }
    });
    expect(result.identity).toMatchObject({
      code: '11350200003650121J300011700600001',
      name: '建筑工程施工许可证核发',
      department: '市住房和建设局'
    });
  });

  it('leaves nothing behind: a later check at another path does not see the earlier draft as a duplicate', async () => {
    await checkDraft(sources, 'a.matter', permit);
    const second = await checkDraft(sources, 'b.matter', permit);
    expect(second.diagnostics).toEqual([]);
    const both = await checkDraft(sources, 'c.matter', `${permit}\n${permit}`);
    expect(both.diagnostics.map(d => d.code)).toEqual(
      expect.arrayContaining(['code.duplicate', 'studio.several-matters'])
    );
  });

  it("reads the matter's code and department even when the draft has errors", async () => {
    const result = await checkDraft(
      sources,
      'x.matter',
      permit.replace('部门 市住房和建设局', '部门 市住房建设局').replace('承诺 7 工作日', '承诺 30 工作日')
    );
    expect(result.definition).toBeUndefined();
    expect(result.identity).toMatchObject({ code: '11350200003650121J300011700600001', department: '市住房建设局' });
    expect(result.diagnostics.map(d => [d.severity, d.code])).toContainEqual(['error', 'link.unknown-department']);
  });

  it('checks run one at a time and each answers for its own text', async () => {
    const texts = Array.from({ length: 6 }, (_, i) =>
      i % 2 ? permit : permit.replace('承诺 7 工作日', '承诺 30 工作日')
    );
    const results = await Promise.all(texts.map((text, i) => checkDraft(sources, `p${i}.matter`, text)));
    expect(results.map(r => r.definition !== undefined)).toEqual([false, true, false, true, false, true]);
  });
});

describe('a malformed draft (security-audit §1.7)', () => {
  const draft = (condition: string) => `事项 x { 表单 { a: 是否 } 材料 { m "m" 当 ${condition} } }`;

  it("gets the language's error instead of breaking the check, and every later check still works", async () => {
    for (const poison of [
      draft(`${'('.repeat(5000)}a${')'.repeat(5000)}`),
      draft(`${'非 '.repeat(20000)}a`),
      draft(`a${' 且 a'.repeat(20000)}`)
    ]) {
      const result = await checkDraft(sources, 'poison.matter', poison);
      expect(result.definition).toBeUndefined();
      expect(result.diagnostics.map(d => [d.severity, d.code, d.line])).toEqual([
        ['error', 'condition.too-complex', 1]
      ]);
    }
    const after = await checkDraft(sources, 'housing-construction/construction-permit.matter', permit);
    expect(after.diagnostics).toEqual([]);
    expect(after.definition?.code).toBe('11350200003650121J300011700600001');
    expect((await checkDraft(sources, 'y.matter', '事项 x {}')).diagnostics.length).toBeGreaterThan(0);
  });
});
