import { describe, expect, it } from 'vitest';
import { departmentBlock, describeChange, DepartmentForm } from './department-source.ts';

const form = DepartmentForm.parse({
  name: '海沧区行政审批局',
  code: '11350205mb2024001x',
  level: 'county',
  region: '厦门市',
  roles: [{ name: '窗口', title: '综合窗口' }, { name: '承办人' }],
  phones: [{ purpose: 'consultation', number: '0592-6051234' }, { number: '12345' }],
  officeHours: [{ from: '08:30', to: '12:00' }]
});

describe('a department written in the Matter language from the form', () => {
  it('writes one block, each field on its own line, and says which line holds which field', () => {
    const { text, lines } = departmentBlock(form);
    expect(text).toBe(
      [
        '部门 海沧区行政审批局 {',
        '  代码 "11350205MB2024001X"',
        '  地区 厦门市',
        '  层级 县级',
        '  角色 窗口 "综合窗口", 承办人',
        '  电话 咨询 "0592-6051234", "12345"',
        '  办公时间 08:30-12:00',
        '}'
      ].join('\n')
    );
    expect(lines).toEqual(['name', 'code', 'region', 'level', 'roles', 'phones', 'officeHours', 'name']);
  });

  it('quotes a name that does not read as one identifier, and what a string may not hold is escaped', () => {
    const { text } = departmentBlock({ ...form, name: '2号"窗口"局', roles: [{ name: '窗口', title: 'a\\b' }] });
    expect(text).toContain('部门 "2号\\"窗口\\"局" {');
    expect(text).toContain('角色 窗口 "a\\\\b"');
  });

  it('refuses a line break, a bad phone or time in the form', () => {
    expect(DepartmentForm.safeParse({ ...form, name: '甲\n部门 乙 {' }).success).toBe(false);
    expect(DepartmentForm.safeParse({ ...form, phones: [{ number: '0592;drop' }] }).success).toBe(false);
    expect(DepartmentForm.safeParse({ ...form, officeHours: [{ from: '25:00', to: '12:00' }] }).success).toBe(false);
  });

  it('describes a change in Chinese, one line a difference', () => {
    expect(describeChange(undefined, form)).toEqual(['新建部门“海沧区行政审批局”']);
    const after = {
      ...form,
      level: 'city' as const,
      roles: [{ name: '窗口', title: '一号窗口' }, { name: '分管领导' }]
    };
    expect(describeChange(form, after)).toEqual([
      '层级：县级 → 市级',
      '角色“窗口”的岗位：综合窗口 → 一号窗口',
      '新增角色：分管领导',
      '删除角色：承办人'
    ]);
  });
});

describe('the parent, places and former names in the block', () => {
  const full = DepartmentForm.parse({
    ...form,
    parent: '厦门市人民政府办公厅',
    places: [
      {
        address: '海沧区行政服务中心 1 楼',
        officeHours: [
          { from: '08:30', to: '12:00' },
          { from: '14:30', to: '17:30' }
        ]
      },
      { address: '新阳街道便民服务中心"东"窗口' }
    ],
    formerNames: ['海沧区审改办']
  });

  it('writes 上级部门 after 层级, each place on its own line with its own hours, and 曾用名', () => {
    const { text, lines } = departmentBlock(full);
    expect(text.split('\n')).toEqual([
      '部门 海沧区行政审批局 {',
      '  代码 "11350205MB2024001X"',
      '  地区 厦门市',
      '  层级 县级',
      '  上级部门 厦门市人民政府办公厅',
      '  角色 窗口 "综合窗口", 承办人',
      '  电话 咨询 "0592-6051234", "12345"',
      '  办公时间 08:30-12:00',
      '  办理地点 "海沧区行政服务中心 1 楼" (办公时间 08:30-12:00, 14:30-17:30)',
      '  办理地点 "新阳街道便民服务中心\\"东\\"窗口"',
      '  曾用名 "海沧区审改办"',
      '}'
    ]);
    expect(lines).toEqual([
      'name',
      'code',
      'region',
      'level',
      'parent',
      'roles',
      'phones',
      'officeHours',
      'places',
      'places',
      'formerNames',
      'name'
    ]);
  });

  it('refuses an empty address, a line break in the parent, or a place with a bad time', () => {
    expect(DepartmentForm.safeParse({ ...full, places: [{ address: ' ' }] }).success).toBe(false);
    expect(DepartmentForm.safeParse({ ...full, parent: '甲\n}' }).success).toBe(false);
    expect(
      DepartmentForm.safeParse({ ...full, places: [{ address: '甲', officeHours: [{ from: '8', to: '9' }] }] }).success
    ).toBe(false);
  });

  it('describes a new parent and the places added and removed', () => {
    const after = {
      ...full,
      parent: '海沧区人民政府',
      places: [full.places![1]!, { address: '海沧区政务服务中心 2 楼' }]
    };
    expect(describeChange(full, after)).toEqual([
      '上级部门：厦门市人民政府办公厅 → 海沧区人民政府',
      '新增办理地点：海沧区政务服务中心 2 楼',
      '删除办理地点：海沧区行政服务中心 1 楼（办公时间 08:30-12:00, 14:30-17:30）'
    ]);
  });
});
