import { z } from 'zod';
import type { Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';

/** What an inbox (or a saved view) may be narrowed to. Case-only filters leave requests out. */
export const InboxFilter = z
  .object({
    kind: z.enum(['case', 'consultation', 'complaint', 'rating']).optional(),
    matter: z
      .string()
      .regex(/^[0-9A-Z]{33}$/, '事项编码应为 33 位数字或大写字母')
      .optional(),
    status: z
      .enum(['submitted', 'correcting', 'awaitingPaper', 'preReviewed', 'inReview', 'paused', 'decided', 'delivered'])
      .optional(),
    channel: z.enum(['online', 'express', 'onSite']).optional(),
    /** `warning`: any warning or card; `card`: a yellow or red card. */
    supervision: z.enum(['warning', 'card']).optional(),
    coApproval: z.boolean().optional()
  })
  .strict();
export type InboxFilter = z.infer<typeof InboxFilter>;

/** The posts of a member of staff: their department and its catalogue roles. */
export interface Holder {
  department: string;
  roles: string[];
}

/** A row as read: the sort keys travel as text so the cursor is exact on both drivers. */
export interface InboxLine {
  kind: 'case' | 'consultation' | 'complaint' | 'rating';
  id: string;
  caseId: string | null;
  caseNumber: string | null;
  matterCode: string | null;
  applicant: string | null;
  status: string;
  stepLabel: string;
  channel: string | null;
  level: number;
  coApproval: boolean;
  pausedReason: 'correction' | 'specialProcedure' | null;
  stepDue: Date | null;
  promisedDue: Date | null;
  legalDue: Date | null;
  /** The case's pause, procedure and correction as the state holds them (cases only). */
  paused: { since: number; reason: string; remaining: Record<string, { amount: number; unit: string }> } | null;
  procedure: { kind: string; reason: string; expected: { amount: number; unit: 'workdays' | 'days' | 'hours' } } | null;
  correctionDue: number | null;
  key: string;
}

const caseOnly = (f: InboxFilter) =>
  f.status !== undefined || f.channel !== undefined || f.supervision !== undefined || f.coApproval !== undefined;

const order = 'step_due, promised_due, legal_due, id';
const start = ['-infinity', '-infinity', '-infinity', '00000000-0000-0000-0000-000000000000'];

/** The branches of the inbox's union, each a range of one index in inbox order, with `$n` from `params`. */
function branches(who: Holder, f: InboxFilter, params: unknown[], keyset: string): string[] {
  const p = (v: unknown) => `$${params.push(v)}`;
  const department = p(who.department);
  const out: string[] = [];
  if (f.kind === undefined || f.kind === 'case') {
    const where: string[] = [];
    if (f.matter) where.push(`matter_code = ${p(f.matter)}`);
    if (f.status) where.push(`status = ${p(f.status)}`);
    if (f.channel) where.push(`channel = ${p(f.channel)}`);
    if (f.supervision) where.push(`level >= ${f.supervision === 'card' ? 2 : 1}`);
    if (f.coApproval !== undefined) where.push(`co_approval = ${p(f.coApproval)}`);
    const extra = where.map(w => ` and ${w}`).join('');
    for (const role of ['', ...new Set(who.roles)]) {
      out.push(
        `select 'case' as kind, case_id as id, case_id, step_due, promised_due, legal_due, co_approval, step_label,
                matter_code, status, channel, level, paused, null::uuid as user_id
         from case_waits where department = ${department} and role = ${p(role)}${extra}
           and (step_due, promised_due, legal_due, case_id) ${keyset}`
      );
    }
  }
  if (caseOnly(f)) return out;
  const matter = f.matter ? ` and matter_code = ${p(f.matter)}` : '';
  const request = (kind: string, from: string) =>
    `select * from (select '${kind}' as kind, ${from}) r where (step_due, promised_due, legal_due, id) ${keyset}`;
  const inf = `'infinity'::timestamptz`;
  if (f.kind === undefined || f.kind === 'consultation')
    out.push(
      request(
        'consultation',
        `id, null::uuid as case_id, answer_due as step_due, ${inf} as promised_due, ${inf} as legal_due, false as co_approval,
         '答复咨询' as step_label, matter_code, status, null as channel, 0 as level, null as paused, user_id
         from consultations where department = ${department} and status = 'open'${matter}`
      )
    );
  if (f.kind === undefined || f.kind === 'complaint')
    out.push(
      request(
        'complaint',
        `id, case_id, case status when 'open' then accept_due else ${inf} end as step_due, ${inf} as promised_due,
         ${inf} as legal_due, false as co_approval, case status when 'open' then '受理投诉' else '办结投诉' end as step_label,
         matter_code, status, null as channel, 0 as level, null as paused, user_id
         from complaints where department = ${department} and status in ('open', 'accepted')${matter}`
      )
    );
  if (f.kind === undefined || f.kind === 'rating')
    out.push(
      request(
        'rating',
        `e.id, e.case_id, e.rectification_due as step_due, ${inf} as promised_due, ${inf} as legal_due, false as co_approval,
         '差评整改' as step_label, c.matter_code, 'pending' as status, null as channel, 0 as level, null as paused, e.user_id
         from evaluations e left join cases c on c.case_id = e.case_id
         where e.department = ${department} and e.rectification_due is not null and e.rectified_at is null${f.matter ? ` and c.matter_code = ${p(f.matter)}` : ''}`
      )
    );
  return out;
}

/** Where a page stopped: the last row's sort keys and id. */
function keysOf(cursor: string | undefined): string[] {
  if (!cursor) return start;
  const keys = Buffer.from(cursor, 'base64url').toString().split('~');
  const instant = /^-?(infinity|\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:\d{2})?|Z)?)$/;
  if (keys.length !== 4 || !keys.slice(0, 3).every(k => instant.test(k)) || !z.uuid().safeParse(keys[3]).success)
    throw new Refusal('invalid', 'page.cursor', '分页游标无效，请从第一页重新查看。');
  return keys;
}

