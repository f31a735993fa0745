import type { Sql } from './db/db.ts';

/**
 * Work done inside the transaction that made a change (its audit line, its idempotency record), given what the
 * change produced: the change and its record commit together or not at all.
 */
export type Extra<T> = (tx: Sql, result: T) => Promise<void>;

export const noExtra = async (): Promise<void> => {};
