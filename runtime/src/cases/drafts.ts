import { randomUUID } from 'node:crypto';
import type { Sql } from '../platform/db/db.ts';
import type { MaterialFile } from './applications.ts';
import type { CarriedOver } from './draft-carry-over.ts';

/** What an applicant chose besides the form: how to submit, how to receive, inspection mode, commitment, pickup. */
export interface DraftChoices {
  channel?: string;
  delivery?: string;
  inspectionMode?: string;
  commitmentSigned?: boolean;
  pickup?: { address: string; contact: string; phone: string };
}

/** An application being written: answers as typed, the files uploaded so far, the choices. */
export interface Draft {
  id: string;
  matterCode: string;
  answers: Record<string, string>;
  materials: MaterialFile[];
  choices: DraftChoices;
  caseId: string | null;
  updatedAt: string;
  /** The matter version the draft was written under (null: not known, a draft older than versions were kept). */
  matterVersion?: number | null;
  /** What changed when the draft was carried over to a newer version, until the applicant saves it again. */
  carriedOver?: CarriedOver | null;
}

interface Row {
  id: string;
  matter_code: string;
  answers: Record<string, string>;
  materials: MaterialFile[];
  choices: DraftChoices;
  case_id: string | null;
  updated_at: Date;
  matter_version: number | null;
  carried_over: CarriedOver | null;
}
const toDraft = (r: Row): Draft => ({
  id: r.id,
  matterCode: r.matter_code,
  answers: r.answers,
  materials: r.materials,
  choices: r.choices,
  caseId: r.case_id,
  updatedAt: r.updated_at.toISOString(),
  matterVersion: r.matter_version,
  carriedOver: r.carried_over
});
const columns = 'id, matter_code, answers, materials, choices, case_id, updated_at, matter_version, carried_over';

/** The applicant's own draft by id (or nothing: another's draft is as absent as a missing one). */
export async function draftById(sql: Sql, userId: string, id: string): Promise<Draft | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await sql.query<Row>(`select ${columns} from application_drafts where id = $1 and user_id = $2`, [
    id,
    userId
  ]);
  return row && toDraft(row);
}

/** The applicant's latest unsubmitted draft of a matter, to come back to. */
export async function latestDraft(sql: Sql, userId: string, matterCode: string): Promise<Draft | undefined> {
  const [row] = await sql.query<Row>(
    `select ${columns} from application_drafts where user_id = $1 and matter_code = $2 and case_id is null order by updated_at desc limit 1`,
    [userId, matterCode]
  );
  return row && toDraft(row);
}

/** Every unsubmitted draft of the applicant, newest first. */
export async function myDrafts(sql: Sql, userId: string): Promise<Draft[]> {
  const rows = await sql.query<Row>(
    `select ${columns} from application_drafts where user_id = $1 and case_id is null order by updated_at desc limit 50`,
    [userId]
  );
  return rows.map(toDraft);
}

/**
 * Saves what the applicant has so far (new draft when `id` is absent). Only files the applicant uploaded and no
 * case holds are kept. A submitted draft is not changed.
 */
export async function saveDraft(
  sql: Sql,
  userId: string,
  draft: {
    id?: string | undefined;
    matterCode: string;
    answers: Record<string, string>;
    materials: MaterialFile[];
    choices: DraftChoices;
    /** The live version the answers were written against. */
    matterVersion?: number | undefined;
  },
  now: number
): Promise<string> {
  let id = draft.id ?? randomUUID();
  const at = new Date(now).toISOString();
  const owned =
    draft.materials.length === 0
      ? []
      : await sql.query<{ id: string }>(
          `select id from files where owner_id = $1 and case_id is null and id in (select value::uuid from jsonb_array_elements_text($2::jsonb))`,
          [userId, JSON.stringify([...new Set(draft.materials.map(m => m.fileId))])]
        );
  const ownedIds = new Set(owned.map(o => o.id));
  const materials = draft.materials.filter(m => ownedIds.has(m.fileId));
  const write = (draftId: string) =>
    sql.query(
      `insert into application_drafts (id, user_id, matter_code, answers, materials, choices, created_at, updated_at, matter_version)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7, $7, $8::int)
     on conflict (id) do update set answers = excluded.answers, materials = excluded.materials, choices = excluded.choices, updated_at = excluded.updated_at,
       matter_version = coalesce(excluded.matter_version, application_drafts.matter_version), carried_over = null
     where application_drafts.user_id = $2 and application_drafts.case_id is null and application_drafts.matter_code = $3
     returning id`,
      [
        draftId,
        userId,
        draft.matterCode,
        JSON.stringify(draft.answers),
        JSON.stringify(materials),
        JSON.stringify(draft.choices),
        at,
        draft.matterVersion ?? null
      ]
    );
  // An id that is someone else's, another matter's or already submitted is not written over: a new draft is kept.
  if ((await write(id)).length === 0) {
    id = randomUUID();
    await write(id);
  }
  return id;
}

/** The draft became a case. */
export async function markSubmitted(sql: Sql, userId: string, id: string, caseId: string, now: number): Promise<void> {
  await sql.query('update application_drafts set case_id = $3, updated_at = $4 where id = $1 and user_id = $2', [
    id,
    userId,
    caseId,
    new Date(now).toISOString()
  ]);
}

/** Deletes an unsubmitted draft of the applicant's. */
export async function deleteDraft(sql: Sql, userId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const rows = await sql.query(
    'delete from application_drafts where id = $1 and user_id = $2 and case_id is null returning 1',
    [id, userId]
  );
  return rows.length > 0;
}

/** Names and page counts of files, for showing what is attached. */
export async function fileFacts(
  sql: Sql,
  userId: string,
  ids: string[]
): Promise<Map<string, { name: string; pages: number | null; size: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.query<{ id: string; name: string; pages: number | null; size: number }>(
    `select id, name, pages, size from files where owner_id = $1 and id in (select value::uuid from jsonb_array_elements_text($2::jsonb))`,
    [userId, JSON.stringify(ids)]
  );
  return new Map(rows.map(r => [r.id, { name: r.name, pages: r.pages, size: Number(r.size) }]));
}
