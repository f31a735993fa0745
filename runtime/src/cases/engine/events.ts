import type { Limit, SpecialProcedureKind } from '@banshi/definition';
import type { PaperItem } from './paper-check.ts';
import type { Actor, Applicant, Conclusion, Instant } from './types.ts';

/** Deadlines the case runs against while its clock runs; recomputed only by acceptance, resumption and extension. */
export interface Deadlines {
  legal: Instant;
  promised: Instant;
  /** The current step's, when a step is open. */
  step?: Instant;
  /** The lower level's first review (Art. 43), while it runs. */
  stage?: Instant;
  /** Each co-approver's, while co-approval runs. */
  coApprovers?: Record<string, Instant>;
}

type Base = { at: Instant; by: Actor };

/** What happened to a case. Events carry every computed value, so `evolve` needs no calendar. */
export type Event =
  | (Base & {
      type: 'Submitted';
      caseId: string;
      caseNumber: string;
      matterCode: string;
      matterVersion: string;
      applicant: Applicant;
      channel: 'online' | 'express' | 'onSite';
      answers: Record<string, unknown>;
      materials: string[];
      inspectionMode?: 'written' | 'onSite';
      commitmentSigned: boolean;
      delivery?: 'onSite' | 'express' | 'online';
      /** Art. 32: accepted by law if no correction notice by then. */
      deemedAcceptanceAt: Instant;
      preReviewDeadline: Instant;
    })
  | (Base & {
      type: 'PreReviewPassed';
      department: string;
      opinion: string;
      paper: 'notRequired' | 'awaiting' | 'acceptedBeforePaper';
      allPassed: boolean;
    })
  | (Base & {
      type: 'CorrectionRequested';
      items: string[];
      round: number;
      department: string;
      remaining?: Remaining;
      /** The applicant's own deadline to correct (补正期限), when the matter sets one. */
      dueAt?: Instant;
    })
  | (Base & {
      type: 'Resubmitted';
      answers: Record<string, unknown>;
      materials: string[];
      /** Before acceptance: a fresh Art. 32 window. After: the clock resumes with what remained. */
      deemedAcceptanceAt?: Instant;
      preReviewDeadline?: Instant;
      deadlines?: Deadlines;
    })
  | (Base & { type: 'PaperConfirmed'; items?: PaperItem[] })
  | (Base & {
      type: 'Accepted';
      deemed: boolean;
      acceptedFrom: Instant;
      deadlines: Deadlines;
      stepId: string | undefined;
      opinion: string;
    })
  | (Base & { type: 'Refused'; reasons: string })
  | (Base & { type: 'StageOpinionRecorded'; stage: string; opinion: string })
  | (Base & {
      type: 'StepCompleted';
      stepId: string;
      label: string;
      opinion: string;
      next: string | undefined;
      deadlines: Deadlines;
    })
  | (Base & { type: 'StepReturned'; fromStepId: string; toStepId: string; reason: string; deadlines: Deadlines })
  | (Base & { type: 'CoApprovalDistributed'; stepId: string; coApprovers: string[]; deadlines: Deadlines })
  | (Base & {
      type: 'CoApproverAnswered';
      stepId: string;
      department: string;
      agree: boolean;
      reasons: string;
      late: boolean;
    })
  | (Base & {
      type: 'CoApprovalConsolidated';
      stepId: string;
      opinion: string;
      /** The lead's answer to each co-approver that disagreed. */
      responses?: Record<string, string>;
      next: string | undefined;
      deadlines: Deadlines;
    })
  | (Base & {
      type: 'HandedOff';
      stageId: string;
      from: string;
      to: string;
      opinion: string;
      next: string | undefined;
      deadlines: Deadlines;
    })
  | (Base & {
      type: 'SpecialProcedureStarted';
      kind: SpecialProcedureKind;
      reason: string;
      expected: Limit;
      remaining: Remaining;
    })
  | (Base & { type: 'SpecialProcedureEnded'; result: string; deadlines: Deadlines })
  /** `expected`: the date (YYYY-MM-DD, Beijing) the applicant is told the case will now be decided by. */
  | (Base & { type: 'OverdueExplained'; reason: string; expected: string })
  | (Base & {
      type: 'Extended';
      reason: string;
      amount: Limit;
      deadlines: Deadlines;
      /** Approving a handler's request (Art. 42): who asked, and the head's opinion. Absent: the head acted alone. */
      requestedBy?: string;
      opinion?: string;
    })
  | (Base & { type: 'ExtensionRequested'; reason: string; amount: Limit; stepId: string | undefined })
  | (Base & { type: 'ExtensionRefused'; reason: string; opinion: string })
  | (Base & { type: 'Withdrawn'; reason: string })
  | (Base & {
      type: 'Decided';
      approve: boolean;
      reasons: string;
      conclusion?: Conclusion;
      deliveryDeadline: Instant | undefined;
    })
  | (Base & { type: 'Delivered'; method: 'onSite' | 'express' | 'online' | 'announcement' })
  | (Base & { type: 'DeliveryFailed'; reason: string })
  | (Base & { type: 'SupervisionRaised'; record: SupervisionRecord })
  | (Base & { type: 'DeadlinesRecounted'; years: number[]; source: string; moves: DeadlineMove[] })
  | (Base & { type: 'Completed' })
  | (Base & { type: 'Archived' });

/** A deadline counted again on a published calendar: which (`key`, as `liveDeadlines` names it), from when, to when. */
export interface DeadlineMove {
  key: string;
  label: string;
  from: Instant;
  to: Instant;
}

/** What was left of each running limit when the clock stopped. */
export interface Remaining {
  legal: Limit;
  promised: Limit;
  step?: Limit;
  stage?: Limit;
  coApprovers?: Record<string, Limit>;
}

/** A warning, card or anomaly raised once per case, rule and deadline, naming who is responsible. */
export interface SupervisionRecord {
  /** Unique per case: the rule and the deadline (or the fact) it is about. */
  key: string;
  rule: string;
  level: 'warning' | 'yellowCard' | 'redCard' | 'anomaly';
  department: string;
  responsible: { role?: string; person?: { id: string; name: string } };
  deadline?: Instant;
  message: string;
}
