import type { Definition } from '@banshi/definition';
import type {
  CaseState,
  Command,
  Engine,
  EngineCalendar,
  Event,
  RecountReason,
  Rejection,
  Timer
} from './engine/index.ts';
import { iso, isoOrNull } from '../platform/time.ts';
import { caseNumber, liveDeadlines } from './engine/index.ts';
import { caseDepartments } from './case-departments.ts';
import { inboxParts } from './inbox-projection.ts';
import { isRetryable, isUniqueViolation, type Db, type Sql } from '../platform/db/db.ts';
import type { DefinitionRegistry } from '../catalog/index.ts';
import { part, writeStatement, type SqlPart } from '../platform/db/write-statement.ts';
import { measurePart } from './measure-projection.ts';
import { licenceParts } from '../licences/index.ts';

export interface CaseRow {
  caseId: string;
  caseNumber: string;
  matterCode: string;
  matterVersion: number;
  applicantId: string;
  department: string;
  status: string;
  state: CaseState;
  version: number;
  /** The calendar epoch each running deadline was counted on (see `stamped`). */
  deadlineBasis: Record<string, number>;
  /** The earliest of them; null when no deadline runs. */
  deadlinesCalendar: number | null;
}

/** The calendars the catalogue had before: what a recount needs to know how a deadline was counted. */
export interface CalendarHistory {
  /** The calendar of an epoch (0: recorded before epochs were kept), read with `sql`; undefined when unknown. */
  calendarOf(epoch: number, current: number, sql: Sql): Promise<EngineCalendar | undefined>;
  /** Which years the calendars of `epoch` publish or change, and the notices they follow. */
  reason(epoch: number, sql: Sql): Promise<RecountReason>;
}

/**
 * Writes that go with a command's own (audit line, idempotency key, files linked): parts of its one statement, run
 * after the command's own parts in the order given. The audit line goes last: its insert takes the audit chain's
 * lock until the commit (write-statement.ts).
 */
export type Extra = (result: Applied) => SqlPart[];

export interface Applied {
  state: CaseState;
  events: Event[];
  /** The sequence of the first new event. */
  fromSeq: number;
}

export type Outcome = { ok: true; state: CaseState; events: Event[] } | { ok: false; rejection: Rejection };

