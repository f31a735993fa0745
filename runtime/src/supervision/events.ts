import type { Db } from '../platform/db/db.ts';
import { handlingStateLabels, type HandlingState } from './handling-rules.ts';

/** Which supervision events to list: one department's or all (null), of one level or all, newest first. */
interface EventFilter {
  department: string | null;
  level?: 'warning' | 'yellowCard' | 'redCard' | 'anomaly';
  /** Only events in this state of their handling. */
  handling?: HandlingState;
  /** Only events older than this id: the `next` of the page before. */
  before?: number;
  limit: number;
}

interface EventRow {
  id: number;
  subject_id: string;
  case_id: string | null;
  key: string;
  rule: string;
  level: string;
  department: string;
  record: { message?: string; deadline?: number; responsible?: unknown };
  at: Date;
  case_number: string | null;
  handling: HandlingState;
}

/** A page of warnings, cards and anomalies, newest first; `next` is set when there may be older ones. */
export async function supervisionEvents(db: Db, filter: EventFilter) {
  const rows = await db.query<EventRow>(
    `select e.id, e.subject_id, e.case_id, e.key, e.rule, e.level, e.department, e.record, e.at, c.case_number, e.handling
       from supervision_events e left join cases c on c.case_id = e.case_id
       where ($1::text is null or e.department = $1) and ($2::text is null or e.level = $2) and ($3::bigint is null or e.id < $3)
         and ($5::text is null or e.handling = $5)
       order by e.id desc limit $4`,
    [filter.department, filter.level ?? null, filter.before ?? null, filter.limit, filter.handling ?? null]
  );
  return {
    items: rows.map(r => ({
      id: r.id,
      caseId: r.case_id,
      subjectId: r.subject_id,
      caseNumber: r.case_number,
      key: r.key,
      rule: r.rule,
      level: r.level,
      department: r.department,
      message: r.record.message,
      deadline: r.record.deadline ? new Date(r.record.deadline).toISOString() : undefined,
      responsible: r.record.responsible,
      at: r.at.toISOString(),
      handling: r.handling,
      handlingLabel: handlingStateLabels[r.handling]
    })),
    next: rows.length === filter.limit ? rows.at(-1)!.id : undefined
  };
}
