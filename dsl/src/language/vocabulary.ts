/**
 * The canonical (English, as in the Definition) value of every keyword that carries a value, whichever
 * spelling the author used. One table per data-type rule of the grammar.
 */
function table<T extends string>(pairs: Record<T, readonly string[]>): (spelling: string | undefined) => T | undefined {
  const lookup = new Map<string, T>();
  for (const [canonical, spellings] of Object.entries(pairs) as [T, readonly string[]][]) {
    lookup.set(canonical, canonical);
    for (const spelling of spellings) lookup.set(spelling, canonical);
  }
  return spelling => (spelling === undefined ? undefined : lookup.get(spelling));
}

export const matterType = table({
  licensing: ['行政许可'],
  punishment: ['行政处罚'],
  enforcement: ['行政强制'],
  levy: ['行政征收'],
  benefit: ['行政给付'],
  inspection: ['行政检查'],
  confirmation: ['行政确认'],
  reward: ['行政奖励'],
  adjudication: ['行政裁决'],
  otherPower: ['其他行政权力'],
  publicService: ['公共服务'],
  referral: ['审核转报'],
  filing: ['备案'],
  annualInspection: ['年检']
});

export const level = table({
  national: ['国家级'],
  province: ['省级'],
  city: ['市级'],
  county: ['县级'],
  township: ['乡级'],
  village: ['村级']
});

export const levelLabel: Record<string, string> = {
  national: '国家级',
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级',
  village: '村级'
};

export const serviceObject = table({
  person: ['自然人'],
  enterprise: ['企业法人'],
  institution: ['事业法人'],
  socialOrganisation: ['社会组织法人'],
  unincorporated: ['非法人企业'],
  government: ['行政机关'],
  otherOrganisation: ['其他组织']
});

export const channelKind = table({
  phone: ['电话'],
  online: ['网上'],
  onSite: ['现场'],
  letter: ['信函'],
  email: ['邮箱']
});
export const channelPurpose = table({ consultation: ['咨询'], complaint: ['投诉'] });
export const resultKind = table({ licence: ['证照'], document: ['批文'], other: ['其他'] });
export const durationUnit = table({ years: ['年'], months: ['个月'], days: ['日'] });
export const paperHow = table({ bring: ['现场提交'], mail: ['邮寄'], bringOrMail: ['现场提交或邮寄'] });

export const fieldKind = table({
  text: ['文本'],
  number: ['数字'],
  money: ['金额'],
  date: ['日期'],
  choice: ['选项'],
  yesNo: ['是否'],
  idNumber: ['身份证号'],
  creditCode: ['统一社会信用代码'],
  address: ['地址'],
  phone: ['电话']
});

export const fieldKindLabel: Record<string, string> = {
  text: '文本',
  number: '数字',
  money: '金额',
  date: '日期',
  choice: '选项',
  yesNo: '是否',
  idNumber: '身份证号',
  creditCode: '统一社会信用代码',
  address: '地址',
  phone: '电话'
};

export const paperForm = table({ original: ['原件'], copy: ['复印件'], originalOrCopy: ['原件或复印件'] });
export const necessity = table({ required: ['必要'], optional: ['非必要'], later: ['容缺后补'] });
export const submissionMode = table({ onSite: ['现场'], express: ['快递'], online: ['网上'] });
export const deliveryMode = table({ onSite: ['现场'], express: ['快递'], online: ['网上'], announcement: ['公告'] });
export const limitUnit = table({ workdays: ['工作日'], days: ['日', '自然日'], hours: ['小时'] });

/** How a limit's unit reads after its number: 工作日, 日 (calendar days), 小时. */
export const limitUnitLabel: Record<'workdays' | 'days' | 'hours', string> = {
  workdays: '工作日',
  days: '日',
  hours: '小时'
};

export const specialKind = table({
  hearing: ['听证'],
  tender: ['招标'],
  auction: ['拍卖'],
  inspection: ['检验'],
  testing: ['检测'],
  quarantine: ['检疫'],
  appraisal: ['鉴定'],
  expertReview: ['专家评审'],
  publicNotice: ['公示']
});

export const specialKindLabel: Record<string, string> = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expertReview: '专家评审',
  publicNotice: '公示'
};

export const inspectionMode = table({ written: ['书面'], onSite: ['实地'] });
export const conclusion = table({ pass: ['合格'], basicPass: ['基本合格'], fail: ['不合格'] });
export const period = table({ yearly: ['每年'], halfYearly: ['每半年'], quarterly: ['每季度'], monthly: ['每月'] });
export const reviewLabel = table({ 审查: ['review'], 审核: [], 复核: [] });

export const comparator = table({
  '=': ['＝'],
  '!=': ['≠'],
  '>': ['＞'],
  '>=': ['≥'],
  '<': ['＜'],
  '<=': ['≤']
});

/** 一级…四级, or a digit, as the online depth 1–4. */
export function onlineDepth(spelling: string | number | undefined): number | undefined {
  if (spelling === undefined) return undefined;
  const byWord: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4 };
  const value = typeof spelling === 'number' ? spelling : (byWord[spelling] ?? Number(spelling));
  return Number.isInteger(value) ? value : undefined;
}

export function isTrueLiteral(spelling: string): boolean {
  return spelling === 'true' || spelling === '是';
}
