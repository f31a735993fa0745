import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Sql } from '../db/db.ts';
import type { Logger } from '../observability/log.ts';
import type { Seal, SealKeyring } from '../seal/index.ts';

/**
 * Signed checkpoints of the hash chains' heads (issue 17: “a signed checkpoint is written regularly”). The chains of
 * migration 021 show a row changed in place, but not a tail cut off, nor a chain recomputed wholesale by someone who
 * may write the database as its owner. A checkpoint written outside the database, signed with the platform's seal
 * key, pins the heads as they were: verify then names a tail that is gone and a head whose hash changed.
 *
 * Where: `<data dir>/checkpoints/YYYY-MM.jsonl` (the month of the checkpoint, UTC), append-only, one JSON line each:
 *   {"checkpoint": {version, at, audit, cases, base, heads}, "seal": Seal}
 * where the seal (platform/seal, SM2 over SM3) covers the UTF-8 bytes of JSON.stringify(checkpoint) as written;
 *   audit = {chainSeq, hash} of the audit log's last line (null when it has none);
 *   cases = {count, digest}: SHA-256 (hex) over the lines `<case id> <seq> <row hash>` of every case's last event,
 *           ordered by case id, joined by "\n";
 *   heads = [[case id, seq, row hash], …]: every case's head when `base` (the first line of its month's file, so a
 *           month's file stands alone), else those that changed since the previous checkpoint.
 * The table integrity_checkpoints keeps a copy of each line for convenience; only the files are evidence.
 */

/** Whose seal signs a checkpoint: the platform's own, not a department's (it attests records, decides nothing). */
export const checkpointSigner = '办事平台';

/** How often the worker writes one. */
export const checkpointEveryMs = 60 * 60 * 1000;

export type Head = [caseId: string, seq: number, rowHash: string];

export interface Checkpoint {
  version: 1;
  at: string;
  audit: { chainSeq: number; hash: string } | null;
  cases: { count: number; digest: string };
  base: boolean;
  heads: Head[];
}

export interface CheckpointLine {
  checkpoint: Checkpoint;
  seal: Seal;
}

/** The digest of a set of heads, as `cases.digest` says: independent of the database's own functions. */
export function headsDigest(heads: Iterable<Head>): string {
  const sorted = [...heads].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHash('sha256')
    .update(sorted.map(([c, s, h]) => `${c} ${s} ${h}`).join('\n'), 'utf8')
    .digest('hex');
}

/** The month's file of an instant. */
export const checkpointFile = (at: number) => `${new Date(at).toISOString().slice(0, 7)}.jsonl`;

/** Every case's head: its last event (seq = the case's version), read by primary key. */
const headsQuery = `select c.case_id, e.seq::int as seq, e.row_hash
  from cases c join case_events e on e.case_id = c.case_id and e.seq = c.version`;

interface Reading {
  lastId: number;
  audit: Checkpoint['audit'];
  count: number;
  digest: string;
  heads: Head[];
}

async function read(tx: Sql, base: boolean): Promise<Reading> {
  const [last] = await tx.query<{ id: number | null }>('select max(id)::int8 as id from integrity_checkpoints');
  const [audit] = await tx.query<{ chain_seq: number; row_hash: string }>(
    'select chain_seq::int8 as chain_seq, row_hash from audit_log order by chain_seq desc limit 1'
  );
  // The digest in SQL, over the same lines headsDigest makes (uuid order is the order of their lower-case text).
  const [all] = await tx.query<{ n: number; digest: string }>(
    `with h as (${headsQuery})
     select count(*)::int as n,
            encode(sha256(convert_to(coalesce(string_agg(h.case_id::text || ' ' || h.seq || ' ' || h.row_hash, E'\\n'
              order by h.case_id), ''), 'UTF8')), 'hex') as digest
     from h`
  );
  const heads = await tx.query<{ case_id: string; seq: number; row_hash: string }>(
    base
      ? `select case_id::text as case_id, seq, row_hash from (${headsQuery}) h order by case_id`
      : `select h.case_id::text as case_id, h.seq, h.row_hash from (${headsQuery}) h
         left join integrity_checkpoint_heads k on k.case_id = h.case_id
         where k.case_id is null or k.seq <> h.seq or k.row_hash <> h.row_hash order by h.case_id`
  );
  return {
    lastId: Number(last?.id ?? 0),
    audit: audit ? { chainSeq: Number(audit.chain_seq), hash: audit.row_hash } : null,
    count: all!.n,
    digest: all!.digest,
    heads: heads.map(h => [h.case_id, h.seq, h.row_hash])
  };
}