/** The case changed under us more often than we retry: the client may simply try again. */
export class ConcurrencyError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} changed concurrently`);
  }
}

export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`no case ${caseId}`);
  }
}

const retries = 8;

/**
 * Cases as streams of events with a projection beside them, under optimistic concurrency. A command is decided by
 * the pure engine on the state as read; its events are appended at the next sequence numbers by one statement
 * that moves the projection only from the version read, so two writers racing on one case cannot both succeed
 * (and (case_id, seq) is unique besides): the loser decides again on the new state. Timers, supervision records,
 * notifications and `extra` writes are parts of that same statement: all of it commits, or none.
 */
export class CaseStore {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
    private readonly definitions: DefinitionRegistry,
    /** Where the calendars of earlier epochs come from; without it deadlines are never recounted. */
    private readonly history?: CalendarHistory
  ) {}

  /** Starts a case under the matter's live version. The case number comes from the store's sequence. */
  async submit(
    matterCode: string,
    command: Extract<Command, { type: 'submit' }>,
    now: number,
    extra?: Extra
  ): Promise<Outcome> {
    return this.attempt(command.caseId, matterCode, command, now, extra);
  }

  /**
   * Runs a command on an existing case. `read` is the case as the caller has just read it (`loadWithPart`), saving
   * the store reading it again: the write moves the case only from that version, so a case changed since is read
   * afresh and decided again, as any conflict is.
   */
  async execute(caseId: string, command: Command, now: number, extra?: Extra, read?: CaseRow): Promise<Outcome> {
    return this.attempt(caseId, undefined, command, now, extra, read);
  }

  /**
   * Runs a command built from the case's current state (the worker's timers decide what to do only once they
   * see the case). `build` returning undefined does nothing.
   */
  async executeWith(
    caseId: string,
    build: (state: CaseState, definition: Definition) => Command | 'supervise' | undefined,
    now: number,
    tx?: Sql
  ): Promise<Outcome | undefined> {
    const run = async (sql: Sql): Promise<Outcome | undefined> => {
      let row = await this.loadWhere(sql, 'case_id', caseId, true);
      if (!row) throw new CaseNotFoundError(caseId);
      // A case still counted on calendars published over is counted again first: nothing is decided on stale dates.
      if (this.stale(row) && (await this.recountIn(sql, row, now)) !== 'current')
        row = (await this.loadWhere(sql, 'case_id', caseId, true))!;
      const definition = await this.definitionOf(row, sql);
      const what = build(row.state, definition);
      if (what === undefined) return undefined;
      const events =
        what === 'supervise'
          ? this.engine.supervise(definition, row.state, now)
          : (() => {
              const decision = this.engine.decide(definition, row.state, what, now);
              return decision.ok ? [...decision.events] : decision;
            })();
      if (!Array.isArray(events)) return { ok: false, rejection: events.rejection };
      if (events.length === 0) return { ok: true, state: row.state, events: [] };
      const applied = await this.append(sql, row, definition, events, now);
      return { ok: true, state: applied.state, events: applied.events };
    };
    if (tx) return run(tx);
    for (let i = 0; ; i++) {
      try {
        return await this.db.transaction(run);
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (i >= retries) throw new ConcurrencyError(caseId);
      }
    }
  }

  private async attempt(
    caseId: string,
    matterCode: string | undefined,
    command: Command,
    now: number,
    extra?: Extra,
    read?: CaseRow
  ): Promise<Outcome> {
    for (let i = 0; ; i++) {
      try {
        if (command.type === 'submit') {
          const live = matterCode === undefined ? undefined : this.definitions.live(matterCode);
          if (!live) return { ok: false, rejection: { code: 'matter.not-found', message: '该事项未发布或已停办。' } };
          const rows = await this.db.query<{ n: number }>(`select nextval('case_number_seq')::int as n`);
          const cmd = { ...command, caseNumber: caseNumber(live.definition, now, rows[0]!.n) };
          return await this.decideAndAppend(this.db, undefined, live.definition, live.version, cmd, now, extra);
        }
        let row = i === 0 && read?.caseId === caseId ? read : await this.load(this.db, caseId);
        if (!row) throw new CaseNotFoundError(caseId);
        if (this.stale(row)) {
          await this.recount(caseId, now);
          row = (await this.load(this.db, caseId))!;
        }
        const definition = await this.definitionOf(row);
        return await this.decideAndAppend(this.db, row, definition, row.matterVersion, command, now, extra);
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (i >= retries) throw new ConcurrencyError(caseId);
      }
    }
  }

  private async decideAndAppend(
    sql: Sql,
    row: CaseRow | undefined,
    definition: Definition,
    version: number,
    command: Command,
    now: number,
    extra?: Extra
  ): Promise<Outcome> {
    const decision = this.engine.decide(definition, row?.state, command, now);
    if (!decision.ok) return decision;
    // The definition version is the store's to record: the engine knows only the definition object.
    const events = decision.events.map(e => (e.type === 'Submitted' ? { ...e, matterVersion: String(version) } : e));
    const applied = await this.append(sql, row, definition, events, now, version, extra);
    return { ok: true, state: applied.state, events: applied.events };
  }

  /** Appends events (and the supervision they now warrant) and brings projection, timers and outbox along. */
  private async append(
    sql: Sql,
    row: CaseRow | undefined,
    definition: Definition,
    decided: Event[],
    now: number,
    version = row?.matterVersion ?? 1,
    extra?: Extra
  ): Promise<Applied> {
    const { state: s, events, effects } = this.engine.apply(definition, row?.state, decided, now);
    const recounted = events.some(e => e.type === 'DeadlinesRecounted');
    const { basis, oldest } = this.stamped(definition, row, s, recounted);
    const applied: Applied = { state: s, events, fromSeq: (row?.version ?? 0) + 1 };
    const deadlines = s.deadlines;
    const target = row
      ? part(
          `update cases set status = $2, state = $3::jsonb, version = $4, updated_at = $5, legal_deadline = $6, promised_deadline = $7,
                            deadlines_calendar = $9, deadline_basis = $10::jsonb
           where case_id = $1 and version = $8 returning case_id`,
          s.id,
          s.status,
          JSON.stringify(s),
          s.version,
          iso(now),
          isoOrNull(deadlines?.legal),
          isoOrNull(deadlines?.promised),
          row.version,
          oldest,
          JSON.stringify(basis)
        )
      : part(
          `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version,
                              received_at, updated_at, legal_deadline, promised_deadline, deadlines_calendar, deadline_basis)
           values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $10, $11, $12, $13, $14::jsonb) returning case_id`,
          s.id,
          s.caseNumber,
          s.matterCode,
          version,
          s.applicant.id,
          definition.department.name,
          s.status,
          JSON.stringify(s),
          s.version,
          iso(s.receivedAt),
          isoOrNull(deadlines?.legal),
          isoOrNull(deadlines?.promised),
          oldest,
          JSON.stringify(basis)
        );
    const parts: SqlPart[] = [
      part(
        `insert into case_events (case_id, seq, type, payload, at, actor_id)
         select t.case_id, $1 + (e.ordinality - 1)::int, e.value->>'type', e.value, to_timestamp((e.value->>'at')::float8 / 1000), e.value->'by'->>'id'
         from target t, jsonb_array_elements($2::jsonb) with ordinality as e`,
        applied.fromSeq,
        JSON.stringify(events)
      )
    ];
    if (!row) {
      parts.push(
        part(
          `insert into case_departments (case_id, department, part)
         select t.case_id, d.department, d.part from target t, jsonb_to_recordset($1::jsonb) as d(department text, part text)`,
          JSON.stringify(caseDepartments(definition))
        )
      );
    }
    if (effects.timers) parts.push(...timerParts(effects.timers, row !== undefined, now));
    const raised = effects.raised;
    if (raised.length > 0) {
      parts.push(
        part(
          `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
         select t.case_id, r.key, t.case_id, r.rule, r.level, r.department, r.record, to_timestamp(r.at / 1000.0)
         from target t, jsonb_to_recordset($1::jsonb) as r(key text, rule text, level text, department text, record jsonb, at float8)
         on conflict (subject_id, key) do nothing`,
          JSON.stringify(
            raised.map(r => ({
              key: r.key,
              rule: r.rule,
              level: r.level,
              department: r.department,
              record: r,
              at: r.at
            }))
          )
        )
      );
    }
    const messages = effects.messages;
    if (messages.length > 0) {
      // The inbox always; SMS and e-mail to the number and address on the applicant's account, if any.
      parts.push(
        part(
          `insert into outbox (case_id, channel, recipient, subject, body, payload, next_attempt_at, created_at)
         select t.case_id, m.channel, case m.channel when 'inbox' then $3::text when 'sms' then u.phone else u.email end, m.subject, m.body, m.payload, $2, $2
         from target t
         cross join rows from (jsonb_to_recordset($1::jsonb) as (channel text, subject text, body text, payload jsonb)) with ordinality as m(channel, subject, body, payload, n)
         left join users u on u.id = $4::uuid
         where m.channel = 'inbox' or (m.channel = 'sms' and u.phone is not null) or (m.channel = 'email' and u.email is not null)
         order by m.n`,
          JSON.stringify(messages),
          iso(now),
          s.applicant.id,
          s.applicant.id
        )
      );
    }
    parts.push(...inboxParts(definition, row?.state, s, events, raised, now));
    parts.push(measurePart(this.definitions, definition, s, version));
    // 电子证照 (seeds/001 第二十条): an approval issues, extends or changes its licence in this same statement.
    const approval = events.find(e => e.type === 'Decided');
    if (approval?.type === 'Decided' && approval.approve && !approval.conclusion)
      parts.push(
        ...licenceParts(definition, {
          caseNumber: s.caseNumber,
          matterVersion: version,
          applicantId: s.applicant.id,
          at: approval.at,
          by: approval.by.kind === 'system' ? { name: '系统' } : { id: approval.by.id, name: approval.by.name }
        })
      );
    parts.push(...(extra?.(applied) ?? []));
    const statement = writeStatement(target, parts);
    const [result] = await sql.query<{ moved: number }>(statement.sql, statement.params);
    if (result?.moved !== 1) throw new StaleVersion();
    return applied;
  }

  /**
   * Records the calendar epoch each running deadline was counted on: a deadline this write set (or, with `all`, every
   * running deadline a recount looked at) on this process's calendar; one it left alone keeps its record (0 for a
   * deadline counted before records were kept). `oldest` is the earliest, for the recount's index; null when none runs.
   */
  private stamped(
    definition: Definition,
    before: CaseRow | undefined,
    state: CaseState,
    all: boolean
  ): { basis: Record<string, number>; oldest: number | null } {
    const epoch = this.definitions.calendarEpoch();
    const previous = new Map(before ? liveDeadlines(definition, before.state).map(e => [e.key, e.at]) : []);
    const basis: Record<string, number> = {};
    for (const entry of liveDeadlines(definition, state)) {
      const kept = !all && previous.get(entry.key) === entry.at;
      basis[entry.key] = kept ? (before?.deadlineBasis[entry.key] ?? 0) : epoch;
    }
    const values = Object.values(basis);
    return { basis, oldest: values.length ? Math.min(...values) : null };
  }

  /**
   * Counts a case's running deadlines again on this process's calendar when some were counted on an earlier epoch
   * (whose calendar the CalendarHistory gives; where it cannot, that deadline does not move). Moves are one
   * DeadlinesRecounted event, with its timers, supervision keys and the applicant's notification; a case with
   * nothing to move is only marked counted. Holds the case row: any number of workers may run it, each case once.
   */
  async recount(caseId: string, now: number): Promise<'moved' | 'unchanged' | 'current'> {
    return this.db.transaction(async sql => {
      const row = await this.loadWhere(sql, 'case_id', caseId, true);
      return row ? this.recountIn(sql, row, now) : 'current';
    });
  }

  /** Whether some running deadline of the case was counted on calendars older than this process's. */
  private stale(row: CaseRow): boolean {
    return (
      this.history !== undefined &&
      row.deadlinesCalendar !== null &&
      row.deadlinesCalendar < this.definitions.calendarEpoch()
    );
  }

  /** `recount` on a row the caller holds locked in `sql`. */
  private async recountIn(sql: Sql, row: CaseRow, now: number): Promise<'moved' | 'unchanged' | 'current'> {
    if (!this.stale(row)) return 'current';
    const epoch = this.definitions.calendarEpoch();
    const definition = await this.definitionOf(row, sql);
    const calendars = new Map<string, EngineCalendar | undefined>();
    for (const entry of liveDeadlines(definition, row.state)) {
      const basis = row.deadlineBasis[entry.key] ?? 0;
      if (basis < epoch) calendars.set(entry.key, await this.history!.calendarOf(basis, epoch, sql));
    }
    const event = this.engine.recount(
      definition,
      row.state,
      key => calendars.get(key),
      now,
      await this.history!.reason(epoch, sql)
    );
    if (event) {
      await this.append(sql, row, definition, [event], now);
      return 'moved';
    }
    const { basis, oldest } = this.stamped(definition, row, row.state, true);
    await sql.query('update cases set deadline_basis = $2::jsonb, deadlines_calendar = $3 where case_id = $1', [
      row.caseId,
      JSON.stringify(basis),
      oldest
    ]);
    return 'unchanged';
  }

  async load(sql: Sql, caseId: string): Promise<CaseRow | undefined> {
    return this.loadWhere(sql, 'case_id', caseId);
  }

  /** With `lock`, holds the case row until the transaction ends: writers then queue instead of retrying. */
  async loadWhere(
    sql: Sql,
    column: 'case_id' | 'case_number',
    value: string,
    lock = false
  ): Promise<CaseRow | undefined> {
    const rows = await sql.query<RawCaseRow>(
      `select ${caseColumns} from cases where ${column} = $1${lock ? ' for update' : ''}`,
      [value]
    );
    return rows[0] && toCaseRow(rows[0]);
  }

  /**
   * The case and the part `department` takes in it (lead, firstReview, coApprover, joint; undefined when none), in
   * one round trip: what the door of a staff command reads before the command runs.
   */
  async loadWithPart(
    caseId: string,
    department: string | undefined
  ): Promise<{ row: CaseRow; part: string | undefined } | undefined> {
    const rows = await this.db.query<RawCaseRow & { part: string | null }>(
      `select ${caseColumns.replace(/(\w+)/g, 'c.$1')}, d.part
       from cases c left join case_departments d on d.case_id = c.case_id and d.department = $2
       where c.case_id = $1`,
      [caseId, department ?? null]
    );
    const r = rows[0];
    return r && { row: toCaseRow(r), part: r.part ?? undefined };
  }

  /** The case with this number (统一审批编码), or undefined: the lookup the hall and the window do most. */
  async byNumber(caseNumber: string, sql: Sql = this.db): Promise<CaseRow | undefined> {
    return this.loadWhere(sql, 'case_number', caseNumber);
  }

  async definitionOf(row: Pick<CaseRow, 'matterCode' | 'matterVersion'>, sql?: Sql): Promise<Definition> {
    const definition = await this.definitions.version(row.matterCode, row.matterVersion, sql);
    if (!definition) throw new Error(`definition ${row.matterCode}@${row.matterVersion} missing`);
    return definition;
  }

  /**
   * The case's events in order; with `upTo` (the version of a state read before), only those that state has seen, so
   * a timeline shown beside it never runs ahead of it when a write commits between the two reads.
   */
  async events(caseId: string, upTo?: number): Promise<Array<{ seq: number; event: Event }>> {
    const rows = await this.db.query<{ seq: number; payload: Event }>(
      'select seq, payload from case_events where case_id = $1 and seq <= $2 order by seq',
      [caseId, upTo ?? 2_147_483_647]
    );
    return rows.map(r => ({ seq: r.seq, event: r.payload }));
  }
}

interface RawCaseRow {
  case_id: string;
  case_number: string;
  matter_code: string;
  matter_version: number;
  applicant_id: string;
  department: string;
  status: string;
  state: CaseState;
  version: number;
  deadline_basis: Record<string, number>;
  deadlines_calendar: number | null;
}

const caseColumns =
  'case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, deadline_basis, deadlines_calendar';

function toCaseRow(r: RawCaseRow): CaseRow {
  return {
    caseId: r.case_id,
    caseNumber: r.case_number,
    matterCode: r.matter_code,
    matterVersion: r.matter_version,
    applicantId: r.applicant_id,
    department: r.department,
    status: r.status,
    state: r.state,
    version: r.version,
    deadlineBasis: r.deadline_basis ?? {},
    deadlinesCalendar: r.deadlines_calendar
  };
}

class StaleVersion extends Error {}

/** Another writer appended to the case first: decide again on the new state. */
const isConflict = (error: unknown) =>
  error instanceof StaleVersion || isUniqueViolation(error, 'case_events_pkey') || isRetryable(error);

/**
 * Timers follow the case: the engine says which it needs when they changed; ones it no longer needs are cancelled,
 * new ones added (an existing case may have some to cancel; a new one has none).
 */
function timerParts(wanted: Timer[], existing: boolean, now: number): SqlPart[] {
  const keys = JSON.stringify(wanted.map(t => ({ key: t.key, kind: t.kind, due: t.at })));
  const parts: SqlPart[] = [];
  if (existing) {
    parts.push(
      part(
        `update timers set cancelled_at = $2 from target t
       where timers.subject_id = t.case_id and timers.fired_at is null and timers.cancelled_at is null
         and timers.key not in (select w.key from jsonb_to_recordset($1::jsonb) as w(key text))`,
        keys,
        iso(now)
      )
    );
  }
  if (wanted.length > 0) {
    parts.push(
      part(
        `insert into timers (subject_id, key, case_id, kind, due_at)
       select t.case_id, w.key, t.case_id, w.kind, to_timestamp(w.due / 1000.0) from target t, jsonb_to_recordset($1::jsonb) as w(key text, kind text, due float8)
       on conflict (subject_id, key) do update set cancelled_at = null where timers.fired_at is null and timers.cancelled_at is not null`,
        keys
      )
    );
  }
  return parts;
}
