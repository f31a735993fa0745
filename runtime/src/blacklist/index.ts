/**
 * The online-service blacklist (网上办事黑名单, seeds/001 第二十五条): grounds (false materials, no-shows, untrue
 * complaints), the two-person proposals that record them, restrictions in force and the appeals against them.
 */
export { appealRestriction, decideAppeal, extendAppealPeriods, listAppeals } from './appeals.ts';
export { appealDeadline, lastDay, recordGround, restrictionPolicy } from './grounds.ts';
export {
  adoptReport,
  caseFalseMaterials,
  decideProposal,
  falseMaterialsPart,
  listProposals,
  proposeFalseMaterials,
  proposeUntrueComplaint,
  refuseIfComplainedAbout,
  type Acting,
  type ProposalStatus,
  type ProposalView
} from './proposals.ts';
export {
  activeRestriction,
  refuseIfRestricted,
  restrictionOverview,
  type RestrictionOverview,
  type RestrictionView
} from './restrictions.ts';
