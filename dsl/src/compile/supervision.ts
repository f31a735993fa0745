import type { SupervisionPolicy } from '@banshi/definition';
import type { Supervision, SupervisionDefaults } from '../language/generated/ast.js';
import { limitValue } from '../language/checks/util.js';

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
