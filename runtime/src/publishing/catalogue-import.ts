import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { compileFolder, matterFiles } from '@banshi/dsl';
import { importCatalog, publishCatalog } from '../catalog/index.ts';
import type { Db } from '../platform/db/db.ts';
import type { Logger } from '../platform/observability/log.ts';

/**
 * On first start with an empty database the catalogue folder is compiled and published. On later starts, when
 * the folder's files other than matters (departments, calendars, supervision defaults) differ from the published
 * ones, they are published as a new catalogue version: this is how next year's calendar arrives. Matters change
 * through the studio, never by a restart.
 */
export async function importCatalogue(
  db: Db,
  catalogDir: string,
  log: Logger,
  now: number
): Promise<'imported' | 'updated' | 'unchanged'> {
  const root = resolve(catalogDir);
  const files = matterFiles(root).map(file => ({ file, path: relative(root, file), text: readFileSync(file, 'utf8') }));
  const [latest] = await db.query<{ version: number; sources: Record<string, string> }>(
    'select version, sources from catalog_versions order by version desc limit 1'
  );
  if (latest) {
    const matterPaths = new Set(
      (await db.query<{ path: string }>('select distinct path from matter_versions')).map(r => r.path)
    );
    const others = files.filter(f => !matterPaths.has(f.path));
    const same =
      others.length === Object.keys(latest.sources).length && others.every(f => latest.sources[f.path] === f.text);
    if (same) return 'unchanged';
  }
  const compiled = await compileFolder(root);
  if (compiled.errors.length > 0 || !compiled.catalog) {
    const first = compiled.errors
      .slice(0, 10)
      .map(e => `${e.file}:${e.line}:${e.column}: ${e.message}`)
      .join('\n');
    throw new Error(
      `目录“${catalogDir}”有 ${compiled.errors.length} 个错误，不能${latest ? '更新' : '导入'}：\n${first}`
    );
  }
  // A Definition names its file relative to the workspace root the compiler used: match by suffix.
  const fileOf = (source: string) => files.find(f => f.path === source || f.file.endsWith(`/${source}`));
  const matters = compiled.definitions.map(definition => {
    const found = fileOf(definition.source.file);
    if (!found) throw new Error(`找不到事项“${definition.name}”的源文件 ${definition.source.file}`);
    return { definition, path: found.path, source: found.text };
  });
  const matterPaths = new Set(matters.map(m => m.path));
  const sources: Record<string, string> = {};
  for (const f of files) if (!matterPaths.has(f.path)) sources[f.path] = f.text;
  if (!latest) {
    const done = await importCatalog(db, compiled.catalog, sources, matters, now);
    if (done)
      log({ level: 'info', msg: 'catalogue imported', matters: matters.length, files: Object.keys(sources).length });
    return done ? 'imported' : 'unchanged';
  }
  const version = await publishCatalog(db, compiled.catalog, sources);
  log({ level: 'info', msg: 'catalogue updated', version, calendars: compiled.catalog.calendars.map(c => c.year) });
  return 'updated';
}
