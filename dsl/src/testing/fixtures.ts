import { EmptyFileSystem, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createMatterServices, type MatterServices } from '../language/matter-module.js';
import { loadWorkspace, type MatterWorkspace } from '../workspace/load.js';

/** Departments and regions most tests link against; every code has a valid check character. */
export const departments = `
地区 福建省 { 代码 "350000" 层级 省级 }
地区 厦门市 { 代码 "350200" 层级 市级 上级 福建省 }
部门 市住房和建设局 {
  代码 "11350200MB00000105"
  地区 厦门市
  层级 市级
  角色 窗口, 承办人, 处室负责人, 分管领导
  电话 咨询 "0592-5000001", 投诉 "0592-5000002"
}
部门 市消防救援支队 { 代码 "11350200MB00000206" 地区 厦门市 层级 市级 角色 承办人 }
部门 市自然资源和规划局 { 代码 "11350200MB00000307" 地区 厦门市 层级 市级 角色 承办人 }
部门 省住房和城乡建设厅 { 代码 "11350000MB0000040X" 地区 福建省 层级 省级 角色 窗口, 承办人, 处室负责人, 分管领导 }
部门 市交通运输局 { 代码 "11350200MB00000509" 地区 厦门市 层级 市级 角色 窗口, 承办人, 处室负责人 }
`;

/** A complete, valid construction-permit matter; tests replace one line to make one mistake. */
export const permit = `事项 建筑工程施工许可证核发 {
  编码 "11350200MB00000105300011700600001"
  类型 行政许可
  部门 市住房和建设局
  层级 市级
  依据 "《中华人民共和国建筑法》第八条"
  条件 "已经办理该建筑工程用地批准手续"
  服务对象 企业法人
  收费 无
  办理地点 "市民中心 B 区 3 号窗口"
  办理时间 "周一至周五 9:00-12:00, 13:30-17:30（法定节假日除外）"
  咨询 电话 "0592-5000001", 网上
  投诉 电话 "0592-12345", 网上
  结果 证照 建筑工程施工许可证 有效期 3 年
  到场次数 0
  网办深度 四级
  纸质材料 无需
  表单 {
    项目名称: 文本 必填
    建设单位: 统一社会信用代码 必填
    合同价格: 金额 单位 "万元" 必填
    项目类型: 选项 ("新建", "扩建", "改建") 必填
    涉及消防: 是否
    开工日期: 日期
  }
  材料 {
    申请表 "建筑工程施工许可申请表" 模板 "申请表.docx"
    用地批准 "建设用地规划许可证" 来源 电子证照 建设用地规划许可证 核发 市自然资源和规划局
    施工合同 "施工合同" 扫描件 最多 5 页
    消防意见 "消防设计审查意见书" 当 涉及消防
    大额担保 "工程款支付担保" 当 合同价格 >= 1000 且 项目类型 = "新建"
    资金证明 "建设资金已经落实承诺书" 容缺后补
  }
  递交 网上, 快递
  送达 网上, 快递, 公告
  时限 法定 20 工作日 承诺 7 工作日
  环节 {
    预审 由 窗口 2 工作日
    受理 由 窗口 1 工作日
    审查 由 承办人 2 工作日
    并联 3 工作日 牵头 市住房和建设局 {
      市消防救援支队 "消防设计审查" 2 工作日
      市自然资源和规划局 "规划条件核实"
    }
    审核 由 处室负责人 1 工作日
    决定 由 分管领导 1 工作日
    送达 10 工作日
  }
  特殊程序 专家评审 最长 20 工作日
  监察 { 预警 到期前 1 工作日; 黄牌 超期; 红牌 超过法定时限; 异常 补正 超过 2 次 }
}
`;

export interface Checked {
  workspace: MatterWorkspace;
  /** Diagnostics of the file named `name`. */
  of(name: string): Diagnostic[];
  /** Codes of the diagnostics in `name` (all files when omitted). */
  codes(name?: string): string[];
  errors(name?: string): Diagnostic[];
}

/** Parses, links and checks in-memory files named like `catalog/x.matter`. */
export async function checkFiles(files: Record<string, string>): Promise<Checked> {
  const workspace = await loadWorkspace(workspaceEntries(files));
  return checked(workspace, Object.keys(files), name => workspace.document(`file:///ws/${name}`)?.diagnostics ?? []);
}

const workspaceEntries = (files: Record<string, string>) =>
  Object.entries(files).map(([name, text]) => ({ uri: `file:///ws/${name}`, text }));

