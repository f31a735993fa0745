import type { Limit, SpecialProcedureKind } from '@banshi/definition';
import type { PaperItem } from './paper-check.ts';
import type { Actor, Applicant, Conclusion } from './types.ts';

/** Everything anyone can ask of a case. `by` is who asks; the time comes as `now` beside the command. */
export type Command =
  | {
      type: 'submit';
      by: Actor;
      caseId: string;
      caseNumber: string;
      applicant: Applicant;
      channel: 'online' | 'express' | 'onSite';
      answers: Record<string, unknown>;
      materials: string[];
      /** Annual inspections: written or on-site. */
      inspectionMode?: 'written' | 'onSite';
      /** Declarations and commitment letters: the applicant signed the commitment. */
      commitmentSigned?: boolean;
      /** How the applicant wants the result delivered; one of the matter's delivery options. */
      delivery?: 'onSite' | 'express' | 'online';
    }
  | { type: 'passPreReview'; by: Actor; opinion?: string }
  | { type: 'requestCorrection'; by: Actor; items: string[] }
  | { type: 'resubmit'; by: Actor; answers?: Record<string, unknown>; materials?: string[] }
  /** `items`: the check item by item; absent, each material is recorded as the matter requires it. */
  | { type: 'confirmPaper'; by: Actor; items?: PaperItem[] }
  | { type: 'accept'; by: Actor; opinion?: string }
  | { type: 'refuse'; by: Actor; reasons: string }
  | { type: 'deemAccept'; by: Actor }
  | { type: 'recordStageOpinion'; by: Actor; stage: string; opinion: string }
  | { type: 'completeStep'; by: Actor; stepId: string; opinion: string }
  | { type: 'returnStep'; by: Actor; toStepId: string; reason: string }
  | { type: 'distribute'; by: Actor }
  | { type: 'answerCoApproval'; by: Actor; agree: boolean; reasons?: string }
  /** `responses`: the lead's answer to each co-approver that disagreed (不同意), by department: each must be answered. */
  | { type: 'consolidate'; by: Actor; opinion: string; responses?: Record<string, string> }
  | { type: 'handOff'; by: Actor; opinion: string }
  | { type: 'startSpecialProcedure'; by: Actor; kind: SpecialProcedureKind; reason: string; expected: Limit }
  | { type: 'endSpecialProcedure'; by: Actor; result: string }
  /** seeds/003 §四: past the promised limit, the applicant is told why and the date it is now to be decided by. */
  | { type: 'explainOverdue'; by: Actor; reason: string; expected: string }
  | { type: 'extend'; by: Actor; reason: string }
  /** Art. 42: the handler asks the head to extend, with the reason the applicant will be told and how long. */
  | { type: 'requestExtension'; by: Actor; reason: string; amount?: Limit }
  | { type: 'approveExtension'; by: Actor; opinion: string }
  | { type: 'refuseExtension'; by: Actor; opinion: string }
  | { type: 'withdraw'; by: Actor; reason?: string }
  | { type: 'decide'; by: Actor; approve: boolean; reasons?: string; conclusion?: Conclusion }
  | { type: 'deliver'; by: Actor; method: 'onSite' | 'express' | 'online' | 'announcement' }
  | { type: 'deliveryFailed'; by: Actor; reason: string }
  | { type: 'complete'; by: Actor }
  | { type: 'archive'; by: Actor };
