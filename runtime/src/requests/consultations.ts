import type { RequestTimerKind } from './timers.ts';
import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../platform/db/db.ts';
import { cancelTimer, scheduleTimer } from '../platform/worker/schedule.ts';
import { consultationStatusLabels } from './labels.ts';
import { notifyInbox } from '../platform/notify.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import { notifyPost } from '../cases/index.ts';
import { shanghaiTime } from '@banshi/definition/calendar';

export type ConsultationStatus = keyof typeof consultationStatusLabels;

interface Row {
  id: string;
  user_id: string;
  matter_code: string | null;
  department: string;
  question: string;
  status: ConsultationStatus;
  answer: string | null;
  forwarded_to: string | null;
  created_at: Date;
  answer_due: Date;
  forward_due: Date;
  closed_at: Date | null;
}

export interface ConsultationView {
  id: string;
  matterCode: string | null;
  department: string;
  question: string;
  status: ConsultationStatus;
  statusLabel: string;
  /** The answer, or the forwarding department's note to the asker. */
  answer: string | null;
  forwardedTo: string | null;
  createdAt: string;
  answerDue: string;
  forwardDue: string;
  closedAt: string | null;
}

const columns =
  'id, user_id, matter_code, department, question, status, answer, forwarded_to, created_at, answer_due, forward_due, closed_at';

const view = (r: Row): ConsultationView => ({
  id: r.id,
  matterCode: r.matter_code,
  department: r.department,
  question: r.question,
  status: r.status,
  statusLabel: consultationStatusLabels[r.status],
  answer: r.answer,
  forwardedTo: r.forwarded_to,
  createdAt: iso(r.created_at),
  answerDue: iso(r.answer_due),
  forwardDue: iso(r.forward_due),
  closedAt: isoOrNull(r.closed_at)
});

/** The two limits of a consultation: answer within `answer`, or say it is not ours and forward within `forward`. */
export interface ConsultationDue {
  answer: number;
  forward: number;
}

/** Records a question for a department and starts its answer timer. */
export async function ask(
  db: Db,
  input: { userId: string; department: string; matterCode: string | null; question: string; due: ConsultationDue },
  now: number,
  extra: Extra<ConsultationView> = noExtra
): Promise<ConsultationView> {
  return db.transaction(async tx => {
    const created = await insert(tx, { ...input, id: randomUUID() }, now);
    await extra(tx, created);
    return created;
  });
}

async function insert(
  tx: Sql,
  c: {
    id: string;
    userId: string;
    department: string;
    matterCode: string | null;
    question: string;
    due: ConsultationDue;
  },
  now: number
): Promise<ConsultationView> {
  const [row] = await tx.query<Row>(
    `insert into consultations (id, user_id, matter_code, department, question, created_at, answer_due, forward_due)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${columns}`,
    [c.id, c.userId, c.matterCode, c.department, c.question, iso(now), iso(c.due.answer), iso(c.due.forward)]
  );
  await scheduleTimer<RequestTimerKind>(tx, {
    subjectId: c.id,
    key: 'answer',
    kind: 'consultationAnswer',
    dueAt: c.due.answer
  });
  // Whoever holds a post in the department may answer: each is told, in their inbox (and by SMS when configured).
  await notifyPost(
    tx,
    {
      department: c.department,
      role: '',
      person: null,
      subject: '【待办】新的咨询',
      body: `收到一条咨询，请于 ${shanghaiTime(c.due.answer)} 前答复：${c.question.slice(0, 60)}${c.question.length > 60 ? '…' : ''}`,
      payload: { kind: 'consultation', id: c.id }
    },
    now
  );
  return view(row!);
}

/** An asker's own consultations, or a department's; newest first. */
export async function listConsultations(
  sql: Sql,
  by: { userId: string } | { department: string; status?: ConsultationStatus | undefined },
  page: PageRequest
) {
  const mine = 'userId' in by;
  const [at, id] = cursorParams(page);
  const rows = await sql.query<Row>(
    `select ${columns} from consultations
     where ${mine ? 'user_id = $1::uuid' : 'department = $1'} and ($2::text is null or status = $2)
       and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
     order by created_at desc, id desc limit $5`,
    [mine ? by.userId : by.department, mine ? null : (by.status ?? null), at, id, page.limit]
  );
  const items = rows.map(view);
  return { items, next: nextCursor(items, page.limit, c => ({ at: c.createdAt, id: c.id })) };
}

