import type { Sql } from '../../platform/db/db.ts';

/**
 * A new draft starts with the files of the version it was drafted from (by default the live one, else the latest
 * before it); called in the transaction that creates the draft. Only rows are copied: the content is shared.
 */
export async function carryMaterialFiles(tx: Sql, code: string, toVersion: number, fromVersion?: number) {
  await tx.query(
    `insert into material_files (code, version, material, kind, name, media_type, size, sha256, uploaded_by, uploaded_at)
     select code, $2::int, material, kind, name, media_type, size, sha256, uploaded_by, uploaded_at from material_files
     where code = $1 and version = coalesce($3::int,
       (select version from matter_versions where code = $1 and state = 'published'),
       (select max(version) from matter_versions where code = $1 and version < $2::int))
     on conflict do nothing`,
    [code, toVersion, fromVersion ?? null]
  );
}
