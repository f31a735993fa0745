/**
 * A piece of a case's write statement: SQL with its own `$1…$n`, renumbered when the pieces are put together.
 * Every piece reads `from target` (the case row the statement moved), so when the optimistic version check
 * fails and `target` is empty, no piece writes anything.
 */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

export const part = (sql: string, ...params: unknown[]): SqlPart => ({ sql, params });

/**
 * One statement out of a driving CTE named `target` and the parts: PostgreSQL runs it atomically, so a command's
 * projection, events, timers, supervision records, notifications, audit line and idempotency key are all written
 * or none, in one round trip, with no explicit transaction; the parts run in the order given. Answers the number of
 * case rows moved (0 or 1).
 */
export function writeStatement(target: SqlPart, parts: SqlPart[]): SqlPart {
  const params: unknown[] = [];
  const renumber = (p: SqlPart) => {
    const offset = params.length;
    params.push(...p.params);
    return p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  const first = `target as (${renumber(target)})`;
  const named = parts.map((p, i) => `w${i} as (${renumber(p)})`);
  // PostgreSQL runs `target` with the query that reads it, then the parts, which nothing reads, last listed first
  // (ExecPostprocessPlan): listed in reverse, they run in the order given. A command's audit line comes last, so
  // its insert, which takes the audit chain's lock until the commit (migration 021), is the statement's last work:
  // the other writers wait for the commit alone, not for the events, inbox and measures written before it. The
  // documentation leaves this order unspecified, and only the lock's hold depends on it (every part reads the same
  // snapshot, whatever the order); write-statement.int.test.ts fails if a PostgreSQL or PGlite release changes it.
  return { sql: `with ${[first, ...named.reverse()].join(',\n')}\nselect count(*)::int as moved from target`, params };
}
