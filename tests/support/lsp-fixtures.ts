import { creditCodeCheckChar } from '@banshi/definition/identifiers';

/** Test content: a department with roles, and a matter with one deliberate mistake (承诺 longer than 法定). */

const first17 = '11350200MB0000001';
/** 市住房和建设局's unified social credit code, with its GB 32100 check character. */
export const departmentCode = first17 + creditCodeCheckChar(first17);
/** A 33-character matter code: credit code, level 3 (市级), 12-digit basic code, item 00. */
export const matterCode = `${departmentCode}3${'000100200300'}00`;

export const departmentsText = `地区 福建省 { 代码 "350000" 层级 省级 }
地区 厦门市 { 代码 "350200" 层级 市级 上级 福建省 }

部门 市住房和建设局 {
  代码 "${departmentCode}"
  地区 厦门市
  层级 市级
  角色 窗口, 承办人, 处室负责人, 分管领导
  电话 咨询 "0592-1234567", 投诉 "0592-7654321"
}
`;

export const matterText = `事项 建筑工程施工许可证核发 ｛
  编码 "${matterCode}"
  类型 行政许可
  部门 市住房和建设局
  层级 市级
  依据 "《中华人民共和国建筑法》第八条"
  服务对象 企业法人
  收费 无
  咨询 电话 "0592-1234567"
  投诉 电话 "0592-7654321"
  结果 证照 建筑工程施工许可证 有效期 长期
  到场次数 0
  网办深度 四级
  纸质材料 无需
  递交 网上
  送达 网上, 快递
  表单 {
    项目名称: 文本 必填
    涉及消防: 是否 必填
  }
  材料 {
    申请表 "建筑工程施工许可申请表" 必要
    消防意见 "消防设计审查意见" 当 涉及消防
  }
  时限 法定 20 工作日 承诺 25 工作日
  环节 {
    预审 由 窗口 1 工作日
    受理 由 窗口 1 工作日
    审查 由 承办人 3 工作日
    审核 由 处室负责人 1 工作日
    决定 由 分管领导 1 工作日
    送达 由 窗口 1 工作日
  }
}
`;

/** Another matter (its own name and code) whose acceptance step glues the keyword 由 to the role: `由窗口`. */
export const gluedText = matterText
  .replace('建筑工程施工许可证核发', '建筑工程施工许可证变更')
  .replace(matterCode, `${matterCode.slice(0, -2)}01`)
  .replace('受理 由 窗口', '受理 由窗口');

/** Line and character of the `nth` occurrence of `needle` in `text`, plus `shift` characters. */
export function positionOf(text: string, needle: string, shift = 0, nth = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`“${needle}” occurs fewer than ${nth + 1} times`);
  }
  offset += shift;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}
