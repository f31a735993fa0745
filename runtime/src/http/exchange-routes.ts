import { z } from 'zod';
import { audit } from '../platform/audit.ts';
import { hasDuty, type Principal } from '../accounts/principal.ts';
import type { CaseState, Event } from '../cases/engine/index.ts';
import type { Services } from '../cases/services.ts';
import { statusLabels } from '../cases/case-view.ts';
import type { Api } from './api.ts';
import { ApiError, forbidden } from '../web/errors.ts';
import { peerAddress as ip } from '../web/peer.ts';

/**
 * A position in the feed: the inserting transaction's id, the source (0 case event, 1 supervision event) and the
 * row's id. Items are ordered by this triple, and only rows of transactions older than every transaction still
 * running are served, so a row committed late can never land behind a position a consumer already passed.
 */
interface Position {
  xid: number;
  source: 0 | 1;
  id: number;
}

const start: Position = { xid: 0, source: 0, id: 0 };

/** `v1.<xid>.<source>.<id>` in base64url: opaque to consumers, stable across processes and restarts. */
export function encodeCursor(p: Position): string {
  return Buffer.from(`v1.${p.xid}.${p.source}.${p.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  const match = /^v1\.(\d{1,15})\.([01])\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ApiError(
      400,
      'exchange.cursor-invalid',
      '游标无效：请使用上一页返回的 next 原样传回，或不带游标从头读取。'
    );
  return { xid: Number(match[1]), source: Number(match[2]) as 0 | 1, id: Number(match[3]) };
}

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

/** Data exchange (`/api/exchange`): the case and supervision feed, and the daily export of case records. */
export function exchangeRoutes(api: Api, s: Services): void {
  const gate = async (c: { env: unknown; req: { path: string } }, principal: Principal) => {
    if (!hasDuty(principal, 'exchange') && !hasDuty(principal, 'bureau') && !hasDuty(principal, 'admin')) {
      await audit(s.db, {
        actor: principal,
        action: 'exchange.access',
        outcome: 'denied',
        target: c.req.path,
        ip: ip(c)
      });
      throw forbidden('数据交换接口仅限数据共享接口账号、市效能督查局和系统管理员使用。');
    }
  };

  api.route(
    {
      method: 'get',
      path: '/api/exchange/feed',
      group: 'exchange',
      access: 'staff',
      summary: '办件与监察事件流：按游标顺序读取，每条恰好一次（next 原样传回即可续读）',
      query: z.object({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200)
      })
    },
    async (c, { query, principal }) => {
      await gate(c, principal);
      const after = query.cursor ? decodeCursor(query.cursor) : start;
      const rows = await s.db.query<FeedRow>(feedQuery, [after.xid, after.source, after.id, query.limit]);
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
      const next = last
        ? encodeCursor({ xid: Number(last.x), source: last.s, id: Number(last.i) })
        : encodeCursor(after);
      await audit(s.db, {
        actor: principal,
        action: 'exchange.feed',
        outcome: 'ok',
        target: query.cursor ?? 'start',
        ip: ip(c),
        detail: { items: items.length }
      });
      return c.json({ items, next, more: rows.length === query.limit });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/exchange/export/:date',
      group: 'exchange',
      access: 'staff',
      produces: 'application/x-ndjson',
      summary: '每日办件数据（北京时间当日新建或有变化的办件，JSON Lines：首行为说明，其后每行一个办件）',
      params: z.object({
        date: z.iso
          .date({ error: '日期格式应为 YYYY-MM-DD' })
          .refine(d => d >= '2000-01-01' && d <= '2099-12-31', '日期应在 2000 年至 2099 年之间')
      })
    },
    async (c, { params, principal }) => {
      await gate(c, principal);
      const from = Date.parse(`${params.date}T00:00:00+08:00`);
      const to = from + 24 * 3600 * 1000;
      const records = await dailyRecords(s, from, to);
      const header = {
        kind: 'header',
        schema: 'banshi.exchange.cases/1',
        date: params.date,
        timezone: 'Asia/Shanghai',
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        generatedAt: new Date(s.now()).toISOString(),
        complete: s.now() >= to,
        count: records.length
      };
      await audit(s.db, {
        actor: principal,
        action: 'exchange.export',
        outcome: 'ok',
        target: params.date,
        ip: ip(c),
        detail: { cases: records.length }
      });
      const body = [header, ...records].map(line => JSON.stringify(line)).join('\n') + '\n';
      return c.body(body, 200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="banshi-cases-${params.date}.jsonl"`
      });
    }
  );
}

