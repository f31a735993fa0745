import { z } from 'zod';
import { Limit } from './common.ts';

/**
 * Supervision settings: the catalogue's defaults merged with what a matter tightened.
 * Yellow and red cards are raised once the limit is passed by more than the grace.
 */
export const SupervisionPolicy = z.object({
  warningBefore: Limit,
  yellowCardGrace: Limit,
  redCardGrace: Limit,
  correctionRoundsAnomaly: z.number().int().nonnegative(),
  consultationReply: Limit,
  consultationForward: Limit,
  complaintAcceptance: Limit,
  rectification: Limit
});
export type SupervisionPolicy = z.infer<typeof SupervisionPolicy>;