async function fileIsEmpty(path: string): Promise<boolean> {
  try {
    return (await readFile(path)).length === 0;
  } catch {
    return true;
  }
}

export interface CheckpointOptions {
  /** The folder of the month files: `<data dir>/checkpoints`. */
  dir: string;
  /** The instant of the checkpoint (the worker's clock). */
  at: number;
  /** Only when the last one is at least this old (the worker's hour); always when absent (the command). */
  ifOlderThanMs?: number;
}

export interface Written {
  file: string;
  checkpoint: Checkpoint;
}

/**
 * Writes one checkpoint: reads the heads, signs them with the platform's seal, appends the line to the month's file
 * (flushed to disk) and then records it in the table. Undefined when not due, or when another process wrote one
 * meanwhile (an advisory lock and the last row's id keep two processes from writing the same hour twice).
 */
export async function writeCheckpoint(
  s: { db: Db; seals: Pick<SealKeyring, 'sign'> },
  options: CheckpointOptions
): Promise<Written | undefined> {
  const file = checkpointFile(options.at);
  const path = join(options.dir, file);
  const base = await fileIsEmpty(path);
  const due = async (tx: Sql) => {
    await tx.query('select pg_advisory_xact_lock(7022)');
    if (options.ifOlderThanMs === undefined) return true;
    const [row] = await tx.query<{ fresh: boolean }>(
      `select exists (select 1 from integrity_checkpoints where at > $1::timestamptz) as fresh`,
      [new Date(options.at - options.ifOlderThanMs).toISOString()]
    );
    return !row!.fresh;
  };
  const reading = await s.db.transaction(async tx => ((await due(tx)) ? read(tx, base) : undefined));
  if (!reading) return undefined;
  const checkpoint: Checkpoint = {
    version: 1,
    at: new Date(options.at).toISOString(),
    audit: reading.audit,
    cases: { count: reading.count, digest: reading.digest },
    base,
    heads: reading.heads
  };
  const body = JSON.stringify(checkpoint);
  // Signed outside the transaction: the keyring reads seal_keys through the database (PGlite has one connection).
  const seal = await s.seals.sign(checkpointSigner, new TextEncoder().encode(body));
  const line = `{"checkpoint":${body},"seal":${JSON.stringify(seal)}}`;
  return s.db.transaction(async tx => {
    await tx.query('select pg_advisory_xact_lock(7022)');
    const [last] = await tx.query<{ id: number | null }>('select max(id)::int8 as id from integrity_checkpoints');
    if (Number(last?.id ?? 0) !== reading.lastId) return undefined;
    await mkdir(options.dir, { recursive: true });
    const handle = await open(path, 'a', 0o640);
    try {
      await handle.write(`${line}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await tx.query(
      `insert into integrity_checkpoints (at, file, audit_chain_seq, audit_hash, cases, cases_digest, heads, base, line)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        checkpoint.at,
        file,
        checkpoint.audit?.chainSeq ?? null,
        checkpoint.audit?.hash ?? null,
        checkpoint.cases.count,
        checkpoint.cases.digest,
        checkpoint.heads.length,
        base,
        line
      ]
    );
    for (let i = 0; i < checkpoint.heads.length; i += 1000) {
      const chunk = checkpoint.heads.slice(i, i + 1000);
      await tx.query(
        `insert into integrity_checkpoint_heads (case_id, seq, row_hash)
         select * from unnest($1::uuid[], $2::int[], $3::text[])
         on conflict (case_id) do update set seq = excluded.seq, row_hash = excluded.row_hash`,
        [chunk.map(h => h[0]), chunk.map(h => h[1]), chunk.map(h => h[2])]
      );
    }
    return { file, checkpoint };
  });
}

/** The worker's chore: a checkpoint when the last one is an hour old (any process may run it; one writes). */
export function checkpointChore(
  s: { db: Db; seals: Pick<SealKeyring, 'sign'> },
  dir: string,
  log?: Logger
): { name: string; run(at: number): Promise<number> } {
  return {
    name: 'checkpoints',
    async run(at) {
      const written = await writeCheckpoint(s, { dir, at, ifOlderThanMs: checkpointEveryMs });
      if (written)
        log?.({
          level: 'info',
          msg: 'checkpoint written',
          file: written.file,
          auditChainSeq: written.checkpoint.audit?.chainSeq,
          cases: written.checkpoint.cases.count
        });
      return written ? 1 : 0;
    }
  };
}

