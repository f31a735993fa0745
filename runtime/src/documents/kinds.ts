import type { caseView } from '../cases/index.ts';

type Notice = ReturnType<typeof caseView>['notices'][number];

/** What a document is: one of the case's notices, or the licence a granted case yields. */
export type DocumentKind = Notice['kind'] | 'licence';

export const documentKinds: readonly DocumentKind[] = [
  'receipt',
  'correction',
  'acceptance',
  'refusal',
  'specialProcedure',
  'extension',
  'overdue',
  'decision',
  'licence'
];

/** A kind as a person reads it. */
export const kindLabels: Record<DocumentKind, string> = {
  receipt: '收件回执',
  correction: '补正材料通知书',
  acceptance: '受理通知书',
  refusal: '不予受理通知书',
  specialProcedure: '特殊程序告知书',
  extension: '延长办理期限告知书',
  overdue: '超期办理说明',
  decision: '行政许可决定书',
  licence: '电子证照'
};

/**
 * The template of each kind: the purpose the seal names along its lower edge (seeds/003 §六: approvals carry the
 * 网上审批电子专用章), whether the document is addressed to the applicant, and whether its facts come before its
 * text (a licence is its facts) or after it (a notice's facts identify the case it concerns).
 */
export interface Template {
  purpose: string;
  addressed: boolean;
  factsFirst: boolean;
}

export const templates: Record<DocumentKind, Template> = {
  receipt: { purpose: '受理专用章', addressed: true, factsFirst: false },
  correction: { purpose: '受理专用章', addressed: true, factsFirst: false },
  acceptance: { purpose: '受理专用章', addressed: true, factsFirst: false },
  refusal: { purpose: '网上审批电子专用章', addressed: true, factsFirst: false },
  specialProcedure: { purpose: '网上审批电子专用章', addressed: true, factsFirst: false },
  extension: { purpose: '网上审批电子专用章', addressed: true, factsFirst: false },
  overdue: { purpose: '网上审批电子专用章', addressed: true, factsFirst: false },
  decision: { purpose: '网上审批电子专用章', addressed: true, factsFirst: false },
  licence: { purpose: '网上审批电子专用章', addressed: false, factsFirst: true }
};
