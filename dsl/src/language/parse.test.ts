import { describe, expect, it } from 'vitest';
import { departments, permit, permitWith, reusedChecker } from '../testing/fixtures.js';

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const checkFiles = reusedChecker();
const checkMatter = (text: string) => checkFiles({ 'departments.matter': departments, 'm.matter': text });

describe('the Matter language parses', () => {
  it('a complete matter with Chinese keywords, with no diagnostics at all', async () => {
    const checked = await checkMatter(permit);
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
    expect(checked.of('departments.matter').map(d => d.message)).toEqual([]);
  });

  it('the same matter with English keywords', async () => {
    const english = `matter 建筑工程施工许可证核发 {
  code "11350200MB00000105300011700600001"
  type licensing
  department 市住房和建设局
  level city
  basis "《中华人民共和国建筑法》第八条"
  fees none
  consultation phone "0592-5000001"
  complaint phone "0592-12345"
  result licence 建筑工程施工许可证 validity 3 years
  visits 0
  onlineDepth 4
  paper none
  form { 项目名称: text required  涉及消防: yesNo }
  materials { 消防意见 "消防设计审查意见书" when 涉及消防 }
  submission online, express
  delivery online, express
  limits legal 20 workdays promised 7 workdays
  steps {
    preReview by 窗口 2 workdays
    accept by 窗口 1 workdays
    review by 承办人 2 workdays
    parallel 3 workdays lead 市住房和建设局 { 市消防救援支队 "消防设计审查" }
    decide by 分管领导 1 workdays
    deliver 10 workdays
  }
}`;
    const checked = await checkMatter(english);
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
  });

  it('full-width punctuation typed with a Chinese input method as its ASCII twin', async () => {
    const fullWidth = permit
      .replace('表单 {', '表单 ｛')
      .replace('    项目名称: 文本 必填', '    项目名称：文本 必填')
      .replace('("新建", "扩建", "改建")', '（“新建”，“扩建”、“改建”）')
      .replace('预警 到期前 1 工作日;', '预警 到期前 1 工作日；')
      .replace('    开工日期: 日期\n  }', '    开工日期: 日期\n  ｝');
    expect(fullWidth).not.toBe(permit);
    const checked = await checkMatter(fullWidth);
    expect(checked.errors('m.matter').map(d => d.message)).toEqual([]);
  });

  it('explains a keyword glued to a name and offers to insert the space', async () => {
    const checked = await checkMatter(permit.replace('审查 由 承办人 2 工作日', '审查 由承办人 2 工作日'));
    const glued = checked.of('m.matter').find(d => d.code === 'syntax.glued-keyword');
    expect(glued?.message).toBe(
      '关键字“由”和后面的“承办人”连在了一起：中文关键字和名称之间要加一个空格，写成“由 承办人”。'
    );
    const fix = (
      glued?.data as { fix?: { edits: Array<{ range: { start: { character: number } }; newText: string }> } }
    ).fix;
    expect(fix?.edits[0]?.newText).toBe(' ');
    expect(fix?.edits[0]?.range.start.character).toBe(glued!.range.start.character + 1);
  });

  it('explains a glued keyword at the start of a matter too', async () => {
    const checked = await checkMatter(permit.replace('事项 建筑工程施工许可证核发 {', '事项建筑工程施工许可证核发 {'));
    expect(checked.codes('m.matter')).toContain('syntax.glued-keyword');
    expect(checked.of('m.matter').find(d => d.code === 'syntax.glued-keyword')?.message).toContain(
      '写成“事项 建筑工程施工许可证核发”'
    );
  });

  it('reports other syntax errors in Chinese at the right place', async () => {
    const checked = await checkMatter(permit.replace('时限 法定 20 工作日', '时限 法定 二十 工作日'));
    const error = checked.of('m.matter').find(d => d.code === 'syntax');
    expect(error?.message).toMatch(/^这里应写 数字.*但写的是 “二十”/);
    expect(error?.range.start.line).toBe(permit.split('\n').findIndex(l => l.includes('时限 法定')));
  });

  it('links names across files: departments, roles and regions', async () => {
    const checked = await checkMatter(permit);
    const matter = checked.workspace.document('file:///ws/m.matter')!.parseResult.value.elements[0] as {
      department: { ref?: { name: string; $document?: unknown } };
    };
    expect(matter.department.ref?.name).toBe('市住房和建设局');
    expect(departments).toContain('部门 市住房和建设局');
  });

  it("a department's parent, places and former names, in either spelling; the parent links to its department", async () => {
    const text = `部门 市住房和建设局 {
  上级部门 省住房和城乡建设厅
  办理地点 "市民中心 B 区 2 楼"（办公时间 08:30-12:00, 14:30-17:30）, "湖里区行政服务中心"
  曾用名 "市建设局"，市建设委员会
}
department 省住房和城乡建设厅 {
  parentDepartment 国务院住房和城乡建设部
  places "北大路 101 号" (officeHours 09:00-12:00)
  formerNames "省建设厅"
}
department 国务院住房和城乡建设部 { }`;
    const checked = await checkFiles({ 'departments.matter': text });
    expect(checked.of('departments.matter').filter(d => d.severity === 1)).toEqual([]);
    const [housing, province] = checked.workspace.document('file:///ws/departments.matter')!.parseResult.value
      .elements as unknown as Array<{
      parent?: { ref?: { name: string } };
      places: Array<{ address: string; officeHours: Array<{ from: string; to: string }> }>;
      formerNames: string[];
    }>;
    expect(housing!.parent?.ref?.name).toBe('省住房和城乡建设厅');
    expect(housing!.places.map(p => [p.address, p.officeHours.map(h => `${h.from}-${h.to}`)])).toEqual([
      ['市民中心 B 区 2 楼', ['08:30-12:00', '14:30-17:30']],
      ['湖里区行政服务中心', []]
    ]);
    expect(housing!.formerNames).toEqual(['市建设局', '市建设委员会']);
    expect(province!.parent?.ref?.name).toBe('国务院住房和城乡建设部');
    expect(province!.places[0]!.officeHours).toHaveLength(1);
    expect(province!.formerNames).toEqual(['省建设厅']);
  });

  it('an unknown parent department is reported as an unknown department', async () => {
    const checked = await checkFiles({ 'departments.matter': '部门 市住房和建设局 { 上级部门 省住建厅 角色 承办人 }' });
    expect(checked.codes()).toContain('link.unknown-department');
  });
});

