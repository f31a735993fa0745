import type { Limit, SpecialProcedureKind } from '@banshi/definition';
import type { Deadlines, Remaining } from './events.ts';
import type { PaperItem } from './paper-check.ts';
import type { Applicant, Conclusion, Instant, Opinion } from './types.ts';

export type CaseStatus =
  | 'submitted' // received; pre-review (预审) pending
  | 'correcting' // a correction notice (补正) is out; waiting for the applicant
  | 'awaitingPaper' // pre-review passed; the paper is to be brought or mailed
  | 'preReviewed' // ready to be accepted or refused
  | 'inReview' // accepted (受理): the clock runs; a step is open
  | 'paused' // a special procedure runs: the clock stops
  | 'decided' // approved or denied; to be delivered
  | 'delivered'
  | 'completed' // 办结
  | 'refused' // 不予受理
  | 'withdrawn' // 撤回
  | 'archived'; // 归档: nothing happens after this

export interface CaseState {
  id: string;
  caseNumber: string;
  matterCode: string;
  matterVersion: string;
  applicant: Applicant;
  channel: 'online' | 'express' | 'onSite';
  answers: Record<string, unknown>;
  materials: string[];
  inspectionMode?: 'written' | 'onSite';
  /** How the applicant asked for the result to be delivered. */
  preferredDelivery?: 'onSite' | 'express' | 'online';
  commitmentSigned: boolean;
  status: CaseStatus;
  receivedAt: Instant;
  /** When the complete application arrived: the first receipt, or the last resubmission before acceptance. */
  completeAt: Instant;
  /** Art. 32: the instant the application counts as accepted if no correction notice came. */
  deemedAcceptanceAt?: Instant;
  preReviewDeadline?: Instant;
  preReviewedBy: string[];
  stageOpinions: Array<{ stage: string; opinion: string; at: Instant }>;
  paper: 'notRequired' | 'awaiting' | 'acceptedBeforePaper' | 'confirmed';
  /** The paper check item by item, once made (absent on cases confirmed before items were recorded). */
  paperCheck?: { at: Instant; by: string; items: PaperItem[] };
  correctionRounds: number;
  correction?: {
    items: string[];
    round: number;
    issuedAt: Instant;
    statusBefore: CaseStatus;
    /** The applicant's deadline to correct (补正期限), when the matter sets one. */
    dueAt?: Instant;
  };
  /**
   * What the first correction notice before acceptance named (Art. 32, 一次性告知): a later notice may only name
   * those of them still deficient.
   */
  firstNotice?: string[];
  acceptedAt?: Instant;
  /** Deemed acceptance dates the acceptance from receipt. */
  acceptedFrom?: Instant;
  deemed: boolean;
  deadlines?: Deadlines;
  /** Set while the clock is stopped. */
  paused?: { since: Instant; reason: 'specialProcedure' | 'correction'; remaining: Remaining };
  /** `seq` is the case version at which the pause began, ordering moments that share an instant. */
  pauses: Array<{ from: Instant; to?: Instant; reason: 'specialProcedure' | 'correction'; seq: number }>;
  specialProcedure?: { kind: SpecialProcedureKind; reason: string; expected: Limit; startedAt: Instant };
  /** Every special procedure the case has had, ended ones too: their notices stay with the case. */
  procedures?: Array<{ kind: SpecialProcedureKind; reason: string; expected: Limit; startedAt: Instant }>;
  stepId?: string;
  stepEnteredAt?: Instant;
  coApproval?: {
    stepId: string;
    distributedAt: Instant;
    answers: Record<string, { agree: boolean; reasons: string; at: Instant; late: boolean }>;
  };
  extension?: {
    at: Instant;
    reason: string;
    amount: Limit;
    approvedBy: string;
    seq: number;
    /** Who asked for it (承办人), when the head approved a request; absent when the head extended alone. */
    requestedBy?: string;
    opinion?: string;
  };
  /** What the applicant was told each time the case ran past its promised limit (seeds/003 §四), oldest first. */
  overdueExplanations?: Array<{ at: Instant; by: string; reason: string; expected: string }>;
  /** A handler's request to extend (Art. 42) awaiting the head's approval. */
  extensionRequest?: { at: Instant; reason: string; amount: Limit; by: string; stepId?: string };
  decision?: { approve: boolean; reasons: string; conclusion?: Conclusion; at: Instant };
  deliveryDeadline?: Instant;
  delivery?: { method: 'onSite' | 'express' | 'online' | 'announcement'; at: Instant; failures: number };
  completedAt?: Instant;
  refusal?: { reasons: string; at: Instant };
  withdrawal?: { reason: string; at: Instant };
  archivedAt?: Instant;
  opinions: Opinion[];
  /** Keys of the supervision records raised for this case: each at most once. */
  raised: string[];
  /** Number of events applied: the optimistic-concurrency version. */
  version: number;
}