/**
 * A page of the inbox of `who`: the cases waiting for one of their posts (and their department's pending
 * co-approvals), and the consultations, complaints and bad ratings their department must answer; by the step's due
 * instant (passed ones first), then the promised, then the legal limit. Paused cases have no running due instant
 * and come last. `next` is the cursor of the following page.
 */
export async function inboxPage(
  sql: Sql,
  who: Holder,
  filter: InboxFilter,
  page: { cursor?: string | undefined; limit: number }
): Promise<{ items: InboxLine[]; next: string | undefined }> {
  const params: unknown[] = [];
  const after = keysOf(page.cursor);
  const k = after.map(v => `$${params.push(v)}`);
  // Passed as text: a driver would take '-infinity' or a timestamp's text for a Date.
  const keyset = `> (${k[0]}::text::timestamptz, ${k[1]}::text::timestamptz, ${k[2]}::text::timestamptz, ${k[3]}::text::uuid)`;
  const parts = branches(who, filter, params, keyset);
  if (parts.length === 0) return { items: [], next: undefined };
  const limit = `$${params.push(page.limit)}`;
  const rows = await sql.query<{
    kind: InboxLine['kind'];
    id: string;
    case_id: string | null;
    case_number: string | null;
    matter_code: string | null;
    applicant: string | null;
    status: string;
    step_label: string;
    channel: string | null;
    level: number;
    co_approval: boolean;
    paused: InboxLine['pausedReason'];
    step_due: Date | null;
    promised_due: Date | null;
    legal_due: Date | null;
    paused_state: InboxLine['paused'];
    procedure: InboxLine['procedure'];
    correction_due: number | null;
    key: string;
  }>(
    `select u.kind, u.id, u.case_id, c.case_number, u.matter_code, coalesce(c.state->'applicant'->>'name', a.name) as applicant,
            u.status, u.step_label, u.channel, u.level::int as level, u.co_approval, u.paused,
            nullif(u.step_due, 'infinity') as step_due, nullif(u.promised_due, 'infinity') as promised_due,
            nullif(u.legal_due, 'infinity') as legal_due,
            case when u.kind = 'case' then c.state->'paused' end as paused_state,
            case when u.kind = 'case' then c.state->'specialProcedure' end as procedure,
            case when u.kind = 'case' then (c.state->'correction'->>'dueAt')::float8 end as correction_due,
            u.step_due::text || '~' || u.promised_due::text || '~' || u.legal_due::text || '~' || u.id::text as key
     from (${parts.map(b => `(${b} order by ${order} limit ${limit})`).join('\nunion all\n')}) u
     left join cases c on c.case_id = u.case_id
     left join users a on a.id = u.user_id
     order by u.step_due, u.promised_due, u.legal_due, u.id limit ${limit}`,
    params
  );
  const items = rows.map(r => ({
    kind: r.kind,
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    matterCode: r.matter_code,
    applicant: r.applicant,
    status: r.status,
    stepLabel: r.step_label,
    channel: r.channel,
    level: r.level,
    coApproval: r.co_approval,
    pausedReason: r.paused,
    stepDue: r.step_due,
    promisedDue: r.promised_due,
    legalDue: r.legal_due,
    paused: r.paused_state,
    procedure: r.procedure,
    correctionDue: r.correction_due,
    key: r.key
  }));
  return {
    items,
    next: items.length === page.limit ? Buffer.from(items.at(-1)!.key).toString('base64url') : undefined
  };
}

/** How many items the inbox of `who` holds under `filter`. */
export async function inboxCount(sql: Sql, who: Holder, filter: InboxFilter): Promise<number> {
  const params: unknown[] = [];
  const parts = branches(
    who,
    filter,
    params,
    `> ('-infinity'::timestamptz, '-infinity'::timestamptz, '-infinity'::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid)`
  );
  if (parts.length === 0) return 0;
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from (${parts.join('\nunion all\n')}) u`,
    params
  );
  return row?.n ?? 0;
}
