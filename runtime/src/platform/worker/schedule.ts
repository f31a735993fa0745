import type { Sql } from '../db/db.ts';

/** The timers of the hall's services: their handlers are the requests' and the blacklist's (services/service-timers.ts). */
export type ServiceTimerKind = 'consultationAnswer' | 'complaintAccept' | 'rectification' | 'appointmentNoShow';

/** Schedules a service timer (idempotent on subject and key). */
export async function scheduleTimer(
  tx: Sql,
  timer: {
    subjectId: string;
    key: string;
    kind: ServiceTimerKind;
    dueAt: number;
    caseId?: string | null;
  }
): Promise<void> {
  await tx.query(
    `insert into timers (subject_id, key, case_id, kind, due_at) values ($1, $2, $3, $4, $5) on conflict (subject_id, key) do nothing`,
    [timer.subjectId, timer.key, timer.caseId ?? null, timer.kind, new Date(timer.dueAt).toISOString()]
  );
}

/** Cancels a service timer that is no longer needed (the consultation was answered, …). */
export async function cancelTimer(tx: Sql, subjectId: string, key: string, now: number): Promise<void> {
  await tx.query(`update timers set cancelled_at = $3 where subject_id = $1 and key = $2 and fired_at is null`, [
    subjectId,
    key,
    new Date(now).toISOString()
  ]);
}
