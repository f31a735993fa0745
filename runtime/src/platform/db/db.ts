import { PGlite } from '@electric-sql/pglite';
import { setImmediate as aTurnOfTheLoop } from 'node:timers/promises';
import postgres from 'postgres';

/** Anything that runs SQL: the database, or a transaction on it. Parameters are `$1`, `$2`…; never spliced in. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Inside a transaction only: a write to run as the transaction's last statement, sent together with its COMMIT
   * rather than answered first. For writes that take a lock held until the commit (the audit chain's, migration
   * 021): the lock is then held for the commit alone, not across a round trip to this process, which under load
   * can last many milliseconds while every other writer of the chain waits. Its failure fails the transaction.
   */
  atCommit?(text: string, params?: readonly unknown[]): void;
}

/**
 * One database, whichever engine holds it: PostgreSQL through postgres.js in production, PGlite embedded. Both
 * run the same SQL; the differences (one connection, how int8 comes back) stay in this file and in casts in SQL.
 */
export interface Db extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for every NOTIFY on `channel`, from any process. Resolves to an unsubscribe. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A serialisation failure or deadlock: the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '40001' || code === '40P01';
}

/**
 * The database went away under a request (a restart, a failover, `pg_terminate_backend`, an idle timeout): the
 * request may be tried again shortly; the pool reconnects by itself (security-audit §1.8).
 */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  // postgres.js's own codes, socket errors, and PostgreSQL's class 57P (operator intervention) and 08 (connection).
  return (
    [
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
      'CONNECT_TIMEOUT',
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT'
    ].includes(code) ||
    code.startsWith('57P') ||
    code.startsWith('08')
  );
}

/**
 * postgres.js can fail inside its own socket callbacks when a connection is cut mid-write (3.4.x: "Cannot read
 * properties of null (reading 'write')" in connection.js), outside any request: such an error is the lost
 * connection's, not the process's.
 */
export function isDriverSocketFailure(error: unknown): boolean {
  const stack = (error as { stack?: string } | undefined)?.stack ?? '';
  return error instanceof TypeError && /[\\/]postgres[\\/]src[\\/]connection\.js/.test(stack);
}

/** A unique or primary-key violation, optionally of a named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint_name === constraint || e.constraint === constraint || (e.message ?? '').includes(constraint);
}

export interface PostgresOptions {
  url: string;
  /** Pool size; the default suits one runtime process. */
  max?: number;
}

/**
 * libpq's way of naming a Unix socket in a URL, `postgres://user:password@localhost/banshi?host=/var/run/postgresql`
 * (the socket's directory; the port names the file in it), which postgres.js does not read from a URL: the URL
 * without it, and the directory as postgres.js's own `host` option. A runtime on the database's own host then skips
 * TCP on loopback: 4-6 % less of the machine's CPU a staff command, measured on this two-core machine
 * (docs/deployment.md). Any other URL is left as it is.
 */
export function socketOf(url: string): { url: string; host?: string } {
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (!host?.startsWith('/')) return { url };
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), host };
}

export function connectPostgres(options: PostgresOptions): Db {
  const { url, host } = socketOf(options.url);
  const sql = postgres(url, {
    ...(host ? { host } : {}),
    max: options.max ?? 10,
    onnotice: () => {},
    // int8 (ids, count(*)) as JavaScript numbers, as PGlite returns them; timestamps stay Dates in both.
    // JSON parameters come in already serialised (the same text PGlite takes): pass strings through.
    types: {
      int8: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (s: string) => Number(s) },
      json: { to: 114, from: [114], serialize: serialiseJson, parse: (s: string) => JSON.parse(s) },
      jsonb: { to: 3802, from: [3802], serialize: serialiseJson, parse: (s: string) => JSON.parse(s) }
    },
    connection: { application_name: 'banshi', timezone: 'UTC' }
  });
  const run =
    (s: postgres.Sql | postgres.TransactionSql) =>
    async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> =>
      (await s.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
  return {
    kind: 'postgres',
    query: run(sql),
    async transaction(fn) {
      // The statements left for the commit are sent unanswered, so postgres.js sends its COMMIT right behind them on
      // the same connection. Should one fail, the server rolls the transaction back (its COMMIT answers ROLLBACK,
      // which postgres.js does not report): the failed statement's own promise, awaited after, reports it.
      const sent: Array<Promise<unknown>> = [];
      const result = (await sql.begin(async tx => {
        const last: Array<[string, readonly unknown[]]> = [];
        const value = await fn({
          query: run(tx),
          atCommit: (text, params = []) => void last.push([text, params])
        });
        for (const [text, params] of last)
          sent.push(tx.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }).execute());
        return value;
      })) as Awaited<ReturnType<typeof fn>>;
      await Promise.all(sent);
      return result;
    },
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 })
  };
}

const serialiseJson = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export interface PgliteOptions {
  /** A directory for the data; in memory when absent. */
  dataDir?: string;
  /** Start from a dump (`dumpDataDir`) instead of an empty cluster: much faster in tests. */
  loadDataDir?: Blob | File;
}

/**
 * PGlite's memory is this process's, and WebAssembly memory once grown is never given back: its shared buffers are
 * all touched at start (128 MB by default), and what an index build or a big sort takes stays. Its files are read
 * through the operating system, whose cache holds them outside the process, so smaller buffers cost little:
 * 16 MB (2,048 pages) holds the hot part of a city's open cases and the catalogue; maintenance_work_mem bounds what migrations' index builds grow
 * the memory to (issue 18: the embedded default under 300 MB resident after a day).
 */
const pgliteMemory = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB', '-c', 'work_mem=4MB'];

export async function openPglite(options: PgliteOptions = {}): Promise<Db & { pglite: PGlite }> {
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, ...pgliteMemory]
  });
  await pg.exec(`set timezone = 'UTC'`);
  const run =
    (s: Pick<PGlite, 'query'>) =>
    async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> =>
      (await s.query<T>(text, params as unknown[])).rows;
  const runAtOnce = run(pg);
  return {
    kind: 'pglite',
    pglite: pg,
    // PGlite runs a statement in this thread and answers it in a microtask, so statements that follow one another
    // (a group of tracking lookups, their audit lines, the next group) ran back to back without the event loop
    // polling its sockets in between: under 200 connections it polled every quarter of a second, read what had
    // come, and accepted one waiting connection each time (libuv accepts one a turn), so new connections waited
    // seconds to be taken and the lookups went 400 a second. Each statement outside a transaction, and each
    // transaction before it takes the connection, first lets the loop turn once; a transaction's own statements
    // follow one another, as it holds the connection meanwhile.
    query: async (text, params) => {
      await aTurnOfTheLoop();
      return runAtOnce(text, params);
    },
    // PGlite has one connection: its transaction holds it, and other queries wait their turn.
    // In process, there is no round trip to save: what is left for the commit runs last, before it.
    transaction: async fn => {
      await aTurnOfTheLoop();
      return pg.transaction(async tx => {
        const last: Array<[string, readonly unknown[]]> = [];
        const value = await fn({ query: run(tx), atCommit: (text, params = []) => void last.push([text, params]) });
        for (const [text, params] of last) await tx.query(text, params as unknown[]);
        return value;
      });
    },
    async listen(channel, onPayload) {
      return pg.listen(channel, onPayload);
    },
    close: () => pg.close()
  };
}

/** Whether the database answers at all: what a load balancer's health check asks. */
export async function databaseAnswers(db: Sql): Promise<boolean> {
  try {
    await db.query('select 1');
    return true;
  } catch {
    return false;
  }
}
