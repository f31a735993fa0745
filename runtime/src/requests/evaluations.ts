import type { RequestTimerKind } from './timers.ts';
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, type Db, type Sql } from '../platform/db/db.ts';
import { cancelTimer, scheduleTimer } from '../platform/worker/schedule.ts';
import { isBadRating, ratingLabels } from './labels.ts';
import { notifyInbox } from '../platform/notify.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import { notifyPost } from '../cases/index.ts';
import { shanghaiTime } from '@banshi/definition/calendar';

interface Row {
  id: string;
  case_id: string;
  case_number: string | null;
  matter_code: string | null;
  user_id: string;
  department: string;
  level: number;
  reason: string | null;
  created_at: Date;
  rectification_due: Date | null;
  rectified_at: Date | null;
  rectification: string | null;
}

export interface EvaluationView {
  id: string;
  caseId: string;
  caseNumber: string | null;
  matterCode: string | null;
  department: string;
  level: number;
  levelLabel: string;
  reason: string | null;
  createdAt: string;
  /** Set for a bad rating: by when the department must rectify. */
  rectificationDue: string | null;
  rectifiedAt: string | null;
  rectification: string | null;
}

const select = `select e.id, e.case_id, c.case_number, c.matter_code, e.user_id, e.department, e.level, e.reason, e.created_at, e.rectification_due, e.rectified_at, e.rectification
  from evaluations e left join cases c on c.case_id = e.case_id`;

const view = (r: Row): EvaluationView => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  matterCode: r.matter_code,
  department: r.department,
  level: r.level,
  levelLabel: ratingLabels[r.level] ?? String(r.level),
  reason: r.reason,
  createdAt: iso(r.created_at),
  rectificationDue: isoOrNull(r.rectification_due),
  rectifiedAt: isoOrNull(r.rectified_at),
  rectification: r.rectification
});

const evaluable = ['completed', 'archived'];

/**
 * The applicant rates the service of their own finished case, once. A bad rating (不满意, 非常不满意) must give a
 * reason and opens a rectification for the case's department, due by `rectificationDue()` and watched by a timer.
 */
export async function evaluate(
  db: Db,
  input: {
    userId: string;
    case: { caseId: string; applicantId: string; department: string; status: string };
    level: number;
    reason: string | null;
    rectificationDue: () => number;
  },
  now: number,
  extra: Extra<EvaluationView> = noExtra
): Promise<EvaluationView> {
  const c = input.case;
  if (c.applicantId !== input.userId) throw new Refusal('notFound', 'case.not-found', '找不到这个办件。');
  if (!evaluable.includes(c.status)) throw new Refusal('conflict', 'evaluation.not-finished', '办件办结后才能评价。');
  if (isBadRating(input.level) && !input.reason)
    throw new Refusal('invalid', 'evaluation.reason-required', '选择“不满意”或“非常不满意”时，请写明原因。');
  const due = isBadRating(input.level) ? input.rectificationDue() : null;
  try {
    return await db.transaction(async tx => {
      const id = randomUUID();
      await tx.query(
        `insert into evaluations (id, case_id, user_id, department, level, reason, created_at, rectification_due) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, c.caseId, input.userId, c.department, input.level, input.reason, iso(now), due === null ? null : iso(due)]
      );
      if (due !== null) {
        await scheduleTimer<RequestTimerKind>(tx, {
          subjectId: id,
          key: 'rectification',
          kind: 'rectification',
          dueAt: due,
          caseId: c.caseId
        });
        await notifyPost(
          tx,
          {
            department: c.department,
            role: '',
            person: null,
            subject: '【待办】差评整改',
            body: `办件收到“${ratingLabels[input.level]}”评价，请于 ${shanghaiTime(due)} 前整改并答复。`,
            payload: { kind: 'rating', id },
            caseId: c.caseId
          },
          now
        );
      }
      const [row] = await tx.query<Row>(`${select} where e.id = $1`, [id]);
      const created = view(row!);
      await extra(tx, created);
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('conflict', 'evaluation.exists', '这个办件已经评价过了，每个办件只能评价一次。');
    throw error;
  }
}

/** The applicant's rating of one of their cases, if they gave one. */
export async function evaluationOf(sql: Sql, caseId: string, userId: string): Promise<EvaluationView | undefined> {
  const [row] = await sql.query<Row>(`${select} where e.case_id = $1 and e.user_id = $2`, [caseId, userId]);
  return row && view(row);
}

/** A department's ratings, newest first; `pending` keeps the bad ones not yet rectified. */
export async function departmentEvaluations(sql: Sql, department: string, pending: boolean, page: PageRequest) {
  const [at, id] = cursorParams(page);
  const rows = await sql.query<Row>(
    `${select} where e.department = $1 and (not $2::boolean or (e.rectification_due is not null and e.rectified_at is null))
       and ($3::timestamptz is null or (e.created_at, e.id) < ($3::timestamptz, $4::uuid))
     order by e.created_at desc, e.id desc limit $5`,
    [department, pending, at, id, page.limit]
  );
  const items = rows.map(view);
  return { items, next: nextCursor(items, page.limit, e => ({ at: e.createdAt, id: e.id })) };
}

/** The department records how it rectified a bad rating; the timer stops and the applicant is told. */
export async function rectify(
  db: Db,
  input: { id: string; department: string; text: string },
  now: number,
  extra: Extra<EvaluationView> = noExtra
): Promise<EvaluationView> {
  return db.transaction(async tx => {
    const [row] = await tx.query<Row>(`${select} where e.id = $1 and e.department = $2 for update of e`, [
      input.id,
      input.department
    ]);
    if (!row) throw new Refusal('notFound', 'evaluation.not-found', '找不到这条评价，或它不是对您所在部门的评价。');
    if (row.rectification_due === null)
      throw new Refusal('conflict', 'evaluation.no-rectification', '这条评价不是差评，无需整改。');
    if (row.rectified_at !== null) throw new Refusal('conflict', 'evaluation.rectified', '这条差评已经整改过了。');
    await tx.query(`update evaluations set rectified_at = $2, rectification = $3 where id = $1`, [
      row.id,
      iso(now),
      input.text
    ]);
    await cancelTimer(tx, row.id, 'rectification', now);
    await notifyInbox(
      tx,
      {
        userId: row.user_id,
        caseId: row.case_id,
        subject: `【服务评价】${row.department}已就您的评价整改`,
        body: `您对办件 ${row.case_number ?? ''} 的评价（${ratingLabels[row.level]}）已收到整改答复：${input.text}`,
        payload: { evaluationId: row.id, kind: 'evaluationRectified' }
      },
      now
    );
    const result = view({ ...row, rectified_at: new Date(now), rectification: input.text });
    await extra(tx, result);
    return result;
  });
}
