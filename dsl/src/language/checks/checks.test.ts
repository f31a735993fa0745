import { describe, expect, it } from 'vitest';
import {
  annual,
  calendar2026,
  departments,
  firstReview,
  permit,
  permitWith,
  reusedChecker
} from '../../testing/fixtures.js';

/** One set of language services for the file's checks, each workspace alone (the earlier one removed first). */
const checkFiles = reusedChecker();

const HOUSING = '  代码 "11350200MB00000105"\n';

type Case = { code: string; files: Record<string, string>; silent?: Record<string, string> };

const withDepartments = (text: string) => ({ 'departments.matter': departments, 'm.matter': text });
const edit = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`fixture lacks: ${from}`);
  return text.replace(from, to);
};
const p = (from: string, to: string) => withDepartments(permitWith(from, to));
const a = (from: string, to: string) => withDepartments(edit(annual, from, to));
const f = (from: string, to: string) => withDepartments(edit(firstReview, from, to));
const c = (from: string, to: string) => withDepartments(edit(calendar2026, from, to));
const d = (from: string, to: string) => ({ 'departments.matter': edit(departments, from, to) });

/** Each check: a file that makes it fire, and (where the baseline fixtures do not show it) one that keeps it quiet. */
const cases: Case[] = [
  { code: 'matter.duplicate-property', files: p('  类型 行政许可\n', '  类型 行政许可\n  类型 行政确认\n') },
  { code: 'matter.missing-property', files: p('  部门 市住房和建设局\n', '') },
  { code: 'code.malformed', files: p('"11350200MB00000105300011700600001"', '"1135020030001170060000"') },
  { code: 'code.malformed', files: p('"11350200MB00000105300011700600001"', '"11350200MB00000104300011700600001"') },
  {
    code: 'code.level-mismatch',
    files: p('"11350200MB00000105300011700600001"', '"11350200MB00000105200011700600001"')
  },
  {
    code: 'code.implementer-mismatch',
    files: p('"11350200MB00000105300011700600001"', '"11350200MB00000206300011700600001"')
  },
  {
    code: 'code.duplicate',
    files: {
      ...withDepartments(permit),
      'n.matter': edit(permit, '事项 建筑工程施工许可证核发', '事项 建筑工程施工许可证变更')
    },
    silent: {
      ...withDepartments(permit),
      'n.matter': edit(edit(permit, '事项 建筑工程施工许可证核发', '事项 建筑工程施工许可证变更'), '600001"', '600002"')
    }
  },
  {
    code: 'duplicate.matter-name',
    files: { ...withDepartments(permit), 'n.matter': edit(permit, '600001"', '600002"') }
  },
  { code: 'matter.level-mismatch', files: p('  层级 市级\n', '  层级 省级\n') },
  {
    code: 'fee.free-online-payment',
    files: p('  收费 无\n', '  收费 无 网上支付\n'),
    silent: p('  收费 无\n', '  收费 { 工本费 10 元 依据 "《收费标准》" } 网上支付\n')
  },
  {
    code: 'fee.missing-basis',
    files: p('  收费 无\n', '  收费 { 工本费 10 元 }\n'),
    silent: p('  收费 无\n', '  收费 { 工本费 10 元 依据 "《收费标准》第三条" 可减免 }\n')
  },
  { code: 'fee.no-items', files: p('  收费 无\n', '  收费 { }\n') },
  {
    code: 'visits.missing-reason',
    files: p('  到场次数 0\n  网办深度 四级\n', '  到场次数 1\n  网办深度 三级\n'),
    silent: p('  到场次数 0\n  网办深度 四级\n', '  到场次数 1 原因 "现场核验原件"\n  网办深度 三级\n')
  },
  {
    code: 'online.paper-required',
    files: p('  纸质材料 无需\n', '  纸质材料 预审后 邮寄\n'),
    silent: p('  网办深度 四级\n  纸质材料 无需\n', '  网办深度 三级\n  纸质材料 预审后 邮寄 信用良好可先受理\n')
  },
  { code: 'online.visit-required', files: p('  到场次数 0\n', '  到场次数 1 原因 "现场核验"\n') },
  { code: 'online.paper-copies', files: p('模板 "申请表.docx"', '模板 "申请表.docx" 原件 2 份') },
  { code: 'delivery.online-without-channel', files: p('  递交 网上, 快递\n', '  递交 快递\n') },
  { code: 'online.no-online-submission', files: p('  递交 网上, 快递\n', '  递交 快递\n') },
  {
    code: 'submission.zero-visits-on-site-only',
    files: p('  递交 网上, 快递\n  送达 网上, 快递, 公告\n', '  递交 现场\n  送达 快递\n')
  },
  { code: 'matter.duplicate-option', files: p('  递交 网上, 快递\n', '  递交 网上, 快递, 网上\n') },
  { code: 'result.missing', files: p('  结果 证照 建筑工程施工许可证 有效期 3 年\n', '') },
  { code: 'result.kind-mismatch', files: p('结果 证照 建筑工程施工许可证', '结果 批文 建筑工程施工许可证') },
  { code: 'channels.no-consultation', files: p('  咨询 电话 "0592-5000001", 网上\n', '') },
  { code: 'channels.no-complaint', files: p('  投诉 电话 "0592-12345", 网上\n', '') },
  { code: 'channels.same-phone', files: p('投诉 电话 "0592-12345"', '投诉 电话 "0592-5000001"') },
  { code: 'channels.phone-format', files: p('咨询 电话 "0592-5000001"', '咨询 电话 "5000001"') },
  { code: 'limits.duplicate', files: p('时限 法定 20 工作日', '时限 法定 20 工作日 法定 30 工作日') },
  { code: 'limits.missing-legal', files: p('时限 法定 20 工作日 承诺 7 工作日', '时限 承诺 7 工作日') },
  { code: 'limits.missing-promised', files: p('时限 法定 20 工作日 承诺 7 工作日', '时限 法定 20 工作日') },
  {
    code: 'limits.legal-exceeds-law',
    files: p('法定 20 工作日', '法定 50 工作日'),
    silent: p('法定 20 工作日', '法定 45 工作日')
  },
  {
    code: 'limits.legal-exceeds-law',
    files: a('法定 20 工作日', '法定 21 工作日'),
    silent: a('法定 20 工作日', '法定 60 工作日（依据 "《某某条例》第十条"）')
  },
  {
    code: 'limits.extension-exceeds-law',
    files: a('承诺 10 工作日', '承诺 10 工作日 延期 11 工作日'),
    silent: p('承诺 7 工作日', '承诺 7 工作日 延期 15 工作日')
  },
  { code: 'limits.promised-exceeds-legal', files: p('承诺 7 工作日', '承诺 30 工作日') },
  { code: 'limits.steps-exceed-promised', files: p('审查 由 承办人 2 工作日', '审查 由 承办人 3 工作日') },
  { code: 'limits.immediate-workdays', files: p('承诺 7 工作日', '承诺 4 小时') },
  { code: 'limits.unit-mismatch', files: p('审查 由 承办人 2 工作日', '审查 由 承办人 2 小时') },
  { code: 'limits.delivery-exceeds-law', files: p('送达 10 工作日', '送达 11 工作日') },
  { code: 'limits.first-review-exceeds-law', files: f('初审 市交通运输局 10 工作日', '初审 市交通运输局 21 工作日') },
  { code: 'limits.first-review-steps', files: f('审查 由 承办人 5 工作日', '审查 由 承办人 8 工作日') },
  {
    code: 'steps.first-review-content',
    files: f(
      '      审核 由 处室负责人 3 工作日\n',
      '      审核 由 处室负责人 3 工作日\n      决定 由 处室负责人 0 工作日\n'
    )
  },
  {
    code: 'parallel.lead-is-coapprover',
    files: p(
      '      市自然资源和规划局 "规划条件核实"\n',
      '      市自然资源和规划局 "规划条件核实"\n      市住房和建设局\n'
    )
  },
  {
    code: 'parallel.duplicate-coapprover',
    files: p(
      '      市自然资源和规划局 "规划条件核实"\n',
      '      市自然资源和规划局 "规划条件核实"\n      市自然资源和规划局\n'
    )
  },
  { code: 'parallel.coapprover-exceeds-step', files: p('"消防设计审查" 2 工作日', '"消防设计审查" 4 工作日') },
  { code: 'parallel.lead-not-implementer', files: p('牵头 市住房和建设局', '牵头 市交通运输局') },
  {
    code: 'steps.order',
    files: p(
      '    审核 由 处室负责人 1 工作日\n    决定 由 分管领导 1 工作日\n',
      '    决定 由 分管领导 1 工作日\n    审核 由 处室负责人 1 工作日\n'
    )
  },
  { code: 'steps.missing-acceptance', files: p('    受理 由 窗口 1 工作日\n', '') },
  { code: 'steps.missing-decision', files: p('    决定 由 分管领导 1 工作日\n', '') },
  { code: 'steps.missing-pre-review', files: p('    预审 由 窗口 2 工作日\n', '') },
  {
    code: 'steps.duplicate',
    files: p('    受理 由 窗口 1 工作日\n', '    受理 由 窗口 1 工作日\n    受理 由 窗口 0 工作日\n')
  },
  {
    code: 'special.duplicate',
    files: p('特殊程序 专家评审 最长 20 工作日', '特殊程序 { 专家评审 最长 20 工作日; 专家评审 最长 10 工作日 }')
  },
  { code: 'special.missing-duration', files: p('特殊程序 专家评审 最长 20 工作日', '特殊程序 听证') },
  { code: 'duplicate.field', files: p('    开工日期: 日期\n', '    开工日期: 日期\n    开工日期: 文本\n') },
  { code: 'field.money-unit', files: p('合同价格: 金额 单位 "万元" 必填', '合同价格: 金额 必填') },
  {
    code: 'field.unit-not-allowed',
    files: p('开工日期: 日期', '开工日期: 日期 单位 "天"'),
    silent: p('开工日期: 日期', '开工日期: 数字 单位 "天"')
  },
  { code: 'field.choice-options', files: p('    开工日期: 日期\n', '    开工日期: 日期\n    结构: 选项\n') },
  { code: 'field.options-not-allowed', files: p('开工日期: 日期', '开工日期: 日期 ("上午", "下午")') },
  { code: 'field.duplicate-option', files: p('("新建", "扩建", "改建")', '("新建", "扩建", "新建")') },
  {
    code: 'duplicate.material',
    files: p(
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n',
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n    资金证明 "资金证明"\n'
    )
  },
  { code: 'material.condition-and-necessity', files: p('当 涉及消防', '当 涉及消防 非必要') },
  { code: 'material.scan-pages', files: p('扫描件 最多 5 页', '扫描件 最多 8 页') },
  { code: 'material.elicence-paper', files: p('核发 市自然资源和规划局', '核发 市自然资源和规划局 复印件 1 份') },
  {
    code: 'material.replaces-chain',
    files: p(
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n',
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n    承诺书 "告知承诺书" 代替 替代件\n    替代件 "替代件" 代替 施工合同\n'
    ),
    silent: p(
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n',
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n    承诺书 "告知承诺书" 代替 施工合同, 申请表\n'
    )
  },
  { code: 'link.unknown-field', files: p('当 涉及消防', '当 涉及消防安全') },
  {
    code: 'link.unknown-material',
    files: p(
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n',
      '    资金证明 "建设资金已经落实承诺书" 容缺后补\n    承诺书 "告知承诺书" 代替 不存在\n'
    )
  },
  { code: 'condition.not-yes-no', files: p('当 涉及消防', '当 合同价格') },
  { code: 'condition.type-mismatch', files: p('当 涉及消防', '当 合同价格 = "很多"') },
  { code: 'condition.type-mismatch', files: p('当 涉及消防', '当 涉及消防 = 1') },
  {
    code: 'condition.type-mismatch',
    files: p('当 涉及消防', '当 开工日期 > "明年"'),
    silent: p('当 涉及消防', '当 开工日期 >= "2026-01-01" 或 非 涉及消防')
  },
  {
    code: 'condition.operator',
    files: p('项目类型 = "新建"', '项目类型 > "新建"'),
    silent: p('项目类型 = "新建"', '项目类型 != "新建"')
  },
  { code: 'condition.unknown-option', files: p('项目类型 = "新建"', '项目类型 = "拆除"') },
  { code: 'link.unknown-department', files: p('  部门 市住房和建设局\n', '  部门 市住建局\n') },
  { code: 'link.unknown-role', files: p('审查 由 承办人', '审查 由 科长') },
  { code: 'link.unknown-role', files: f('      审核 由 处室负责人 3 工作日\n', '      审核 由 分管领导 3 工作日\n') },
  { code: 'annual.missing-block', files: a(annual.slice(annual.indexOf('  年检 {'), annual.lastIndexOf('}')), '') },
  { code: 'annual.type-mismatch', files: a('类型 年检', '类型 行政确认') },
  { code: 'annual.missing-mode', files: a('    方式 书面 2 工作日\n', '') },
  { code: 'annual.duplicate-mode', files: a('方式 书面 2 工作日', '方式 书面 2 工作日, 书面 3 工作日') },
  {
    code: 'annual.mode-limit',
    files: a('方式 书面 2 工作日', '方式 书面'),
    silent: a('方式 书面 2 工作日', '方式 书面 2 工作日, 实地 3 工作日')
  },
  { code: 'annual.missing-window', files: a('    时间窗 01-01 至 05-31\n', '') },
  { code: 'annual.window-invalid', files: a('至 05-31', '至 02-30') },
  { code: 'annual.window-reversed', files: a('时间窗 01-01 至 05-31', '时间窗 06-01 至 05-31') },
  { code: 'annual.missing-conclusions', files: a('    结论 合格, 基本合格, 不合格\n', '') },
  { code: 'annual.joint-self', files: a('联合 市消防救援支队', '联合 市住房和建设局') },
  { code: 'annual.joint-duplicate', files: a('联合 市消防救援支队', '联合 市消防救援支队, 市消防救援支队') },
  { code: 'annual.stage-after-window', files: a('登记管理机关 截止 05-31', '登记管理机关 截止 06-30') },
  { code: 'annual.stage-order', files: a('业务主管单位 截止 03-31', '业务主管单位 截止 05-31\n      复查 截止 04-30') },
  {
    code: 'declaration.missing-period',
    files: a('  年检 {', '  网上申报 { 承诺内容 "本单位承诺所报内容真实" }\n  年检 {')
  },
  {
    code: 'declaration.missing-commitment',
    files: a('  年检 {', '  网上申报 { 周期 每年 截止 03-31 }\n  年检 {'),
    silent: a('  年检 {', '  网上申报 { 周期 每季度 截止 期满后 15 日 承诺内容 "本单位承诺所报内容真实" }\n  年检 {')
  },
  {
    code: 'declaration.due-invalid',
    files: a('  年检 {', '  网上申报 { 周期 每年 截止 02-31 承诺内容 "真实" }\n  年检 {')
  },
  {
    code: 'duplicate.department',
    files: { ...withDepartments(permit), 'more.matter': '部门 市消防救援支队 { 角色 承办人 }' }
  },
  { code: 'department.code-malformed', files: d('"11350200MB00000206"', '"11350200MB00000207"') },
  {
    code: 'department.no-roles',
    files: d('层级 市级 角色 承办人 }\n部门 市自然资源和规划局', '层级 市级 }\n部门 市自然资源和规划局')
  },
  {
    code: 'duplicate.role',
    files: d('角色 窗口, 承办人, 处室负责人, 分管领导\n  电话', '角色 窗口, 承办人, 窗口\n  电话')
  },
  {
    code: 'department.duplicate-property',
    files: d('  层级 市级\n  角色 窗口', '  层级 市级\n  层级 县级\n  角色 窗口')
  },
  { code: 'duplicate.region', files: { ...withDepartments(permit), 'more.matter': '地区 厦门市 { 代码 "350200" }' } },
  { code: 'region.code-malformed', files: d('"350200"', '"35020"') },
  { code: 'region.parent-self', files: d('上级 福建省', '上级 厦门市') },
  { code: 'calendar.year-invalid', files: c('日历 2026', '日历 1949') },
  { code: 'duplicate.calendar', files: { ...withDepartments(calendar2026), 'again.matter': calendar2026 } },
  { code: 'calendar.date-invalid', files: c('2026-01-04,', '2026-02-30,') },
  { code: 'calendar.date-outside-year', files: c('2026-01-03', '2027-01-03') },
  { code: 'calendar.date-outside-year', files: c('2026-01-04,', '2025-12-28,') },
  { code: 'calendar.range-reversed', files: c('2026-02-15 至 2026-02-23', '2026-02-23 至 2026-02-15') },
  { code: 'calendar.holiday-and-workday', files: c('2026-02-14,', '2026-02-16,') },
  { code: 'calendar.adjusted-weekday', files: c('2026-02-28', '2026-03-02') },
  { code: 'calendar.duplicate-date', files: c('2026-02-28', '2026-02-28, 2026-02-14') },
  { code: 'calendar.office-hours', files: c('13:30-17:30', '17:30-13:30') },
  {
    code: 'supervision.looser-than-default',
    files: {
      ...p('异常 补正 超过 2 次', '异常 补正 超过 3 次'),
      'defaults.matter': '默认监察 { 预警 到期前 1 工作日; 异常 补正 超过 2 次 }'
    },
    silent: {
      ...p(
        '预警 到期前 1 工作日; 黄牌 超期; 红牌 超过法定时限; 异常 补正 超过 2 次',
        '预警 到期前 2 工作日; 异常 补正 超过 1 次'
      ),
      'defaults.matter': '默认监察 { 预警 到期前 1 工作日; 异常 补正 超过 2 次 }'
    }
  },
  {
    code: 'supervision.looser-than-default',
    files: {
      ...p('预警 到期前 1 工作日', '预警 到期前 0 工作日'),
      'defaults.matter': '默认监察 { 预警 到期前 1 工作日 }'
    }
  },
  {
    code: 'supervision.looser-than-default',
    files: p('异常 补正 超过 2 次', '异常 补正 超过 3 次'),
    silent: p('异常 补正 超过 2 次', '异常 补正 超过 2 次')
  },
  {
    code: 'limits.days-without-basis',
    files: p('时限 法定 20 工作日 承诺 7 工作日', '时限 法定 20 日 承诺 7 工作日'),
    silent: p('时限 法定 20 工作日 承诺 7 工作日', '时限 法定 20 日（依据 "《道路运输条例》第十条"） 承诺 7 日')
  },
  {
    code: 'limits.promised-exceeds-legal',
    files: p('时限 法定 20 工作日 承诺 7 工作日', '时限 法定 5 日（依据 "《条例》"） 承诺 7 工作日')
  },
  {
    code: 'limits.unit-mismatch',
    files: p('    审查 由 承办人 2 工作日\n', '    审查 由 承办人 2 日\n')
  },
  {
    code: 'field.range-not-allowed',
    files: p('    项目名称: 文本 必填', '    项目名称: 文本 最大值 10 必填'),
    silent: p('    合同价格: 金额 单位 "万元" 必填', '    合同价格: 金额 单位 "万元" 最小值 0 最大值 100000 必填')
  },
  {
    code: 'field.range-reversed',
    files: p('    合同价格: 金额 单位 "万元" 必填', '    合同价格: 金额 单位 "万元" 最小值 10 最大值 1 必填')
  },
  {
    code: 'eligibility.empty',
    files: p('  服务对象 企业法人\n', '  服务对象 企业法人\n  申请条件 { }\n'),
    silent: p(
      '  服务对象 企业法人\n',
      '  服务对象 企业法人\n  申请条件 {\n    大型项目: 合同价格 >= 100 说明 "合同价格 100 万元以上" 适用于 项目类型 = "新建"\n  }\n'
    )
  },
  {
    code: 'eligibility.duplicate',
    files: p('  服务对象 企业法人\n', '  服务对象 企业法人\n  申请条件 { 大型: 合同价格 >= 100  大型: 涉及消防 }\n')
  },
  {
    code: 'condition.type-mismatch',
    files: p('  服务对象 企业法人\n', '  服务对象 企业法人\n  申请条件 { 大型: 合同价格 >= "一百" }\n')
  },
  {
    code: 'link.unknown-field',
    files: p('  服务对象 企业法人\n', '  服务对象 企业法人\n  申请条件 { 大型: 工程造价 >= 100 }\n')
  },
  {
    code: 'correction.limit-invalid',
    files: p('  时限 法定 20 工作日 承诺 7 工作日\n', '  时限 法定 20 工作日 承诺 7 工作日\n  补正期限 当日\n'),
    silent: p(
      '  时限 法定 20 工作日 承诺 7 工作日\n',
      '  时限 法定 20 工作日 承诺 7 工作日\n  补正期限 30 日 逾期 视为撤回\n'
    )
  },
  {
    code: 'appointment.no-window',
    files: p('  递交 网上, 快递\n', '  递交 网上, 快递\n  预约 支持\n'),
    silent: p('  递交 网上, 快递\n', '  递交 网上, 快递, 现场\n  预约 支持 "提前 1 日预约"\n')
  },
  {
    code: 'matter.duplicate-property',
    files: p('  收费 无\n', '  收费 无\n  数量限制 "每年一次"\n  数量限制 "每年两次"\n'),
    silent: p(
      '  结果 证照 建筑工程施工许可证 有效期 3 年\n',
      '  结果 证照 建筑工程施工许可证 有效期 3 年\n  结果 批文 建筑工程施工许可决定书\n  结果 证照 消防验收合格证 当 涉及消防\n'
    )
  },
  {
    code: 'repeat.max-invalid',
    files: p('  收费 无\n', '  收费 无\n  每证限办 0 次 证照 建筑工程施工许可证\n'),
    silent: p('  收费 无\n', '  收费 无\n  每证限办 2 次 证照 建筑工程施工许可证\n')
  },
  {
    code: 'result.duplicate',
    files: p(
      '  结果 证照 建筑工程施工许可证 有效期 3 年\n',
      '  结果 证照 建筑工程施工许可证 有效期 3 年\n  结果 证照 建筑工程施工许可证\n'
    )
  },
  {
    code: 'department.office-hours',
    files: d('  代码 "11350200MB00000105"\n', '  代码 "11350200MB00000105"\n  办公时间 14:30-18:00, 08:30-12:00\n'),
    silent: d('  代码 "11350200MB00000105"\n', '  代码 "11350200MB00000105"\n  办公时间 8:30-12:00, 14:30-18:00\n')
  },
  {
    code: 'department.parent-self',
    files: d(HOUSING, HOUSING + '  上级部门 市住房和建设局\n'),
    silent: d(HOUSING, HOUSING + '  上级部门 省住房和城乡建设厅\n')
  },
  {
    code: 'department.parent-cycle',
    files: {
      'departments.matter': edit(
        edit(departments, HOUSING, HOUSING + '  上级部门 市消防救援支队\n'),
        '部门 市消防救援支队 { 代码 "11350200MB00000206"',
        '部门 市消防救援支队 { 上级部门 市住房和建设局 代码 "11350200MB00000206"'
      )
    },
    silent: d(HOUSING, HOUSING + '  上级部门 市消防救援支队\n')
  },
  {
    code: 'department.parent-level',
    files: d(
      '部门 省住房和城乡建设厅 { 代码 "11350000MB0000040X"',
      '部门 省住房和城乡建设厅 { 上级部门 市住房和建设局 代码 "11350000MB0000040X"'
    ),
    silent: d(HOUSING, HOUSING + '  上级部门 省住房和城乡建设厅\n')
  },
  {
    code: 'department.parent-region',
    files: {
      'departments.matter': edit(
        departments,
        '地区 厦门市 {',
        '地区 泉州市 { 代码 "350500" 层级 市级 上级 福建省 }\n部门 泉州市住房和城乡建设局 { 地区 泉州市 层级 市级 角色 承办人 }\n地区 厦门市 {'
      ).replace(HOUSING, HOUSING + '  上级部门 泉州市住房和城乡建设局\n')
    },
    silent: d(HOUSING, HOUSING + '  上级部门 市交通运输局\n')
  },
  {
    code: 'department.former-name-current',
    files: d(HOUSING, HOUSING + '  曾用名 "市建设局", 市交通运输局\n'),
    silent: d(HOUSING, HOUSING + '  曾用名 "市建设局", "市建设委员会"\n')
  },
  { code: 'department.former-name-current', files: d(HOUSING, HOUSING + '  曾用名 市住房和建设局\n') },
  { code: 'department.former-name-duplicate', files: d(HOUSING, HOUSING + '  曾用名 "市建设局", "市建设局"\n') },
  {
    code: 'department.place-duplicate',
    files: d(HOUSING, HOUSING + '  办理地点 "市民中心 B 区", "市民中心 B 区"\n'),
    silent: d(HOUSING, HOUSING + '  办理地点 "市民中心 B 区"（办公时间 08:30-12:00）, "湖里分中心"\n')
  },
  {
    code: 'department.office-hours',
    files: d(HOUSING, HOUSING + '  办理地点 "市民中心 B 区"（办公时间 14:30-12:00）\n')
  },
  {
    code: 'department.duplicate-property',
    files: d(HOUSING, HOUSING + '  上级部门 省住房和城乡建设厅\n  上级部门 省住房和城乡建设厅\n')
  },
  {
    code: 'duplicate.supervision-defaults',
    files: {
      ...withDepartments(permit),
      'defaults.matter': '默认监察 { 预警 到期前 1 工作日 }',
      'more.matter': '默认监察 { 预警 到期前 2 工作日 }'
    }
  }
];

