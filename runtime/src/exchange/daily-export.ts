import { statusLabels, type CaseState, type Event } from '../cases/index.ts';
import type { Services } from '../cases/index.ts';
import { isoOrNull as iso } from '../platform/time.ts';

interface ChangedCase {
  case_id: string;
  case_number: string;
  matter_code: string;
  matter_version: number;
  department: string;
  changes: number;
}

/**
 * The daily export for one Shanghai day (`YYYY-MM-DD`): a header saying what it covers, then a record of every case
 * created or changed that day, as it stood at the day's end (or now, for today).
 */
export async function dailyExport(s: Services, date: string) {
  const from = Date.parse(`${date}T00:00:00+08:00`);
  const to = from + 24 * 3600 * 1000;
  const records = await dailyRecords(s, from, to);
  const header = {
    kind: 'header',
    schema: 'banshi.exchange.cases/1',
    date,
    timezone: 'Asia/Shanghai',
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    generatedAt: new Date(s.now()).toISOString(),
    complete: s.now() >= to,
    count: records.length
  };
  return { header, records };
}

/** Every case created or changed in [from, to), as it stood at `to` (or now, for today): replayed from its events. */
async function dailyRecords(s: Services, from: number, to: number) {
  const cases = await s.db.query<ChangedCase>(
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

function caseRecord(
  row: ChangedCase,
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
