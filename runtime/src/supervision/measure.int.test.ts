import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillMeasures, measureCalendar, measureOf, measureRow, type CaseState } from '../cases/index.ts';
import { publishCatalog } from '../catalog/index.ts';
import type { Definition } from '@banshi/definition';
import { dbKinds } from '../testing/database.ts';
import { openTestStore, type TestStore } from '../testing/store.ts';
import { answersFor, applicantFor, citizen } from '../testing/scenario.ts';
import { at } from '../testing/catalog.ts';
import { business, hygiene, hygiene2, performanceCases, permit } from '../testing/performance-cases.ts';
import { casesBehind, measurePerformance, type PerformanceScope } from './measure.ts';
import { figures, performance, type Figure, type MeasuredRow } from './performance.ts';
import { periodOf, type Period } from './period.ts';

const departments = [hygiene, business, permit].map(d => d.department.name);
const matters = [hygiene, business, permit].map(d => d.code);
const levels = ['warning', 'yellowCard', 'redCard', 'anomaly'] as const;
const day = 24 * 3600 * 1000;

/** Every instant in a state (all of them fall in these years) moved by `by`: the case as if it had happened then. */
function shifted<T>(value: T, by: number): T {
  if (typeof value === 'number') return (value > 1.5e12 && value < 2.5e12 ? value + by : value) as T;
  if (Array.isArray(value)) return value.map(v => shifted(v, by)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shifted(v, by)])) as T;
  return value;
}

const base = performanceCases();

/** A year of cases made from the engine-made fixture: each a copy moved in time, perhaps by another channel. */
const world = fc.record({
  cases: fc.array(
    fc.record({
      from: fc.nat({ max: base.length - 1 }),
      days: fc.integer({ min: -120, max: 120 }),
      minutes: fc.integer({ min: 0, max: 600 }),
      channel: fc.option(fc.constantFrom('online', 'onSite', 'express') as fc.Arbitrary<CaseState['channel']>),
      rounds: fc.option(fc.nat({ max: 3 })),
      events: fc.array(fc.constantFrom(...levels), { maxLength: 3 }),
      rating: fc.option(fc.record({ level: fc.integer({ min: 1, max: 5 }), after: fc.integer({ min: 0, max: 90 }) })),
      complaints: fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 2 })
    }),
    { minLength: 1, maxLength: 40 }
  ),
  loose: fc.array(
    fc.record({
      department: fc.constantFrom(...departments),
      matter: fc.option(fc.constantFrom(...matters)),
      days: fc.integer({ min: -120, max: 120 })
    }),
    { maxLength: 4 }
  ),
  period: fc.constantFrom<[string?, { from?: string; to?: string }?]>(
    ['2026'],
    ['2026-Q4'],
    ['2026-Q3'],
    ['2026-11'],
    ['2026-10'],
    [undefined, { from: '2026-10-15', to: '2026-11-20' }],
    [undefined, { to: '2026-11-05' }],
    []
  ),
  now: fc.integer({ min: -40, max: 60 }),
  department: fc.option(fc.constantFrom(...departments)),
  matter: fc.option(fc.constantFrom(...matters)),
  by: fc.constantFrom('department', 'matter') as fc.Arbitrary<'department' | 'matter'>,
  figure: fc.constantFrom(...figures)
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

