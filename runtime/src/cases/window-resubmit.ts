import type { Staff } from '../accounts/index.ts';
import { audit, auditPart } from '../platform/audit.ts';
import { once, rememberPart, requestHash } from '../platform/idempotency.ts';
import { Refusal } from '../platform/refusal.ts';
import { checkFiles, inOrder, linkFilesPart, type MaterialFile } from './applications.ts';
import { caseView } from './case-view.ts';
import type { Command } from './engine/index.ts';
import { rejectionError } from './rejections.ts';
import type { Services } from './services.ts';
import { refuseUnlessWindow, staffActor } from './window.ts';

/**
 * The corrected materials an applicant brings to the window (seeds/003 §四: the window scans for those without the
 * means), entered by the window post of the matter on their behalf: the scans uploaded at the window for the
 * applicant (uploadAtWindow), the same file checks as the hall's resubmission; the engine records the clerk as who
 * entered it and resumes the case as if the applicant had resubmitted (Art. 32).
 */
export async function resubmitAtWindow(
  s: Services,
  staff: Staff,
  caseId: string,
  input: { materials: MaterialFile[] },
  key: string | undefined,
  ip: string | undefined
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  const row = await s.cases.load(s.db, caseId);
  if (!row) {
    await audit(s.db, { actor: staff, action: 'window.resubmit', outcome: 'denied', target: caseId, ip });
    throw new Refusal('notFound', 'not-found', '找不到这个办件。');
  }
  const definition = await s.cases.definitionOf(row);
  refuseUnlessWindow(definition, staff);
  const hash = requestHash({ action: 'window.resubmit', id: caseId, body: input });
  return once(s.db, staff.id, key, hash, async () => {
    await checkFiles(s, row.applicantId, input.materials, definition, caseId);
    const command: Command = {
      type: 'resubmit',
      by: staffActor(staff),
      materials: inOrder(definition, [...row.state.materials, ...input.materials.map(m => m.material)])
    };
    let stored: { status: number; body: unknown } | undefined;
    const outcome = await s.cases.execute(caseId, command, s.now(), applied => {
      stored = { status: 200, body: caseView(applied.state, definition, 'staff', s.calendar()) };
      return [
        ...linkFilesPart(row.applicantId, input.materials),
        ...rememberPart(staff.id, key, hash, stored),
        auditPart({
          actor: staff,
          action: 'window.resubmit',
          outcome: 'ok',
          caseId,
          ip,
          detail: { applicantId: row.applicantId, materials: input.materials.map(m => m.material) }
        })
      ];
    });
    if (!outcome.ok) throw rejectionError(outcome.rejection);
    return stored!;
  });
}
