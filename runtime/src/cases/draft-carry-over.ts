import type { Definition } from '@banshi/definition';
import type { Sql } from '../platform/db/db.ts';
import type { MaterialFile } from './applications.ts';
import type { Draft } from './drafts.ts';

/**
 * What changed for an applicant's draft when a newer version of the matter went live and the draft moved to it
 * (issue 14: "a draft an applicant is filling when a new version goes live is told what changed and carried over
 * where possible"). Names are the ones the applicant reads: field names, material titles.
 */
export interface CarriedOver {
  fromVersion: number;
  toVersion: number;
  /** Fields the new version asks for that the old did not (新增填写项). */
  addedFields: string[];
  /** Fields no longer asked for; any answer to them was dropped (不再需要填写). */
  removedFields: string[];
  /** Fields kept by name whose kind or options changed: the answer was dropped, to be given again. */
  changedFields: string[];
  /** Materials the new version asks for (新增材料). */
  addedMaterials: string[];
  /** Materials no longer asked for; files uploaded for them are no longer part of the application. */
  removedMaterials: string[];
  /** How many uploaded files were left behind with those materials. */
  droppedFiles: number;
}

/**
 * Carries a draft's answers and files from one version's Definition to another's: an answer is kept where the field
 * still exists with the same name and kind (and, for a choice, the option is still offered); a file where its
 * material (by id) still exists. Pure.
 */
export function carryOver(
  from: Pick<Definition, 'form' | 'materials'>,
  to: Pick<Definition, 'form' | 'materials'>,
  draft: { answers: Record<string, string>; materials: MaterialFile[] },
  versions: { from: number; to: number }
): { answers: Record<string, string>; materials: MaterialFile[]; changes: CarriedOver } {
  const oldFields = new Map(from.form.map(f => [f.name, f]));
  const newFields = new Map(to.form.map(f => [f.name, f]));
  const answers: Record<string, string> = {};
  const changedFields: string[] = [];
  for (const [name, value] of Object.entries(draft.answers)) {
    const field = newFields.get(name);
    const old = oldFields.get(name);
    if (!field) continue;
    const sameKind = !old || old.kind === field.kind;
    const optionKept = !field.options || field.options.includes(value);
    if (sameKind && optionKept) answers[name] = value;
    else changedFields.push(name);
  }
  const oldMaterials = new Set(from.materials.map(m => m.id));
  const newMaterials = new Set(to.materials.map(m => m.id));
  const materials = draft.materials.filter(m => newMaterials.has(m.material));
  return {
    answers,
    materials,
    changes: {
      fromVersion: versions.from,
      toVersion: versions.to,
      addedFields: to.form.filter(f => !oldFields.has(f.name)).map(f => f.name),
      removedFields: from.form.filter(f => !newFields.has(f.name)).map(f => f.name),
      changedFields,
      addedMaterials: to.materials.filter(m => !oldMaterials.has(m.id)).map(m => m.title),
      removedMaterials: from.materials.filter(m => !newMaterials.has(m.id)).map(m => m.title),
      droppedFiles: draft.materials.length - materials.length
    }
  };
}

/** The Definition of a published version, as the catalogue's registry keeps it. */
export type VersionLookup = (code: string, version: number) => Promise<Definition | undefined>;

/**
 * Opens an unsubmitted draft on the live version: when it was written under an older one, its answers and files are
 * carried over (`carryOver`) and saved with what changed, which the page shows until the applicant saves again.
 * A draft of an unknown version, or one already on the live version, is returned as it is.
 */
export async function carryDraftOver(
  sql: Sql,
  versionOf: VersionLookup,
  userId: string,
  draft: Draft,
  live: { code: string; version: number; definition: Definition }
): Promise<Draft> {
  const from = draft.matterVersion;
  if (draft.caseId || from === null || from === undefined || from >= live.version) return draft;
  const old = await versionOf(live.code, from);
  if (!old) return draft;
  const moved = carryOver(old, live.definition, draft, { from, to: live.version });
  const rows = await sql.query(
    `update application_drafts set answers = $3::jsonb, materials = $4::jsonb, matter_version = $5, carried_over = $6::jsonb
     where id = $1 and user_id = $2 and case_id is null and matter_version = $7 returning 1`,
    [
      draft.id,
      userId,
      JSON.stringify(moved.answers),
      JSON.stringify(moved.materials),
      live.version,
      JSON.stringify(moved.changes),
      from
    ]
  );
  if (rows.length === 0) return draft;
  return {
    ...draft,
    answers: moved.answers,
    materials: moved.materials,
    matterVersion: live.version,
    carriedOver: moved.changes
  };
}

/** The lines the applicant reads about a carry-over, in Chinese. */
export function carriedOverLines(c: CarriedOver): string[] {
  const list = (names: string[]) => names.map(n => `“${n}”`).join('、');
  const lines = [
    ...(c.addedFields.length ? [`新增填写项：${list(c.addedFields)}，请补充填写。`] : []),
    ...(c.removedFields.length ? [`不再需要填写：${list(c.removedFields)}，您原来的填写已删去。`] : []),
    ...(c.changedFields.length ? [`填写要求有变化：${list(c.changedFields)}，原来的填写已清空，请重新填写。`] : []),
    ...(c.addedMaterials.length ? [`新增材料：${list(c.addedMaterials)}。`] : []),
    ...(c.removedMaterials.length
      ? [
          `不再需要的材料：${list(c.removedMaterials)}${c.droppedFiles ? `，为其上传的 ${c.droppedFiles} 个文件不再随申请提交` : ''}。`
        ]
      : [])
  ];
  return lines.length ? lines : ['您已填写的内容和上传的材料都不受影响。'];
}
