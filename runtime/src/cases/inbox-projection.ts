import type { Definition } from '@banshi/definition';
import type { CaseState, Event, SupervisionRecord } from './engine/index.ts';
import { levelOf, waitsOf, type Wait } from './inbox-waits.ts';
import { staffNotices, staffNoticePart } from './inbox-notices.ts';
import type { Sql } from '../platform/db/db.ts';
import { part, type SqlPart } from '../platform/db/write-statement.ts';
import { isoOrNull } from '../platform/time.ts';

const rows = (state: CaseState, waits: Wait[]) =>
  JSON.stringify(
    waits.map(w => ({
      department: w.department,
      role: w.role,
      co_approval: w.coApproval,
      step_label: w.stepLabel,
      step_due: isoOrNull(w.stepDue) ?? 'infinity',
      promised_due: isoOrNull(w.promisedDue) ?? 'infinity',
      legal_due: isoOrNull(w.legalDue) ?? 'infinity',
      matter_code: state.matterCode,
      status: state.status,
      channel: state.channel,
      level: levelOf(state),
      paused: w.paused
    }))
  );

const insertWaits = (from: string) =>
  `insert into case_waits (case_id, department, role, co_approval, step_label, step_due, promised_due, legal_due, matter_code, status, channel, level, paused)
   select ${from}, w.department, w.role, w.co_approval, w.step_label, w.step_due, w.promised_due, w.legal_due, w.matter_code, w.status, w.channel, w.level, w.paused
   from jsonb_to_recordset($1::jsonb) as w(department text, role text, co_approval boolean, step_label text, step_due timestamptz,
        promised_due timestamptz, legal_due timestamptz, matter_code text, status text, channel text, level smallint, paused text)`;

/**
 * The inbox's parts of a case's write statement: the posts it now waits for replace those it waited for (the
 * delete sees the rows as they were before the statement, the insert adds the new ones), and the notices to staff
 * of new work and of warnings and cards raised.
 */
export function inboxParts(
  definition: Definition,
  before: CaseState | undefined,
  after: CaseState,
  events: Event[],
  raised: ReadonlyArray<SupervisionRecord>,
  now: number
): SqlPart[] {
  const waits = waitsOf(definition, after);
  const parts: SqlPart[] = [];
  if (before) parts.push(part('delete from case_waits using target t where case_waits.case_id = t.case_id'));
  if (waits.length > 0)
    parts.push(
      part(
        insertWaits('t.case_id').replace('from jsonb_to_recordset', 'from target t, jsonb_to_recordset'),
        rows(after, waits)
      )
    );
  const notices = staffNotices(
    before && { state: before, waits: waitsOf(definition, before) },
    { state: after, waits },
    raised,
    definition.name
  );
  const actor = [...events].reverse().find(e => e.by.kind === 'staff')?.by;
  if (notices.length > 0) parts.push(staffNoticePart(notices, now, actor?.kind === 'staff' ? actor.id : undefined));
  return parts;
}

/**
 * Fills `case_waits` for cases written before the inbox kept it (a database migrated to 014): each case still open
 * without a row. Idempotent; `definitionOf` gives each case's Definition version.
 */
export async function fillWaits(
  sql: Sql,
  definitionOf: (row: { matterCode: string; matterVersion: number }) => Promise<Definition>
): Promise<number> {
  const open = await sql.query<{ case_id: string; matter_code: string; matter_version: number; state: CaseState }>(
    `select c.case_id, c.matter_code, c.matter_version, c.state from cases c
     where c.status not in ('completed', 'refused', 'withdrawn', 'archived')
       and not exists (select 1 from case_waits w where w.case_id = c.case_id)`
  );
  let filled = 0;
  for (const c of open) {
    const definition = await definitionOf({ matterCode: c.matter_code, matterVersion: c.matter_version });
    const waits = waitsOf(definition, c.state);
    if (waits.length === 0) continue;
    await sql.query(insertWaits('$2::uuid'), [rows(c.state, waits), c.case_id]);
    filled++;
  }
  return filled;
}
