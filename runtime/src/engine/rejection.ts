import type { CaseStatus } from './case-state.ts';

/** A command the engine will not carry out: a code for programs and a sentence a clerk understands. */
export interface Rejection {
  code: string;
  message: string;
}

export type Decision<E> = { ok: true; events: E[] } | { ok: false; rejection: Rejection };

export const reject = (code: string, message: string): { ok: false; rejection: Rejection } => ({
  ok: false,
  rejection: { code, message }
});

/**
 * The one vocabulary for a case's status, wherever it is read: the hall, the office, rejection messages, the
 * exchange feed (office-audit: the same state read "待递交纸质材料", "待收纸质材料" and "审查中").
 */
export const statusLabels: Record<CaseStatus, string> = {
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
