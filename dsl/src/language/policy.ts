/**
 * The rules the checks and the compiler both apply: a written limit as data, the limits the Administrative
 * Licensing Law sets, when a matter counts as joint, and the supervision policy a catalogue starts from.
 */
import type { SupervisionPolicy } from '@banshi/definition';
import {
  isFirstReviewStage,
  isParallelStep,
  type Limit,
  type Matter,
  type Step,
  type Supervision,
  type SupervisionDefaults
} from './generated/ast.js';
import { limitUnit } from './vocabulary.js';

/** A limit as data: `当日` is 0 workdays. */
export interface LimitValue {
  amount: number;
  unit: 'workdays' | 'days' | 'hours';
}

export function limitValue(limit: Limit | undefined): LimitValue | undefined {
  if (!limit) return undefined;
  if (limit.sameDay) return { amount: 0, unit: 'workdays' };
  const unit = limitUnit(limit.unit);
  if (limit.amount === undefined || !unit) return undefined;
  return { amount: limit.amount, unit };
}

/** Administrative Licensing Law limits, in workdays. */
export const law = {
  decision: 20,
  extension: 10,
  jointDecision: 45,
  jointExtension: 15,
  lowerLevelReview: 20,
  delivery: 10,
  /** Art. 32: correction notice or deemed acceptance. */
  correctionNotice: 5
} as const;

/** Whether the matter is handled jointly (a parallel co-approval step anywhere). */
export function isJoint(matter: Matter): boolean {
  const all = (steps: Step[]): boolean => steps.some(s => isParallelStep(s) || (isFirstReviewStage(s) && all(s.steps)));
  return all(matter.steps?.steps ?? []);
}

/**
 * Used where a workspace has no `默认监察`: the figures the source documents give (a warning 1 workday before,
 * cards as soon as a limit is passed, an anomaly after more than two correction rounds, consultations answered
 * in 3 workdays or forwarded in 2, complaints accepted or refused in 3, bad ratings rectified in 15).
 */
export const documentedDefaults: SupervisionPolicy = {
  warningBefore: { amount: 1, unit: 'workdays' },
  yellowCardGrace: { amount: 0, unit: 'workdays' },
  redCardGrace: { amount: 0, unit: 'workdays' },
  correctionRoundsAnomaly: 2,
  consultationReply: { amount: 3, unit: 'workdays' },
  consultationForward: { amount: 2, unit: 'workdays' },
  complaintAcceptance: { amount: 3, unit: 'workdays' },
  rectification: { amount: 15, unit: 'workdays' }
};

/** Applies the rules written in a `默认监察` or `监察` block over a base policy. */
export function applyRules(
  base: SupervisionPolicy,
  rules: Supervision | SupervisionDefaults | undefined
): SupervisionPolicy {
  if (!rules) return base;
  return {
    warningBefore: limitValue(rules.warningBefore) ?? base.warningBefore,
    yellowCardGrace: limitValue(rules.yellowAfter) ?? base.yellowCardGrace,
    redCardGrace: limitValue(rules.redAfter) ?? base.redCardGrace,
    correctionRoundsAnomaly: rules.correctionRounds ?? base.correctionRoundsAnomaly,
    consultationReply: limitValue(rules.consultationReply) ?? base.consultationReply,
    consultationForward: limitValue(rules.consultationForward) ?? base.consultationForward,
    complaintAcceptance: limitValue(rules.complaintAcceptance) ?? base.complaintAcceptance,
    rectification: limitValue(rules.rectification) ?? base.rectification
  };
}
