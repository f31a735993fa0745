import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const folder = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this build, in order: `NNN_name.sql`. */
export function migrations(): Migration[] {
  return readdirSync(folder)
    .filter(f => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map(f => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(folder + f, 'utf8') }));
}

/** Told after each pending migration: `done` of `total` (applied here, or by a process that won the lock). */
export type MigrationProgress = (migration: Migration, done: number, total: number) => void;

/**
 * Brings the schema up to `target` (default: the newest), each migration in its own transaction. An advisory
 * lock makes concurrent starts of several processes apply each migration once. Returns the versions applied.
 */
export async function migrate(db: Db, target = Infinity, progress?: MigrationProgress): Promise<number[]> {
  // Asked only when missing: the runtime's role (migration 022) may not create tables, and need not when the
  // schema is already up to date.
  const [known] = await db.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  if (!known?.t)
    await db.query(`create table if not exists schema_migrations (
    version int primary key, name text not null, applied_at timestamptz not null default now())`);
  const had = new Set(
    (await db.query<{ version: number }>('select version from schema_migrations')).map(r => Number(r.version))
  );
  const applied: number[] = [];
  const due = migrations().filter(m => m.version <= target && !had.has(m.version));
  for (const [index, m] of due.entries()) {
    const done = await db.transaction(async tx => {
      await tx.query('select pg_advisory_xact_lock(7011)');
      const rows = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
    progress?.(m, index + 1, due.length);
  }
  return applied;
}

export async function schemaVersion(db: Db): Promise<number> {
  const rows = await db.query<{ v: number | null }>('select max(version)::int as v from schema_migrations');
  return rows[0]?.v ?? 0;
}

/** Splits a migration into statements, keeping `$$ … $$` bodies whole (extended protocol runs one at a time). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const code = line.replace(/--.*$/, '');
    if (!inDollar && code.trim() === '') continue;
    current += line + '\n';
    const dollars = (code.match(/\$\$/g) ?? []).length;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && code.trimEnd().endsWith(';')) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
