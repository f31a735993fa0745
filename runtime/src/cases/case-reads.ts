import type { Definition } from '@banshi/definition';
import { isApplicant, type Principal } from '../accounts/index.ts';
import { audit } from '../platform/audit.ts';
import { canSeeCase } from './access.ts';
import { caseView, timeline } from './case-view.ts';
import type { CaseRow } from './case-store.ts';
import type { Services } from './services.ts';

/**
 * A case for whoever may see it (see canSeeCase), or undefined: another's case is as absent as a missing one, and
 * both reads are in the audit log. Only an id of the right shape is kept as the target: anything else may hold
 * what the log cannot store.
 */
export async function visibleCase(
  s: Services,
  principal: Principal,
  caseId: string,
  ip: string | undefined
): Promise<{ row: CaseRow; definition: Definition } | undefined> {
  const wellFormed = /^[0-9a-f-]{36}$/i.test(caseId);
  const row = wellFormed ? await s.cases.load(s.db, caseId) : undefined;
  if (!row || !(await canSeeCase(s.db, principal, row))) {
    await audit(s.db, {
      actor: principal,
      action: 'case.read',
      outcome: 'denied',
      caseId: row ? caseId : undefined,
      ...(wellFormed ? { target: caseId } : {}),
      ip
    });
    return undefined;
  }
  await audit(s.db, { actor: principal, action: 'case.read', outcome: 'ok', caseId, ip });
  return { row, definition: await s.cases.definitionOf(row) };
}

/** A visible case as its reader sees it: the view for their audience and the timeline of its events. */
export async function caseDetail(s: Services, principal: Principal, found: { row: CaseRow; definition: Definition }) {
  const audience = isApplicant(principal) ? 'applicant' : 'staff';
  return {
    ...caseView(found.row.state, found.definition, audience, s.calendar()),
    timeline: timeline(await s.cases.events(found.row.caseId, found.row.version), audience)
  };
}
