import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { departments, permit, permitWith, reusedChecker } from '../testing/fixtures.js';
import { CONDITION_OPERATOR_LIMIT } from './condition-size.js';

const checkFiles = reusedChecker();
const checkMatter = (text: string) => checkFiles({ 'departments.matter': departments, 'm.matter': text });

/** The permit with the fire-safety material's condition replaced. */
const withCondition = (condition: string) => permitWith('当 涉及消防', `当 ${condition}`);

/** A condition of `n` operators: `非`s, then brackets, then a chain of `且`, a third each. */
const conditionOf = (n: number) => {
  const nots = Math.ceil(n / 3);
  const brackets = Math.ceil((n - nots) / 2);
  const ands = n - nots - brackets;
  return `${'非 '.repeat(nots)}${'( '.repeat(brackets)}涉及消防${' )'.repeat(brackets)}${' 且 涉及消防'.repeat(ands)}`;
};

describe('a condition beyond the size the language reads (security-audit §1.7)', () => {
  it(`is read and checked as usual up to ${CONDITION_OPERATOR_LIMIT} 且/或/非 and brackets`, async () => {
    const checked = await checkMatter(withCondition(conditionOf(CONDITION_OPERATOR_LIMIT)));
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
  });

  it('gets one error at the first operator too many, and nothing else is read', async () => {
    const text = withCondition(conditionOf(CONDITION_OPERATOR_LIMIT + 1));
    const checked = await checkMatter(text);
    const diagnostics = checked.of('m.matter');
    expect(diagnostics.map(d => [d.severity, d.code])).toEqual([[1, 'condition.too-complex']]);
    const lines = text.split('\n');
    const line = lines.findIndex(l => l.includes('且'));
    expect(diagnostics[0]!.range.start).toEqual({ line, character: lines[line]!.lastIndexOf('且') });
    expect(diagnostics[0]!.message).toContain(`不能超过 ${CONDITION_OPERATOR_LIMIT} 个`);
    expect(checked.of('departments.matter')).toEqual([]);
  });

  it('counts each condition alone: many conditions near the limit in one matter are fine', async () => {
    const near = conditionOf(CONDITION_OPERATOR_LIMIT - 4);
    const text = permit
      .replace('当 涉及消防', `当 ${near}`)
      .replace('当 合同价格 >= 1000 且 项目类型 = "新建"', `当 合同价格 >= 1000 且 ${near}`);
    const checked = await checkMatter(text);
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
  });

  it('thousands deep is one error, not a crash, and the same services check the next text clean', async () => {
    for (const condition of [
      `${'('.repeat(5000)}涉及消防${')'.repeat(5000)}`,
      `${'（ '.repeat(5000)}涉及消防${' ）'.repeat(5000)}`,
      `${'非 '.repeat(20000)}涉及消防`,
      `涉及消防${' 且 涉及消防'.repeat(20000)}`,
      `涉及消防${' or 涉及消防'.repeat(20000)}`
    ]) {
      const checked = await checkMatter(withCondition(condition));
      expect(checked.codes('m.matter')).toEqual(['condition.too-complex']);
    }
    expect((await checkMatter(permit)).of('m.matter')).toEqual([]);
  });

  it("is the limit the grammar's help on conditions names, as the editor shows it on hover", () => {
    const grammar = readFileSync(new URL('./matter.langium', import.meta.url), 'utf8');
    expect(grammar).toContain(`和括号合计不超过 ${CONDITION_OPERATOR_LIMIT} 个`);
  });
});
