import type { Db } from '../platform/db/db.ts';
import { Grouped } from '../platform/grouped.ts';
import { trackedStateKeys, type TimelineEvent, type TrackedState } from './case-view.ts';

/** What a lookup reads: the case by its number, the holder to match, and the address it came from. */
export interface TrackLookup {
  number: string;
  holder: string;
  ip: string | null;
}

export interface TrackRow {
  /** Lookups from this address that found nothing within the window (at most `trackLimits.misses`). */
  misses: number;
  /** The earliest of those counted, when there are as many as the limit. */
  oldest_miss: Date | null;
  case_id: string | null;
  matter_code: string | null;
  matter_version: number | null;
  version: number | null;
  /** Of the case's state only the keys `trackedStateKeys` names: only when the holder matches. */
  state: TrackedState | null;
  /** Whether the holder given is the applicant's ID number or credit code. */
  matches: boolean | null;
  /**
   * The case's events up to the state's version, in order, as far as the timeline reads them (not the answers,
   * materials and applicant a submission carries): only when the holder matches.
   */
  events: Array<{ seq: number; event: TimelineEvent }> | null;
}

/** Lookups that found nothing, allowed per address in a window before further lookups are refused (security-audit §1.11). */
export const trackLimits = { windowMinutes: 15, misses: 20 } as const;

/** At most this many lookups in one statement. */
const maxGroup = 200;

/**
 * Every lookup's row in one round trip: how often its address missed lately (counted from the audit log's denied
 * lookups, so every process sees the same), the case by its number, whether the holder matches, and the case's
 * events as of the state read (one snapshot per statement: the timeline never runs ahead of the state). One row per
 * lookup, in the order given. Of the state only the keys tracking shows (`trackedStateKeys`), and of each event only
 * what the timeline shows, are read: a public lookup does not take the applicant's particulars, answers and
 * materials out of the database (个人信息保护法 第六条, the least needed), nor parse them.
 */
const trackSql = `
  select coalesce(m.misses, 0) as misses, m.oldest_miss,
         f.case_id, f.matter_code, f.matter_version, f.version,
         case when f.matches then
           (select jsonb_object_agg(k, f.state -> k) from unnest($4::text[]) k where f.state ? k) end as state,
         coalesce(f.matches, false) as matches,
         case when f.matches then
           (select coalesce(jsonb_agg(jsonb_build_object('seq', e.seq, 'event',
                      jsonb_build_object('type', e.payload->'type', 'at', e.payload->'at', 'by', e.payload->'by')
                      || case when e.payload->>'type' = 'DeadlinesRecounted'
                              then jsonb_build_object('moves', e.payload->'moves', 'years', e.payload->'years')
                              else '{}'::jsonb end) order by e.seq), '[]'::jsonb)
            from case_events e
            where e.case_id = f.case_id and e.seq <= f.version) end as events
  from rows from (jsonb_to_recordset($1::jsonb) as (number text, holder text, ip text)) with ordinality
       as q(number, holder, ip, n)
  left join lateral (
    select count(*)::int as misses, min(at) as oldest_miss
    from (select at from audit_log
          where action = 'case.track' and outcome = 'denied' and ip = q.ip and at > now() - make_interval(mins => $2)
          order by at desc limit $3) recent) m on true
  left join lateral (
    select c.case_id, c.matter_code, c.matter_version, c.version, c.state,
           (u.id_number = q.holder or u.credit_code = q.holder) as matches
    from cases c left join users u on u.id = c.applicant_id
    where c.case_number = q.number) f on true
  order by q.n`;

/** Every lookup's row, in the order given; a statement that returns another number of rows is an error. */
async function readRows(db: Db, lookups: TrackLookup[]): Promise<TrackRow[]> {
  const rows = await db.query<TrackRow>(trackSql, [
    JSON.stringify(lookups),
    trackLimits.windowMinutes,
    trackLimits.misses,
    trackedStateKeys
  ]);
  if (rows.length !== lookups.length) throw new Error(`tracking: ${rows.length} rows for ${lookups.length} lookups`);
  return rows;
}

const groups = new WeakMap<Db, Grouped<TrackLookup, TrackRow>>();

/**
 * A tracking lookup's row, read together with the lookups made at the same moment on `db` (platform/grouped.ts):
 * the first is sent at once, and those that arrive while a statement runs go together in the next, as the audit
 * lines they write do (audit-group.ts). Under the load of many citizens at once this spares PostgreSQL and the
 * driver a statement a lookup; alone, a lookup waits for nothing.
 */
export function readTracked(db: Db, lookup: TrackLookup): Promise<TrackRow> {
  let group = groups.get(db);
  if (!group) {
    group = new Grouped<TrackLookup, TrackRow>(
      maxGroup,
      lookups => readRows(db, lookups),
      async one => (await readRows(db, [one]))[0]!
    );
    groups.set(db, group);
  }
  return group.add(lookup);
}
