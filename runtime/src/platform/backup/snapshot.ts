import type { Sql } from '../db/db.ts';

/**
 * What a backup records of the database's view, read inside the snapshot it dumps and read again after a restore:
 * rows per table (every table there is, whatever migrations made them) and the stored files the rows name.
 */
export interface DatabaseView {
  migrationVersion: number;
  tables: Record<string, number>;
  /** Digests of the files rows name (uploads and material templates), sorted. */
  files: string[];
}

/** Tables whose `sha256` column names a file in the blob store (platform/files/blobs.ts). */
const fileTables = ['files', 'material_files'];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function readView(sql: Sql): Promise<DatabaseView> {
  const tables: Record<string, number> = {};
  const names = await sql.query<{ schemaname: string; tablename: string }>(
    `select schemaname, tablename from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema') order by schemaname, tablename`
  );
  for (const { schemaname, tablename } of names) {
    const [row] = await sql.query<{ n: string }>(
      `select count(*)::text as n from ${quote(schemaname)}.${quote(tablename)}`
    );
    tables[`${schemaname}.${tablename}`] = Number(row!.n);
  }
  const files = new Set<string>();
  for (const table of fileTables) {
    if (!(`public.${table}` in tables)) continue;
    for (const { sha256 } of await sql.query<{ sha256: string }>(`select distinct sha256 from public.${table}`))
      files.add(sha256);
  }
  const migrationVersion =
    'public.schema_migrations' in tables
      ? ((await sql.query<{ v: number | null }>('select max(version)::int as v from schema_migrations'))[0]?.v ?? 0)
      : 0;
  return { migrationVersion, tables, files: [...files].sort() };
}
