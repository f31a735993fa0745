import { recordGround } from '../blacklist/index.ts';
import type { Sql } from '../platform/db/db.ts';
import type { DueTimer, TimerHandler } from '../platform/worker/timers.ts';

type Card = {
  rule: string;
  level: 'warning' | 'yellowCard' | 'redCard' | 'anomaly';
  department: string;
  message: string;
};

async function raise(tx: Sql, timer: DueTimer, card: Card, now: number): Promise<void> {
  await tx.query(
    `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) on conflict (subject_id, key) do nothing`,
    [
      timer.subjectId,
      timer.key,
      timer.caseId,
      card.rule,
      card.level,
      card.department,
      JSON.stringify({ key: timer.key, ...card, responsible: {}, deadline: timer.dueAt }),
      new Date(now).toISOString()
    ]
  );
}

/** The kinds of timer requests schedule. */
export type RequestTimerKind = 'consultationAnswer' | 'complaintAccept' | 'rectification' | 'appointmentNoShow';

/**
 * Timers of requests: a consultation not answered within its 3 workdays, a complaint neither accepted
 * nor refused within 3, a bad rating not rectified by its deadline (each a yellow card for the department), and
 * an appointment nobody came to (a no-show, recorded as a ground for the blacklist in the same transaction: the
 * fourth within 12 months restricts the applicant).
 */
export const requestTimerHandlers: Record<RequestTimerKind, TimerHandler> = {
  async consultationAnswer(tx, timer, now) {
    const rows = await tx.query<{ department: string }>(
      `select department from consultations where id = $1 and status = 'open'`,
      [timer.subjectId]
    );
    if (rows[0])
      await raise(
        tx,
        timer,
        {
          rule: 'consultationOverdue',
          level: 'yellowCard',
          department: rows[0].department,
          message: '咨询超过 3 个工作日未答复或转办。'
        },
        now
      );
  },
  async complaintAccept(tx, timer, now) {
    const rows = await tx.query<{ department: string }>(
      `select department from complaints where id = $1 and status = 'open'`,
      [timer.subjectId]
    );
    if (rows[0])
      await raise(
        tx,
        timer,
        {
          rule: 'complaintOverdue',
          level: 'yellowCard',
          department: rows[0].department,
          message: '投诉超过 3 个工作日未作出受理或不予受理决定。'
        },
        now
      );
  },
  async rectification(tx, timer, now) {
    const rows = await tx.query<{ department: string }>(
      `select department from evaluations where id = $1 and rectified_at is null`,
      [timer.subjectId]
    );
    if (rows[0])
      await raise(
        tx,
        timer,
        {
          rule: 'rectificationOverdue',
          level: 'yellowCard',
          department: rows[0].department,
          message: '差评整改超过期限未完成。'
        },
        now
      );
  },
  async appointmentNoShow(tx, timer, now) {
    const missed = await tx.query<{ user_id: string; slot_at: Date }>(
      `update appointments set status = 'noShow', updated_at = $2 where id = $1 and status = 'booked' returning user_id, slot_at`,
      [timer.subjectId, new Date(now).toISOString()]
    );
    if (missed[0])
      await recordGround(
        tx,
        {
          userId: missed[0].user_id,
          kind: 'noShow',
          subjectId: timer.subjectId,
          occurredAt: missed[0].slot_at.getTime()
        },
        now
      );
  }
};
