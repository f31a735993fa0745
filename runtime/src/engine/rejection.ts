/** A command the engine will not carry out: a code for programs and a sentence a clerk understands. */
export interface Rejection {
  code: string;
  message: string;
}

export type Decision<E> = { ok: true; events: E[] } | { ok: false; rejection: Rejection };

export const reject = (code: string, message: string): { ok: false; rejection: Rejection } => ({ ok: false, rejection: { code, message } });

export const statusLabels: Record<string, string> = {
  submitted: '待预审', correcting: '待补正', awaitingPaper: '待收纸质材料', preReviewed: '待受理', inReview: '审查中',
  paused: '特殊程序中', decided: '已决定', delivered: '已送达', completed: '已办结', refused: '不予受理', withdrawn: '已撤回',
  archived: '已归档'
};
