/** Words of the performance pages: periods as Chinese reads them, the figures' names, channels and statuses. */
import type { Figure } from './performance-api';

const quarters = ['一', '二', '三', '四'];

/** “2026年第四季度”, “2026年11月”, “2026年”, “2026-11-01 至 2026-11-30”, “全部期间”. */
export function periodText(scope: { period?: string; from?: string; to?: string }): string {
  const match = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(scope.period ?? '');
  if (match) {
    if (match[2]) return `${match[1]}年第${quarters[Number(match[2]) - 1]}季度`;
    if (match[3]) return `${match[1]}年${Number(match[3])}月`;
    return `${match[1]}年`;
  }
  if (scope.from || scope.to) return `${scope.from ?? '最早'} 至 ${scope.to ?? '今天'}`;
  return '全部期间';
}

export const figureLabels: Record<Figure, string> = {
  received: '收件',
  accepted: '受理',
  refused: '不予受理',
  withdrawn: '撤回',
  decided: '办结',
  promisedEarly: '对照承诺时限提前办结',
  promisedOnTime: '对照承诺时限按时办结',
  promisedLate: '对照承诺时限超期',
  legalEarly: '对照法定时限提前办结',
  legalOnTime: '对照法定时限按时办结',
  legalLate: '对照法定时限超期',
  corrected: '经补正的办件',
  warnings: '预警',
  yellowCards: '黄牌',
  redCards: '红牌',
  anomalies: '异常',
  complaints: '投诉',
  rated: '评价',
  badRatings: '差评',
  online: '网上申报',
  window: '窗口收件',
  express: '邮寄收件'
};

export const channelLabels: Record<string, string> = { online: '网上', onSite: '窗口', express: '邮寄' };

/** As the engine names them (runtime/src/cases/engine/rejection.ts). */
export const statusLabels: Record<string, string> = {
  submitted: '已提交，待预审',
  correcting: '待补正',
  awaitingPaper: '待递交纸质材料',
  preReviewed: '预审通过，待受理',
  inReview: '办理中',
  paused: '特殊程序中（暂停计时）',
  decided: '已决定，待送达',
  delivered: '已送达',
  completed: '已办结',
  refused: '不予受理',
  withdrawn: '已撤回',
  archived: '已归档'
};

/** A share 0–1 as a percentage, one decimal at most: 0.89 → “89%”. */
export const percentText = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;
