import { randomUUID } from 'node:crypto';
import type { WorkCalendar } from '@banshi/definition/calendar';
import { decideProposal, proposeFalseMaterials, type ProposalView } from '../blacklist/index.ts';
import type { Db } from '../platform/db/db.ts';

/**
 * For tests whose subject is what follows a blacklisting: false materials proposed by a handler of the case's lead
 * department and confirmed by a section chief there, as two different people (the two steps themselves are tested
 * in blacklist/blacklist.int.test.ts and http/routes/blacklist.int.test.ts).
 */
export async function confirmedFalseMaterials(
  db: Db,
  input: {
    caseId: string;
    department: string;
    materials: string[];
    reason: string;
    evidence?: string;
    calendar: WorkCalendar;
  },
  now: number
): Promise<ProposalView> {
  const proposal = await proposeFalseMaterials(
    db,
    {
      staffId: randomUUID(),
      department: input.department,
      roles: ['承办人'],
      caseId: input.caseId,
      materials: input.materials,
      reason: input.reason,
      evidence: input.evidence ?? '与登记机关核对不符'
    },
    now
  );
  return decideProposal(
    db,
    {
      staffId: randomUUID(),
      department: input.department,
      roles: ['处室负责人'],
      id: proposal.id,
      confirm: true,
      reasons: '核实属实',
      calendar: input.calendar
    },
    now
  );
}
