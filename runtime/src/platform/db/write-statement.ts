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
 * or none, in one round trip, with no explicit transaction. Answers the number of case rows moved (0 or 1).
 */
export function writeStatement(target: SqlPart, parts: SqlPart[]): SqlPart {
  const params: unknown[] = [];
  const renumber = (p: SqlPart) => {
    const offset = params.length;
    params.push(...p.params);
    return p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  };
  const ctes = [`target as (${renumber(target)})`, ...parts.map((p, i) => `w${i} as (${renumber(p)})`)];
  return { sql: `with ${ctes.join(',\n')}\nselect count(*)::int as moved from target`, params };
}
