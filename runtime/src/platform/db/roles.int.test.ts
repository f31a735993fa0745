import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../audit.ts';
import type { Logger } from '../observability/log.ts';
import { adminUrl, createPostgresDatabase, openTestDb, testLogin, type TestDb } from '../../testing/database.ts';
import type { Sql } from './db.ts';
import { ensureLoginRole, openServing, servingRole } from './roles.ts';

class Rollback extends Error {}

/** Runs `statements` in a transaction that is rolled back whatever happens; resolves to the error, if any. */
async function attempt(db: TestDb['db'], ...statements: string[]): Promise<string | undefined> {
  try {
    await db.transaction(async (tx: Sql) => {
      for (const statement of statements) await tx.query(statement);
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback) return undefined;
    const e = error as { code?: string; message?: string };
    return `${e.code}: ${e.message}`;
  }
  return undefined;
}

/** What PostgreSQL says when the role lacks a privilege or is not the owner (not a trigger's refusal). */
const denied = /^42501: (permission denied|must be owner)/;

// issue 17 (done when): the runtime's role cannot TRUNCATE, ALTER, DROP or disable triggers; the audit log and the
// case events are append-only for it. Seeds 000: 任何单位和个人不得擅自删除、修改已归档的电子记录.
describe('the runtime role on PostgreSQL (migration 022)', { timeout: 120_000 }, () => {
  let t: TestDb;
  let caseId: string;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    caseId = randomUUID();
    // As the runtime: a case's events and an audit line go in, chained by the triggers the runtime fires.
    await t.db.query(
      `insert into case_events (case_id, seq, type, payload, at, actor_id) values ($1, 1, 'Submitted', '{}', now(), 'u1')`,
      [caseId]
    );
    await audit(t.db, { actor: { kind: 'system' }, action: 'roles.test', outcome: 'ok' });
  });
  afterAll(async () => t?.drop());

  it('serves as a login role in banshi_runtime, not the owner', async () => {
    expect(await servingRole(t.db)).toEqual({ user: testLogin.user, superuser: false, owner: false, runtime: true });
    expect(await servingRole(t.owner)).toMatchObject({ owner: true });
    const [row] = await t.db.query<{ chain_seq: number; row_hash: string }>(
      'select chain_seq, row_hash from audit_log order by chain_seq desc limit 1'
    );
    expect(row!.row_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  // Each refused to the runtime by the privilege system itself; the owner may (after disabling the append-only
  // trigger, which only an owner can): what a superuser's tampering does, and what verify and checkpoints catch.
  const cases: Array<[string, string[]]> = [
    ['truncate audit_log', []],
    ['truncate case_events', []],
    ['truncate cases cascade', []],
    ['alter table cases add column smuggled text', []],
    ['alter table audit_log drop column row_hash', []],
    ['drop table audit_log cascade', []],
    ['drop table cases cascade', []],
    ['alter table audit_log disable trigger audit_log_no_update', []],
    ['alter table case_events disable trigger case_events_chain', []],
    ['alter table audit_log disable trigger all', []],
    ["update audit_log set outcome = 'denied'", ['alter table audit_log disable trigger audit_log_no_update']],
    ['delete from audit_log', ['alter table audit_log disable trigger audit_log_no_update']],
    ["update case_events set type = 'Forged'", ['alter table case_events disable trigger case_events_no_update']],
    ['delete from case_events', ['alter table case_events disable trigger case_events_no_update']],
    ['delete from supervision_steps', ['alter table supervision_steps disable trigger supervision_steps_no_update']],
    ["insert into schema_migrations (version, name) values (999, 'smuggled')", []],
    ['create table smuggled (id int)', []]
  ];
  it.each(cases)('refuses the runtime, lets the owner: %s', async (statement, first) => {
    expect(await attempt(t.db, ...first, statement)).toMatch(denied);
    expect(await attempt(t.db, statement)).toMatch(denied);
    expect(await attempt(t.owner, ...first, statement)).toBeUndefined();
  });

  it('refuses the runtime replica mode (which would skip every trigger)', async () => {
    expect(await attempt(t.db, 'set session_replication_role = replica')).toMatch(denied);
  });

  it('lets the runtime read, insert and change the rest', async () => {
    expect(await attempt(t.db, `update cases set version = version where false`)).toBeUndefined();
    expect(await attempt(t.db, `delete from sessions where false`)).toBeUndefined();
    expect(await attempt(t.db, `select count(*) from schema_migrations`)).toBeUndefined();
  });
});

describe('opening the database to serve (DATABASE_URL, DATABASE_OWNER_URL)', { timeout: 120_000 }, () => {
  const logs: Parameters<Logger>[0][] = [];
  const log: Logger = record => void logs.push(record);

  it('migrates as the owner, serves as the runtime role, and warns only when serving as the owner', async () => {
    const created = await createPostgresDatabase(22);
    try {
      const served = await openServing({ databaseUrl: created.url, ownerUrl: created.ownerUrl, log });
      expect(served.applied.length).toBeGreaterThan(0);
      expect(served.applied.every(v => v > 22)).toBe(true);
      expect(await servingRole(served.db)).toMatchObject({ owner: false, runtime: true });
      await served.db.close();
      expect(logs.filter(l => l.level === 'warn')).toEqual([]);
      const asOwner = await openServing({ databaseUrl: created.ownerUrl, log });
      expect(asOwner.applied).toEqual([]);
      await asOwner.db.close();
      expect(logs).toEqual([expect.objectContaining({ level: 'warn', msg: 'serving as the database owner' })]);
    } finally {
      await created.drop();
    }
  });

  it('refuses, in Chinese, to migrate with the runtime role alone', async () => {
    const created = await createPostgresDatabase(22);
    try {
      await expect(openServing({ databaseUrl: created.url, log })).rejects.toThrow(
        /数据库结构需要迁移（023.*DATABASE_OWNER_URL/
      );
    } finally {
      await created.drop();
    }
  });

  it('makes a login role once when several make it at the same time', async () => {
    const login = `banshi_t_role_${randomBytes(4).toString('hex')}`;
    const clients = [0, 1, 2].map(() => postgres(adminUrl, { max: 1, onnotice: () => {} }));
    try {
      await Promise.all(
        clients.map(c =>
          ensureLoginRole(
            { query: async (text, params = []) => (await c.unsafe(text, params as never[])) as never[] },
            login,
            'x'
          )
        )
      );
      const [row] = await clients[0]!.unsafe<{ member: boolean }[]>(
        `select pg_has_role($1, 'banshi_runtime', 'MEMBER') as member`,
        [login]
      );
      expect(row!.member).toBe(true);
    } finally {
      await clients[0]!.unsafe(`drop role if exists ${login}`);
      await Promise.all(clients.map(c => c.end()));
    }
  });
});
