import type { Db, Sql } from '../db/db.ts';

export interface DueTimer {
  subjectId: string;
  key: string;
  caseId: string | null;
  kind: string;
  dueAt: number;
  payload: Record<string, unknown>;
}

/** What firing a timer of one kind does, inside the transaction that marks it fired. */
export type TimerHandler = (tx: Sql, timer: DueTimer, now: number) => Promise<void>;

const leaseMs = 60_000;

/**
 * Claims up to `limit` due timers for `owner` with FOR UPDATE SKIP LOCKED: any number of workers in any number of
 * processes take disjoint sets. A claim is a lease; a worker that dies leaves it to expire and be taken again.
 */
export async function claimTimers(db: Db, owner: string, now: number, limit: number): Promise<DueTimer[]> {
  const rows = await db.query<{
    subject_id: string;
    key: string;
    case_id: string | null;
    kind: string;
    due_at: Date;
    payload: Record<string, unknown>;
  }>(
    `update timers t set lease_owner = $1, lease_until = $2
     from (select subject_id, key from timers
           where fired_at is null and cancelled_at is null and due_at <= $3 and (lease_until is null or lease_until < $3)
           order by due_at limit $4 for update skip locked) due
     where t.subject_id = due.subject_id and t.key = due.key
     returning t.subject_id, t.key, t.case_id, t.kind, t.due_at, t.payload`,
    [owner, new Date(now + leaseMs).toISOString(), new Date(now).toISOString(), limit]
  );
  return rows.map(r => ({
    subjectId: r.subject_id,
    key: r.key,
    caseId: r.case_id,
    kind: r.kind,
    dueAt: r.due_at.getTime(),
    payload: r.payload
  }));
}

/**
 * Fires one claimed timer: in one transaction, takes its case row (the order every writer of a case follows),
 * marks the timer fired only if nobody did and it still stands, and does its work. Returns false when there was
 * nothing left to do.
 */
export async function fireTimer(
  db: Db,
  timer: DueTimer,
  handlers: Record<string, TimerHandler>,
  now: number,
  owner = 'worker'
): Promise<boolean> {
  return db.transaction(async tx => {
    if (timer.caseId) await tx.query('select 1 from cases where case_id = $1 for update', [timer.caseId]);
    const marked = await tx.query(
      `update timers set fired_at = $3, fired_by = $4, fire_count = fire_count + 1, lease_owner = null, lease_until = null
       where subject_id = $1 and key = $2 and fired_at is null and cancelled_at is null returning 1`,
      [timer.subjectId, timer.key, new Date(now).toISOString(), owner]
    );
    if (marked.length === 0) return false;
    const handler = handlers[timer.kind];
    if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
    await handler(tx, timer, now);
    return true;
  });
}
