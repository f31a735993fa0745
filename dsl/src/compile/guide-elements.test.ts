import { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { departments, permitWith, reusedChecker } from '../testing/fixtures.js';
import { compileWorkspace } from './index.js';

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const checkFiles = reusedChecker();

async function compiled(matter: string, departmentsText = departments): Promise<Definition> {
  const checked = await checkFiles({ 'departments.matter': departmentsText, 'm.matter': matter });
  expect(checked.errors().map(d => d.message)).toEqual([]);
  const { definitions, failures } = compileWorkspace(checked.workspace.documents, '/ws');
  expect(failures).toEqual([]);
  return Definition.parse(definitions[0]);
}

const chinese = permitWith(
  '  时限 法定 20 工作日 承诺 7 工作日\n',
  `  时限 法定 30 自然日（依据 "《条例》第十条"） 承诺 7 日
  补正期限 15 工作日 逾期 视为撤回
  预约 支持 "提前 1 日预约"
  数量限制 "每个项目申请一次"
  每证限办 2 次 证照 建筑工程施工许可证
  结果 批文 建筑工程施工许可决定书
  结果 证照 消防验收合格证 当 涉及消防
  申请条件 {
    大型项目: 合同价格 >= 100 说明 "合同价格 100 万元以上" 适用于 项目类型 = "新建"
  }
`
).replace('    合同价格: 金额 单位 "万元" 必填', '    合同价格: 金额 单位 "万元" 最小值 1 最大值 1000000 必填');

const english = permitWith(
  '  时限 法定 20 工作日 承诺 7 工作日\n',
  `  limits legal 30 days (basis "《条例》第十条") promised 7 days
  correctionDeadline 15 workdays afterwards deemedWithdrawn
  appointment supported "提前 1 日预约"
  quantityLimit "每个项目申请一次"
  perLicence 2 times licence 建筑工程施工许可证
  result document 建筑工程施工许可决定书
  result licence 消防验收合格证 when 涉及消防
  eligibility {
    大型项目: 合同价格 >= 100 note "合同价格 100 万元以上" appliesWhen 项目类型 = "新建"
  }
`
).replace('    合同价格: 金额 单位 "万元" 必填', '    合同价格: 金额 单位 "万元" minimum 1 maximum 1000000 必填');

describe('the guide elements of issue 13 compile', () => {
  it('into the Definition, with either spelling of their keywords', async () => {
    const definition = await compiled(chinese);
    expect(definition.limits).toMatchObject({
      legal: { amount: 30, unit: 'days' },
      legalBasis: '《条例》第十条',
      promised: { amount: 7, unit: 'days' }
    });
    expect(definition.correction).toEqual({ limit: { amount: 15, unit: 'workdays' }, deemedWithdrawn: true });
    expect(definition.appointment).toEqual({ note: '提前 1 日预约' });
    expect(definition.quantityLimit).toBe('每个项目申请一次');
    expect(definition.repeatLimit).toEqual({ licence: '建筑工程施工许可证', max: 2 });
    expect(definition.result?.name).toBe('建筑工程施工许可证');
    expect(definition.otherResults).toEqual([
      { kind: 'document', name: '建筑工程施工许可决定书' },
      { kind: 'licence', name: '消防验收合格证', condition: { op: 'truthy', field: '涉及消防' } }
    ]);
    expect(definition.eligibility).toEqual([
      {
        name: '大型项目',
        condition: { op: 'compare', field: '合同价格', comparator: '>=', value: 100 },
        message: '合同价格 100 万元以上',
        appliesWhen: { op: 'compare', field: '项目类型', comparator: '=', value: '新建' },
        source: expect.objectContaining({ file: 'm.matter' })
      }
    ]);
    expect(definition.form.find(f => f.name === '合同价格')).toMatchObject({ min: 1, max: 1000000 });
    // The same Definition, but for where each element sits in its file (the keywords' lengths differ).
    const placeless = (d: Definition) =>
      JSON.parse(JSON.stringify(d, (key, value) => (key === 'source' ? undefined : value)));
    expect(placeless(await compiled(english))).toEqual(placeless(definition));
  });

  it('writes nothing the author did not write', async () => {
    const definition = await compiled(permitWith('  收费 无\n', '  收费 无\n'));
    for (const key of [
      'correction',
      'appointment',
      'quantityLimit',
      'repeatLimit',
      'otherResults',
      'eligibility'
    ] as const)
      expect(definition[key]).toBeUndefined();
    expect(definition.department.officeHours).toBeUndefined();
  });

  it("carries a department's own office hours into its matters", async () => {
    const definition = await compiled(
      permitWith('  收费 无\n', '  收费 无\n'),
      departments.replace(
        '  代码 "11350200MB00000105"\n',
        '  代码 "11350200MB00000105"\n  办公时间 8:30-12:00, 14:30-18:00\n'
      )
    );
    expect(definition.department.officeHours).toEqual([
      { from: '08:30', to: '12:00' },
      { from: '14:30', to: '18:00' }
    ]);
  });
});
