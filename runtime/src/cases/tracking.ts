import { auditGrouped } from '../platform/audit-group.ts';
import type { Principal } from '../accounts/index.ts';
import { caseView, timeline } from './case-view.ts';
import type { CaseState, Event } from './engine/index.ts';
import type { Services } from './services.ts';
import { Refusal } from '../platform/refusal.ts';

export type Tracked = Pick<
  ReturnType<typeof caseView>,
  | 'caseNumber'
  | 'matter'
  | 'status'
  | 'statusLabel'
  | 'receivedAt'
  | 'deadlines'
  | 'provisional'
  | 'paused'
  | 'pauses'
  | 'next'
> & {
  timeline: ReturnType<typeof timeline>;
};

/** Lookups that found nothing, allowed per address in a window before further lookups are refused (security-audit §1.11). */
export const trackLimits = { windowMinutes: 15, misses: 20 } as const;

interface TrackRow {
  /** Lookups from this address that found nothing within the window (at most `trackLimits.misses`). */
  misses: number;
  /** The earliest of those counted, when there are as many as the limit. */
  oldest_miss: Date | null;
  case_id: string | null;
  matter_code: string | null;
  matter_version: number | null;
  version: number | null;
  state: CaseState | null;
  /** Whether the holder given is the applicant's ID number or credit code. */
  matches: boolean | null;
  /** The case's events up to the state's version, in order: only when the holder matches. */
  events: Array<{ seq: number; event: Event }> | null;
}

/**
 * The lookup in one round trip: how often this address missed lately (case numbers run in sequence and credit
 * codes are public: an address that keeps missing is guessing, and is told to wait, security-audit §1.11; counted
 * from the audit log's denied lookups, so every process sees the same), the case by its number, whether the holder
 * matches, and its events as of the state read (one snapshot: the timeline never runs ahead of the state).
 */
const trackSql = `
  with misses as (
    select at from audit_log
    where action = 'case.track' and outcome = 'denied' and ip = $3 and at > now() - make_interval(mins => $4)
    order by at desc limit $5),
  found as (
    select c.case_id, c.matter_code, c.matter_version, c.version, c.state,
           (u.id_number = $2 or u.credit_code = $2) as matches
    from cases c left join users u on u.id = c.applicant_id
    where c.case_number = $1)
  select (select count(*)::int from misses) as misses, (select min(at) from misses) as oldest_miss,
         f.case_id, f.matter_code, f.matter_version, f.version,
         case when f.matches then f.state end as state, coalesce(f.matches, false) as matches,
         case when f.matches then
           (select coalesce(jsonb_agg(jsonb_build_object('seq', e.seq, 'event', e.payload) order by e.seq), '[]'::jsonb)
            from case_events e
            where e.case_id = f.case_id and e.seq <= f.version) end as events
  from (select 1) as one left join found f on true`;

function refuseIfGuessing(row: TrackRow): void {
  if (row.misses < trackLimits.misses || !row.oldest_miss) return;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((row.oldest_miss.getTime() + trackLimits.windowMinutes * 60_000 - Date.now()) / 1000)
  );
  throw new Refusal(
    'throttled',
    'track.throttled',
    `查询未找到的次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试。`,
    { retryAfterSeconds }
  );
}

/**
 * A case found by its number and its holder's ID number or credit code, as anyone holding both may see it; the
 * same `undefined` whether the number does not exist or the holder does not match. Every attempt is audited, and
 * its line committed before the answer (grouped with the lines of lookups made at the same moment).
 */
export async function trackCase(
  s: Services,
  number: string,
  holder: string,
  principal: Principal | undefined,
  ip: string | undefined
): Promise<Tracked | undefined> {
  const [row] = await s.db.query<TrackRow>(trackSql, [
    number,
    holder,
    ip ?? null,
    trackLimits.windowMinutes,
    trackLimits.misses
  ]);
  if (ip) refuseIfGuessing(row!);
  const matches = row!.matches === true && row!.case_id !== null;
  await auditGrouped(s.db, {
    actor: principal,
    action: 'case.track',
    outcome: matches ? 'ok' : 'denied',
    caseId: matches ? row!.case_id! : undefined,
    target: number,
    ip
  });
  if (!matches) return undefined;
  const found = { matterCode: row!.matter_code!, matterVersion: row!.matter_version! };
  const view = caseView(row!.state!, await s.cases.definitionOf(found), 'applicant', s.calendar());
  return {
    caseNumber: view.caseNumber,
    matter: view.matter,
    status: view.status,
    statusLabel: view.statusLabel,
    receivedAt: view.receivedAt,
    deadlines: view.deadlines,
    provisional: view.provisional,
    paused: view.paused,
    pauses: view.pauses,
    next: view.next,
    timeline: timeline(row!.events!, 'applicant')
  };
}