/** What verify found against the checkpoints. */
export type CheckpointProblem =
  | { kind: 'unreadable'; where: string; reason: string }
  | { kind: 'signature'; where: string; reason: string }
  | { kind: 'audit-cut'; where: string; at: string; chainSeq: number; stored: number }
  | { kind: 'audit-rewritten'; where: string; at: string; chainSeq: number }
  | { kind: 'case-rewritten'; where: string; at: string; caseId: string; seq: number }
  | { kind: 'case-missing'; where: string; at: string; caseId: string; seq: number }
  | { kind: 'incomplete'; where: string; reason: string };

export interface CheckpointReport {
  dir: string;
  files: number;
  checkpoints: number;
  latest?: string;
  /** Cases whose last checkpointed head was checked against the database. */
  cases: number;
  problems: CheckpointProblem[];
}

/**
 * Reads every checkpoint file in `dir` (month order) and checks it against the database `sql` (one snapshot, the
 * caller's): each line's seal, each audit head against the audit log (a shorter log: its tail was cut off; another
 * hash: the chain was recomputed), and each case's last checkpointed head against its events (another hash: its chain
 * was recomputed; gone: the case or its events were removed). The heads folded from the lines must give the last
 * line's digest: a line taken out of a file is seen there.
 */
export async function verifyCheckpoints(
  sql: Sql,
  seals: Pick<SealKeyring, 'verify'>,
  dir: string
): Promise<CheckpointReport> {
  const report: CheckpointReport = { dir, files: 0, checkpoints: 0, cases: 0, problems: [] };
  let names: string[];
  try {
    names = (await readdir(dir)).filter(n => /^\d{4}-\d{2}\.jsonl$/.test(n)).sort();
  } catch {
    return report;
  }
  const heads = new Map<string, { seq: number; hash: string; where: string; at: string }>();
  const audits: Array<{ chainSeq: number; hash: string; where: string; at: string }> = [];
  let last: { checkpoint: Checkpoint; where: string } | undefined;
  for (const name of names) {
    report.files += 1;
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n');
    for (const [i, text] of lines.entries()) {
      if (text.trim() === '') continue;
      const where = `${name}:${i + 1}`;
      let parsed: CheckpointLine;
      try {
        parsed = JSON.parse(text) as CheckpointLine;
        if (!parsed.checkpoint || !parsed.seal || !Array.isArray(parsed.checkpoint.heads))
          throw new Error('no checkpoint');
      } catch (error) {
        report.problems.push({ kind: 'unreadable', where, reason: (error as Error).message });
        continue;
      }
      report.checkpoints += 1;
      const check = await seals.verify(parsed.seal, new TextEncoder().encode(JSON.stringify(parsed.checkpoint)));
      if (!check.ok || check.department !== checkpointSigner) {
        report.problems.push({
          kind: 'signature',
          where,
          reason: check.ok ? `签章属于${check.department}，不是${checkpointSigner}` : check.reason
        });
        continue;
      }
      const c = parsed.checkpoint;
      if (c.base) heads.clear();
      for (const [caseId, seq, hash] of c.heads) heads.set(caseId, { seq, hash, where, at: c.at });
      if (c.audit) audits.push({ ...c.audit, where, at: c.at });
      last = { checkpoint: c, where };
      report.latest = c.at;
    }
  }
  if (last) {
    const folded = [...heads].map(([caseId, h]): Head => [caseId, h.seq, h.hash]);
    if (folded.length !== last.checkpoint.cases.count || headsDigest(folded) !== last.checkpoint.cases.digest)
      report.problems.push({
        kind: 'incomplete',
        where: last.where,
        reason: `逐行累计得到 ${folded.length} 件案件的链头，与该检查点所记（${last.checkpoint.cases.count} 件）的摘要不符`
      });
  }
  await checkAudit(sql, audits, report);
  await checkCases(sql, heads, report);
  return report;
}

