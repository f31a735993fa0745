import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { administrationScope, type Staff } from '../accounts/index.ts';
import { audit } from '../platform/audit.ts';
import { Refusal } from '../platform/refusal.ts';
import { catalogueBase } from './catalogue-base.ts';
import { checkCatalogueFiles, problemLine } from './catalogue-check.ts';
import { openStates } from './rules.ts';
import { guarded, type RequestMeta, type StudioDeps } from './version-rows.ts';

/**
 * The catalogue as files: every live version's sources (the matters and the catalogue's other files) as a zip of
 * `.matter` files that `banshi check` accepts, and such a zip imported as drafts (a new city starting from
 * another's catalogue), checked whole before anything is created.
 */

/** How much an imported zip may hold once unpacked: a province's catalogue is a few megabytes. */
export const maxImportBytes = 20 * 1024 * 1024;
const maxFiles = 5000;

function assertWholeCatalogue(staff: Staff): void {
  if (administrationScope(staff) !== 'all')
    throw new Refusal('forbidden', 'catalogue.not-reform-office', '目录的导出和导入由审改办或系统管理员办理。');
}

/** The live catalogue as a zip: the catalogue's other files and every live matter, by their paths in the folder. */
export async function exportCatalogue(
  s: StudioDeps,
  staff: Staff,
  meta: RequestMeta
): Promise<{ zip: Uint8Array; version: number; files: number }> {
  return guarded(s, staff, 'catalogue.export', undefined, meta, async () => {
    assertWholeCatalogue(staff);
    const base = await catalogueBase(s.db);
    const files: Record<string, Uint8Array> = {};
    for (const [path, text] of Object.entries({ ...base.sources, ...base.matters })) files[path] = strToU8(text);
    const zip = zipSync(files, { level: 6 });
    await audit(s.db, {
      actor: staff,
      action: 'catalogue.export',
      outcome: 'ok',
      target: `v${base.version}`,
      ip: meta.ip,
      detail: { files: Object.keys(files).length }
    });
    return { zip, version: base.version, files: Object.keys(files).length };
  });
}

/** The `.matter` files of a zip by their paths, the one folder they share (if any) taken off. */
export function readZip(bytes: Uint8Array): { files: Record<string, string>; skipped: string[] } {
  let entries: Record<string, Uint8Array>;
  let total = 0;
  try {
    entries = unzipSync(bytes, {
      filter: file => {
        total += file.originalSize;
        if (total > maxImportBytes) throw new Refusal('tooLarge', 'catalogue.too-large', '压缩包解压后超过 20 MB。');
        return !file.name.endsWith('/');
      }
    });
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal('invalid', 'catalogue.not-zip', '上传的文件不是有效的 zip 压缩包。');
  }
  const names = Object.keys(entries).filter(n => !n.startsWith('__MACOSX/') && !posix.basename(n).startsWith('.'));
  if (names.length > maxFiles)
    throw new Refusal('invalid', 'catalogue.too-many', `压缩包中的文件超过 ${maxFiles} 个。`);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const files: Record<string, string> = {};
  const skipped: string[] = [];
  for (const name of names) {
    const path = posix.normalize(name.replace(/\\/g, '/'));
    if (path.startsWith('../') || path.startsWith('/') || path.includes('/../') || path.includes('\u0000'))
      throw new Refusal('invalid', 'catalogue.bad-path', `压缩包中的路径“${name}”不安全。`);
    if (!path.endsWith('.matter')) {
      skipped.push(path);
      continue;
    }
    try {
      files[path] = decoder.decode(entries[name]).replace(/^\uFEFF/, '');
    } catch {
      throw new Refusal('invalid', 'catalogue.not-utf8', `文件“${path}”不是 UTF-8 编码的文本。`);
    }
    if (files[path]!.includes('\u0000'))
      throw new Refusal('invalid', 'catalogue.not-text', `文件“${path}”含有空字符，不是事项语言源文件。`);
  }
  const paths = Object.keys(files);
  if (paths.length === 0) throw new Refusal('invalid', 'catalogue.empty', '压缩包中没有 .matter 文件。');
  // A zip of a folder holds it as `folder/…`: the catalogue is that folder.
  const tops = new Set(paths.map(p => p.split('/')[0]));
  const [top] = tops;
  if (tops.size === 1 && paths.every(p => p.includes('/'))) {
    const stripped: Record<string, string> = {};
    for (const p of paths) stripped[p.slice(top!.length + 1)] = files[p]!;
    return { files: stripped, skipped };
  }
  return { files, skipped };
}