/** A check's result over the files `names`, their diagnostics read through `of`. */
function checked(workspace: MatterWorkspace, names: string[], of: (name: string) => Diagnostic[]): Checked {
  const all = (name?: string) => (name ? of(name) : names.flatMap(of));
  return {
    workspace,
    of,
    codes: name => all(name).map(d => String(d.code)),
    errors: name => all(name).filter(d => d.severity === 1)
  };
}

/**
 * A `checkFiles` that keeps one set of language services for every check it makes, as a language server does: each
 * call first removes the previous call's documents (DocumentBuilder.update, as when an editor closes them), so each
 * workspace is checked alone, and builds only the new files. Building the parser and the services is most of a
 * small check's time. Diagnostics are read when the check ends, so a result stays as it was; its `workspace` is good
 * only until the next call. For files of many independent checks, each reading its result before the next.
 */
export function reusedChecker(): (files: Record<string, string>) => Promise<Checked> {
  let services: MatterServices | undefined;
  let previous: URI[] = [];
  return async files => {
    services ??= createMatterServices(EmptyFileSystem).Matter;
    if (previous.length) await services.shared.workspace.DocumentBuilder.update([], previous);
    const entries = workspaceEntries(files);
    const workspace = await loadWorkspace(entries, services);
    previous = entries.map(e => URI.parse(e.uri));
    const diagnostics = new Map(
      Object.keys(files).map(name => [name, workspace.document(`file:///ws/${name}`)?.diagnostics ?? []])
    );
    return checked(workspace, Object.keys(files), name => diagnostics.get(name) ?? []);
  };
}

/** Checks the standard departments and one matter text. */
export function checkMatter(text: string): Promise<Checked> {
  return checkFiles({ 'departments.matter': departments, 'm.matter': text });
}

/** The permit with the first occurrence of `from` replaced by `to`; fails loudly if `from` is absent. */
export function permitWith(from: string, to: string): string {
  if (!permit.includes(from)) throw new Error(`fixture does not contain: ${from}`);
  return permit.replace(from, to);
}

/** A valid two-stage annual inspection of private non-enterprise units. */
export const annual = `事项 民办非企业单位年度检查 {
  编码 "11350200MB00000105300071100100001"
  类型 年检
  部门 市住房和建设局
  层级 市级
  依据 "《民办非企业单位年度检查办法》（民政部令第27号）"
  收费 无
  咨询 电话 "0592-5000001"
  投诉 电话 "0592-12345"
  到场次数 0
  纸质材料 预审后 邮寄
  递交 网上, 快递
  送达 网上
  时限 法定 20 工作日 承诺 10 工作日
  环节 {
    预审 由 窗口 2 工作日
    受理 由 窗口 1 工作日
    审查 由 承办人 5 工作日
    决定 由 分管领导 2 工作日
  }
  年检 {
    方式 书面 2 工作日
    联合 市消防救援支队
    时间窗 01-01 至 05-31
    结论 合格, 基本合格, 不合格
    阶段 {
      业务主管单位 截止 03-31
      登记管理机关 截止 05-31
    }
  }
}
`;

/** A valid city-first-review, province-decision matter. */
export const firstReview = `事项 建筑业企业资质核准 {
  编码 "11350000MB0000040X200011700700001"
  类型 行政许可
  部门 省住房和城乡建设厅
  层级 省级
  收费 无
  咨询 电话 "0591-5000001"
  投诉 电话 "0591-12345"
  结果 证照 建筑业企业资质证书 有效期 5 年
  纸质材料 无需
  递交 网上
  送达 网上
  时限 法定 20 工作日 承诺 15 工作日
  环节 {
    初审 市交通运输局 10 工作日 {
      预审 由 窗口 2 工作日
      受理 由 窗口 1 工作日
      审查 由 承办人 5 工作日
      审核 由 处室负责人 3 工作日
    }
    审查 由 承办人 3 工作日
    决定 由 分管领导 2 工作日
  }
}
`;

export const calendar2026 = `日历 2026 {
  来源 "国务院办公厅关于2026年部分节假日安排的通知"
  节假日 元旦 2026-01-01 至 2026-01-03
  节假日 春节 2026-02-15 至 2026-02-23
  调休上班 2026-01-04, 2026-02-14, 2026-02-28
  办公时间 09:00-12:00, 13:30-17:30
}
`;
