import type { Definition } from '@banshi/definition';
import { isBlank, requiredUploads, type AnswerMap } from '@banshi/definition/answers';
import { statusLabels } from '../cases/index.ts';
import type { Sql } from '../platform/db/db.ts';

/** Statuses a case never leaves: it is no longer in progress. */
const closedStatuses = ['completed', 'refused', 'withdrawn', 'archived'];

/** An applicant's application draft as the impact reads it: what was typed and which materials have files. */
export interface DraftContent {
  answers: AnswerMap;
  materials: ReadonlyArray<{ material: string }>;
}

/** What one application draft would have to change under the new version. */
export interface DraftChange {
  /** Answers to form fields the new version no longer has: they are dropped. */
  droppedAnswers: string[];
  /** Fields newly required (or new and required) the draft has no answer for. */
  newRequiredFields: string[];
  /** Materials the new version requires for these answers that the old did not, with no file in the draft. */
  newRequiredMaterials: string[];
}

/**
 * What a draft filled under `before` needs to go on under `after`; pure. Answers and files carry over where the new
 * version keeps the field or material (by name and id).
 */
export function draftChange(before: Definition, after: Definition, draft: DraftContent): DraftChange {
  const answers = draft.answers ?? {};
  const fields = new Set(after.form.map(f => f.name));
  const wasRequired = new Set(before.form.filter(f => f.required).map(f => f.name));
  const droppedAnswers = Object.keys(answers).filter(name => !fields.has(name) && !isBlank(answers[name]));
  const newRequiredFields = after.form
    .filter(f => f.required && !wasRequired.has(f.name) && isBlank(answers[f.name]))
    .map(f => f.name);
  const uploaded = new Set(draft.materials.map(m => m.material));
  const neededBefore = new Set(requiredUploads(before, answers).map(m => m.id));
  const newRequiredMaterials = requiredUploads(after, answers)
    .filter(m => !neededBefore.has(m.id) && !uploaded.has(m.id))
    .map(m => m.title);
  return { droppedAnswers, newRequiredFields, newRequiredMaterials };
}

export const needsChange = (c: DraftChange) =>
  c.droppedAnswers.length + c.newRequiredFields.length + c.newRequiredMaterials.length > 0;

/**
 * The impact of putting `after` live in place of the live version: the open cases that stay on their version (by
 * status), and the applicants' unsubmitted application drafts of the matter, with how many would need to change.
 */
export async function impactOf(
  sql: Sql,
  code: string,
  live: { version: number; definition: Definition } | null,
  after: Definition | null
) {
  const cases = await sql.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from cases
     where matter_code = $1 and matter_version = $2 and status <> all($3::text[]) group by status order by status`,
    [code, live?.version ?? -1, closedStatuses]
  );
  const drafts = await sql.query<DraftContent>(
    `select answers, materials from application_drafts where matter_code = $1 and case_id is null`,
    [code]
  );
  const changes = live && after ? drafts.map(d => draftChange(live.definition, after, d)) : [];
  const count = (pick: (c: DraftChange) => string[]) => changes.filter(c => pick(c).length > 0).length;
  return {
    openCases: {
      version: live?.version ?? null,
      count: cases.reduce((sum, r) => sum + Number(r.n), 0),
      byStatus: cases.map(r => ({
        status: r.status,
        statusLabel: statusLabels[r.status as keyof typeof statusLabels] ?? r.status,
        count: Number(r.n)
      }))
    },
    applicationDrafts: {
      count: drafts.length,
      needChange: changes.filter(needsChange).length,
      droppedAnswers: count(c => c.droppedAnswers),
      newRequiredFields: count(c => c.newRequiredFields),
      newRequiredMaterials: count(c => c.newRequiredMaterials)
    }
  };
}
