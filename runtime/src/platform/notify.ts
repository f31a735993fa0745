import type { Sql } from './db/db.ts';
import { iso } from './time.ts';

export interface InboxNote {
  userId: string;
  subject: string;
  body: string;
  /** What the message is about, for the worker's log and the inbox's links. */
  payload: Record<string, unknown>;
  caseId?: string | null;
}

/**
 * Puts a message for the user's inbox in the outbox, in the caller's transaction: it is delivered if and only if
 * the change it tells of is committed (the worker moves it to `inbox_messages`). An applicant with a confirmed
 * e-mail address (accounts/email.ts) gets it by e-mail too, as case notices go.
 */
export async function notifyInbox(tx: Sql, note: InboxNote, now: number): Promise<void> {
  await tx.query(
    `insert into outbox (case_id, channel, recipient, subject, body, payload, next_attempt_at, created_at)
     values ($1, 'inbox', $2, $3, $4, $5::jsonb, $6, $6)`,
    [
      note.caseId ?? null,
      note.userId,
      note.subject,
      note.body,
      JSON.stringify({ ...note.payload, userId: note.userId }),
      iso(now)
    ]
  );
  await tx.query(
    `insert into outbox (case_id, channel, recipient, subject, body, payload, next_attempt_at, created_at)
     select $1::uuid, 'email', u.email, $3::text, $4::text, $5::jsonb, $6::timestamptz, $6::timestamptz
       from users u where u.id = $2::uuid and u.email is not null and u.kind in ('person', 'organisation')`,
    [note.caseId ?? null, note.userId, note.subject, note.body, JSON.stringify(note.payload), iso(now)]
  );
}
