import { randomUUID } from 'node:crypto';
import { audit } from '../platform/audit.ts';
import { hasDuty, type Staff } from '../accounts/index.ts';
import { provisionalYear, WorkCalendar } from '@banshi/definition/calendar';
import type { CalendarYear } from '@banshi/definition';
import type { Services } from '../cases/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { publishedChannel } from '../catalog/index.ts';
import { checkCalendarDraft, declaredYear, type StudioDiagnostic } from './check.ts';
import { Refusal } from '../platform/refusal.ts';
import { catalogSources } from './sources.ts';
import type { RequestMeta } from './version-rows.ts';

export type CalendarDeps = Pick<Services, 'db' | 'registry' | 'now' | 'calendar'>;
export type CalendarDraftState = 'draft' | 'submitted' | 'published' | 'rejected';

export const calendarStateLabels: Record<CalendarDraftState, string> = {
  draft: '草稿',
  submitted: '待审改办负责人批准',
  published: '已发布',
  rejected: '已退回修改'
};

interface DraftRow {
  id: string;
  year: number;
  state: CalendarDraftState;
  source: string;
  calendar: CalendarYear | null;
  note: string;
  author_id: string;
  author_name: string | null;
  submitted_by: string | null;
  decided_by: string | null;
  decided_name: string | null;
  comment: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  catalog_version: number | null;
}

/** The reform office drafts and submits a year's calendar; its head (审改办负责人) approves it, which publishes it. */
function assertDrafts(staff: Staff): void {
  if (!hasDuty(staff, 'reformOffice'))
    throw new Refusal('forbidden', 'calendar.not-reform-office', '工作日历由审改办起草和提交。');
}

function assertApproves(staff: Staff, authorId: string): void {
  if (!hasDuty(staff, 'reformOffice') || !hasDuty(staff, 'head'))
    throw new Refusal('forbidden', 'calendar.not-head', '工作日历须经审改办负责人批准后发布。');
  if (staff.id === authorId)
    throw new Refusal('forbidden', 'calendar.own-draft', '不能批准自己起草的工作日历，请由审改办其他负责人批准。');
}

/**
 * How a published year differs from the provisional rule it replaces: days the rule rested that are worked, days
 * it worked that rest, and the workdays of the year each way. The reform office reads this before submitting.
 */
export function againstProvisional(calendar: CalendarYear): {
  workdays: number;
  provisionalWorkdays: number;
  nowWorkdays: string[];
  nowRestDays: string[];
} {
  const official = new WorkCalendar([calendar]);
  const rule = new WorkCalendar([provisionalYear(calendar.year, calendar.officeHours)]);
  const nowWorkdays: string[] = [];
  const nowRestDays: string[] = [];
  let workdays = 0;
  let provisionalWorkdays = 0;
  for (let t = Date.UTC(calendar.year, 0, 1); t < Date.UTC(calendar.year + 1, 0, 1); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const a = official.isWorkday(day);
    const b = rule.isWorkday(day);
    if (a) workdays++;
    if (b) provisionalWorkdays++;
    if (a && !b) nowWorkdays.push(day);
    if (!a && b) nowRestDays.push(day);
  }
  return { workdays, provisionalWorkdays, nowWorkdays, nowRestDays };
}

async function check(
  s: CalendarDeps,
  source: string
): Promise<{ diagnostics: StudioDiagnostic[]; year: number | undefined; calendar: CalendarYear | undefined }> {
  return checkCalendarDraft(await catalogSources(s.db), source);
}

/** Checks a calendar source: the language's diagnostics and, without errors, the year and how it differs from the rule. */
export async function checkCalendar(s: CalendarDeps, staff: Staff, source: string, meta: RequestMeta) {
  assertDrafts(staff);
  const result = await check(s, source);
  await audit(s.db, {
    actor: staff,
    action: 'calendar.check',
    outcome: 'ok',
    target: String(result.year ?? ''),
    ip: meta.ip,
    detail: { errors: errorCount(result.diagnostics) }
  });
  return { ...result, comparison: result.calendar ? againstProvisional(result.calendar) : undefined };
}

const errorCount = (diagnostics: StudioDiagnostic[]) => diagnostics.filter(d => d.severity === 'error').length;

const columns = `d.id, d.year, d.state, d.source, d.calendar, d.note, d.author_id, a.name as author_name, d.submitted_by, d.decided_by,
  h.name as decided_name, d.comment, d.created_at, d.updated_at, d.published_at, d.catalog_version`;

async function load(sql: Sql, id: string, lock = false): Promise<DraftRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Refusal('notFound', 'calendar.not-found', '找不到这份工作日历草稿。');
  const rows = await sql.query<DraftRow>(
    `select ${columns} from calendar_drafts d left join users a on a.id = d.author_id left join users h on h.id = d.decided_by where d.id = $1${lock ? ' for update of d' : ''}`,
    [id]
  );
  if (!rows[0]) throw new Refusal('notFound', 'calendar.not-found', '找不到这份工作日历草稿。');
  return rows[0];
}