/** An open consultation of the department, locked for the change; another department's is not found. */
async function openOf(tx: Sql, id: string, department: string): Promise<Row> {
  const [row] = await tx.query<Row>(
    `select ${columns} from consultations where id = $1 and department = $2 for update`,
    [id, department]
  );
  if (!row) throw new Refusal('notFound', 'consultation.not-found', '找不到这条咨询，或它不由您所在的部门答复。');
  if (row.status !== 'open')
    throw new Refusal(
      'conflict',
      'consultation.closed',
      `这条咨询${consultationStatusLabels[row.status]}，不能再次处理。`,
      { status: row.status }
    );
  return row;
}

/** Answers an open consultation: the timer stops and the asker finds the answer in their inbox. */
export async function answer(
  db: Db,
  input: { id: string; department: string; staffId: string; answer: string },
  now: number,
  extra: Extra<ConsultationView> = noExtra
): Promise<ConsultationView> {
  return db.transaction(async tx => {
    const row = await openOf(tx, input.id, input.department);
    const [updated] = await tx.query<Row>(
      `update consultations set status = 'answered', answer = $2, answered_by = $3, closed_at = $4 where id = $1 returning ${columns}`,
      [row.id, input.answer, input.staffId, iso(now)]
    );
    await cancelTimer(tx, row.id, 'answer', now);
    await notifyInbox(
      tx,
      {
        userId: row.user_id,
        subject: `【网上咨询】${row.department}已答复您的咨询`,
        body: `您的咨询：“${excerpt(row.question)}”\n答复：${input.answer}`,
        payload: { consultationId: row.id, kind: 'consultationAnswered' }
      },
      now
    );
    const result = view(updated!);
    await extra(tx, result);
    return result;
  });
}

/**
 * Forwards a consultation that is not the department's business: the asker is told where it went, and the other
 * department gets it as a new consultation with limits of its own. Forwarding after the forwarding limit is still
 * done (the asker should not suffer for it) but raises an anomaly for the department, once.
 */
export async function forward(
  db: Db,
  input: { id: string; department: string; staffId: string; to: string; note: string; due: ConsultationDue },
  now: number,
  extra: Extra<{ consultation: ConsultationView; forwardedAs: ConsultationView; late: boolean }> = noExtra
) {
  if (input.to === input.department)
    throw new Refusal('invalid', 'consultation.forward-self', '不能转交给本部门；属于本部门职责的咨询请直接答复。');
  return db.transaction(async tx => {
    const row = await openOf(tx, input.id, input.department);
    const [updated] = await tx.query<Row>(
      `update consultations set status = 'forwarded', forwarded_to = $2, answer = $3, answered_by = $4, closed_at = $5 where id = $1 returning ${columns}`,
      [row.id, input.to, input.note, input.staffId, iso(now)]
    );
    await cancelTimer(tx, row.id, 'answer', now);
    const forwardedAs = await insert(
      tx,
      {
        id: randomUUID(),
        userId: row.user_id,
        department: input.to,
        matterCode: null,
        question: row.question,
        due: input.due
      },
      now
    );
    const late = now > row.forward_due.getTime();
    if (late) {
      const message = `咨询超过 2 个工作日才转交${input.to}（应于 ${iso(row.forward_due)} 前转交）。`;
      await tx.query(
        `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
         values ($1, 'forwardLate', null, 'consultationForwardLate', 'anomaly', $2, $3::jsonb, $4) on conflict (subject_id, key) do nothing`,
        [
          row.id,
          row.department,
          JSON.stringify({
            key: 'forwardLate',
            rule: 'consultationForwardLate',
            level: 'anomaly',
            department: row.department,
            message,
            responsible: { staffId: input.staffId },
            deadline: row.forward_due.getTime()
          }),
          iso(now)
        ]
      );
    }
    await notifyInbox(
      tx,
      {
        userId: row.user_id,
        subject: `【网上咨询】您的咨询已转交${input.to}`,
        body: `您的咨询：“${excerpt(row.question)}”不属于${row.department}的职责范围，已转交${input.to}，将作为新的咨询办理。\n说明：${input.note}`,
        payload: { consultationId: row.id, forwardedAs: forwardedAs.id, kind: 'consultationForwarded' }
      },
      now
    );
    const result = { consultation: view(updated!), forwardedAs, late };
    await extra(tx, result);
    return result;
  });
}

const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);
