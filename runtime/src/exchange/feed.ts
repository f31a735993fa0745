import type { Event } from '../cases/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { encodeCursor, type Position } from './cursor.ts';
import { casePayload, withoutApplicant } from './scrub.ts';

/**
 * The horizon: the oldest transaction of this database still running (or, with none, the next to be assigned).
 * Transactions of other databases on the same server are left out, so they cannot hold this feed back. Row xids
 * are 32-bit (`xmin`): the order holds within one transaction-id epoch (about four billion transactions).
 */
const horizon = `(
  select coalesce(
    (select min(x::text::bigint % 4294967296) from pg_snapshot_xip(pg_current_snapshot()) as x
      where (x::text::bigint % 4294967296) not in (
        select a.backend_xid::text::bigint from pg_stat_activity a where a.datname is distinct from current_database() and a.backend_xid is not null)),
    pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)
)`;

const feedQuery = `
  select u.x, u.s, u.i, u.case_id, u.type, u.at, u.seq, u.payload, c.case_number, c.matter_code, coalesce(c.department, u.department) as department,
         c.state->'applicant'->>'name' as applicant_name
  from (
    select e.xmin::text::bigint as x, 0 as s, e.global_id as i, e.case_id, e.type, e.at, e.seq, e.payload, null::text as department
    from case_events e where e.type <> 'SupervisionRaised'
    union all
    select v.xmin::text::bigint, 1, v.id, v.case_id, v.level, v.at, null::int, v.record, v.department
    from supervision_events v
  ) u left join cases c on c.case_id = u.case_id
  where u.x < ${horizon} and (u.x, u.s, u.i) > ($1::bigint, $2::int, $3::bigint)
  order by u.x, u.s, u.i
  limit $4`;

interface FeedRow {
  x: number;
  s: 0 | 1;
  i: number;
  case_id: string | null;
  type: string;
  at: Date;
  seq: number | null;
  payload: Record<string, unknown>;
  case_number: string | null;
  matter_code: string | null;
  department: string | null;
  applicant_name: string | null;
}

/**
 * Where the feed stands now for a consumer starting now: items of transactions still running or yet to come lie after
 * it (a webhook subscription starts here).
 */
export async function feedHead(db: Sql): Promise<Position> {
  const [row] = await db.query<{ h: string | number }>(`select ${horizon} as h`);
  return { xid: Number(row!.h), source: 0, id: 0 };
}

/**
 * The case and supervision feed: up to `limit` items after `after`, each with its own position, and `next` to read
 * on from (the same position again when nothing new has committed). Payloads carry no applicant's identity.
 */
export async function readFeed(db: Sql, after: Position, limit: number) {
  const rows = await db.query<FeedRow>(feedQuery, [after.xid, after.source, after.id, limit]);
  const items = rows.map(r => ({
    position: encodeCursor({ xid: Number(r.x), source: r.s, id: Number(r.i) }),
    source: r.s === 0 ? ('case' as const) : ('supervision' as const),
    caseId: r.case_id,
    caseNumber: r.case_number,
    matterCode: r.matter_code,
    department: r.department,
    type: r.s === 0 ? r.type : `supervision.${r.type}`,
    seq: r.seq,
    at: r.at.toISOString(),
    payload: withoutApplicant(r.s === 0 ? casePayload(r.payload as unknown as Event) : r.payload, r.applicant_name)
  }));
  const last = rows.at(-1);
  const next = last ? encodeCursor({ xid: Number(last.x), source: last.s, id: Number(last.i) }) : encodeCursor(after);
  return { items, next, more: rows.length === limit };
}