describe.each(dbKinds)('performance in SQL equals the pure performance() on %s', kind => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
    await t.db.query(
      `insert into matter_versions (code, version, state, department, name, path, source, definition)
       values ($1, 2, 'approved', $2, $3, 'x', 'x', $4::jsonb)`,
      [hygiene.code, hygiene.department.name, hygiene.name, JSON.stringify(hygiene2)]
    );
  });
  afterAll(async () => t?.close());

  async function load(w: World) {
    // Cleared as the owner: the runtime's role may not delete case events (migration 022).
    for (const table of ['case_measures', 'evaluations', 'complaints', 'supervision_events', 'case_events', 'cases'])
      await t.owner.query(`delete from ${table}`);
    for (const [i, c] of w.cases.entries()) {
      const { state: original, version } = base[c.from]!;
      const id = randomUUID();
      const state: CaseState = {
        ...shifted(original, c.days * day + c.minutes * 60_000),
        id,
        caseNumber: `EQ-${i}`,
        ...(c.channel ? { channel: c.channel } : {}),
        ...(c.rounds !== null ? { correctionRounds: c.rounds } : {})
      };
      await t.db.query(
        `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $10)`,
        [
          id,
          state.caseNumber,
          state.matterCode,
          version,
          randomUUID(),
          '(as written)',
          state.status,
          JSON.stringify(state),
          state.version,
          new Date(state.receivedAt).toISOString()
        ]
      );
      for (const [k, level] of c.events.entries())
        await t.db.query(
          `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
           values ($1, $2, $1, 'test', $3, 'x', '{}'::jsonb, $4)`,
          [id, `${level}:${k}`, level, new Date(state.receivedAt).toISOString()]
        );
      if (c.rating)
        await t.db.query(
          `insert into evaluations (id, case_id, user_id, department, level, created_at) values ($1, $2, $3, 'x', $4, $5)`,
          [
            randomUUID(),
            id,
            randomUUID(),
            c.rating.level,
            new Date(state.receivedAt + c.rating.after * day).toISOString()
          ]
        );
      for (const after of c.complaints)
        await t.db.query(
          `insert into complaints (id, user_id, case_id, department, content, created_at, accept_due) values ($1, $2, $3, 'x', '慢', $4, $4)`,
          [randomUUID(), randomUUID(), id, new Date(state.receivedAt + after * day).toISOString()]
        );
    }
    for (const l of w.loose)
      await t.db.query(
        `insert into complaints (id, user_id, case_id, department, matter_code, content, created_at, accept_due)
         values ($1, $2, null, $3, $4, '慢', $5, $5)`,
        [
          randomUUID(),
          randomUUID(),
          l.department,
          l.matter,
          new Date(at('2026-11-01 10:00') + l.days * day).toISOString()
        ]
      );
    // The backfill: the same projection code the case store runs on every write.
    await fillMeasures(t.db, t.registry);
  }

  /** What measurePerformance did before the projection: every state read, judged in memory by `performance`. */
  async function reference(scope: PerformanceScope, now: number): Promise<MeasuredRow[]> {
    const { period } = scope;
    const to = period.to === undefined ? null : new Date(period.to).toISOString();
    const from = period.from === undefined ? null : new Date(period.from).toISOString();
    const rows = await t.db.query<{ state: CaseState; matter_code: string; matter_version: number }>(
      `select state, matter_code, matter_version from cases
       where ($1::timestamptz is null or received_at < $1::timestamptz) and ($2::text is null or matter_code = $2)`,
      [to, scope.matter]
    );
    const cases: Array<{ state: CaseState; definition: Definition }> = [];
    for (const r of rows) {
      const definition = (await t.registry.version(r.matter_code, r.matter_version))!;
      if (scope.department === null || definition.department.name === scope.department)
        cases.push({ state: r.state, definition });
    }
    const ids = cases.map(c => c.state.id);
    const events = await t.db.query<{ case_id: string; level: (typeof levels)[number] }>(
      'select case_id, level from supervision_events where case_id = any($1::uuid[])',
      [ids]
    );
    const ratings = await t.db.query<{ case_id: string; level: number; created_at: Date }>(
      `select case_id, level, created_at from evaluations where case_id = any($1::uuid[])
       and ($2::timestamptz is null or created_at >= $2::timestamptz) and ($3::timestamptz is null or created_at < $3::timestamptz)`,
      [ids, from, to]
    );
    const complaints = await t.db.query<{
      id: string;
      case_id: string | null;
      department: string;
      matter_code: string | null;
      created_at: Date;
    }>(
      `select id, case_id, department, matter_code, created_at from complaints
       where ($1::timestamptz is null or created_at >= $1::timestamptz) and ($2::timestamptz is null or created_at < $2::timestamptz)
         and (case_id = any($3::uuid[]) or (case_id is null and ($4::text is null or department = $4) and ($5::text is null or matter_code = $5)))`,
      [from, to, ids, scope.department, scope.matter]
    );
    return performance(
      {
        cases,
        supervision: events.map(e => ({ caseId: e.case_id, level: e.level })),
        ratings: ratings.map(r => ({ caseId: r.case_id, level: r.level, at: new Date(r.created_at).getTime() })),
        complaints: complaints.map(c => ({
          id: c.id,
          caseId: c.case_id ?? undefined,
          department: c.department,
          matterCode: c.matter_code ?? undefined,
          at: new Date(c.created_at).getTime()
        }))
      },
      { period, now, by: scope.by, calendar: t.calendar }
    );
  }

  it('gives the same rows and the same cases behind a figure, on randomized years of engine-made cases', async () => {
    await fc.assert(
      fc.asyncProperty(world, async w => {
        await load(w);
        const period: Period = periodOf(w.period[0], w.period[1]);
        const now = at('2026-11-30 10:00') + w.now * day;
        const scope: PerformanceScope = { department: w.department, matter: w.matter, period, by: w.by };
        const services = { db: t.db, registry: t.registry, now: () => now };
        const expected = await reference(scope, now);
        const got = await measurePerformance(services, scope);
        expect(got).toEqual(expected.map(({ behind: _, ...row }) => row));
        const behind = await casesBehind(services, scope, w.figure as Figure, 10_000);
        const ids = [...new Set(expected.flatMap(r => r.behind[w.figure as Figure]))].sort();
        expect(behind.map(c => c.caseId).sort()).toEqual(ids);
      }),
      { numRuns: kind === 'postgres' ? 60 : 25 }
    );
  });

  it('the case store writes the measure row in the same statement as the case, as measureOf computes it', async () => {
    const caseId = randomUUID();
    const applicant = { ...applicantFor(hygiene), id: randomUUID() };
    const by = { ...citizen, id: applicant.id };
    const now = at('2026-11-02 09:00');
    const submitted = await t.cases.submit(
      hygiene.code,
      {
        type: 'submit',
        by,
        caseId,
        caseNumber: '',
        applicant,
        channel: 'online',
        answers: answersFor(hygiene),
        materials: []
      },
      now
    );
    expect(submitted).toMatchObject({ ok: true });
    const withdrawn = await t.cases.execute(caseId, { type: 'withdraw', by }, now + 3600_000);
    expect(withdrawn).toMatchObject({ ok: true });
    const [row] = await t.db.query<Record<string, unknown>>('select * from case_measures where case_id = $1', [caseId]);
    const state = withdrawn.ok ? withdrawn.state : undefined;
    const expected = measureRow(measureOf(state!, hygiene, measureCalendar(t.registry)), 1, t.registry.calendarEpoch());
    const written = Object.fromEntries(
      Object.entries(row!).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])
    );
    expect(written).toEqual({ ...expected, received_at: new Date(now).toISOString() });
    expect(written).toMatchObject({
      channel: 'online',
      withdrawn_at: new Date(now + 3600_000).toISOString(),
      active_until: new Date(now + 3600_000).toISOString(),
      decided_at: null
    });
  });
});

