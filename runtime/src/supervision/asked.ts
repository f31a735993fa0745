import type { Staff } from '../accounts/index.ts';
import type { Db } from '../platform/db/db.ts';
import { iso } from '../platform/time.ts';

interface AskedRow {
  id: number;
  case_id: string | null;
  case_number: string | null;
  rule: string;
  level: string;
  department: string;
  record: { message?: string };
  at: Date;
  detail: { requestId: string; question: string; deadline: string };
}

/**
 * The explanations asked of this member of staff and not yet made: events whose open request names them, or a post
 * they hold in the event's department (or any post, when it names none). Oldest deadline first.
 */
export async function explanationsAsked(db: Db, staff: Staff, now: number) {
  if (!staff.department || staff.roles.length === 0) return { items: [] };
  const rows = await db.query<AskedRow>(
    `select e.id::int as id, e.case_id, c.case_number, e.rule, e.level, e.department, e.record, e.at, r.detail
       from supervision_events e
       join lateral (select s.detail from supervision_steps s where s.event_id = e.id and s.kind = 'explanationRequested'
                     order by s.seq desc limit 1) r on true
       left join cases c on c.case_id = e.case_id
      where e.handling = 'explanationRequested' and e.department = $1
        and (e.asked_person = $2::uuid or (e.asked_person is null and (e.asked_role is null or e.asked_role = any($3::text[]))))
      order by r.detail->>'deadline', e.id`,
    [staff.department, staff.id, staff.roles]
  );
  return {
    items: rows.map(r => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      rule: r.rule,
      level: r.level,
      department: r.department,
      message: r.record.message,
      at: iso(r.at),
      requestId: r.detail.requestId,
      question: r.detail.question,
      deadline: r.detail.deadline,
      overdue: now >= Date.parse(r.detail.deadline)
    }))
  };
}