/**
 * Imports a catalogue zip: the whole of it is checked with the language's checks first (all or nothing, each
 * problem with its file and line); then each matter that differs from the live one becomes a new draft of that
 * matter (its department's authors carry it on and their head approves it, as any draft), and the catalogue's
 * other files, when they differ, become one catalogue change for the reform office to confirm.
 */
export async function importCatalogueZip(s: StudioDeps, staff: Staff, bytes: Uint8Array, meta: RequestMeta) {
  return guarded(s, staff, 'catalogue.import', undefined, meta, async () => {
    assertWholeCatalogue(staff);
    const { files, skipped } = readZip(bytes);
    const checked = await checkCatalogueFiles(files);
    if (checked.errors.length > 0)
      throw new Refusal(
        'invalid',
        'catalogue.has-errors',
        `导入的目录有 ${checked.errors.length} 处错误，没有导入任何内容。第一处：${problemLine(checked.errors[0]!)}`,
        { problems: checked.errors }
      );
    const matterPaths = new Set(checked.matterPaths.values());
    const others: Record<string, string> = {};
    for (const [path, text] of Object.entries(files)) if (!matterPaths.has(path)) others[path] = text;
    const base = await catalogueBase(s.db);
    const changedFiles = [
      ...Object.keys(others).filter(p => base.sources[p] !== others[p]),
      ...Object.keys(base.sources).filter(p => !(p in others))
    ].sort();
    const at = new Date(s.now()).toISOString();
    const result = await s.db.transaction(async tx => {
      await tx.query('select pg_advisory_xact_lock(7031)');
      const drafts: Array<{ code: string; version: number; name: string; department: string; path: string }> = [];
      const unchanged: string[] = [];
      for (const definition of checked.definitions) {
        const path = checked.matterPaths.get(definition.code)!;
        const source = files[path]!;
        await tx.query('select pg_advisory_xact_lock(7021, hashtext($1))', [definition.code]);
        const versions = await tx.query<{ version: number; state: string; path: string; source: string }>(
          'select version, state, path, source from matter_versions where code = $1 order by version desc',
          [definition.code]
        );
        const open = versions.find(v => (openStates as readonly string[]).includes(v.state) || v.state === 'scheduled');
        if (open)
          throw new Refusal(
            'conflict',
            'catalogue.open-version',
            `事项“${definition.name}”（${definition.code}）已有未完成的变更（第 ${open.version} 版），没有导入任何内容；请先处理该变更。`,
            { code: definition.code }
          );
        const live = versions.find(v => v.state === 'published');
        if (live && live.source === source) {
          unchanged.push(definition.code);
          continue;
        }
        const keptPath = versions[0]?.path ?? path;
        const taken = await tx.query<{ code: string }>(
          'select code from matter_versions where path = $1 and code <> $2 limit 1',
          [keptPath, definition.code]
        );
        if (taken[0])
          throw new Refusal(
            'conflict',
            'catalogue.path-taken',
            `${path}：路径已是事项 ${taken[0].code} 的文件，没有导入任何内容。`,
            { path }
          );
        const version = (versions[0]?.version ?? 0) + 1;
        await tx.query(
          `insert into matter_versions (code, version, state, department, name, path, source, definition, author_id, note, created_at, updated_at, saved_at)
           values ($1, $2, 'draft', $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $10, $10)`,
          [
            definition.code,
            version,
            definition.department.name,
            definition.name,
            keptPath,
            source,
            JSON.stringify(definition),
            staff.id,
            '目录导入',
            at
          ]
        );
        drafts.push({
          code: definition.code,
          version,
          name: definition.name,
          department: definition.department.name,
          path: keptPath
        });
      }
      let change: string | null = null;
      if (changedFiles.length > 0) {
        change = randomUUID();
        await tx.query(
          `insert into catalog_changes (id, kind, state, files, summary, note, author_id, base_version, created_at)
           values ($1, 'import', 'pending', $2::jsonb, $3::jsonb, '目录导入', $4, $5, $6)`,
          [
            change,
            JSON.stringify(others),
            JSON.stringify(
              changedFiles.map(p => (p in others ? (p in base.sources ? `修改 ${p}` : `新增 ${p}`) : `删除 ${p}`))
            ),
            staff.id,
            base.version,
            at
          ]
        );
      }
      await audit(tx, {
        actor: staff,
        action: 'catalogue.import',
        outcome: 'ok',
        target: `${Object.keys(files).length} files`,
        ip: meta.ip,
        detail: { drafts: drafts.length, unchanged: unchanged.length, change }
      });
      return { drafts, unchanged, change };
    });
    return { ...result, changedFiles, skipped };
  });
}