/** Every case created or changed in [from, to), as it stood at `to` (or now, for today): replayed from its events. */
async function dailyRecords(s: Services, from: number, to: number) {
  const cases = await s.db.query<{
    case_id: string;
    case_number: string;
    matter_code: string;
    matter_version: number;
    department: string;
    changes: number;
  }>(
    `select c.case_id, c.case_number, c.matter_code, c.matter_version, c.department, count(*)::int as changes
     from cases c join case_events e on e.case_id = c.case_id
     where e.at >= $1 and e.at < $2
     group by c.case_id order by c.case_number`,
    [new Date(from).toISOString(), new Date(to).toISOString()]
  );
  if (cases.length === 0) return [];
  const events = await s.db.query<{ case_id: string; payload: Event }>(
    `select case_id, payload from case_events where case_id in (select value::uuid from jsonb_array_elements_text($1::jsonb)) order by case_id, seq`,
    [JSON.stringify(cases.map(c => c.case_id))]
  );
  const states = new Map<string, CaseState>();
  const stopped = new Set<string>();
  for (const { case_id: id, payload } of events) {
    if (stopped.has(id) || payload.at >= to) {
      stopped.add(id);
      continue;
    }
    states.set(id, s.engine.evolve(states.get(id), payload));
  }
  const names = new Map<string, string | undefined>();
  const asOf = Math.min(to, s.now());
  const records = [];
  for (const row of cases) {
    const state = states.get(row.case_id);
    if (!state) continue;
    const key = `${row.matter_code}@${row.matter_version}`;
    if (!names.has(key)) names.set(key, (await s.registry.version(row.matter_code, row.matter_version))?.name);
    const provisional =
      state.deadlines !== undefined &&
      s.calendar().isProvisional(state.receivedAt, Math.max(state.deadlines.legal, state.deadlines.promised));
    records.push(caseRecord(row, names.get(key), state, asOf, provisional));
  }
  return records;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function caseRecord(
  row: {
    case_id: string;
    case_number: string;
    matter_code: string;
    matter_version: number;
    department: string;
    changes: number;
  },
  matterName: string | undefined,
  state: CaseState,
  asOf: number,
  provisional: boolean
) {
  const deadlines = state.deadlines;
  // Measured at the decision; for a case still running, at the end of the day (or now); a paused clock stands still.
  const measuredAt = state.decision?.at ?? state.refusal?.at ?? state.withdrawal?.at ?? state.paused?.since ?? asOf;
  return {
    kind: 'case',
    caseId: row.case_id,
    caseNumber: row.case_number,
    matter: { code: row.matter_code, version: row.matter_version, name: matterName ?? null },
    department: row.department,
    applicantKind: state.applicant.kind,
    channel: state.channel,
    status: state.status,
    statusLabel: statusLabels[state.status],
    receivedAt: iso(state.receivedAt),
    acceptedAt: iso(state.acceptedAt),
    deemedAcceptance: state.deemed,
    decidedAt: iso(state.decision?.at),
    decision: state.decision ? (state.decision.approve ? 'approve' : 'deny') : null,
    refusedAt: iso(state.refusal?.at),
    withdrawnAt: iso(state.withdrawal?.at),
    deliveredAt: iso(state.delivery?.at),
    completedAt: iso(state.completedAt),
    archivedAt: iso(state.archivedAt),
    // `provisional`: counted on a year whose holiday schedule is not yet published (it may move when it is).
    deadlines: deadlines ? { legal: iso(deadlines.legal), promised: iso(deadlines.promised), provisional } : null,
    extended: state.extension !== undefined,
    paused: state.paused !== undefined,
    correctionRounds: state.correctionRounds,
    late: deadlines ? measuredAt > deadlines.promised : false,
    overLegalLimit: deadlines ? measuredAt > deadlines.legal : false,
    changesThatDay: row.changes
  };
}

/** An event's data for the exchange: who acted (staff by name and department, applicants only as "applicant"), never the applicant's identity or answers. */
function casePayload(event: Event): Record<string, unknown> {
  const { type: _type, at: _at, by, ...rest } = event as Event & Record<string, unknown>;
  const data: Record<string, unknown> = { ...rest };
  delete data.applicant;
  delete data.answers;
  delete data.caseId;
  delete data.caseNumber;
  delete data.matterCode;
  if (event.type === 'Submitted') data.applicantKind = event.applicant.kind;
  data.by =
    by.kind === 'staff'
      ? { kind: 'staff', id: by.id, name: by.name, department: by.department, roles: by.roles }
      : { kind: by.kind };
  return data;
}

const idNumber = /(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])/g;
const creditCode = /(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Z])/g;
const mobile = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Free text (opinions, reasons) may quote the applicant: their name, ID numbers, credit codes and mobile numbers are masked. */
function withoutApplicant(value: unknown, applicantName: string | null): Record<string, unknown> {
  const name = applicantName && applicantName.length >= 2 ? applicantName : undefined;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let text = v.replace(idNumber, '[证件号]').replace(creditCode, '[信用代码]').replace(mobile, '[手机号]');
      if (name) text = text.split(name).join('[申请人]');
      return text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
