import {
  channelLabels,
  conditionText,
  limitText,
  contactKindLabels,
  levelLabels,
  matterTypeLabels,
  paperFormLabels,
  serviceObjectLabels,
  type Definition,
  type Limit
} from '@banshi/definition';

/**
 * The Chinese words of the diff: the enums' names come from @banshi/definition's one table, which the hall's guide
 * reads too, so what the head reads in the review is what the citizen reads in the guide.
 */
export const levels = levelLabels;
export const serviceObjects = serviceObjectLabels;
export const channels = channelLabels;
export const channelKinds = contactKindLabels;

/** How a material's necessity reads after “改为”: 材料“X”改为必交. */
export const necessity: Record<Definition['materials'][number]['necessity'], string> = {
  required: '必交',
  optional: '非必交',
  later: '容缺后补',
  conditional: '特定情形需提交'
};

export const paperForms = paperFormLabels;

export const fieldKinds: Record<Definition['form'][number]['kind'], string> = {
  text: '文本',
  number: '数字',
  money: '金额',
  date: '日期',
  choice: '选项',
  yesNo: '是否',
  idNumber: '身份证号码',
  creditCode: '统一社会信用代码',
  address: '地址',
  phone: '电话'
};

export const stepKinds = {
  preReview: '预审',
  acceptance: '受理',
  review: '审查',
  decision: '决定',
  delivery: '送达',
  parallel: '并联审批',
  firstReview: '下级初审'
} as const;

export const specialKinds = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expertReview: '专家评审',
  publicNotice: '公示'
} as const;

export const resultKinds = { licence: '证照', document: '文书', other: '其他' } as const;

export const paperHow = { bring: '现场提交', mail: '邮寄', bringOrMail: '现场提交或邮寄' } as const;

export { matterTypeLabels };

/** A limit as the guide writes it: 当日, 20 个工作日, 20 日, 4 个工作小时. */
export { limitText };

/** “承诺时限 20 → 15 个工作日” when the unit stays, “20 个工作日 → 20 日” when it changes. */
export function limitChange(a: Limit, b: Limit): string {
  if (a.unit === b.unit && a.amount > 0 && b.amount > 0 && a.unit !== 'days') return `${a.amount} → ${limitText(b)}`;
  if (a.unit === 'days' && b.unit === 'days') return `${a.amount} → ${b.amount} 日`;
  return `${limitText(a)} → ${limitText(b)}`;
}

export { conditionText };