function view(r: DraftRow) {
  return {
    id: r.id,
    year: r.year,
    state: r.state,
    stateLabel: calendarStateLabels[r.state],
    source: r.source,
    calendar: r.calendar,
    note: r.note,
    author: { id: r.author_id, name: r.author_name ?? '' },
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_name ?? '' } : null,
    comment: r.comment,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    publishedAt: r.published_at?.toISOString() ?? null,
    catalogVersion: r.catalog_version
  };
}

/** The years around now: published or provisional, and the drafts in progress. */
export async function listCalendars(s: CalendarDeps, staff: Staff, meta: RequestMeta) {
  if (!hasDuty(staff, 'reformOffice') && !hasDuty(staff, 'admin'))
    throw new Refusal('forbidden', 'calendar.not-reform-office', '工作日历由审改办维护。');
  const calendar = s.calendar();
  const thisYear = Number(calendar.dateOf(s.now()).slice(0, 4));
  const years = [...new Set([...calendar.coveredYears, thisYear, thisYear + 1])]
    .sort((a, b) => a - b)
    .map(year => {
      const c = calendar.calendarOf(year);
      return {
        year,
        provisional: c.provisional,
        source: c.source ?? null,
        holidays: c.holidays,
        adjustedWorkdays: c.adjustedWorkdays
      };
    });
  const drafts = await s.db.query<DraftRow>(
    `select ${columns} from calendar_drafts d left join users a on a.id = d.author_id left join users h on h.id = d.decided_by order by d.created_at desc limit 50`
  );
  await audit(s.db, { actor: staff, action: 'calendar.list', outcome: 'ok', target: 'calendars', ip: meta.ip });
  return { years, drafts: drafts.map(view) };
}

export async function readCalendarDraft(s: CalendarDeps, staff: Staff, id: string) {
  if (!hasDuty(staff, 'reformOffice') && !hasDuty(staff, 'admin'))
    throw new Refusal('forbidden', 'calendar.not-reform-office', '工作日历由审改办维护。');
  return view(await load(s.db, id));
}

/** A new draft (kept even with errors, so nothing typed is lost; it cannot be submitted until it has none). */
export async function createCalendarDraft(
  s: CalendarDeps,
  staff: Staff,
  input: { source: string; note?: string | undefined },
  meta: RequestMeta
) {
  assertDrafts(staff);
  const result = await check(s, input.source);
  if (result.year === undefined)
    throw new Refusal('invalid', 'calendar.no-year', '草稿中没有工作日历：请以“日历 2027 { … }”开始。', {
      diagnostics: result.diagnostics
    });
  const id = randomUUID();
  const at = new Date(s.now()).toISOString();
  await s.db.transaction(async tx => {
    await tx.query(
      `insert into calendar_drafts (id, year, state, source, calendar, note, author_id, created_at, updated_at) values ($1, $2, 'draft', $3, $4::jsonb, $5, $6, $7, $7)`,
      [
        id,
        result.year,
        input.source,
        result.calendar ? JSON.stringify(result.calendar) : null,
        input.note ?? '',
        staff.id,
        at
      ]
    );
    await audit(tx, {
      actor: staff,
      action: 'calendar.draft.create',
      outcome: 'ok',
      target: `${result.year}:${id}`,
      ip: meta.ip,
      detail: { errors: errorCount(result.diagnostics) }
    });
  });
  return {
    ...view(await load(s.db, id)),
    diagnostics: result.diagnostics,
    comparison: result.calendar ? againstProvisional(result.calendar) : undefined
  };
}

export async function updateCalendarDraft(
  s: CalendarDeps,
  staff: Staff,
  id: string,
  input: { source: string; note?: string | undefined },
  meta: RequestMeta
) {
  assertDrafts(staff);
  const result = await check(s, input.source);
  await s.db.transaction(async tx => {
    const row = await load(tx, id, true);
    if (row.state !== 'draft' && row.state !== 'rejected')
      throw new Refusal(
        'conflict',
        'calendar.not-editable',
        `这份工作日历${calendarStateLabels[row.state]}，不能再修改。`
      );
    if (result.year !== row.year)
      throw new Refusal(
        'invalid',
        'calendar.year-changed',
        `这份草稿是 ${row.year} 年的工作日历，不能改为其他年份；请另起草稿。`
      );
    await tx.query(
      `update calendar_drafts set source = $2, calendar = $3::jsonb, note = $4, author_id = $5, state = 'draft', updated_at = $6 where id = $1`,
      [
        id,
        input.source,
        result.calendar ? JSON.stringify(result.calendar) : null,
        input.note ?? row.note,
        staff.id,
        new Date(s.now()).toISOString()
      ]
    );
    await audit(tx, {
      actor: staff,
      action: 'calendar.draft.update',
      outcome: 'ok',
      target: `${row.year}:${id}`,
      ip: meta.ip,
      detail: { errors: errorCount(result.diagnostics) }
    });
  });
  return {
    ...view(await load(s.db, id)),
    diagnostics: result.diagnostics,
    comparison: result.calendar ? againstProvisional(result.calendar) : undefined
  };
}

