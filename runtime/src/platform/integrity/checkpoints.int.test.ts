import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../db/db.ts';
import { fileKeyring } from '../seal/index.ts';
import { banshi } from '../../testing/banshi-cli.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { dbKinds } from '../../testing/database.ts';
import { openTestApp, type TestApp } from '../../testing/http.ts';
import { answersFor } from '../../testing/scenario.ts';
import { checkCheckpoints } from './checkpoints-cli.ts';
import {
  checkpointChore,
  checkpointEveryMs,
  checkpointSigner,
  headsDigest,
  verifyCheckpoints,
  writeCheckpoint,
  type CheckpointLine,
  type CheckpointProblem
} from './checkpoints.ts';
import { verifyChains } from './verify.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
class Rollback extends Error {}

// Issue 17: “a signed checkpoint is written regularly”; done when: rows changed as a superuser are reported by verify.
describe.each(dbKinds)('signed checkpoints on %s', kind => {
  let t: TestApp;
  let dir: string;
  let keysDir: string;
  let caseId: string;
  let otherCaseId: string;

  /** As a superuser (the owner, triggers off) in a transaction rolled back: what the chains and checkpoints say. */
  async function tampered(change: (tx: Sql) => Promise<void>, at = dir) {
    let found: { breaks: number; problems: CheckpointProblem[] } | undefined;
    try {
      await t.store.owner.transaction(async tx => {
        await change(tx);
        const chains = await verifyChains(tx);
        // The public keys read through this transaction (on PGlite it holds the one connection).
        const keyring = fileKeyring({ ...t.store.db, query: (text, params) => tx.query(text, params) }, keysDir);
        const report = await verifyCheckpoints(tx, keyring, at);
        found = { breaks: chains.breaks.length, problems: report.problems };
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return found!;
  }

  beforeAll(async () => {
    t = await openTestApp(kind);
    dir = mkdtempSync(join(tmpdir(), 'banshi-checkpoints-'));
    keysDir = mkdtempSync(join(tmpdir(), 'banshi-checkpoint-keys-'));
    const company = await t.as('91350100M000100Y43');
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
  }, 180_000);
  afterAll(async () => t?.close());

  it('writes signed lines: the month opens with every head, then only what changed; the chore hourly', async () => {
    const s = { db: t.store.db, seals: t.services.seals };
    const first = await writeCheckpoint(s, { dir, at: t.clock.now });
    expect(first?.file).toBe('2026-09.jsonl');
    expect(first?.checkpoint).toMatchObject({ base: true, cases: { count: 2 } });
    expect(first!.checkpoint.heads.map(h => h[0]).sort()).toEqual([caseId, otherCaseId].sort());
    expect(first!.checkpoint.cases.digest).toBe(headsDigest(first!.checkpoint.heads));

    const window = await t.as('window');
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
      const r = await window.post(`/api/office/cases/${caseId}/commands`, { type });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const chore = checkpointChore(s, dir);
    // Written an hour ago or less: nothing due.
    expect(await chore.run(t.clock.now + checkpointEveryMs - 1)).toBe(0);
    expect(await chore.run(t.clock.now + checkpointEveryMs + 1)).toBe(1);
    const lines = readFileSync(join(dir, '2026-09.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as CheckpointLine);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.checkpoint).toMatchObject({ base: false, cases: { count: 2 } });
    expect(lines[1]!.checkpoint.heads).toEqual([[caseId, 4, expect.stringMatching(/^[0-9a-f]{64}$/)]]);
    expect(lines[1]!.checkpoint.audit!.chainSeq).toBeGreaterThan(lines[0]!.checkpoint.audit!.chainSeq);
    expect(lines.map(l => l.seal.department)).toEqual([checkpointSigner, checkpointSigner]);
    // The copy in the table is the line as written.
    const rows = await t.store.db.query<{ line: string }>('select line from integrity_checkpoints order by id');
    expect(rows.map(r => JSON.parse(r.line))).toEqual(lines);

    expect(await tampered(async () => {})).toEqual({ breaks: 0, problems: [] });
  });

  it('an audit log whose tail was cut off is caught by the checkpoint alone', async () => {
    const found = await tampered(async tx => {
      await tx.query('alter table audit_log disable trigger audit_log_no_update');
      await tx.query('delete from audit_log where chain_seq > (select max(chain_seq) - 3 from audit_log)');
    });
    expect(found.breaks).toBe(0);
    expect(found.problems).toEqual([expect.objectContaining({ kind: 'audit-cut' })]);
  });

  it('an audit line rewritten and the chain recomputed from it is caught by the checkpoint alone', async () => {
    const found = await tampered(async tx => {
      await tx.query('alter table audit_log disable trigger audit_log_no_update');
      await tx.query(`update audit_log set outcome = 'denied' where chain_seq = 2`);
      await tx.query(`do $$
        declare r audit_log; prev text := repeat('0', 64);
        begin
          for r in select * from audit_log order by chain_seq loop
            r.prev_hash := prev;
            r.row_hash := integrity_hash(prev, audit_log_content(r));
            update audit_log set prev_hash = r.prev_hash, row_hash = r.row_hash where id = r.id;
            prev := r.row_hash;
          end loop;
        end $$`);
    });
    expect(found.breaks).toBe(0);
    expect(found.problems).toEqual([expect.objectContaining({ kind: 'audit-rewritten' })]);
  });

  it("a case's events rewritten and its chain recomputed wholesale is caught by the checkpoint alone", async () => {
    const found = await tampered(async tx => {
      await tx.query('alter table case_events disable trigger case_events_no_update');
      await tx.query(`update case_events set payload = payload || '{"forged": true}' where case_id = $1 and seq = 1`, [
        caseId
      ]);
      await tx.query(`do $$
        declare r case_events; prev text := repeat('0', 64);
        begin
          for r in select * from case_events where case_id = '${caseId}' order by seq loop
            r.prev_hash := prev;
            r.row_hash := integrity_hash(prev, case_events_content(r));
            update case_events set prev_hash = r.prev_hash, row_hash = r.row_hash
              where case_id = r.case_id and seq = r.seq;
            prev := r.row_hash;
          end loop;
        end $$`);
    });
    expect(found.breaks).toBe(0);
    expect(found.problems).toEqual([expect.objectContaining({ kind: 'case-rewritten', caseId, seq: 4 })]);
  });

  it('a case removed with its events is named as missing', async () => {
    const found = await tampered(async tx => {
      await tx.query('alter table case_events disable trigger case_events_no_update');
      await tx.query('delete from case_events where case_id = $1', [otherCaseId]);
    });
    expect(found.problems).toEqual([expect.objectContaining({ kind: 'case-missing', caseId: otherCaseId, seq: 1 })]);
  });

  it('a line forged and a line taken out of the file are named', async () => {
    const forged = mkdtempSync(join(tmpdir(), 'banshi-checkpoints-forged-'));
    const [a, b] = readFileSync(join(dir, '2026-09.jsonl'), 'utf8').trim().split('\n') as [string, string];
    const line = JSON.parse(b) as CheckpointLine;
    line.checkpoint.audit!.chainSeq -= 1;
    writeFileSync(join(forged, '2026-09.jsonl'), `${a}\n${JSON.stringify(line)}\n`);
    expect((await tampered(async () => {}, forged)).problems).toEqual([
      expect.objectContaining({ kind: 'signature', where: '2026-09.jsonl:2' })
    ]);
    const shortened = mkdtempSync(join(tmpdir(), 'banshi-checkpoints-short-'));
    writeFileSync(join(shortened, '2026-09.jsonl'), `${b}\n`);
    expect((await tampered(async () => {}, shortened)).problems).toEqual([
      expect.objectContaining({ kind: 'incomplete', where: '2026-09.jsonl:1' })
    ]);
  });

  if (kind === 'postgres')
    it(
      'npm run banshi -- checkpoint, then verify: intact, then a tail cut off by a superuser is named',
      { timeout: 120_000 },
      async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'banshi-checkpoint-cli-'));
        cpSync(dir, join(dataDir, 'checkpoints'), { recursive: true });
        const env = { DATABASE_URL: t.store.url!, BANSHI_DATA_DIR: dataDir };
        // The command writes at the real time (this month's file) and signs with the keys in BANSHI_DATA_DIR/keys, where the platform has none yet: its key is
        // rotated there (the retired one keeps verifying the lines it signed).
        await t.store.owner.query(`update seal_keys set retired_at = now() where department = $1`, [checkpointSigner]);
        const written = await banshi(['checkpoint'], env);
        expect(written, written.stderr).toMatchObject({ code: 0 });
        expect(written.stdout).toContain('检查点已写入');
        const intact = await banshi(['verify'], env);
        expect(intact, intact.stderr).toMatchObject({ code: 0 });
        expect(intact.stdout, intact.stdout).toMatch(/检查点相符：2 个文件中的 3 个检查点/);
        await t.store.owner.transaction(async tx => {
          await tx.query('alter table audit_log disable trigger audit_log_no_update');
          await tx.query('delete from audit_log where chain_seq > (select max(chain_seq) - 2 from audit_log)');
          await tx.query('alter table audit_log enable trigger audit_log_no_update');
        });
        const cut = await banshi(['verify', '--checkpoints', join(dataDir, 'checkpoints')], env);
        expect(cut.code).toBe(1);
        expect(cut.stdout).toContain('哈希链完整');
        expect(cut.stderr).toContain('日志末尾的记录被截去');
      }
    );

  it('checkCheckpoints prints nothing to fear without checkpoints', async () => {
    const none = await t.store.db.transaction(tx => checkCheckpoints(t.store.db, tx, join(dir, 'absent'), keysDir));
    expect(none).toEqual({ broken: false, lines: [expect.stringContaining('没有检查点可核对')] });
  });
});
