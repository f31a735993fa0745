import { Catalog, Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { annual, calendar2026, departments, firstReview, permit, reusedChecker } from '../testing/fixtures.js';
import { compileWorkspace } from './index.js';

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const checkFiles = reusedChecker();

async function compiled(files: Record<string, string>) {
  const checked = await checkFiles(files);
  expect(checked.errors().map(d => d.message)).toEqual([]);
  return compileWorkspace(checked.workspace.documents, '/ws');
}

describe('the compiler', () => {
  it('turns the permit into a Definition the runtime schema accepts', async () => {
    const { definitions, failures } = await compiled({ 'departments.matter': departments, 'm.matter': permit });
    expect(failures).toEqual([]);
    const definition = Definition.parse(definitions[0]);
    expect(definition).toMatchObject({
      code: '11350200MB00000105300011700600001',
      type: 'licensing',
      level: 'city',
      department: { name: '市住房和建设局', code: '11350200MB00000105', region: '厦门市' },
      paper: { mode: 'none' },
      submission: ['online', 'express'],
      delivery: ['online', 'express', 'announcement'],
      limits: {
        immediate: false,
        legal: { amount: 20, unit: 'workdays' },
        promised: { amount: 7, unit: 'workdays' },
        extension: { amount: 15, unit: 'workdays' },
        joint: true
      },
      result: { kind: 'licence', name: '建筑工程施工许可证', validity: { amount: 3, unit: 'years' } },
      onlineDepth: 4
    });
    expect(definition.steps.map(s => s.id)).toEqual([
      'preReview-1',
      'acceptance-1',
      'review-1',
      'parallel-1',
      'review-2',
      'decision-1',
      'delivery-1'
    ]);
    expect(definition.steps[4]).toMatchObject({
      kind: 'review',
      label: '审核',
      role: '处室负责人',
      department: '市住房和建设局'
    });
    const parallel = definition.steps[3];
    expect(parallel?.kind === 'parallel' && parallel.coApprovers.map(c => [c.department.name, c.limit.amount])).toEqual(
      [
        ['市消防救援支队', 2],
        ['市自然资源和规划局', 3]
      ]
    );
  });

  it('compiles conditions to typed data and keeps source ranges', async () => {
    const { definitions } = await compiled({ 'departments.matter': departments, 'm.matter': permit });
    const materials = definitions[0]!.materials;
    expect(materials.find(m => m.id === '消防意见')).toMatchObject({
      necessity: 'conditional',
      condition: { op: 'truthy', field: '涉及消防' }
    });
    expect(materials.find(m => m.id === '大额担保')?.condition).toEqual({
      op: 'and',
      left: { op: 'compare', field: '合同价格', comparator: '>=', value: 1000 },
      right: { op: 'compare', field: '项目类型', comparator: '=', value: '新建' }
    });
    expect(materials.find(m => m.id === '资金证明')?.necessity).toBe('later');
    expect(materials.find(m => m.id === '用地批准')?.origin).toEqual({
      kind: 'eLicence',
      licence: '建设用地规划许可证',
      issuer: '市自然资源和规划局'
    });
    const line = permit.split('\n').findIndex(l => l.includes('消防意见')) + 1;
    expect(materials.find(m => m.id === '消防意见')?.source).toEqual({
      file: 'm.matter',
      line,
      column: 5,
      endLine: line,
      endColumn: 28
    });
  });

  it('nests a lower level first review with its own department and roles', async () => {
    const { definitions } = await compiled({ 'departments.matter': departments, 'f.matter': firstReview });
    const stage = definitions[0]!.steps[0]!;
    expect(stage.kind).toBe('firstReview');
    if (stage.kind !== 'firstReview') return;
    expect(stage.department.name).toBe('市交通运输局');
    expect(
      stage.steps.map(s => [s.id, 'role' in s ? s.role : undefined, 'department' in s ? s.department : undefined])
    ).toEqual([
      ['firstReview-1.preReview-1', '窗口', '市交通运输局'],
      ['firstReview-1.acceptance-1', '窗口', '市交通运输局'],
      ['firstReview-1.review-1', '承办人', '市交通运输局'],
      ['firstReview-1.review-2', '处室负责人', '市交通运输局']
    ]);
    expect(definitions[0]!.steps[1]).toMatchObject({ department: '省住房和城乡建设厅' });
  });

  it('compiles annual inspections, and merges supervision over the catalogue defaults', async () => {
    const { definitions } = await compiled({
      'departments.matter': departments,
      'a.matter': annual.replace('  年检 {', '  监察 { 预警 到期前 2 工作日 }\n  年检 {'),
      'defaults.matter': '默认监察 { 预警 到期前 1 工作日; 异常 补正 超过 2 次; 差评整改 5 工作日 }'
    });
    const definition = definitions[0]!;
    expect(definition.annualInspection).toEqual({
      modes: [{ kind: 'written', preReviewLimit: { amount: 2, unit: 'workdays' } }],
      joint: [{ name: '市消防救援支队', code: '11350200MB00000206', level: 'city', region: '厦门市' }],
      window: { from: '01-01', to: '05-31' },
      conclusions: ['pass', 'basicPass', 'fail'],
      stages: [
        { name: '业务主管单位', due: '03-31' },
        { name: '登记管理机关', due: '05-31' }
      ]
    });
    expect(definition.supervision.warningBefore).toEqual({ amount: 2, unit: 'workdays' });
    expect(definition.supervision.rectification).toEqual({ amount: 5, unit: 'workdays' });
    expect(definition.supervision.correctionRoundsAnomaly).toBe(2);
    expect(definition.paper).toEqual({ mode: 'afterPreReview', how: 'mail', goodRecordFirst: false });
  });

  it('compiles calendars and departments into the catalogue', async () => {
    const { catalog } = await compiled({ 'departments.matter': departments, 'c.matter': calendar2026 });
    expect(Catalog.parse(catalog!).calendars).toEqual([
      {
        year: 2026,
        source: '国务院办公厅关于2026年部分节假日安排的通知',
        holidays: [
          { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
          { name: '春节', from: '2026-02-15', to: '2026-02-23' }
        ],
        adjustedWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28'],
        officeHours: [
          { from: '09:00', to: '12:00' },
          { from: '13:30', to: '17:30' }
        ]
      }
    ]);
    expect(catalog!.departments.map(d => d.name)).toContain('省住房和城乡建设厅');
  });

  it("compiles a department's parent, places with their own hours, and former names", async () => {
    const withMore = departments.replace(
      '  代码 "11350200MB00000105"\n',
      '  代码 "11350200MB00000105"\n  上级部门 省住房和城乡建设厅\n' +
        '  办理地点 "市民中心 B 区 2 楼"（办公时间 8:30-12:00, 14:30-17:30）, "湖里区行政服务中心"\n' +
        '  曾用名 "市建设局", 市建设委员会\n'
    );
    const { catalog } = await compiled({ 'departments.matter': withMore });
    const housing = Catalog.parse(catalog!).departments.find(d => d.name === '市住房和建设局')!;
    expect(housing.parent).toBe('省住房和城乡建设厅');
    expect(housing.places).toEqual([
      {
        address: '市民中心 B 区 2 楼',
        officeHours: [
          { from: '08:30', to: '12:00' },
          { from: '14:30', to: '17:30' }
        ]
      },
      { address: '湖里区行政服务中心' }
    ]);
    expect(housing.formerNames).toEqual(['市建设局', '市建设委员会']);
    const fire = catalog!.departments.find(d => d.name === '市消防救援支队')!;
    expect(fire).not.toHaveProperty('parent');
    expect(fire).not.toHaveProperty('places');
    expect(fire).not.toHaveProperty('formerNames');
  });

  it('is deterministic', async () => {
    const first = JSON.stringify(
      (await compiled({ 'departments.matter': departments, 'm.matter': permit, 'f.matter': firstReview })).definitions
    );
    const second = JSON.stringify(
      (await compiled({ 'f.matter': firstReview, 'm.matter': permit, 'departments.matter': departments })).definitions
    );
    expect(second).toBe(first);
  });
});
