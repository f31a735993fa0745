import type { Sql } from '../db/db.ts';

/**
 * Schedules a timer (idempotent on subject and key); when it falls due the worker runs the handler registered for
 * its `kind`. `Kind` lets a context keep its own list of kinds (requests/timers.ts).
 */
export async function scheduleTimer<Kind extends string>(
  tx: Sql,
  timer: {
    subjectId: string;
    key: string;
    kind: Kind;
    dueAt: number;
    caseId?: string | null;
  }
): Promise<void> {
  await tx.query(
    `insert into timers (subject_id, key, case_id, kind, due_at) values ($1, $2, $3, $4, $5) on conflict (subject_id, key) do nothing`,
    [timer.subjectId, timer.key, timer.caseId ?? null, timer.kind, new Date(timer.dueAt).toISOString()]
  );
}

/** Cancels a timer that is no longer needed (the consultation was answered, …). */
export async function cancelTimer(tx: Sql, subjectId: string, key: string, now: number): Promise<void> {
  await tx.query(`update timers set cancelled_at = $3 where subject_id = $1 and key = $2 and fired_at is null`, [
    subjectId,
    key,
    new Date(now).toISOString()
  ]);
}
