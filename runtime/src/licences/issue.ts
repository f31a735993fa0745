import type { Definition } from '@banshi/definition';
import { randomUUID } from 'node:crypto';
import { part, type SqlPart } from '../platform/db/write-statement.ts';
import { iso } from '../platform/time.ts';
import { licenceAction, shanghaiDate } from './status.ts';
import { validUntil } from './validity.ts';

/** An approval as the case store recorded it: what the library needs of the case and its decision. */
export interface Approval {
  caseNumber: string;
  matterVersion: number;
  applicantId: string;
  /** When the decision was made. */
  at: number;
  /** Who made it: a member of staff (or the system for a deemed decision). */
  by: { id?: string; name: string };
}

/**
 * The library's parts of the statement that writes an approval (every part reads `from target`, the case row the
 * statement moved): so the licence is issued, extended or changed exactly when the decision is stored, and not
 * at all when the case's write loses a race. Idempotent: a case issues at most one licence (licences.case_id is
 * unique, and the insert looks first so the department's sequence never moves for nothing).
 */
export function licenceParts(definition: Definition, approval: Approval): SqlPart[] {
  const action = licenceAction(definition);
  if (!action) return [];
  const by = approval.by;
  const who = [by.id ?? null, by.name] as const;
  if (action.kind === 'extend')
    return [
      part(
        `update licences l set
           valid_until = case when l.valid_until is null or l.validity is null then l.valid_until
             else licence_last_day(l.valid_until + 1, l.validity) end,
           status = 'extended', extensions = l.extensions + 1, updated_at = $1,
           changed_by_id = $2::text, changed_by_name = $3, change_reason = $4, change_case_id = t.case_id
         from target t, licence_uses u
         where u.case_id = t.case_id and u.licence_id = l.licence_id and l.name = $5 and l.status <> 'revoked'`,
        iso(approval.at),
        ...who,
        `“${definition.name}”批准延期（办件 ${approval.caseNumber}）`,
        action.licence
      )
    ];
  const issued = shanghaiDate(approval.at);
  const result = definition.result!;
  const until = validUntil(issued, result.validity) ?? null;
  const department = definition.department;
  const code = department.code ?? definition.code.slice(0, 18);
  const parts: SqlPart[] = [];
  if (action.kind === 'change')
    parts.push(
      part(
        `update licences l set status = 'changed', updated_at = $1,
           changed_by_id = $2::text, changed_by_name = $3, change_reason = $4, change_case_id = t.case_id
         from target t, licence_uses u
         where u.case_id = t.case_id and u.licence_id = l.licence_id and l.name = $5 and l.status <> 'revoked'`,
        iso(approval.at),
        ...who,
        `“${definition.name}”批准变更（办件 ${approval.caseNumber}）`,
        action.licence
      )
    );
  // Issued when the case acted on no licence of this name (a 变更 case without one in the library issues it anew).
  parts.push(
    part(
      `insert into licences (licence_id, number, name, holder_id, holder_kind, holder_name, holder_identifier, department,
         department_code, case_id, case_number, matter_code, matter_version, issued_on, valid_until, validity, status,
         extensions, issued_at, updated_at, changed_by_id, changed_by_name, change_reason, change_case_id)
       select $1::uuid, licence_number($2, $3), $4, u.id, u.kind, u.name, coalesce(u.credit_code, u.id_number), $5, $2,
         t.case_id, $6, $7, $8, $9::date, $10::date, $11::jsonb, 'valid', 0, $12, $12, $13::text, $14, $15, t.case_id
       from target t join users u on u.id = $16::uuid and u.kind in ('person', 'organisation')
       where not exists (select 1 from licences l where l.case_id = t.case_id)
         and not exists (select 1 from licence_uses lu join licences l on l.licence_id = lu.licence_id
                         where lu.case_id = t.case_id and l.name = $4)`,
      randomUUID(),
      code,
      Number(issued.slice(0, 4)),
      result.name,
      department.name,
      approval.caseNumber,
      definition.code,
      approval.matterVersion,
      issued,
      until,
      result.validity && result.validity !== 'indefinite' ? JSON.stringify(result.validity) : null,
      iso(approval.at),
      ...who,
      `“${definition.name}”批准核发（办件 ${approval.caseNumber}）`,
      approval.applicantId
    )
  );
  return parts;
}
