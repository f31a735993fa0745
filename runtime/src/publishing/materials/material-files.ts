import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import type { Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import type { Sql } from '../../platform/db/db.ts';
import { Refusal } from '../../platform/refusal.ts';
import { assertMayAuthor, mayRead } from '../rules.ts';
import { assertEditable } from '../drafts.ts';
import { guarded, iso, load, lockMatter, mustLoad, type RequestMeta } from '../version-rows.ts';
import { checkTemplateFile, templateTypeLabels, templateTypeOf, type TemplateType } from './file-types.ts';

/**
 * A material's template (空白表格) and sample (填写样本), versioned with the matter: uploaded by the authors of the
 * matter's department to an editable draft, carried forward to each new draft, published with the version. The live
 * version's rows are never written again, so a draft's changes cannot reach what the hall offers (004 第十四条: a
 * guide's change is approved by the head before it is published).
 */
export type MaterialFileKind = 'template' | 'sample';
export const materialFileKinds: readonly MaterialFileKind[] = ['template', 'sample'];
export const kindLabels: Record<MaterialFileKind, string> = { template: '空白表格', sample: '填写样本' };

export type MaterialFileDeps = Pick<Services, 'db' | 'registry' | 'now' | 'blobs'>;

export interface MaterialFileView {
  material: string;
  kind: MaterialFileKind;
  kindLabel: string;
  name: string;
  type: TemplateType;
  typeLabel: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: { id: string; name: string } | null;
}

interface Row {
  material: string;
  kind: MaterialFileKind;
  name: string;
  media_type: string;
  size: number | string;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: string | null;
  uploader: string | null;
}

const select = `select f.material, f.kind, f.name, f.media_type, f.size, f.sha256, f.uploaded_at, f.uploaded_by, u.name as uploader
  from material_files f left join users u on u.id = f.uploaded_by`;

function toView(r: Row): MaterialFileView {
  const type = templateTypeOf(r.media_type) ?? 'pdf';
  return {
    material: r.material,
    kind: r.kind,
    kindLabel: kindLabels[r.kind],
    name: r.name,
    type,
    typeLabel: templateTypeLabels[type],
    mediaType: r.media_type,
    size: Number(r.size),
    sha256: r.sha256,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedBy: r.uploaded_by ? { id: r.uploaded_by, name: r.uploader ?? '' } : null
  };
}

/** Every template and sample of one matter version, by material. No access check: callers decide who reads. */
export async function versionMaterialFiles(sql: Sql, code: string, version: number): Promise<MaterialFileView[]> {
  const rows = await sql.query<Row>(`${select} where f.code = $1 and f.version = $2 order by f.material, f.kind desc`, [
    code,
    version
  ]);
  return rows.map(toView);
}

/** One file of a version, or nothing. */
export async function versionMaterialFile(
  sql: Sql,
  code: string,
  version: number,
  material: string,
  kind: MaterialFileKind
): Promise<MaterialFileView | undefined> {
  const [row] = await sql.query<Row>(
    `${select} where f.code = $1 and f.version = $2 and f.material = $3 and f.kind = $4`,
    [code, version, material, kind]
  );
  return row && toView(row);
}

const DefinitionMaterials = z.object({ materials: z.array(z.object({ id: z.string(), title: z.string() })) });

/** The material of the version's saved Definition named by its id or its title (申请材料的简称或名称). */
function materialOf(definition: unknown, named: string, code: string, version: number): string {
  const parsed = DefinitionMaterials.safeParse(definition);
  if (!parsed.success)
    throw new Refusal(
      'conflict',
      'material-file.draft-not-compiled',
      `事项 ${code} 第 ${version} 版的草稿还有错误，改正并保存后才能上传样表和示例。`
    );
  const found = parsed.data.materials.find(m => m.id === named) ?? parsed.data.materials.find(m => m.title === named);
  if (!found)
    throw new Refusal(
      'notFound',
      'material-file.no-material',
      `第 ${version} 版中没有申请材料“${named}”，请先在事项文件中写明这项材料并保存。`,
      { material: named }
    );
  return found.id;
}

/** Uploads (or replaces) a material's template or sample in an editable draft: an author of its department only. */
export async function uploadMaterialFile(
  s: MaterialFileDeps,
  staff: Staff,
  target: { code: string; version: number; material: string; kind: MaterialFileKind },
  file: { name: string; bytes: Uint8Array },
  meta: RequestMeta
): Promise<MaterialFileView> {
  const { code, version, kind } = target;
  return guarded(s, staff, 'studio.material-file.upload', `${code}@${version}`, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayAuthor(staff, current.department);
    assertEditable(current);
    const material = materialOf(current.definition, target.material, code, version);
    const checked = await checkTemplateFile(file.bytes);
    const sha256 = await s.blobs.put(file.bytes);
    const now = iso(s.now());
    await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertEditable((await load(tx, code, version, true))!);
      await tx.query(
        `insert into material_files (code, version, material, kind, name, media_type, size, sha256, uploaded_by, uploaded_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (code, version, material, kind) do update set name = excluded.name, media_type = excluded.media_type,
           size = excluded.size, sha256 = excluded.sha256, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
        [code, version, material, kind, file.name, checked.mediaType, file.bytes.length, sha256, staff.id, now]
      );
      await audit(tx, {
        actor: staff,
        action: 'studio.material-file.upload',
        outcome: 'ok',
        target: `${code}@${version}`,
        ip: meta.ip,
        detail: { material, kind, type: checked.type, size: file.bytes.length, sha256 }
      });
    });
    return (await versionMaterialFile(s.db, code, version, material, kind))!;
  });
}

/** Removes a material's template or sample from an editable draft; the live version keeps its own. */
export async function removeMaterialFile(
  s: MaterialFileDeps,
  staff: Staff,
  target: { code: string; version: number; material: string; kind: MaterialFileKind },
  meta: RequestMeta
): Promise<{ removed: boolean }> {
  const { code, version, material, kind } = target;
  return guarded(s, staff, 'studio.material-file.remove', `${code}@${version}`, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayAuthor(staff, current.department);
    assertEditable(current);
    return s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertEditable((await load(tx, code, version, true))!);
      const rows = await tx.query(
        'delete from material_files where code = $1 and version = $2 and material = $3 and kind = $4 returning 1',
        [code, version, material, kind]
      );
      if (rows.length === 0)
        throw new Refusal(
          'notFound',
          'material-file.not-found',
          `第 ${version} 版的“${material}”没有${kindLabels[kind]}。`
        );
      await audit(tx, {
        actor: staff,
        action: 'studio.material-file.remove',
        outcome: 'ok',
        target: `${code}@${version}`,
        ip: meta.ip,
        detail: { material, kind }
      });
      return { removed: true };
    });
  });
}

/** A version's files for staff who may read the matter (its department's authors and heads, the reform office). */
export async function listMaterialFiles(
  s: MaterialFileDeps,
  staff: Staff,
  code: string,
  version: number,
  meta: RequestMeta
): Promise<{ items: MaterialFileView[]; editable: boolean }> {
  return guarded(s, staff, 'studio.material-file.list', `${code}@${version}`, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayRead(staff, current.department);
    let editable = true;
    try {
      assertMayAuthor(staff, current.department);
      assertEditable(current);
    } catch {
      editable = false;
    }
    return { items: await versionMaterialFiles(s.db, code, version), editable };
  });
}

/** One file's facts and content, for the studio's download (any version, staff who may read the matter). */
export async function readMaterialFile(
  s: MaterialFileDeps,
  staff: Staff,
  target: { code: string; version: number; material: string; kind: MaterialFileKind },
  meta: RequestMeta
): Promise<{ file: MaterialFileView; content: Uint8Array }> {
  const { code, version, material, kind } = target;
  return guarded(s, staff, 'studio.material-file.read', `${code}@${version}`, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayRead(staff, current.department);
    const file = await versionMaterialFile(s.db, code, version, material, kind);
    const content = file && (await s.blobs.get(file.sha256));
    if (!file || !content)
      throw new Refusal(
        'notFound',
        'material-file.not-found',
        `第 ${version} 版的“${material}”没有${kindLabels[kind]}。`
      );
    await audit(s.db, {
      actor: staff,
      action: 'studio.material-file.read',
      outcome: 'ok',
      target: `${code}@${version}`,
      ip: meta.ip,
      detail: { material, kind }
    });
    return { file, content };
  });
}

function assertMayRead(staff: Staff, department: string): void {
  if (!mayRead(staff, department))
    throw new Refusal('forbidden', 'studio.other-department', `该事项由${department}实施，您不能查看它的样表和示例。`);
}
