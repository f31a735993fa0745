import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { audit } from '../audit.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { dbKinds, openTestDb } from '../../testing/database.ts';
import { openTestApp, type TestApp } from '../../testing/http.ts';
import { answersFor } from '../../testing/scenario.ts';
import { verifyChains, type IntegrityReport } from './index.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');

class Rollback extends Error {}

describe.each(dbKinds)('tamper evidence on %s', kind => {
  let t: TestApp;
  let caseId: string;
  let otherCaseId: string;

  /** Changes the database as a superuser would, verifies, and rolls everything back. */
  async function tampered(change: (tx: Sql) => Promise<void>): Promise<IntegrityReport> {
    let report: IntegrityReport | undefined;
    try {
      await t.store.owner.transaction(async tx => {
        await change(tx);
        report = await verifyChains(tx);
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return report!;
  }

  async function auditRow(offset: number) {
    const [row] = await t.store.db.query<{ id: string; chain_seq: string }>(
      `select id::text as id, chain_seq::text as chain_seq from audit_log order by chain_seq offset $1 limit 1`,
      [offset]
    );
    return row!;
  }

  beforeAll(async () => {
    t = await openTestApp(kind);
    const company = await t.as('91350100M000100Y43');
    const window = await t.as('window');
    const submit = async () => {
      const created = await company.post('/api/hall/cases', {
        matterCode: permit.code,
        channel: 'express',
        answers: answersFor(permit)
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    caseId = await submit();
    otherCaseId = await submit();
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
      const r = await window.post(`/api/office/cases/${caseId}/commands`, { type });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  });
  afterAll(async () => t?.close());

  it('an untouched database holds: every audit line and every event, each case as long as it says', async () => {
    const report = await verifyChains(t.store.db);
    const [counts] = await t.store.db.query<{ audit: number; events: number; cases: number }>(
      `select (select count(*)::int from audit_log) as audit, (select count(*)::int from case_events) as events,
              (select count(*)::int from cases) as cases`
    );
    expect(report).toEqual({ auditRows: counts!.audit, events: counts!.events, cases: counts!.cases, breaks: [] });
    expect(report.auditRows).toBeGreaterThan(2);
    const [events] = await t.store.db.query<{ n: number }>(
      'select count(*)::int as n from case_events where case_id = $1',
      [caseId]
    );
    expect(events!.n).toBe(4);
  });

  it("an event's content changed with the append-only trigger disabled is named", async () => {
    const report = await tampered(async tx => {
      await tx.query('alter table case_events disable trigger case_events_no_update');
      await tx.query(
        `update case_events set payload = jsonb_set(payload, '{by,name}', '"某某"') where case_id = $1 and seq = 2`,
        [caseId]
      );
    });
    expect(report.breaks).toEqual([
      expect.objectContaining({ table: 'case_events', row: `${caseId}/2`, kind: 'content' })
    ]);
  });

  it('an event deleted from the middle of a case is named as missing', async () => {
    const report = await tampered(async tx => {
      await tx.query('alter table case_events disable trigger case_events_no_update');
      await tx.query('delete from case_events where case_id = $1 and seq = 3', [caseId]);
    });
    expect(report.breaks).toEqual([
      expect.objectContaining({ table: 'case_events', row: `${caseId}/3`, kind: 'missing' })
    ]);
  });

  it("a case's last event deleted is missing against the case's version", async () => {
    const [last] = await t.store.db.query<{ seq: number }>(
      'select max(seq)::int as seq from case_events where case_id = $1',
      [otherCaseId]
    );
    const report = await tampered(async tx => {
      await tx.query('set local session_replication_role = replica');
      await tx.query('delete from case_events where case_id = $1 and seq = $2', [otherCaseId, last!.seq]);
    });
    expect(report.breaks).toEqual([
      expect.objectContaining({ table: 'case_events', row: `${otherCaseId}/${last!.seq}`, kind: 'missing' })
    ]);
  });

  it("an audit line's content changed is named by its id", async () => {
    const row = await auditRow(1);
    const report = await tampered(async tx => {
      await tx.query('alter table audit_log disable trigger audit_log_no_update');
      await tx.query(`update audit_log set outcome = 'denied' where id = $1::bigint`, [row.id]);
    });
    expect(report.breaks).toEqual([expect.objectContaining({ table: 'audit_log', row: row.id, kind: 'content' })]);
  });

  it('an audit line rewritten with its hash recomputed breaks the link of the line after it', async () => {
    const row = await auditRow(1);
    const next = await auditRow(2);
    const report = await tampered(async tx => {
      await tx.query('set local session_replication_role = replica');
      await tx.query(`update audit_log set ip = '10.0.0.1' where id = $1::bigint`, [row.id]);
      await tx.query(
        `update audit_log set row_hash = integrity_hash(prev_hash, audit_log_content(audit_log)) where id = $1::bigint`,
        [row.id]
      );
    });
    expect(report.breaks).toEqual([expect.objectContaining({ table: 'audit_log', row: next.id, kind: 'link' })]);
  });

  it('an audit line deleted is named by its place in the chain', async () => {
    const row = await auditRow(2);
    const report = await tampered(async tx => {
      await tx.query('alter table audit_log disable trigger audit_log_no_update');
      await tx.query('delete from audit_log where id = $1::bigint', [row.id]);
    });
    expect(report.breaks).toEqual([
      expect.objectContaining({ table: 'audit_log', row: `chain_seq ${row.chain_seq}`, kind: 'missing' })
    ]);
  });

  it('with the chain trigger disabled a line cannot be written without a hash, and a made-up hash is named', async () => {
    await expect(
      tampered(async tx => {
        await tx.query('alter table audit_log disable trigger audit_log_chain');
        // Written now rather than at commit (a transaction's audit line waits for its commit: Sql.atCommit), since
        // this transaction is rolled back without one.
        await audit(
          { query: (text, params) => tx.query(text, params) },
          {
            actor: { kind: 'system' },
            action: 'forged',
            outcome: 'ok'
          }
        );
      })
    ).rejects.toThrow(/null value/);
    let forged = '';
    const report = await tampered(async tx => {
      await tx.query('alter table audit_log disable trigger audit_log_chain');
      const [row] = await tx.query<{ id: string }>(
        `insert into audit_log (actor_kind, action, outcome, chain_seq, prev_hash, row_hash)
         select 'system', 'forged', 'ok', chain_seq + 1, row_hash, repeat('a', 64)
         from audit_log order by chain_seq desc limit 1
         returning id::text as id`
      );
      forged = row!.id;
    });
    expect(report.breaks).toEqual([expect.objectContaining({ table: 'audit_log', row: forged, kind: 'content' })]);
  });

  it('after all that, nothing was committed: the chains still hold', async () => {
    expect((await verifyChains(t.store.db)).breaks).toEqual([]);
  });
});

describe.each(dbKinds)('chains over rows written before migration 021, on %s', kind => {
  it('chains them in order, and the next line follows the last of them', async () => {
    const t = await openTestDb(kind, 20);
    try {
      for (const action of ['a', 'b', 'c'])
        await t.db.query(
          `insert into audit_log (actor_kind, action, outcome, detail) values ('system', $1, 'ok', '{"n": 1}')`,
          [action]
        );
      const caseId = randomUUID();
      for (const seq of [1, 2])
        await t.db.query(
          `insert into case_events (case_id, seq, type, payload, at) values ($1, $2, 'Noted', '{"x": "审"}', now())`,
          [caseId, seq]
        );
      await migrate(t.db);
      expect(await verifyChains(t.db)).toEqual({ auditRows: 3, events: 2, cases: 1, breaks: [] });
      await audit(t.db, { actor: { kind: 'system' }, action: 'after', outcome: 'ok' });
      const rows = await t.db.query<{ action: string; chain_seq: number; linked: boolean }>(
        `select a.action, a.chain_seq::int as chain_seq,
                a.prev_hash = (select row_hash from audit_log b where b.chain_seq = a.chain_seq - 1) as linked
         from audit_log a order by chain_seq`
      );
      expect(rows.map(r => [r.action, r.chain_seq])).toEqual([
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['after', 4]
      ]);
      expect(rows.slice(1).every(r => r.linked)).toBe(true);
      expect((await verifyChains(t.db)).breaks).toEqual([]);
    } finally {
      await t.drop();
    }
  });
});

describe.each(dbKinds)('several events in one statement, on %s', kind => {
  it('chain in seq order, as the case store writes them (a CTE over a JSON array, with the audit line)', async () => {
    const t = await openTestDb(kind);
    try {
      const caseId = randomUUID();
      const events = JSON.stringify([1, 2, 3].map(n => ({ type: `E${n}`, at: Date.UTC(2026, 8, 28, n) })));
      const write = (from: number) =>
        t.db.query(
          `with target as (select $1::uuid as case_id),
           w0 as (insert into case_events (case_id, seq, type, payload, at, actor_id)
                  select t.case_id, $2 + (e.ordinality - 1)::int, e.value->>'type', e.value,
                         to_timestamp((e.value->>'at')::float8 / 1000), e.value->'by'->>'id'
                  from target t, jsonb_array_elements($3::jsonb) with ordinality as e),
           w1 as (insert into audit_log (actor_kind, action, case_id, outcome) select 'system', 'case.write', t.case_id, 'ok' from target t)
           select count(*)::int as moved from target`,
          [caseId, from, events]
        );
      await write(1);
      await write(4);
      expect(await verifyChains(t.db)).toEqual({ auditRows: 2, events: 6, cases: 1, breaks: [] });
      // Events written after a gap (seq 7 never written) are still taken, and the gap is named.
      await write(8);
      expect((await verifyChains(t.db)).breaks).toEqual([
        expect.objectContaining({ table: 'case_events', row: `${caseId}/7`, kind: 'missing' })
      ]);
    } finally {
      await t.drop();
    }
  });
});

describe('the audit log under concurrent writers on postgres', () => {
  it('forms one chain without gaps or forks', async () => {
    const t = await openTestDb('postgres');
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          audit(t.db, { actor: { kind: 'system' }, action: `concurrent.${i}`, outcome: 'ok' })
        )
      );
      const report = await verifyChains(t.db);
      expect(report).toMatchObject({ auditRows: 40, breaks: [] });
    } finally {
      await t.drop();
    }
  });
});
