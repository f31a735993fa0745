import { z } from 'zod';
import type { Db, Sql } from '../platform/db/db.ts';
import { checkDraft, type CheckResult } from './check.ts';
import { Refusal } from '../platform/refusal.ts';

const Sources = z.record(z.string(), z.string());

/** The newest catalogue's non-matter files, per database (tests run several in one process), read again when a new catalogue version appears. */
const cache = new WeakMap<Db, { version: number; sources: Record<string, string> }>();

export async function catalogSources(db: Db): Promise<Record<string, string>> {
  const rows = await db.query<{ version: number }>(
    'select version from catalog_versions order by version desc limit 1'
  );
  const version = rows[0]?.version;
  if (version === undefined)
    throw new Refusal('unavailable', 'studio.no-catalog', '事项目录尚未导入，暂时无法检查事项草稿。');
  let hit = cache.get(db);
  if (hit?.version !== version) {
    const loaded = await db.query<{ sources: unknown }>('select sources from catalog_versions where version = $1', [
      version
    ]);
    hit = { version, sources: Sources.parse(loaded[0]?.sources ?? {}) };
    cache.set(db, hit);
  }
  if (Object.keys(hit.sources).length === 0) {
    throw new Refusal(
      'unavailable',
      'studio.catalog-sources-missing',
      '目录的部门、地区和工作日历源文件没有随目录导入，暂时无法检查事项草稿。请联系审改办重新导入目录。'
    );
  }
  return hit.sources;
}

/**
 * Checks a draft as the studio sees it: the language's diagnostics against the published catalogue, and a warning
 * when another live matter already has the same name (the hall would show two alike).
 */
export async function checkSource(db: Db, path: string, source: string): Promise<CheckResult & { path: string }> {
  const sources = await catalogSources(db);
  if (Object.hasOwn(sources, path)) {
    throw new Refusal(
      'invalid',
      'studio.path-taken',
      `“${path}”是目录的${path.includes('calendar') ? '工作日历' : '公共'}文件，事项草稿不能使用这个路径。`,
      { path }
    );
  }
  const result = await checkDraft(sources, path, source);
  const { code, name } = result.identity;
  if (code && name) {
    const same = await db.query<{ code: string }>(
      `select code from matter_versions where name = $1 and code <> $2 and state = 'published' limit 1`,
      [name, code]
    );
    if (same[0]) {
      result.diagnostics.push({
        ...result.identity.range,
        severity: 'warning',
        code: 'studio.duplicate-name',
        message: `已有现行事项使用名称“${name}”（编码 ${same[0].code}）；申请人会分不清，建议改名。`
      });
    }
  }
  return { ...result, path };
}

/** Where a matter's file lives: where its latest version lives, else at the catalogue's top as `<code>.matter`. */
export async function defaultPath(sql: Sql, code: string | undefined): Promise<string> {
  if (!code) return 'draft.matter';
  const rows = await sql.query<{ path: string }>(
    'select path from matter_versions where code = $1 order by version desc limit 1',
    [code]
  );
  return rows[0]?.path ?? `${code}.matter`;
}

export const errorsIn = (result: CheckResult) => result.diagnostics.filter(d => d.severity === 'error');
