/**
 * The store bench's raw PostgreSQL peer is recorded from the runtime (tests/bench/store/recorded.ts): held here, in
 * `npm test`, that the recording still captures what a command sends, that pgbench replays it on the clones, and that
 * a replay which stopped moving its clones fails the bench instead of measuring something else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneId, recordPeer, type RecordedPeer } from '../bench/store/recorded.ts';
import { runPgbench } from '../bench/store/pgbench.ts';

describe("the store bench's recorded pgbench peer", () => {
  let peer: RecordedPeer;
  beforeAll(async () => {
    peer = await recordPeer(2, 5);
  }, 120_000);
  afterAll(async () => peer?.close());

  it('records the HTTP command as the session, the case with its part and one write with the audit line', () => {
    expect(peer.statements).toEqual({ http: 3, store: 2 });
    const lines = peer.scripts.http.split('\n');
    expect(lines[0]).toMatch(/^\\set k 0 \+ :client_id \* 5 \+ random\(1, 5\)$/);
    expect(lines[1]).toMatch(/from sessions s join users u/);
    expect(lines[2]).toMatch(/from cases c left join case_departments d .* \\gset r_$/);
    // The write's parts are listed last first, so that they run in the order given (write-statement.ts): the audit
    // line, given last, runs last.
    expect(lines[3]).toMatch(/^with target as \(update cases .*insert into audit_log .*insert into case_events /);
    expect(lines[3]).toContain(':r_version::int');
    expect(peer.scripts.store).not.toContain('audit_log');
    expect(peer.writeBytes.http).toBeGreaterThan(peer.writeBytes.store);
  });

  // Before any replay: pgbench then writes the recorded state, whose number is the recorded case's.
  it("writes each clone's own id and number into its state, so the runtime takes it as a case of its own", async () => {
    const rows = await peer.owner.query<{ case_id: string; case_number: string; id: string; number: string }>(
      `select case_id::text, case_number, state->>'id' as id, state->>'caseNumber' as number
         from cases where case_id in ($1::uuid, $2::uuid) order by case_id`,
      [cloneId(1), cloneId(2)]
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.id).toBe(row.case_id);
      expect(row.number).toBe(row.case_number);
    }
    expect(rows[0]!.case_number).toMatch(/-1$/);
    expect(rows[1]!.case_number).toMatch(/-2$/);
  });

  it('moves one clone a version for every transaction pgbench runs, on both scripts', async () => {
    for (const side of ['http', 'store'] as const) {
      const run = await runPgbench(peer.url, peer.scripts[side], { clients: 2, threads: 1, seconds: 1 });
      expect(run.transactions).toBeGreaterThan(0);
      expect(run.failed).toBe(0);
      await peer.check(run.transactions);
    }
  });

  it('fails when the replay stops moving its clones', async () => {
    const stale = peer.scripts.http.replaceAll(':r_version::int', '0');
    const run = await runPgbench(peer.url, stale, { clients: 1, threads: 1, seconds: 1 });
    expect(run.transactions).toBeGreaterThan(0);
    await expect(peer.check(run.transactions)).rejects.toThrow(/no longer matches the runtime's statements/);
  });
});
