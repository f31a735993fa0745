import type { Sql } from '../db/db.ts';
import { auditContent, eventContent } from './canonical.ts';
import { ChainWalker, type ChainBreak } from './walk.ts';

/** What `verify` found: how much it read, and the first break of each chain table (none when intact). */
export interface IntegrityReport {
  auditRows: number;
  events: number;
  cases: number;
  breaks: ChainBreak[];
}

const page = 2000;
/** The canonical time form (migration 021), selected by the verifier itself rather than through the DB's function. */
const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface AuditRow {
  chain_seq: string | null;
  id: string;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  case_id: string | null;
  target: string | null;
  outcome: string;
  ip: string | null;
  detail: string;
  prev_hash: string | null;
  row_hash: string | null;
}

interface EventRow {
  case_id: string;
  seq: number;
  type: string;
  payload: string;
  at: string;
  actor_id: string | null;
  recorded_at: string;
  global_id: string;
  prev_hash: string | null;
  row_hash: string | null;
  version: number | null;
}

/** Walks the audit log's chain and every case's chain of events, recomputing each hash; read-only. */
export async function verifyChains(sql: Sql): Promise<IntegrityReport> {
  const audit = await verifyAuditLog(sql);
  const events = await verifyCaseEvents(sql);
  return {
    auditRows: audit.rows,
    events: events.rows,
    cases: events.cases,
    breaks: [audit.broken, events.broken].filter((b): b is ChainBreak => b !== undefined)
  };
}

async function verifyAuditLog(sql: Sql): Promise<{ rows: number; broken?: ChainBreak }> {
  // Only possible once the NOT NULL constraints were dropped: a line outside the chain altogether.
  const [outside] = await sql.query<{ id: string }>(
    `select id::text as id from audit_log where chain_seq is null or prev_hash is null or row_hash is null order by id limit 1`
  );
  if (outside)
    return {
      rows: 0,
      broken: { table: 'audit_log', row: outside.id, kind: 'link', detail: 'the row carries no place in the chain' }
    };
  const walker = new ChainWalker('audit_log', position => `chain_seq ${position}`);
  let after = 0;
  for (;;) {
    const rows = await sql.query<AuditRow>(
      `select chain_seq::text as chain_seq, id::text as id, ${utc('at')} as at, actor_id::text as actor_id, actor_kind,
              action, case_id::text as case_id, target, outcome, ip, detail::text as detail, prev_hash, row_hash
       from audit_log where chain_seq > $1::bigint order by audit_log.chain_seq limit ${page}`,
      [after]
    );
    for (const r of rows) {
      const broken = walker.step({
        name: r.id,
        position: Number(r.chain_seq),
        prevHash: r.prev_hash ?? '',
        rowHash: r.row_hash ?? '',
        content: auditContent({
          chainSeq: r.chain_seq ?? '',
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorKind: r.actor_kind,
          action: r.action,
          caseId: r.case_id,
          target: r.target,
          outcome: r.outcome,
          ip: r.ip,
          detail: r.detail
        })
      });
      if (broken) return { rows: walker.length, broken };
    }
    if (rows.length < page) return { rows: walker.length };
    after = Number(rows[rows.length - 1]!.chain_seq);
  }
}

async function verifyCaseEvents(sql: Sql): Promise<{ rows: number; cases: number; broken?: ChainBreak }> {
  let rowsHeld = 0;
  let cases = 0;
  let walker: ChainWalker | undefined;
  let version: number | null = null;
  const finish = () => {
    const broken = walker && version !== null ? walker.end(version) : undefined;
    if (walker) rowsHeld += walker.length;
    return broken;
  };
  let after = { caseId: '00000000-0000-0000-0000-000000000000', seq: 0 };
  for (;;) {
    const rows = await sql.query<EventRow>(
      `select e.case_id::text as case_id, e.seq::int as seq, e.type, e.payload::text as payload, ${utc('e.at')} as at,
              e.actor_id, ${utc('e.recorded_at')} as recorded_at, e.global_id::text as global_id, e.prev_hash,
              e.row_hash, c.version::int as version
       from case_events e left join cases c on c.case_id = e.case_id
       where (e.case_id, e.seq) > ($1::uuid, $2::int) order by e.case_id, e.seq limit ${page}`,
      [after.caseId, after.seq]
    );
    for (const r of rows) {
      if (!walker || r.case_id !== after.caseId) {
        const ended = finish();
        if (ended) return { rows: rowsHeld, cases, broken: ended };
        const caseId = r.case_id;
        walker = new ChainWalker('case_events', seq => `${caseId}/${seq}`);
        version = r.version;
        cases += 1;
      }
      after = { caseId: r.case_id, seq: r.seq };
      const broken = walker.step({
        name: `${r.case_id}/${r.seq}`,
        position: r.seq,
        prevHash: r.prev_hash ?? '',
        rowHash: r.row_hash ?? '',
        content: eventContent({
          caseId: r.case_id,
          seq: String(r.seq),
          type: r.type,
          payload: r.payload,
          at: r.at,
          actorId: r.actor_id,
          recordedAt: r.recorded_at,
          globalId: r.global_id
        })
      });
      if (broken) return { rows: rowsHeld + walker.length, cases, broken };
    }
    if (rows.length < page) break;
  }
  const ended = finish();
  if (ended) return { rows: rowsHeld, cases, broken: ended };
  // A case whose every event is gone: its projection says it had some.
  const [emptied] = await sql.query<{ case_id: string }>(
    `select c.case_id::text as case_id from cases c
     where c.version > 0 and not exists (select 1 from case_events e where e.case_id = c.case_id)
     order by c.case_id limit 1`
  );
  if (emptied)
    return {
      rows: rowsHeld,
      cases,
      broken: {
        table: 'case_events',
        row: `${emptied.case_id}/1`,
        kind: 'missing',
        detail: 'the case is recorded with events, none is stored'
      }
    };
  return { rows: rowsHeld, cases };
}
