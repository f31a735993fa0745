import type { Db } from '../db/db.ts';
import { PermanentFailure, type Channel, type OutgoingMessage } from './channels.ts';

const leaseMs = 120_000;
export const maxAttempts = 8;

/** Claims pending messages (FOR UPDATE SKIP LOCKED, with a lease), as for timers. */
export async function claimMessages(db: Db, owner: string, now: number, limit: number): Promise<OutgoingMessage[]> {
  const rows = await db.query<{
    id: number;
    case_id: string | null;
    channel: OutgoingMessage['channel'];
    recipient: string;
    subject: string;
    body: string;
    payload: Record<string, unknown>;
  }>(
    `update outbox o set lease_owner = $1, lease_until = $2
     from (select id from outbox
           where status = 'pending' and next_attempt_at <= $3 and (lease_until is null or lease_until < $3)
           order by id limit $4 for update skip locked) due
     where o.id = due.id
     returning o.id, o.case_id, o.channel, o.recipient, o.subject, o.body, o.payload`,
    [owner, new Date(now + leaseMs).toISOString(), new Date(now).toISOString(), limit]
  );
  return rows.map(r => ({
    id: r.id,
    caseId: r.case_id,
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    payload: r.payload
  }));
}

/**
 * Delivers one claimed message through its channel. Success marks it sent; failure schedules a retry with
 * backoff (30 s, 1 min, 2 min … doubling with each attempt, at most an hour), and after `maxAttempts` marks it
 * failed with the last error; a `PermanentFailure` is marked failed at once. Transactional channels (the inbox)
 * deliver in the transaction that marks the message sent.
 */
export async function deliver(
  db: Db,
  message: OutgoingMessage,
  channels: Partial<Record<OutgoingMessage['channel'], Channel>>,
  owner: string,
  now: () => number
): Promise<'sent' | 'retry' | 'failed' | 'lost-lease'> {
  const channel = channels[message.channel];
  const markSent = `update outbox set status = 'sent', sent_at = $2, attempts = attempts + 1, lease_owner = null, lease_until = null
                    where id = $1 and status = 'pending' and lease_owner = $3 returning 1`;
  try {
    if (!channel) throw new Error(`no channel ${message.channel}`);
    if (channel.transactional) {
      const done = await db.transaction(async tx => {
        const marked = await tx.query(markSent, [message.id, new Date(now()).toISOString(), owner]);
        if (marked.length === 0) return false;
        await channel.deliver(message, tx);
        return true;
      });
      return done ? 'sent' : 'lost-lease';
    }
    await channel.deliver(message, db);
    const marked = await db.query(markSent, [message.id, new Date(now()).toISOString(), owner]);
    return marked.length ? 'sent' : 'lost-lease';
  } catch (error) {
    const rows = await db.query<{ status: string }>(
      `update outbox set attempts = attempts + 1, last_error = $2, lease_owner = null, lease_until = null,
         status = case when attempts + 1 >= $3 or $5::boolean then 'failed' else 'pending' end,
         next_attempt_at = $4::timestamptz + least(30 * power(2, attempts), 3600) * interval '1 second'
       where id = $1 and status = 'pending' returning status`,
      [
        message.id,
        String((error as Error)?.message ?? error).slice(0, 500),
        maxAttempts,
        new Date(now()).toISOString(),
        error instanceof PermanentFailure
      ]
    );
    return rows[0]?.status === 'failed' ? 'failed' : 'retry';
  }
}
