import type { Sql } from '../platform/db/db.ts';

export interface InboxItem {
  id: string;
  caseId: string | null;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}

/**
 * A page of a user's inbox, newest first by id, before the message `before` (exclusive), and whether an older page
 * exists. Ids travel as text: a bigint reads back differently from each driver.
 */
export async function inboxPage(
  sql: Sql,
  userId: string,
  before: number | null,
  limit: number
): Promise<{ items: InboxItem[]; more: boolean }> {
  const rows = await sql.query<{
    message_id: string;
    case_id: string | null;
    title: string;
    body: string;
    created_at: Date;
    read_at: Date | null;
  }>(
    `select id::text as message_id, case_id, title, body, created_at, read_at from inbox_messages
     where user_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3`,
    [userId, before, limit + 1]
  );
  return {
    items: rows.slice(0, limit).map(r => ({
      id: r.message_id,
      caseId: r.case_id,
      title: r.title,
      body: r.body,
      createdAt: r.created_at.toISOString(),
      read: r.read_at !== null
    })),
    more: rows.length > limit
  };
}

export async function unreadCount(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    'select count(*)::int as n from inbox_messages where user_id = $1 and read_at is null',
    [userId]
  );
  return row?.n ?? 0;
}

/** Marks one of the user's own messages read; reading it twice keeps the first time. False when it is not theirs. */
export async function markRead(sql: Sql, userId: string, id: number, now: number): Promise<boolean> {
  const rows = await sql.query(
    'update inbox_messages set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning 1',
    [id, userId, new Date(now).toISOString()]
  );
  return rows.length > 0;
}

export async function markAllRead(sql: Sql, userId: string, now: number): Promise<void> {
  await sql.query('update inbox_messages set read_at = $2 where user_id = $1 and read_at is null', [
    userId,
    new Date(now).toISOString()
  ]);
}