describe('names that are keywords', () => {
  it('says so, and how to write them', async () => {
    const checked = await checkMatter(permit.replace('  部门 市住房和建设局\n', '  部门 公告\n'));
    expect(checked.of('m.matter').map(d => d.message)).toContain(
      '“公告”是关键字，不能直接用作名称：请换一个名称，或加引号写成 "公告"。'
    );
  });
});

describe('long text', () => {
  it('can span lines in triple quotes, without the indentation', async () => {
    const checked = await checkMatter(
      permit.replace(
        '  条件 "已经办理该建筑工程用地批准手续"\n',
        '  条件 """\n    1. 已经办理该建筑工程用地批准手续；\n    2. 已经取得规划许可证。\n  """\n'
      )
    );
    expect(checked.errors('m.matter').map(d => d.message)).toEqual([]);
    const matter = checked.workspace.document('file:///ws/m.matter')!.parseResult.value.elements[0] as {
      conditions: string;
    };
    expect(matter.conditions).toBe('1. 已经办理该建筑工程用地批准手续；\n2. 已经取得规划许可证。');
  });

  it('reads Chinese quotes as quotes', async () => {
    const checked = await checkMatter(
      permit.replace('  条件 "已经办理该建筑工程用地批准手续"\n', '  条件 “已经办理“用地”批准手续\n')
    );
    expect(checked.errors('m.matter').length).toBeGreaterThan(0);
    const ok = await checkMatter(
      permit.replace('  条件 "已经办理该建筑工程用地批准手续"\n', '  条件 “已经办理用地批准手续”\n')
    );
    const matter = ok.workspace.document('file:///ws/m.matter')!.parseResult.value.elements[0] as {
      conditions: string;
    };
    expect(matter.conditions).toBe('已经办理用地批准手续');
  });
});

