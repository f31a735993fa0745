import { hasDuty, isApplicant, type Principal } from '../accounts/index.ts';
import type { CaseRow } from './case-store.ts';
import type { Sql } from '../platform/db/db.ts';

/**
 * Who may see a case: its applicant; staff holding a post (a catalogue role: 窗口, 承办人, …) in a department that
 * leads, co-approves, first-reviews or jointly inspects it; that department's supervisors; the city supervision
 * bureau. Nobody else: a matter author reads no case and no applicant's file (security-audit §1.12).
 */
export async function canSeeCase(
  sql: Sql,
  principal: Principal | undefined,
  row: Pick<CaseRow, 'caseId' | 'applicantId'>
): Promise<boolean> {
  if (!principal) return false;
  if (isApplicant(principal)) return row.applicantId === principal.id;
  if (hasDuty(principal, 'bureau')) return true;
  if (!readsCases(principal)) return false;
  return (await partInCase(sql, principal, row)) !== undefined;
}

/** Staff who read their department's cases: those holding a post, and its supervisors. */
export function readsCases(principal: Principal): boolean {
  return principal.kind === 'staff' && (principal.roles.length > 0 || hasDuty(principal, 'supervisor'));
}

/**
 * The part a member of staff's department plays in a case (lead, coApprover, firstReview, joint), or undefined
 * when it takes no part. Which step and role is the engine's to check.
 */
export async function partInCase(
  sql: Sql,
  principal: Principal,
  row: Pick<CaseRow, 'caseId'>
): Promise<string | undefined> {
  if (principal.kind !== 'staff' || !principal.department) return undefined;
  const rows = await sql.query<{ part: string }>(
    'select part from case_departments where case_id = $1 and department = $2',
    [row.caseId, principal.department]
  );
  return rows[0]?.part;
}

/** What a department that does not lead a case may ask of it: co-approvers answer; joint inspectors pre-review. */
export const commandsByPart: Record<string, readonly string[] | 'all'> = {
  lead: 'all',
  firstReview: 'all',
  coApprover: ['answerCoApproval'],
  joint: ['passPreReview', 'requestCorrection', 'recordStageOpinion']
};

/** Supervisors see their department; the bureau sees all. */
export function supervisedDepartment(principal: Principal): string | 'all' | undefined {
  if (hasDuty(principal, 'bureau')) return 'all';
  if (hasDuty(principal, 'supervisor') && principal.kind === 'staff' && principal.department)
    return principal.department;
  return undefined;
}
