import type { Applicant } from '../accounts/index.ts';
import { ask } from './consultations.ts';
import { fileComplaint, type ComplaintView } from './complaints.ts';
import { evaluate, type EvaluationView } from './evaluations.ts';
import { isBadRating } from './labels.ts';
import type { ConsultationView } from './consultations.ts';
import { knownDepartment, policyFor } from '../catalog/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { deadline } from '../platform/time.ts';
import type { Extra } from '../platform/extra.ts';
import type { Services } from '../cases/index.ts';

/**
 * An applicant's consultations, complaints and evaluations as the API and the hall's pages both take them: what the
 * catalogue decides (the department, the deadlines from the supervision settings) is settled here, once, and the
 * hall service writes. `extra` runs in the service's transaction (audit, idempotency).
 */

/** A question about a matter (its department answers) or to a department of the catalogue. */
export function askQuestion(
  s: Services,
  applicant: Applicant,
  input: { matterCode?: string | undefined; department?: string | undefined; question: string },
  extra: Extra<ConsultationView>
): Promise<ConsultationView> {
  let department: string;
  if (input.matterCode) {
    const live = s.registry.live(input.matterCode);
    if (!live)
      throw new Refusal('notFound', 'matter.not-found', '该事项未发布或已停办，请重新选择。', {
        code: input.matterCode
      });
    department = live.definition.department.name;
    if (input.department && input.department !== department) {
      throw new Refusal(
        'invalid',
        'consultation.department-mismatch',
        `该事项由${department}办理，请向该部门咨询，或不选部门。`,
        { department }
      );
    }
  } else {
    department = knownDepartment(s.registry, input.department ?? '');
  }
  const policy = policyFor(s.registry, input.matterCode);
  const at = s.now();
  const due = {
    answer: deadline(s.calendar(), at, policy.consultationReply),
    forward: deadline(s.calendar(), at, policy.consultationForward)
  };
  return ask(
    s.db,
    { userId: applicant.id, department, matterCode: input.matterCode ?? null, question: input.question, due },
    at,
    extra
  );
}

/** A complaint against a department, about a matter and one of the applicant's cases if named. */
export function complain(
  s: Services,
  applicant: Applicant,
  input: { department: string; matterCode?: string | undefined; caseId?: string | null | undefined; content: string },
  extra: Extra<ComplaintView>
): Promise<ComplaintView> {
  const department = knownDepartment(s.registry, input.department);
  if (input.matterCode && !s.registry.live(input.matterCode))
    throw new Refusal('notFound', 'matter.not-found', '该事项未发布或已停办，请重新选择。', { code: input.matterCode });
  const at = s.now();
  const acceptDue = deadline(s.calendar(), at, s.registry.catalog().supervisionDefaults.complaintAcceptance);
  return fileComplaint(
    s.db,
    {
      userId: applicant.id,
      department,
      caseId: input.caseId ?? null,
      matterCode: input.matterCode ?? null,
      content: input.content,
      acceptDue
    },
    at,
    extra
  );
}

/** A rating of a finished case; a bad one opens a rectification due by the matter's (or the catalogue's) setting. */
export async function rateCase(
  s: Services,
  applicant: Applicant,
  caseId: string,
  input: { level: number; reason?: string | undefined },
  extra: Extra<EvaluationView>
): Promise<EvaluationView> {
  const row = await s.cases.load(s.db, caseId);
  if (!row) throw new Refusal('notFound', 'case.not-found', '找不到这个办件。');
  const definition =
    isBadRating(input.level) && row.applicantId === applicant.id ? await s.cases.definitionOf(row) : undefined;
  const at = s.now();
  return evaluate(
    s.db,
    {
      userId: applicant.id,
      case: row,
      level: input.level,
      reason: input.reason || null,
      rectificationDue: () =>
        deadline(s.calendar(), at, (definition?.supervision ?? s.registry.catalog().supervisionDefaults).rectification)
    },
    at,
    extra
  );
}
