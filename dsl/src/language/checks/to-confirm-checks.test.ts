import { describe, expect, it } from 'vitest';
import { departments, permit, permitWith, reusedChecker } from '../../testing/fixtures.js';

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const checkFiles = reusedChecker();
const checkMatter = (text: string) => checkFiles({ 'departments.matter': departments, 'm.matter': text });

describe('待确认', () => {
  it('is a warning at the marker, naming what was written; the matter has no error', async () => {
    const text = permitWith('承诺 7 工作日', '承诺 7 工作日 待确认');
    const checked = await checkMatter(text);
    expect(checked.errors('m.matter')).toEqual([]);
    const [d] = checked.of('m.matter');
    expect(d).toMatchObject({ severity: 2, code: 'to-confirm.marked' });
    expect(d?.message).toBe(
      '“时限 法定 20 工作日 承诺 7 工作日”待确认：办事指南原文没有写明，这个值还要向部门核实。可以检查、预览和模拟，但提交审批前要核实并删去“待确认”。'
    );
    const line = text.split('\n').findIndex(l => l.includes('承诺 7 工作日 待确认'));
    expect(d?.range.start).toEqual({ line, character: text.split('\n')[line]!.indexOf('待确认') });
  });

  it('is spelt tbc in English, and a word that only starts with it is a name', async () => {
    const english = await checkMatter(permitWith('  到场次数 0\n', '  到场次数 0 tbc\n'));
    expect(english.codes('m.matter')).toEqual(['to-confirm.marked']);
    const name = await checkMatter(permitWith('结果 证照 建筑工程施工许可证', '结果 证照 待确认书'));
    expect(name.of('m.matter').map(d => d.message)).toEqual([]);
  });

  it('after no value marks nothing, and says so', async () => {
    const checked = await checkMatter(permit.replace('建筑工程施工许可证核发 {', '建筑工程施工许可证核发 { 待确认'));
    expect(checked.of('m.matter').map(d => [d.code, d.message])).toEqual([
      ['to-confirm.stray', '“待确认”要写在一个值的后面，如 `承诺 7 工作日 待确认`；这里前面没有值，它不标记任何内容。']
    ]);
  });
});
