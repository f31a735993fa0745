import { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { departments, permit, permitWith, reusedChecker } from '../testing/fixtures.js';
import { compileWorkspace } from './index.js';

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const checkFiles = reusedChecker();

async function compile(text: string): Promise<Definition> {
  const checked = await checkFiles({ 'departments.matter': departments, 'm.matter': text });
  expect(checked.errors().map(d => d.message)).toEqual([]);
  const { definitions, failures } = compileWorkspace(checked.workspace.documents, '/ws');
  expect(failures).toEqual([]);
  return Definition.parse(definitions[0]);
}

describe('the Definition carries what the author wrote, not defaults the guide would print as facts', () => {
  it('leaves out visits and fees the matter does not state', async () => {
    const silent = await compile(permit.replace('  到场次数 0\n', '').replace('  收费 无\n', ''));
    expect(silent.visits).toBeUndefined();
    expect(silent.fees).toBeUndefined();
    const stated = await compile(permit);
    expect(stated.visits).toEqual({ count: 0 });
    expect(stated.fees).toEqual({ free: true, items: [], onlinePayment: false });
  });

  it("keeps the law's extension for the engine but says it is the law's when the matter wrote none", async () => {
    const silent = await compile(permit);
    expect(silent.limits).toMatchObject({ extension: { amount: 15, unit: 'workdays' }, extensionFromLaw: true });
    const written = await compile(permitWith('承诺 7 工作日', '承诺 7 工作日 延期 10 工作日'));
    expect(written.limits.extension).toEqual({ amount: 10, unit: 'workdays' });
    expect(written.limits.extensionFromLaw).toBeUndefined();
  });

  it('gives a paper material a number of copies only when the matter writes one', async () => {
    const d = await compile(
      permitWith('  纸质材料 无需\n', '  纸质材料 预审后 邮寄\n')
        .replace('  网办深度 四级\n', '')
        .replace(
          '    申请表 "建筑工程施工许可申请表" 模板 "申请表.docx"',
          '    申请表 "建筑工程施工许可申请表" 模板 "申请表.docx" 原件'
        )
        .replace('    施工合同 "施工合同" 扫描件 最多 5 页', '    施工合同 "施工合同" 复印件 2 份')
    );
    expect(d.materials.find(m => m.id === '申请表')?.paper).toEqual({ form: 'original' });
    expect(d.materials.find(m => m.id === '施工合同')?.paper).toEqual({ form: 'copy', copies: 2 });
  });
});

describe('待确认', () => {
  it('compiles with the values as written, each marked by its place, what was written and where', async () => {
    const text = permitWith('承诺 7 工作日', '承诺 7 工作日 待确认')
      .replace('"周一至周五 9:00-12:00, 13:30-17:30（法定节假日除外）"', '"周一至周五" tbc')
      .replace('施工合同 "施工合同" 扫描件 最多 5 页', '施工合同 "施工合同" 扫描件 最多 5 页 待确认');
    const d = await compile(text);
    expect(d.limits.promised).toEqual({ amount: 7, unit: 'workdays' });
    expect(d.hours).toBe('周一至周五');
    const line = (needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;
    expect(d.toConfirm).toEqual([
      {
        place: 'hours',
        label: '办理时间 "周一至周五"',
        source: expect.objectContaining({ file: 'm.matter', line: line('办理时间') })
      },
      {
        place: 'materials.items.施工合同',
        label: '施工合同 "施工合同" 扫描件 最多 5 页',
        source: expect.objectContaining({ line: line('施工合同 "施工合同"') })
      },
      {
        place: 'limits.promised',
        label: '时限 法定 20 工作日 承诺 7 工作日',
        source: expect.objectContaining({
          line: line('承诺 7 工作日'),
          column: line('承诺') > 0 ? expect.any(Number) : 0
        })
      }
    ]);
  });

  it('is absent from a matter with nothing to confirm', async () => {
    expect((await compile(permit)).toConfirm).toBeUndefined();
  });
});