describe.each(dbKinds)('a renamed department keeps its cases in its figures on %s', kind => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(async () => t?.close());

  it('counts the rows written under the former name and those written since under the new one as one department', async () => {
    const health = hygiene.department.name;
    const renamed = '市卫生健康局';
    const insert = async (name: string) => {
      const { state } = base.find(c => c.name === name)!;
      await t.db.query(
        `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
         values ($1, $2, $3, 1, $4, $5, $6, $7::jsonb, $8, $9, $9)`,
        [
          state.id,
          state.caseNumber,
          state.matterCode,
          randomUUID(),
          health,
          state.status,
          JSON.stringify(state),
          state.version,
          new Date(state.receivedAt).toISOString()
        ]
      );
      await fillMeasures(t.db, t.registry);
    };
    await insert('H1');
    await insert('H4');
    const catalog = structuredClone(t.registry.catalog());
    const department = catalog.departments.find(d => d.name === health)!;
    department.name = renamed;
    department.formerNames = [health];
    await publishCatalog(t.db, catalog, {});
    await t.registry.reload();
    await insert('H5');
    const written = await t.db.query<{ department: string }>(
      'select department from case_measures order by received_at, department'
    );
    expect(new Set(written.map(r => r.department))).toEqual(new Set([health, renamed]));

    const services = { db: t.db, registry: t.registry, now: () => at('2026-11-30 10:00') };
    const period = periodOf('2026-Q4');
    for (const scope of [
      { department: null, matter: null, period, by: 'department' as const },
      { department: renamed, matter: null, period, by: 'department' as const }
    ]) {
      const rows = await measurePerformance(services, scope);
      expect(rows.map(r => [r.key, r.received, r.decided, r.promised])).toEqual([
        [renamed, 3, 2, { early: 1, onTime: 0, late: 2 }]
      ]);
      const behind = await casesBehind(services, scope, 'received');
      expect(behind.map(c => [c.caseNumber, c.department])).toEqual([
        ['PERF-H1', renamed],
        ['PERF-H4', renamed],
        ['PERF-H5', renamed]
      ]);
    }
    expect(await measurePerformance(services, { department: health, matter: null, period, by: 'department' })).toEqual(
      []
    );
  });
});