describe('the baselines are clean', () => {
  it('departments, the permit, the annual inspection, the first review and the calendar give no diagnostics', async () => {
    const checked = await checkFiles({
      'departments.matter': departments,
      'p.matter': permit,
      'a.matter': annual,
      'f.matter': firstReview,
      'c.matter': calendar2026
    });
    expect(
      checked
        .of('p.matter')
        .concat(
          checked.of('a.matter'),
          checked.of('f.matter'),
          checked.of('c.matter'),
          checked.of('departments.matter')
        )
        .map(x => x.message)
    ).toEqual([]);
  });
});

describe('every check fires on its mistake, with a Chinese message at a real place', () => {
  it.each(cases.map((entry, i) => ({ ...entry, i })))('$code (#$i)', async ({ code, files }) => {
    const checked = await checkFiles(files);
    const found = checked.codes().filter(x => x === code);
    expect(found.length, `codes: ${checked.codes().join(', ')}`).toBeGreaterThan(0);
    for (const name of Object.keys(files)) {
      for (const diagnostic of checked.of(name).filter(x => x.code === code)) {
        expect(diagnostic.message).toMatch(/[\u4e00-\u9fff]/);
        expect(diagnostic.range.start.line).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('and stays quiet where the same thing is written correctly', () => {
  const quiet = cases.filter(entry => entry.silent);
  it.each(quiet.map((entry, i) => ({ ...entry, i })))('$code (#$i)', async ({ code, silent }) => {
    const checked = await checkFiles(silent!);
    expect(checked.codes()).not.toContain(code);
    expect(checked.errors().map(x => x.message)).toEqual([]);
  });
});

describe('quick fixes', () => {
  it('offers the closest department name for a misspelt one', async () => {
    const checked = await checkFiles(p('  部门 市住房和建设局\n', '  部门 市住房和建设厅\n'));
    const diagnostic = checked.of('m.matter').find(x => x.code === 'link.unknown-department');
    expect(diagnostic?.message).toBe('找不到名为“市住房和建设厅”的部门。是不是“市住房和建设局”？');
    expect((diagnostic?.data as { fix: { edits: Array<{ newText: string }> } }).fix.edits[0]?.newText).toBe(
      '市住房和建设局'
    );
  });

  it('sets the promised limit to the legal one', async () => {
    const checked = await checkFiles(p('承诺 7 工作日', '承诺 30 工作日'));
    const diagnostic = checked.of('m.matter').find(x => x.code === 'limits.promised-exceeds-legal');
    const fix = (diagnostic?.data as { fix: { title: string; edits: Array<{ newText: string }> } }).fix;
    expect(fix.title).toBe('把承诺时限改为 20 个工作日');
    expect(fix.edits[0]?.newText).toBe('20 工作日');
  });
});

describe('supervision defaults belong to their folder', () => {
  it('two catalogues side by side each have their own, and each matter is held to its own', async () => {
    const checked = await checkFiles({
      'a/departments.matter': departments,
      'a/defaults.matter': '默认监察 { 异常 补正 超过 1 次 }',
      'a/m.matter': permit,
      'b/defaults.matter': '默认监察 { 异常 补正 超过 3 次 }'
    });
    expect(checked.codes()).not.toContain('duplicate.supervision-defaults');
    expect(checked.of('a/m.matter').map(x => x.message)).toEqual([
      '补正超过 2 次才算异常，比默认的 1 次宽松：事项只能收紧。'
    ]);
  });
});