describe('a mistake inside a block gets one diagnostic saying what may be written there', () => {
  const only = async (text: string) => {
    const checked = await checkMatter(text);
    return checked.of('m.matter');
  };

  it('a misspelt Chinese keyword in 事项: the elements a matter allows, the likely one, and its fix', async () => {
    const diagnostics = await only(permitWith('  时限 法定 20 工作日', '  时线 法定 20 工作日'));
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d?.code).toBe('syntax.unexpected');
    expect(d?.message).toMatch(
      /^“事项”中没有“时线”这一项。这里可以写：编码、地方编码、类型、部门、.*环节.*；或者用“}”结束“事项”。是不是“时限”？$/
    );
    expect(d?.range.start.line).toBe(permit.split('\n').findIndex(l => l.includes('时限 法定')));
    const fix = (d?.data as { fix?: { title: string; edits: Array<{ newText: string }> } }).fix;
    expect(fix?.title).toBe('改为“时限”');
    expect(fix?.edits[0]?.newText).toBe('时限');
  });

  it('does not claim the elements after the mistake are missing: they are read', async () => {
    const diagnostics = await only(permitWith('  服务对象 企业法人\n', '  服务对像 企业法人\n'));
    expect(diagnostics.map(d => d.code)).toEqual(['syntax.unexpected']);
    expect(diagnostics[0]?.message).toContain('是不是“服务对象”？');
  });

  it('an English keyword typo, with the English keyword suggested', async () => {
    const diagnostics = await only(permitWith('  类型 行政许可\n', '  tpye 行政许可\n'));
    expect(diagnostics.map(d => d.code)).toEqual(['syntax.unexpected']);
    expect(diagnostics[0]?.message).toContain('是不是“type”？');
  });

  it('an element placed in the wrong block names the block and what it allows', async () => {
    const diagnostics = await only(
      permitWith('    预审 由 窗口 2 工作日\n', '    预审 由 窗口 2 工作日\n    收费 无\n')
    );
    expect(diagnostics.map(d => d.message)).toEqual([
      '“收费”不能写在“环节”中。这里可以写：预审、受理、审查、审核、复核、并联、初审、决定、送达；或者用“}”结束“环节”。'
    ]);
  });

  it('a step written in the matter rather than in 环节', async () => {
    const diagnostics = await only(permitWith('  递交 网上, 快递\n', '  递交 网上, 快递\n  受理 由 窗口 1 工作日\n'));
    expect(diagnostics.map(d => d.code)).toEqual(['syntax.unexpected']);
    expect(diagnostics[0]?.message).toMatch(/^“受理”不能写在“事项”中。/);
  });

  it('inside a block written by a fragment (监察)', async () => {
    const diagnostics = await only(permitWith('异常 补正 超过 2 次 }', '异常 补正 超过 2 次 收费 无 }'));
    expect(diagnostics.map(d => d.message)).toEqual([
      '“收费”不能写在“监察”中。这里可以写：预警、黄牌、红牌、异常、咨询答复、咨询转办、投诉受理、差评整改；或者用“}”结束“监察”。'
    ]);
  });

  it('a block left unclosed (the next line is outdented) is one error asking for the “}”', async () => {
    const diagnostics = await only(permitWith('    送达 10 工作日\n  }\n', '    送达 10 工作日\n'));
    expect(diagnostics.map(d => d.message)).toEqual(['这里应写 “}”，但写的是 “特殊程序”。']);
  });

  it('two mistakes in one matter are two diagnostics, nothing more', async () => {
    const diagnostics = await only(
      permitWith('  服务对象 企业法人\n', '  服务对像 企业法人\n').replace('  到场次数 0\n', '  到场数 0\n')
    );
    expect(diagnostics.map(d => d.code)).toEqual(['syntax.unexpected', 'syntax.unexpected']);
  });
});

describe('names with full-width brackets, as official matter names have them', () => {
  const nameOf = (checked: Awaited<ReturnType<typeof checkMatter>>) =>
    (checked.workspace.document('file:///ws/m.matter')!.parseResult.value.elements[0] as { name: string }).name;

  it('read a bracketed part tight against the name as part of it, unquoted', async () => {
    const checked = await checkMatter(permitWith('事项 建筑工程施工许可证核发 {', '事项 延长审批期限（延期） {'));
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
    expect(nameOf(checked)).toBe('延长审批期限（延期）');
  });

  it('read a name that is only a bracketed part, and book-title marks', async () => {
    const alone = await checkMatter(permitWith('事项 建筑工程施工许可证核发 {', '事项 （延期） {'));
    expect(alone.of('m.matter').map(d => d.message)).toEqual([]);
    expect(nameOf(alone)).toBe('（延期）');
    const titled = await checkMatter(permitWith('结果 证照 建筑工程施工许可证', '结果 证照 《建筑工程施工许可证》'));
    expect(titled.of('m.matter').map(d => d.message)).toEqual([]);
  });

  it('keep a bracket with a space or a quote inside as a bracket: the legal basis after a limit', async () => {
    const checked = await checkMatter(
      permitWith('时限 法定 20 工作日', '时限 法定 20 工作日（依据 "《中华人民共和国建筑法》第八条"）')
    );
    expect(checked.errors('m.matter').map(d => d.message)).toEqual([]);
  });

  it('explain at once a condition bracketed tight around one field, and offer the spaced form', async () => {
    const checked = await checkMatter(permitWith('当 涉及消防', '当 （涉及消防）'));
    const [d] = checked.of('m.matter');
    expect(d?.message).toBe(
      '“（涉及消防）”被读成了一个名称：全角括号紧贴着文字时是名称的一部分（如“延长审批期限（延期）”）。要用括号把条件括起来，请在括号里加空格，写成“（ 涉及消防 ）”。'
    );
    expect((d?.data as { fix?: { edits: Array<{ newText: string }> } }).fix?.edits[0]?.newText).toBe('（ 涉及消防 ）');
    const spaced = await checkMatter(permitWith('当 涉及消防', '当 （ 涉及消防 ）'));
    expect(spaced.of('m.matter').map(d => d.message)).toEqual([]);
  });
});
