import type { CaseStatus } from './case-state.ts';

/**
 * What sort of "no" each rejection is, in one table the compiler keeps complete: not the caller's to do
 * (`forbidden`), no such case (`notFound`), the case is in the wrong state or it was done already (`conflict`),
 * or what was given breaks a rule (`invalid`). The web layer maps each kind to a status; no code is read for hints.
 */
export const rejectionKinds = {
  'actor.not-allowed': 'forbidden',
  'case.not-found': 'notFound',
  'matter.not-found': 'notFound',
  'case.archived': 'conflict',
  'case.definition': 'conflict',
  'case.exists': 'conflict',
  'case.status': 'conflict',
  'coapproval.distributed': 'conflict',
  'coapproval.not-distributed': 'conflict',
  'correction.already-issued': 'conflict',
  'correction.lapsed': 'conflict',
  'deemed.not-due': 'conflict',
  'extension.once': 'conflict',
  'extension.pending': 'conflict',
  'extension.not-requested': 'conflict',
  'step.not-current': 'conflict',
  'coapproval.answered': 'invalid',
  'coapproval.disagreement': 'invalid',
  'coapproval.missing': 'invalid',
  'coapproval.reasons': 'invalid',
  'correction.after-hand-off': 'invalid',
  'correction.items-required': 'invalid',
  'correction.not-in-first-notice': 'invalid',
  'decision.conclusion': 'invalid',
  'decision.reasons': 'invalid',
  'declaration.commitment': 'invalid',
  'delivery.announcement-first': 'invalid',
  'delivery.method': 'invalid',
  'delivery.option': 'invalid',
  'delivery.reason': 'invalid',
  'eligibility.unmet': 'invalid',
  'extension.amount': 'invalid',
  'extension.by-head': 'invalid',
  'extension.opinion': 'invalid',
  'extension.reason': 'invalid',
  'extension.too-late': 'invalid',
  'form.invalid': 'invalid',
  'form.required': 'invalid',
  'inspection.mode': 'invalid',
  'inspection.window': 'invalid',
  'opinion.required': 'invalid',
  'paper.not-awaited': 'conflict',
  'overdue.not-yet': 'conflict',
  'overdue.reason': 'invalid',
  'overdue.expected': 'invalid',
  'paper.mismatch': 'invalid',
  'applicant.kind': 'invalid',
  'preReview.done': 'invalid',
  'refusal.reasons-required': 'invalid',
  'return.reason': 'invalid',
  'return.target': 'invalid',
  'special.not-defined': 'invalid',
  'special.reason': 'invalid',
  'special.result': 'invalid',
  'special.too-long': 'invalid',
  'stage.missing': 'invalid',
  'stage.opinion': 'invalid',
  'stage.order': 'invalid',
  'step.kind': 'invalid',
  'submission.channel': 'invalid',
  'submission.window-only': 'invalid'
} as const satisfies Record<string, 'forbidden' | 'notFound' | 'conflict' | 'invalid'>;

export type RejectionCode = keyof typeof rejectionKinds;

/** A command the engine will not carry out: a code for programs and a sentence a clerk understands. */
export interface Rejection {
  code: RejectionCode;
  message: string;
}

export type Decision<E> = { ok: true; events: E[] } | { ok: false; rejection: Rejection };

export const reject = (code: RejectionCode, message: string): { ok: false; rejection: Rejection } => ({
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