export async function submitCalendarDraft(s: CalendarDeps, staff: Staff, id: string, meta: RequestMeta) {
  assertDrafts(staff);
  const row = await load(s.db, id);
  if (row.state !== 'draft' && row.state !== 'rejected')
    throw new Refusal('conflict', 'calendar.not-editable', `这份工作日历${calendarStateLabels[row.state]}，不能提交。`);
  // Checked again against the catalogue as it is now: another year's publication may have changed what it reads.
  const result = await check(s, row.source);
  if (!result.calendar || errorCount(result.diagnostics) > 0) {
    throw new Refusal(
      'invalid',
      'calendar.has-errors',
      `工作日历有 ${Math.max(1, errorCount(result.diagnostics))} 处错误，改正后才能提交。`,
      { diagnostics: result.diagnostics }
    );
  }
  await s.db.transaction(async tx => {
    const moved = await tx.query(
      `update calendar_drafts set state = 'submitted', submitted_by = $2, calendar = $3::jsonb, updated_at = $4 where id = $1 and state in ('draft', 'rejected') returning id`,
      [id, staff.id, JSON.stringify(result.calendar), new Date(s.now()).toISOString()]
    );
    if (moved.length === 0) throw new Refusal('conflict', 'calendar.not-editable', '这份工作日历已被他人提交或处理。');
    await audit(tx, {
      actor: staff,
      action: 'calendar.submit',
      outcome: 'ok',
      target: `${row.year}:${id}`,
      ip: meta.ip
    });
  });
  return view(await load(s.db, id));
}

export async function rejectCalendarDraft(
  s: CalendarDeps,
  staff: Staff,
  id: string,
  comment: string,
  meta: RequestMeta
) {
  const row = await load(s.db, id);
  assertApproves(staff, row.author_id);
  if (row.state !== 'submitted')
    throw new Refusal(
      'conflict',
      'calendar.not-submitted',
      `这份工作日历${calendarStateLabels[row.state]}，不能退回。`
    );
  await s.db.transaction(async tx => {
    await tx.query(
      `update calendar_drafts set state = 'rejected', decided_by = $2, comment = $3, updated_at = $4 where id = $1 and state = 'submitted'`,
      [id, staff.id, comment, new Date(s.now()).toISOString()]
    );
    await audit(tx, {
      actor: staff,
      action: 'calendar.reject',
      outcome: 'ok',
      target: `${row.year}:${id}`,
      ip: meta.ip
    });
  });
  return view(await load(s.db, id));
}

/**
 * Approval publishes: a new catalogue version with this year's calendar in place of the one before (published or
 * provisional), every process reloads it over NOTIFY at once, and the workers recount the running cases whose
 * deadlines were counted on the calendars before (worker chore `recount`).
 */
export async function approveCalendarDraft(
  s: CalendarDeps,
  staff: Staff,
  id: string,
  comment: string | undefined,
  meta: RequestMeta
) {
  const first = await load(s.db, id);
  assertApproves(staff, first.author_id);
  const at = new Date(s.now()).toISOString();
  const version = await s.db.transaction(async tx => {
    await tx.query('select pg_advisory_xact_lock(7012)');
    const row = await load(tx, id, true);
    if (row.state !== 'submitted' || !row.calendar)
      throw new Refusal(
        'conflict',
        'calendar.not-submitted',
        `这份工作日历${calendarStateLabels[row.state]}，不能批准。`
      );
    const [latest] = await tx.query<{
      version: number;
      catalog: { calendars: CalendarYear[] } & Record<string, unknown>;
      sources: Record<string, string>;
    }>('select version, catalog, sources from catalog_versions order by version desc limit 1');
    if (!latest) throw new Refusal('unavailable', 'studio.no-catalog', '事项目录尚未导入。');
    const calendars = [...latest.catalog.calendars.filter(c => c.year !== row.year), row.calendar].sort(
      (a, b) => a.year - b.year
    );
    const sources = { ...latest.sources };
    const path =
      Object.keys(sources).find(p => declaredYear(sources[p]!) === row.year) ?? `calendars/${row.year}.matter`;
    sources[path] = row.source;
    const next = latest.version + 1;
    await tx.query(
      'insert into catalog_versions (version, catalog, sources, published_at) values ($1, $2::jsonb, $3::jsonb, $4)',
      [next, JSON.stringify({ ...latest.catalog, calendars }), JSON.stringify(sources), at]
    );
    await tx.query(
      `update calendar_drafts set state = 'published', decided_by = $2, comment = $3, published_at = $4, updated_at = $4, catalog_version = $5 where id = $1`,
      [id, staff.id, comment ?? null, at, next]
    );
    await audit(tx, {
      actor: staff,
      action: 'calendar.approve',
      outcome: 'ok',
      target: `${row.year}:${id}`,
      ip: meta.ip,
      detail: { catalogVersion: next }
    });
    await tx.query(`select pg_notify($1, 'catalog')`, [publishedChannel]);
    return next;
  });
  // This process reads the new calendar before answering, so the answer and the next request agree.
  await s.registry.reload();
  return { ...view(await load(s.db, id)), catalogVersion: version };
}