async function checkAudit(
  sql: Sql,
  audits: Array<{ chainSeq: number; hash: string; where: string; at: string }>,
  report: CheckpointReport
): Promise<void> {
  if (!audits.length) return;
  const [top] = await sql.query<{ n: number | null }>('select max(chain_seq)::int8 as n from audit_log');
  const stored = Number(top?.n ?? 0);
  const longest = audits.reduce((a, b) => (b.chainSeq > a.chainSeq ? b : a));
  if (longest.chainSeq > stored)
    report.problems.push({
      kind: 'audit-cut',
      where: longest.where,
      at: longest.at,
      chainSeq: longest.chainSeq,
      stored
    });
  for (let i = 0; i < audits.length; i += 1000) {
    const chunk = audits.slice(i, i + 1000).filter(a => a.chainSeq <= stored);
    const rows = await sql.query<{ i: number; row_hash: string | null }>(
      `select p.i::int as i, a.row_hash from unnest($1::int8[]) with ordinality as p(seq, i)
       left join audit_log a on a.chain_seq = p.seq`,
      [chunk.map(a => a.chainSeq)]
    );
    for (const row of rows) {
      const a = chunk[row.i - 1]!;
      if (row.row_hash !== a.hash) {
        report.problems.push({ kind: 'audit-rewritten', where: a.where, at: a.at, chainSeq: a.chainSeq });
        return; // the first such checkpoint names it; the later ones say the same
      }
    }
  }
}

async function checkCases(
  sql: Sql,
  heads: Map<string, { seq: number; hash: string; where: string; at: string }>,
  report: CheckpointReport
): Promise<void> {
  const all = [...heads];
  report.cases = all.length;
  for (let i = 0; i < all.length; i += 1000) {
    const chunk = all.slice(i, i + 1000);
    const rows = await sql.query<{ i: number; row_hash: string | null }>(
      `select p.i::int as i, e.row_hash from unnest($1::uuid[], $2::int[]) with ordinality as p(case_id, seq, i)
       left join case_events e on e.case_id = p.case_id and e.seq = p.seq`,
      [chunk.map(([c]) => c), chunk.map(([, h]) => h.seq)]
    );
    for (const row of rows) {
      const [caseId, h] = chunk[row.i - 1]!;
      if (row.row_hash === h.hash) continue;
      report.problems.push({
        kind: row.row_hash === null ? 'case-missing' : 'case-rewritten',
        where: h.where,
        at: h.at,
        caseId,
        seq: h.seq
      });
    }
  }
}

/** What verify prints about the checkpoints: Chinese, at most ten lines of each kind. */
export function summariseCheckpoints(report: CheckpointReport): string[] {
  if (report.checkpoints === 0 && report.problems.length === 0)
    return [`没有检查点可核对（${report.dir}）：运行时每小时写一个，也可运行 npm run banshi -- checkpoint。`];
  const read = `${report.files} 个文件中的 ${report.checkpoints} 个检查点（最近一个 ${report.latest ?? '无'}），${report.cases} 件案件的链头`;
  if (report.problems.length === 0) return [`检查点相符：${read}，签章有效，审计日志和案件事件与检查点所记一致。`];
  const say = (p: CheckpointProblem): string => {
    switch (p.kind) {
      case 'unreadable':
        return `检查点 ${p.where} 无法读取（${p.reason}）。`;
      case 'signature':
        return `检查点 ${p.where} 的签章无效：${p.reason}。`;
      case 'audit-cut':
        return `审计日志只剩 ${p.stored} 行，而检查点 ${p.where}（${p.at}）记有 ${p.chainSeq} 行：日志末尾的记录被截去。`;
      case 'audit-rewritten':
        return `审计日志第 ${p.chainSeq} 行（chain_seq）的哈希与检查点 ${p.where}（${p.at}）所记不符：哈希链被改写并重算过。`;
      case 'case-rewritten':
        return `案件 ${p.caseId} 第 ${p.seq} 条事件的哈希与检查点 ${p.where}（${p.at}）所记不符：该案的事件链被改写并重算过。`;
      case 'case-missing':
        return `案件 ${p.caseId} 在检查点 ${p.where}（${p.at}）时已有第 ${p.seq} 条事件，现已不存在：案件或其事件被删除。`;
      case 'incomplete':
        return `检查点文件不完整，在 ${p.where}：${p.reason}（有检查点行被删去）。`;
    }
  };
  const shown: string[] = [];
  const counts = new Map<string, number>();
  for (const p of report.problems) {
    const n = (counts.get(p.kind) ?? 0) + 1;
    counts.set(p.kind, n);
    if (n <= 10) shown.push(`  ${say(p)}`);
  }
  const more = [...counts].filter(([, n]) => n > 10).map(([kind, n]) => `  （${kind} 另有 ${n - 10} 处未列出）`);
  return [`检查点不符：发现 ${report.problems.length} 处（已核对 ${read}）。`, ...shown, ...more];
}
