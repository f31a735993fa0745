import { createHash } from 'node:crypto';
import { isUniqueViolation, type Sql } from './db/db.ts';
import { part, type SqlPart } from './db/write-statement.ts';
import { Refusal } from './refusal.ts';

export interface Stored {
  status: number;
  body: unknown;
}

export const requestHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The answer already given to this key, if any; the same key with a different request is an error. */
export async function replayed(
  sql: Sql,
  userId: string,
  key: string | undefined,
  hash: string
): Promise<Stored | undefined> {
  if (!key) return undefined;
  const rows = await sql.query<{ request: string; status: number; response: unknown }>(
    'select request, status, response from idempotency_keys where user_id = $1 and key = $2',
    [userId, key]
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.request !== hash)
    throw new Refusal('invalid', 'idempotency.mismatch', '同一个幂等键（Idempotency-Key）不能用于不同的请求。');
  return { status: row.status, body: row.response };
}

/** Records the answer in the transaction that did the work: both commit, or neither. */
export async function remember(
  tx: Sql,
  userId: string,
  key: string | undefined,
  hash: string,
  stored: Stored,
  caseId?: string
): Promise<void> {
  if (!key) return;
  await tx.query(
    'insert into idempotency_keys (user_id, key, request, status, response, case_id) values ($1, $2, $3, $4, $5::jsonb, $6)',
    [userId, key, hash, stored.status, JSON.stringify(stored.body), caseId ?? null]
  );
}

/** The same, as part of a case command's one write statement; nothing when there is no key. */
export function rememberPart(userId: string, key: string | undefined, hash: string, stored: Stored): SqlPart[] {
  if (!key) return [];
  return [
    part(
      `insert into idempotency_keys (user_id, key, request, status, response, case_id) select $1, $2, $3, $4, $5::jsonb, t.case_id from target t`,
      userId,
      key,
      hash,
      stored.status,
      JSON.stringify(stored.body)
    )
  ];
}

/**
 * Runs `work` once per (user, key): a retry gets the first answer. Two identical requests racing both run the
 * work; the loser either fails to record the key (its transaction rolls back) or is refused on the way because the
 * winner's commit changed what it checks (the files it names now belong to the winner's case). Either way, when the
 * key has been recorded meanwhile for the same request, the loser answers with the winner's stored response.
 */
export async function once(
  sql: Sql,
  userId: string,
  key: string | undefined,
  hash: string,
  work: () => Promise<Stored>
): Promise<Stored & { replayed: boolean }> {
  const before = await replayed(sql, userId, key, hash);
  if (before) return { ...before, replayed: true };
  try {
    return { ...(await work()), replayed: false };
  } catch (error) {
    if (key && (isUniqueViolation(error, 'idempotency_keys_pkey') || error instanceof Refusal)) {
      const after = await replayed(sql, userId, key, hash);
      if (after) return { ...after, replayed: true };
    }
    throw error;
  }
}

/** The `Idempotency-Key` header, checked: 1–100 visible characters. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,100}$/.test(header))
    throw new Refusal('invalid', 'idempotency.key', 'Idempotency-Key 须为 1–100 个可见字符。');
  return header;
}
