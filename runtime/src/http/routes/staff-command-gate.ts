import type { Staff } from '../../accounts/index.ts';
import { commandsByPart, type CaseRow, type Services } from '../../cases/index.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { forbidden, notFound } from '../../web/errors.ts';

/**
 * The door every staff command on a case passes, for giving it (office.ts) and for previewing it (case-preview.ts),
 * so the same person gets the same answer from both: staff act only through a post (security-audit §1.1), on a case
 * their department takes part in, and a co-approving or joint department only in its part. `deny` audits a refusal
 * as the route records it. The engine's own authority rule comes after, on the command itself.
 */
export async function caseForStaffCommand(
  s: Services,
  staff: Staff,
  caseId: string,
  type: string,
  deny: (entry: Partial<AuditEntry>) => Promise<void>
): Promise<CaseRow> {
  if (staff.roles.length === 0) {
    await deny({ target: caseId, detail: { code: 'auth.no-post' } });
    throw forbidden('您在本部门没有办理岗位（如窗口、承办人），不能办理办件。', { code: 'auth.no-post' });
  }
  // The case and the department's part in it, in one round trip (partInCase's answer, read with the case).
  const found = await s.cases.loadWithPart(caseId, staff.department ?? undefined);
  const row = found?.row;
  const part = found?.part;
  if (!row || !part) {
    await deny({ caseId: row ? caseId : undefined, target: caseId });
    throw notFound('找不到这个办件，或您所在部门不参与办理。');
  }
  const allowed = commandsByPart[part] ?? [];
  if (allowed !== 'all' && !allowed.includes(type)) {
    await deny({ caseId, detail: { part } });
    throw forbidden(
      part === 'coApprover'
        ? '协办部门只能答复并联审批意见，不能办理其他环节。'
        : '联合年检部门只能预审、告知补正和提出阶段意见。',
      { part }
    );
  }
  return row;
}
