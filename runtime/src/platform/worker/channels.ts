import type { Sql } from '../db/db.ts';

/** One outbox row on its way out. */
export interface OutgoingMessage {
  id: number;
  caseId: string | null;
  channel: 'inbox' | 'email' | 'sms' | 'feed';
  recipient: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

/**
 * Delivers messages of one channel. `transactional` channels write inside the transaction that marks the message
 * sent, so they deliver exactly once; the others talk to the outside world and deliver at least once.
 */
export interface Channel {
  readonly transactional: boolean;
  deliver(message: OutgoingMessage, tx: Sql): Promise<void>;
}

/**
 * A failure no retry will cure (the mail server refused the address for good, say): the outbox marks the message
 * failed at once instead of trying again. Any other error is retried with backoff.
 */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
}

/** The in-app inbox: always on. */
export const inboxChannel: Channel = {
  transactional: true,
  async deliver(message, tx) {
    await tx.query(
      // Dated when what it tells of happened (the outbox row's time, on the service's clock), not when delivered.
      `insert into inbox_messages (user_id, case_id, title, body, created_at)
       select $1, $2, $3, $4, coalesce((select created_at from outbox where id = $5), now())`,
      [message.recipient, message.caseId, message.subject, message.body, message.id]
    );
  }
};

/** Where SMS and e-mail go when no gateway is configured (the embedded default): a structured log line. */
export function logChannel(
  kind: 'sms' | 'email',
  write: (line: string) => void = line => process.stdout.write(`${line}\n`)
): Channel {
  return {
    transactional: false,
    async deliver(message) {
      write(
        JSON.stringify({
          level: 'info',
          msg: `${kind} (not sent: no gateway configured)`,
          to: mask(message.recipient),
          subject: message.subject,
          body: message.body
        })
      );
    }
  };
}

/** An SMS gateway reached over HTTP: POST { to, text } as JSON; any non-2xx answer is a failure to retry. */
export function webhookSmsChannel(url: string, fetchImpl: typeof fetch = fetch): Channel {
  return {
    transactional: false,
    async deliver(message) {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: message.recipient, text: message.body }),
        signal: AbortSignal.timeout(10_000)
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    }
  };
}

/** Keeps the last four characters of a phone number or address out of the logs' reach. */
export function mask(recipient: string): string {
  if (recipient.includes('@')) {
    const [user, domain] = recipient.split('@');
    return `${user!.slice(0, 1)}***@${domain}`;
  }
  return recipient.length > 4 ? `${'*'.repeat(recipient.length - 4)}${recipient.slice(-4)}` : '****';
}
