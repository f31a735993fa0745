/**
 * A supervision event as staff read it: its level, the rule that raised it and whom it holds responsible, in
 * Chinese. The rules' codes are the engine's (runtime/src/cases/engine/supervise.ts), the requests' timers and the
 * explanation's own card (runtime/src/supervision/handling.ts).
 */

export type Level = 'warning' | 'yellowCard' | 'redCard' | 'anomaly';

export const levelLabels: Record<Level, string> = {
  warning: '预警',
  yellowCard: '黄牌',
  redCard: '红牌',
  anomaly: '异常'
};

export const handlingLabels = {
  open: '待处理',
  explanationRequested: '待说明',
  explained: '已说明',
  corrected: '已纠正',
  closed: '已回告办结',
  reopened: '督查局发回重新处理',
  upheld: '督查局维持'
} as const;
export type HandlingState = keyof typeof handlingLabels;

export const actionLabels = {
  requestExplanation: '要求说明',
  explain: '作出说明',
  correct: '记录纠正',
  close: '回告办结',
  reexamine: '再监察',
  accountability: '责任追究'
} as const;
export type HandlingAction = keyof typeof actionLabels;

/** seeds/000 责任追究: the four measures, as the API names them. */
export const measureLabels = {
  education: '教育帮助',
  criticism: '通报批评',
  rectification: '责令限期改正',
  discipline: '依照法纪追究责任'
} as const;
export type Measure = keyof typeof measureLabels;

/** The limit a deadline rule watched, from the second part of its key (`redCard:legal:…`, `yellowCard:step:…`). */
const limitLabels: Record<string, string> = {
  preReview: '预审时限',
  promised: '承诺办结时限',
  legal: '法定办结时限',
  step: '环节时限',
  stage: '下级机关初审时限',
  coApprover: '并联审批答复时限',
  delivery: '送达时限'
};

const ruleLabels: Record<string, string> = {
  coApproverLate: '并联审批逾期答复',
  corrections: '多次补正（补正应一次性告知）',
  decisionWithoutCoApproval: '未等并联审批答复即作出决定',
  wrongRole: '非本岗位人员办理',
  refusalWithoutReasons: '不予受理未说明理由',
  deadlineMoved: '法定时限被改动而无经批准的延期',
  overdueUnexplained: '超期未向申请人说明原因和新时限',
  explanationOverdue: '监察说明超过期限',
  consultationOverdue: '咨询超期未答复',
  consultationForwardLate: '咨询转办超期',
  complaintOverdue: '投诉超期未受理',
  rectificationOverdue: '差评整改超期'
};

/**
 * The rule that raised an event, in Chinese: 超过法定办结时限, 法定办结时限即将到期, 非本岗位人员办理 … Where the key
 * is not known (the explanations asked of me), the limit is the one the event's message names.
 */
export function ruleText(rule: string, key: string, message = ''): string {
  if (rule === 'warning' || rule === 'yellowCard' || rule === 'redCard') {
    const limit =
      limitLabels[key.split(':')[1] ?? ''] ??
      Object.values(limitLabels).find(label => message.includes(label)) ??
      '办理时限';
    return rule === 'warning' ? `${limit}即将到期` : `超过${limit}`;
  }
  return ruleLabels[rule] ?? rule;
}

export interface Addressee {
  person?: { id: string; name: string };
  role?: string;
}

/** Reads the `responsible` of a list item (the API gives it untyped): a person and a post, or neither. */
export function addresseeOf(value: unknown): Addressee {
  if (!value || typeof value !== 'object') return {};
  const v = value as { person?: { id?: unknown; name?: unknown }; role?: unknown };
  return {
    ...(typeof v.role === 'string' && v.role ? { role: v.role } : {}),
    ...(v.person && typeof v.person.id === 'string' && typeof v.person.name === 'string'
      ? { person: { id: v.person.id, name: v.person.name } }
      : {})
  };
}

/** 陈承办（承办人）, 承办人岗位, or — when the record names no one. */
export function addresseeText(to: Addressee, none = '—'): string {
  if (to.person) return to.role ? `${to.person.name}（${to.role}）` : to.person.name;
  return to.role ? `${to.role}岗位` : none;
}
