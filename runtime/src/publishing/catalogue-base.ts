import { z } from 'zod';
import type { Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';

const Sources = z.record(z.string(), z.string());

/** The live catalogue as administration changes read it: its version, its non-matter files, the live matters' files. */
export interface CatalogueBase {
  version: number;
  sources: Record<string, string>;
  matters: Record<string, string>;
}

/** Reads the newest catalogue version and the live matters (pass the transaction that publishes, holding lock 7012). */
export async function catalogueBase(sql: Sql): Promise<CatalogueBase> {
  const [latest] = await sql.query<{ version: number; sources: unknown }>(
    'select version, sources from catalog_versions order by version desc limit 1'
  );
  if (!latest) throw new Refusal('unavailable', 'studio.no-catalog', '事项目录尚未导入。');
  const live = await sql.query<{ path: string; source: string }>(
    `select path, source from matter_versions where state = 'published' order by path`
  );
  const matters: Record<string, string> = {};
  for (const m of live) matters[m.path] = m.source;
  return { version: latest.version, sources: Sources.parse(latest.sources), matters };
}
