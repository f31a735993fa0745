import type { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { catalogueSources, matterSource } from '../../testing/catalogue-sources.ts';
import { checkDraft } from '../check.ts';
import { diffDefinitions } from './definitions.ts';

/**
 * The semantic diff on the shipped catalogue's matters: each test edits a matter's source as an author would,
 * compiles both versions with the Matter compiler, and reads what the department head reads.
 */
const sources = catalogueSources();
const permitPath = 'housing-construction/construction-permit.matter';
const coachPath = 'province-transport/interprovincial-coach-line-permit.matter';

async function compile(path: string, text: string): Promise<Definition> {
  const result = await checkDraft(sources, path, text);
  const errors = result.diagnostics.filter(d => d.severity === 'error');
  if (!result.definition) throw new Error(errors.map(e => `${e.line}: ${e.message}`).join('\n'));
  return result.definition;
}

/** The diff between a catalogue matter and the same matter with `edit` applied to its source, as sentences. */
async function sentences(path: string, edit: (text: string) => string, before?: (text: string) => string) {
  const original = before ? before(matterSource(path)) : matterSource(path);
  const edited = edit(original);
  expect(edited, 'the edit changed nothing').not.toBe(original);
  const changes = diffDefinitions(await compile(path, original), await compile(path, edited));
  return changes.map(c => `${c.area}｜${c.text}`);
}

/** Replaces text that must be there (a test whose edit misses would prove nothing). */
const swap = (from: string, to: string) => (text: string) => {
  if (!text.includes(from)) throw new Error(`not in the source: ${from}`);
  return text.replace(from, to);
};
const all =
  (...edits: Array<(text: string) => string>) =>
  (text: string) =>
    edits.reduce((t, e) => e(t), text);

const feeItem = '收费 {\n    证书工本费 10 元 依据 "《建筑工程施工许可管理办法》第十条"\n  }';

describe('what the head reads when a matter changes', () => {
  it('a promise shortened, a step removed, a material added and one made required, a fee introduced', async () => {
    expect(
      await sentences(
        permitPath,
        all(
          swap('承诺 7 工作日', '承诺 6 工作日'),
          swap('    审核 由 处室负责人 1 工作日\n', ''),
          swap('    授权委托书', '    安全承诺 "建设工程安全生产承诺书" 原件 1 份 必要\n    授权委托书'),
          swap('原件或复印件 1 份 扫描件 最多 2 页 当 依法必须招标', '原件或复印件 2 份 扫描件 最多 2 页 必要'),
          swap('收费 无', feeItem)
        )
      )
    ).toEqual([
      '申请材料｜新增材料：建设工程安全生产承诺书',
      '申请材料｜材料“施工中标通知书”改为必交',
      '申请材料｜材料“施工中标通知书”份数 1 份 → 2 份',
      '办理时限｜承诺时限 7 → 6 个工作日',
      '办理环节｜删除环节：审核',
      '收费｜改为收费',
      '收费｜新增收费项目：证书工本费 10 元（《建筑工程施工许可管理办法》第十条）'
    ]);
  });

  it('a fee whose amount and basis change, and online payment', async () => {
    expect(
      await sentences(
        permitPath,
        swap(feeItem, '收费 {\n    证书工本费 15 元 依据 "《住房和城乡建设部关于证书工本费的通知》"\n  } 网上支付'),
        swap('收费 无', feeItem)
      )
    ).toEqual([
      '收费｜收费“证书工本费” 10 → 15 元',
      '收费｜收费“证书工本费”的收费依据改为：《住房和城乡建设部关于证书工本费的通知》',
      '收费｜改为支持网上缴费'
    ]);
  });

  it('a co-approver added and another given more time, a material dropped', async () => {
    expect(
      await sentences(
        permitPath,
        all(
          swap(
            '      市人民防空办公室 "核验人防工程防护设计审查意见"\n',
            '      市人民防空办公室 "核验人防工程防护设计审查意见"\n      市消防救援支队 "核验消防设计审查意见" 2 工作日\n'
          ),
          swap('"核验用地批准手续和建设工程规划许可" 2 工作日', '"核验用地批准手续和建设工程规划许可" 3 工作日'),
          swap('    征收进度 "房屋征收进度情况说明" 原件 1 份 当 涉及房屋征收\n', '')
        )
      )
    ).toEqual([
      '申请材料｜删除材料：房屋征收进度情况说明',
      '办理环节｜新增协办部门：市消防救援支队（核验消防设计审查意见，2 个工作日）',
      '办理环节｜协办部门“市自然资源和规划局”时限 2 → 3 个工作日'
    ]);
  });

  it('materials moved and the form reordered are one change each, not removed and added', async () => {
    expect(
      await sentences(
        permitPath,
        all(
          swap(
            '    用地批准 "建设用地批准文件或不动产权证书" 来源 电子证照 不动产权证书 核发 市自然资源和规划局\n    规划许可 "建设工程规划许可证" 来源 电子证照 建设工程规划许可证 核发 市自然资源和规划局\n',
            '    规划许可 "建设工程规划许可证" 来源 电子证照 建设工程规划许可证 核发 市自然资源和规划局\n    用地批准 "建设用地批准文件或不动产权证书" 来源 电子证照 不动产权证书 核发 市自然资源和规划局\n'
          ),
          swap(
            '    项目名称: 文本 必填\n    投资项目代码: 文本 必填\n',
            '    投资项目代码: 文本 必填\n    项目名称: 文本 必填\n'
          )
        )
      )
    ).toEqual([
      '申请材料｜材料顺序改为：建筑工程施工许可证申请表、建设工程规划许可证、建设用地批准文件或不动产权证书、施工中标通知书、建设工程施工合同、建设工程委托监理合同、施工图设计文件审查合格书、房屋征收进度情况说明、保证工程质量和安全的具体措施、建设资金已经落实承诺书、法定代表人授权委托书及受托人身份证明',
      '申请表｜表单项顺序改为：投资项目代码、项目名称、建设单位、建设单位信用代码、建设地址、项目类型、合同价格、建筑面积、计划开工日期、依法必须招标、涉及房屋征收、委托代理人办理、联系人电话'
    ]);
  });

  it("the form's answer rules: optional, a new option, a range, a new field", async () => {
    expect(
      await sentences(
        permitPath,
        all(
          swap('委托代理人办理: 是否 必填', '委托代理人办理: 是否'),
          swap('("新建", "改建", "扩建")', '("新建", "改建", "扩建", "迁建")'),
          swap('建筑面积: 数字 单位 "平方米" 必填', '建筑面积: 数字 单位 "平方米" 最小值 300 必填'),
          swap('    联系人电话: 电话 必填\n', '    联系人电话: 电话 必填\n    联系人姓名: 文本 必填\n')
        )
      )
    ).toEqual([
      '申请表｜新增表单项：联系人姓名（文本，必填）',
      '申请表｜新增表单项“项目类型”的选项：迁建',
      '申请表｜新增表单项“建筑面积”的最小值：300',
      '申请表｜表单项“委托代理人办理”改为选填'
    ]);
  });

  it('limits in calendar days, an extension with its basis, the correction period, supervision tightened', async () => {
    expect(
      await sentences(
        permitPath,
        all(
          swap(
            '时限 法定 20 工作日 承诺 7 工作日',
            '时限 法定 30 日 (依据 "《建筑法》第八条") 承诺 7 工作日 延期 5 工作日'
          ),
          swap('  特殊程序', '  监察 {\n    预警 到期前 2 工作日\n  }\n\n  特殊程序')
        )
      )
    ).toEqual([
      '办理时限｜法定时限 20 个工作日 → 30 日',
      '办理时限｜新增法定时限依据：《建筑法》第八条',
      '办理时限｜延长时限 15 → 5 个工作日',
      '办理时限｜延长时限改由事项自行规定',
      '监察｜预警提前量 1 → 2 个工作日'
    ]);
  });

  it('a first review at a lower level: its own steps by name, with the department that does it', async () => {
    expect(
      await sentences(
        coachPath,
        all(
          swap('      复核 由 分管领导 5 工作日\n', ''),
          swap('      审核 由 处室负责人 5 工作日', '      审核 由 处室负责人 10 工作日'),
          swap('    审核 由 处室负责人 3 工作日', '    审核 由 承办人 3 工作日')
        )
      )
    ).toEqual([
      '办理环节｜删除环节：初审—复核',
      '办理环节｜环节“初审—审核”时限 5 → 10 个工作日',
      '办理环节｜环节“审核”改由承办人办理'
    ]);
  });

  it('special procedures, results, delivery and the guide texts', async () => {
    expect(
      await sentences(
        permitPath,
        all(
          swap('特殊程序 专家评审 最长 20 工作日', '特殊程序 专家评审 最长 30 工作日'),
          swap('有效期 3 个月', '有效期 6 个月'),
          swap('送达 网上, 快递, 现场, 公告', '送达 网上, 快递, 现场'),
          swap('办理时间 "周一至周五 9:00-12:00, 13:30-17:30（法定节假日除外）"', '办理时间 "周一至周六 9:00-17:30"'),
          swap('到场次数 0', '到场次数 1 原因 "现场核验原件"')
        )
      )
    ).toEqual([
      '基本信息｜到现场次数 0 次 → 1 次（现场核验原件）',
      '特殊程序｜特殊程序“专家评审”最长时间 20 → 30 个工作日',
      '办理结果｜办理结果“建筑工程施工许可证”的有效期 3 个月 → 6 个月',
      '办理地点与咨询投诉｜办理时间改为：周一至周六 9:00-17:30',
      '送达｜删除送达方式：公告'
    ]);
  });

  it('gives each change a stable path and the values before and after', async () => {
    const original = matterSource(permitPath);
    const changes = diffDefinitions(
      await compile(permitPath, original),
      await compile(permitPath, swap('最多 5 页 当 合同价格 >= 3000', '最多 5 页 当 合同价格 >= 5000')(original))
    );
    expect(changes).toEqual([
      {
        area: '申请材料',
        kind: 'changed',
        text: '材料“建设工程委托监理合同”的提交情形改为：“合同价格”不小于 5000',
        path: ['materials', '监理合同', 'condition'],
        before: '“合同价格”不小于 3000',
        after: '“合同价格”不小于 5000'
      }
    ]);
  });
});
