import type { Condition } from './condition.ts';
import type { Limit } from './common.ts';
import type { Definition } from './matter.ts';

/**
 * What the Definition's enums are called in Chinese, as the guide prints them and the department head reads them
 * in a change's diff: one table, so the review says what the citizen will read.
 */
export const levelLabels: Record<Definition['level'], string> = {
  national: '国家级',
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇级',
  village: '村级'
};

export const serviceObjectLabels: Record<Definition['serviceObjects'][number], string> = {
  person: '自然人',
  enterprise: '企业法人',
  institution: '事业单位法人',
  socialOrganisation: '社会组织法人',
  unincorporated: '非法人企业',
  government: '行政机关',
  otherOrganisation: '其他组织'
};

/** Where an application is handed in and a result delivered. */
export const channelLabels: Record<'onSite' | 'express' | 'online' | 'announcement', string> = {
  onSite: '窗口',
  express: '快递',
  online: '网上',
  announcement: '公告'
};

/** How a consultation or complaint reaches the department. */
export const contactKindLabels: Record<Definition['consultation'][number]['kind'], string> = {
  phone: '电话',
  online: '网上',
  onSite: '现场',
  letter: '信函',
  email: '电子邮件'
};

export const paperFormLabels = { original: '原件', copy: '复印件', originalOrCopy: '原件或复印件' } as const;

/** A limit as the guide prints it: “当日”, “20 个工作日”, “30 日”, “4 个工作小时”. */
export const limitText = (l: Limit) =>
  l.amount === 0 && l.unit === 'workdays'
    ? '当日'
    : l.unit === 'days'
      ? `${l.amount} 日`
      : `${l.amount} 个${l.unit === 'workdays' ? '工作日' : '工作小时'}`;

const comparators = { '=': '为', '!=': '不为', '>': '大于', '>=': '不小于', '<': '小于', '<=': '不大于' } as const;

/** A condition as a sentence: “涉及消防”为是, “合同价格”不小于 3000. */
export function conditionText(c: Condition): string {
  switch (c.op) {
    case 'and':
      return `${conditionText(c.left)}且${conditionText(c.right)}`;
    case 'or':
      return `${conditionText(c.left)}或${conditionText(c.right)}`;
    case 'not':
      return `非（${conditionText(c.operand)}）`;
    case 'truthy':
      return `“${c.field}”为是`;
    case 'compare':
      return `“${c.field}”${comparators[c.comparator]} ${typeof c.value === 'boolean' ? (c.value ? '是' : '否') : c.value}`;
  }
}
