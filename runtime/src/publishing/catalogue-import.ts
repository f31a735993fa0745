import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { matterFiles } from '@banshi/dsl/files';
import { importCatalog, publishCatalog } from '../catalog/index.ts';
import type { Db } from '../platform/db/db.ts';
import type { Logger } from '../platform/observability/log.ts';
import { progressLog } from '../platform/observability/progress.ts';
import { checkCatalogueFiles, problemLine } from './catalogue-check.ts';
import { language } from './language.ts';

/**
 * On first start with an empty database the catalogue folder is compiled and published. On later starts, the
 * folder's files other than matters (departments, calendars, supervision defaults) that changed since the last
 * start are published as a new catalogue version over the live one (what administrators published in the studio
 * stays). Matters change through the studio, never by a restart.
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
  if (latest) return updateFromFolder(db, root, files, latest, log);
  // A first start's longest silent step: each file as it is parsed (the folder's files are paths).
  const parsed = progressLog(log, 'catalogue', (done, total, file) => `编译事项目录 ${done}/${total}：${file}`);
  const { compileFolder } = await language();
  const compiled = await compileFolder(root, (done, total, file) => parsed(done, total, relative(root, file)));
  if (compiled.errors.length > 0 || !compiled.catalog) {
    const first = compiled.errors
      .slice(0, 10)
      .map(e => `${e.file}:${e.line}:${e.column}: ${e.message}`)
      .join('\n');
    throw new Error(`目录“${catalogDir}”有 ${compiled.errors.length} 个错误，不能导入：\n${first}`);
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
  const done = await importCatalog(db, compiled.catalog, sources, matters, now);
  if (done)
    log({ level: 'info', msg: 'catalogue imported', matters: matters.length, files: Object.keys(sources).length });
  return done ? 'imported' : 'unchanged';
}

/**
 * A later start: what changed in the folder's non-matter files since the last start that published them is
 * published over the live catalogue, so that what administrators published in between (a department made in the
 * studio, a year's calendar) stays. The whole catalogue is checked with the live matters before it is.
 */
async function updateFromFolder(
  db: Db,
  root: string,
  files: Array<{ path: string; text: string }>,
  latest: { version: number; sources: Record<string, string> },
  log: Logger
): Promise<'updated' | 'unchanged'> {
  const matterPaths = new Set(
    (await db.query<{ path: string }>('select distinct path from matter_versions')).map(r => r.path)
  );
  const folder: Record<string, string> = {};
  for (const f of files) if (!matterPaths.has(f.path)) folder[f.path] = f.text;
  const [started] = await db.query<{ folder_sources: Record<string, string> }>(
    'select folder_sources from catalog_versions where folder_sources is not null order by version desc limit 1'
  );
  const before = started?.folder_sources ?? latest.sources;
  const changed = [...new Set([...Object.keys(folder), ...Object.keys(before)])].filter(p => folder[p] !== before[p]);
  if (changed.length === 0) return 'unchanged';
  const sources = { ...latest.sources };
  for (const p of changed) {
    if (folder[p] === undefined) delete sources[p];
    else sources[p] = folder[p];
  }
  const live = await db.query<{ path: string; source: string }>(
    `select path, source from matter_versions where state = 'published'`
  );
  const checked = await checkCatalogueFiles({ ...sources, ...Object.fromEntries(live.map(m => [m.path, m.source])) });
  if (!checked.catalog) {
    const first = checked.errors.slice(0, 10).map(problemLine).join('\n');
    throw new Error(`目录“${root}”有 ${checked.errors.length} 个错误，不能更新：\n${first}`);
  }
  const version = await publishCatalog(db, checked.catalog, sources, folder);
  log({ level: 'info', msg: 'catalogue updated', version, files: changed });
  return 'updated';
}
