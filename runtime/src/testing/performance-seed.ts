import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db/db.ts';
import {
  business,
  hygiene,
  hygiene2,
  idOf,
  performanceCases,
  performanceComplaints,
  performanceEvents,
  performanceNow,
  performanceRatings,
  permit
} from './performance-cases.ts';

/**
 * Writes the performance fixture (performance-cases.ts) into a migrated database with the catalogue: version 2 of
 * the hygiene licence, the sixteen cases, their supervision events, ratings and complaints. Read the figures at
 * `performanceNow`.
 */
export async function seedPerformanceFixture(db: Pick<Db, 'query'>): Promise<void> {
  const health = hygiene.department.name;
  await db.query(
    `insert into matter_versions (code, version, state, department, name, path, source, definition)
     values ($1, 2, 'approved', $2, $3, 'x', 'x', $4::jsonb)`,
    [hygiene.code, health, hygiene.name, JSON.stringify(hygiene2)]
  );
  for (const { state, version } of performanceCases())
    await db.query(
      `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $10)`,
      [
        state.id,
        state.caseNumber,
        state.matterCode,
        version,
        randomUUID(),
        [hygiene, business, permit].find(d => d.code === state.matterCode)!.department.name,
        state.status,
        JSON.stringify(state),
        state.version,
        new Date(state.receivedAt).toISOString()
      ]
    );
  // Each event of its case's department, under the rule that raises its level (an anomaly: too many corrections).
  const departmentOf = new Map(
    performanceCases().map(({ state }) => [
      state.id,
      [hygiene, business, permit].find(d => d.code === state.matterCode)!.department.name
    ])
  );
  for (const [i, e] of performanceEvents.entries())
    await db.query(
      `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
       values ($1, $2, $1, $3, $4, $5, '{}'::jsonb, $6)`,
      [
        idOf(e.name),
        `${e.level}:${i}`,
        e.level === 'anomaly' ? 'corrections' : e.level,
        e.level,
        departmentOf.get(idOf(e.name)) ?? health,
        new Date(performanceNow).toISOString()
      ]
    );
  for (const r of performanceRatings)
    await db.query(
      `insert into evaluations (id, case_id, user_id, department, level, created_at) values ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), idOf(r.name), randomUUID(), health, r.level, new Date(r.at).toISOString()]
    );
  for (const c of performanceComplaints)
    await db.query(
      `insert into complaints (id, user_id, case_id, department, content, created_at, accept_due)
       values ($1, $2, $3, $4, '办理太慢', $5, $5)`,
      [randomUUID(), randomUUID(), c.name ? idOf(c.name) : null, c.department, new Date(c.at).toISOString()]
    );
}
